/**
 * Test-only support for the audit tests over a store: ledgers filled from generated histories, a signing
 * key, a store that serves tampered records, and a scratch folder. Not exported by the package.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { createLedger, type Ledger } from '../ledger/ledger.js';
import { GENESIS_HASH, chainRecords, type StoredRecord } from '../record/record.js';
import { MemoryEventStore } from '../store/memoryStore.js';
import type { EventStore, PositionRange } from '../store/port.js';
import { recordsOfPages } from '../store/port.js';
import { arbValidHistory, type ValidHistory } from './arbitraries.js';
import { FIXTURE_DISTRICT } from './fixtures.js';
import { toBase64 } from '../tlog/bytes.js';
import { BUNDLE_FILES, BUNDLE_FORMAT, formatManifest } from '../audit/bundleFormat.js';
import { checkpointOrigin, signCheckpoint } from '../tlog/checkpoint.js';
import { merkleRoot } from '../tlog/merkle.js';
import { recordLeafHash } from '../audit/recordLeaf.js';
import { recordLine } from '../audit/recordShape.js';
import { formatVerifierKey, type NoteSigner, type NoteVerifier } from '../tlog/signedNote.js';

/** The district most fixtures use. */
export const DISTRICT: DistrictCode = FIXTURE_DISTRICT;

/** The ledger's name in checkpoint origins. */
export const LEDGER_NAME = 'indicator-ledger';

const keys = generateKeyPairSync('ed25519');
/** The ledger's signing key, named as C2SP advises: after the log's origin. */
export const signer: NoteSigner = { keyName: `${LEDGER_NAME}/${DISTRICT}`, privateKey: keys.privateKey };
/** Its verifier. */
export const verifier: NoteVerifier = { keyName: signer.keyName, publicKey: keys.publicKey };
/** Its published verifier-key text. */
export const verifierKey = formatVerifierKey(verifier);

const otherKeys = generateKeyPairSync('ed25519');
/** Another key under the same name: an impostor. */
export const impostor: NoteSigner = { keyName: signer.keyName, privateKey: otherKeys.privateKey };

/** A fresh store and ledger with `events` appended (which must be accepted) to `district`. */
export const ledgerWith = async (district: string, events: readonly unknown[]): Promise<{ store: MemoryEventStore; ledger: Ledger }> => {
  const store = new MemoryEventStore();
  const ledger = createLedger({ store });
  if (events.length > 0) {
    const appended = await ledger.append(district, events);
    if (E.isLeft(appended)) throw new Error(`fixture history refused: ${JSON.stringify(appended.left).slice(0, 500)}`);
  }
  return { store, ledger };
};

/** Histories of {@link DISTRICT} the ledger accepts, between `minLength` and `maxLength` events. */
export const arbHistory = (minLength = 1, maxLength = 25): fc.Arbitrary<ValidHistory> => arbValidHistory({ district: DISTRICT, minLength, maxLength });

/** Every record of a stream (small test streams only). */
export const recordsOf = async (store: EventStore, district: DistrictCode = DISTRICT): Promise<StoredRecord[]> => {
  const records: StoredRecord[] = [];
  for await (const r of store.read(district)) records.push(r);
  return records;
};

/**
 * A store serving `records` as they are given — tampered, reordered, anything — in pages of `pageSize`,
 * with checkpoints kept like the memory store's. Its head is the last record given.
 */
export class ServedStore implements EventStore {
  readonly #records: readonly unknown[];
  readonly #pageSize: number;
  readonly #inner = new MemoryEventStore();
  readonly checkpoints = this.#inner.checkpoints;

  constructor(records: readonly unknown[], pageSize = 3) {
    this.#records = records;
    this.#pageSize = pageSize;
  }

  async append(): Promise<never> {
    throw new Error('a served store is read-only');
  }

