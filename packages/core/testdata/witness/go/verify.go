// Command verify checks the ledger's known-answer files (the folder given as its argument) with Go's
// golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog, an implementation the ledger shares no
// code with: the checkpoint notes (C2SP signed-note, tlog-checkpoint), the cosignature (C2SP
// tlog-cosignature, cosignature/v1), and the RFC 6962 inclusion and consistency proofs.
// It prints "ok" and exits 0, or names the first check that failed and exits 1.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// cosigner verifies cosignature/v1 lines: note.Open hands it the note text and the bytes after the key
// ID (the 8-byte timestamp, then the Ed25519 signature).
type cosigner struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

func (c cosigner) Name() string    { return c.name }
func (c cosigner) KeyHash() uint32 { return c.hash }
func (c cosigner) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig[:8])
	signed := append([]byte(fmt.Sprintf("cosignature/v1\ntime %d\n", t)), msg...)
	return ed25519.Verify(c.key, signed, sig[8:])
}

func newCosigner(vkey string) (cosigner, error) {
	parts := strings.SplitN(strings.TrimSpace(vkey), "+", 3)
	if len(parts) != 3 {
		return cosigner{}, fmt.Errorf("malformed witness key")
	}
	h, err := strconv.ParseUint(parts[1], 16, 32)
	if err != nil {
		return cosigner{}, err
	}
	raw, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) != 33 || raw[0] != 0x04 {
		return cosigner{}, fmt.Errorf("witness key is not 0x04 || Ed25519 key")
	}
	// The key ID must be SHA-256(name || "\n" || 0x04 || key)[:4], as tlog-cosignature defines it.
	sum := sha256.Sum256(append([]byte(parts[0]+"\n"), raw...))
	if binary.BigEndian.Uint32(sum[:4]) != uint32(h) {
		return cosigner{}, fmt.Errorf("witness key ID does not match its name and key")
	}
	return cosigner{name: parts[0], hash: uint32(h), key: ed25519.PublicKey(raw[1:])}, nil
}

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
}

func parseCheckpoint(text string) (checkpoint, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != 3 {
		return checkpoint{}, fmt.Errorf("checkpoint has %d lines", len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return checkpoint{}, err
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return checkpoint{}, err
	}
	return checkpoint{lines[0], size, root}, nil
}

func read(dir, name string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		fail("read %s: %v", name, err)
	}
	return b
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func hashes(b64 []string) []tlog.Hash {
	out := make([]tlog.Hash, len(b64))
	for i, s := range b64 {
		h, err := tlog.ParseHash(s)
		if err != nil {
			fail("proof hash %d: %v", i, err)
		}
		out[i] = h
	}
	return out
}

func main() {
	dir := os.Args[1]
	logKey, err := note.NewVerifier(strings.TrimSpace(string(read(dir, "log.vkey"))))
	if err != nil {
		fail("log.vkey: %v", err)
	}
	witness, err := newCosigner(string(read(dir, "witness.vkey")))
	if err != nil {
		fail("witness.vkey: %v", err)
	}
	open := func(name string, verifiers ...note.Verifier) (checkpoint, *note.Note) {
		n, err := note.Open(read(dir, name), note.VerifierList(verifiers...))
		if err != nil {
			fail("%s: note.Open: %v", name, err)
		}
		c, err := parseCheckpoint(n.Text)
		if err != nil {
			fail("%s: %v", name, err)
		}
		return c, n
	}
	old, _ := open("checkpoint-7.note", logKey)
	current, _ := open("checkpoint-12.note", logKey)
	cosigned, n := open("checkpoint-12.cosigned.note", logKey, witness)
	if len(n.Sigs) != 2 || cosigned != current {
		fail("checkpoint-12.cosigned.note: %d verified signatures, want the log's and the witness's", len(n.Sigs))
	}
	// A cosignature over another text must not verify: flip the size line.
	forged := bytes.Replace(read(dir, "checkpoint-12.cosigned.note"), []byte("\n12\n"), []byte("\n13\n"), 1)
	if _, err := note.Open(forged, note.VerifierList(witness)); err == nil {
		fail("a cosignature verified over an altered checkpoint")
	}

	// The tree: each record hash is a leaf, RFC 6962 leaf hash SHA-256(0x00 || 32 bytes).
	var leaves []tlog.Hash
	for _, line := range strings.Fields(string(read(dir, "leaves.txt"))) {
		raw, err := hex.DecodeString(line)
		if err != nil || len(raw) != 32 {
			fail("leaves.txt: %q is not a 32-byte hex hash", line)
		}
		leaves = append(leaves, tlog.RecordHash(raw))
	}
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			out[i] = stored[x]
		}
		return out, nil
	})
	for i, leaf := range leaves {
		more, err := tlog.StoredHashesForRecordHash(int64(i), leaf, reader)
		if err != nil {
			fail("storing leaf %d: %v", i, err)
		}
		stored = append(stored, more...)
	}
	for _, c := range []checkpoint{old, current} {
		root, err := tlog.TreeHash(c.size, reader)
		if err != nil || root != c.root {
			fail("tlog.TreeHash(%d) = %v, the checkpoint says %v", c.size, root, c.root)
		}
	}

	var inclusion struct {
		Index int64    `json:"index"`
		Size  int64    `json:"size"`
		Proof []string `json:"proof"`
	}
	if err := json.Unmarshal(read(dir, "inclusion-4-12.json"), &inclusion); err != nil {
		fail("inclusion-4-12.json: %v", err)
	}
	if err := tlog.CheckRecord(hashes(inclusion.Proof), inclusion.Size, current.root, inclusion.Index, leaves[inclusion.Index]); err != nil {
		fail("tlog.CheckRecord: %v", err)
	}
	var consistency struct {
		Size1 int64    `json:"size1"`
		Size2 int64    `json:"size2"`
		Proof []string `json:"proof"`
	}
	if err := json.Unmarshal(read(dir, "consistency-7-12.json"), &consistency); err != nil {
		fail("consistency-7-12.json: %v", err)
	}
	if err := tlog.CheckTree(hashes(consistency.Proof), consistency.Size2, current.root, consistency.Size1, old.root); err != nil {
		fail("tlog.CheckTree: %v", err)
	}
	fmt.Println("ok")
}