  async *readPages(_stream: DistrictCode, range: PositionRange = {}): AsyncIterable<readonly StoredRecord[]> {
    const from = Math.max(1, range.from ?? 1);
    const to = Math.min(this.#records.length, range.to ?? this.#records.length);
    for (let p = from; p <= to; p += this.#pageSize) yield this.#records.slice(p - 1, Math.min(to, p + this.#pageSize - 1)) as StoredRecord[];
  }

  read(stream: DistrictCode, range?: PositionRange): AsyncIterable<StoredRecord> {
    return recordsOfPages(this.readPages(stream, range));
  }

  async head(): Promise<{ position: number; hash: StoredRecord['hash']; recordedAt: StoredRecord['recordedAt'] | null }> {
    // The records may be anything (null, a string): a head is still told, as a store's own head row would be.
    const given: unknown = this.#records[this.#records.length - 1];
    const last = typeof given === 'object' && given !== null ? (given as StoredRecord) : undefined;
    return this.#records.length === 0
      ? { position: 0, hash: GENESIS_HASH, recordedAt: null }
      : { position: this.#records.length, hash: last?.hash ?? GENESIS_HASH, recordedAt: last?.recordedAt ?? null };
  }

  async streams(): Promise<DistrictCode[]> {
    return this.#records.length > 0 ? [DISTRICT] : [];
  }

  async close(): Promise<void> {}
}

/** A new empty folder under the system's temporary folder. */
export const scratchDir = (): string => mkdtempSync(join(tmpdir(), 'audit-bundle-'));

/** Flips bits `mask` of byte `at` of a UTF-8 text; bytes that stop being UTF-8 decode to U+FFFD. */
export const flipByte = (text: string, at: number, mask: number): string => {
  const bytes = Buffer.from(text, 'utf8');
  bytes[at] = (bytes[at] as number) ^ mask;
  return new TextDecoder().decode(bytes);
};

/**
 * `records` renumbered 1..n and re-hashed into a valid chain: what a forger with write access to the
 * store, but not the signing key, can produce. Only signed checkpoints can tell it from the original.
 */
export const rechained = (records: readonly StoredRecord[]): StoredRecord[] => chainRecords({ position: 0, hash: GENESIS_HASH }, records);

/** `store` seen through an object of its bound methods, with some capabilities replaced or taken away. */
export const storeWith = (store: MemoryEventStore, overrides: Partial<EventStore>): EventStore => ({
  append: store.append.bind(store),
  readPages: store.readPages.bind(store),
  read: store.read.bind(store),
  head: store.head.bind(store),
  streams: store.streams.bind(store),
  close: store.close.bind(store),
  checkpoints: store.checkpoints,
  redact: store.redact.bind(store),
  ...overrides,
});

/**
 * A bundle in `dir` of `records` exactly as given, its checkpoint signed with the ledger's key: what a
 * ledger that signs whatever its store holds would write. The ledger's own `checkpoint` refuses such
 * records (docs/spec.md §8.3); an auditor's `verifyBundle` must catch them when it does not.
 */
export const signedBundleOfRecords = (records: readonly StoredRecord[], dir: string): void => {
  mkdirSync(dir, { recursive: true });
  const origin = checkpointOrigin(LEDGER_NAME, DISTRICT);
  const root = merkleRoot(records.map((r) => recordLeafHash(r.hash)));
  const texts: Record<string, string> = {
    [BUNDLE_FILES.records]: records.map((r) => `${recordLine(r)}\n`).join(''),
    [BUNDLE_FILES.checkpoint]: signCheckpoint({ origin, size: records.length, root }, signer),
    [BUNDLE_FILES.verifierKey]: `${verifierKey}\n`,
  };
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(texts)) {
    writeFileSync(join(dir, path), text);
    files[path] = createHash('sha256').update(text, 'utf8').digest('hex');
  }
  writeFileSync(join(dir, BUNDLE_FILES.manifest), formatManifest({ format: BUNDLE_FORMAT, district: DISTRICT, origin, size: records.length, root: toBase64(root), files }));
};
