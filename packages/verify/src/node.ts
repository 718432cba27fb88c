/**
 * Node helpers of `@indicator-ledger/verify`: read a bundle folder into the bytes the verifier takes, verify a
 * folder, and attach the offline page `verify.html` to a bundle (what `ledger export-bundle` does).
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { BUNDLE_FILES, parseManifest, sha256, toHex } from '@indicator-ledger/core/tlog';
import { verifyBundleFiles, type BundleFiles, type BundleRejection, type BundleVerdict, type VerifyBundleFilesOptions } from './bundleVerifier.js';

/** The page's name inside a bundle folder. */
export const VERIFY_PAGE = 'verify.html';

/** Every file under `dir`, by its `/`-separated path relative to `dir`, with its bytes. */
export const readBundleFolder = async (dir: string): Promise<BundleFiles> => {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, Uint8Array>();
  for (const entry of entries.filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split(sep).join('/'), new Uint8Array(await readFile(path)));
  }
  return files;
};

/** {@link verifyBundleFiles} of the bundle folder `dir`. */
export const verifyBundleFolder = async (dir: string, options: VerifyBundleFilesOptions): Promise<E.Either<BundleRejection, BundleVerdict>> =>
  verifyBundleFiles(await readBundleFolder(dir), options);

/** Where the built page is: beside this module in dist/, or in dist/ when run from the sources (tests). */
const pageLocations = [new URL('./verify.html', import.meta.url), new URL('../dist/verify.html', import.meta.url)];

/** The bytes of the built `verify.html`; throws when the package was not built. */
export const verifyPage = async (): Promise<Uint8Array> => {
  const found = pageLocations.map((u) => fileURLToPath(u)).find((p) => existsSync(p));
  if (found === undefined) throw new Error('verify.html is not built: run `pnpm build` in packages/verify');
  return new Uint8Array(await readFile(found));
};

/**
 * Writes `verify.html` into the bundle folder `dir` and lists it in `manifest.json` with its SHA-256, so the
 * bundle still verifies (every file must be listed, docs/audit.md §4 step 5) and a changed page is caught.
 * Left: why the folder's manifest cannot take it (not a manifest, or a page already there).
 */
export const attachVerifyPage = async (dir: string): Promise<E.Either<string, void>> => {
  const manifestPath = join(dir, BUNDLE_FILES.manifest);
  const parsed = parseManifest(await readFile(manifestPath, 'utf8'));
  if (E.isLeft(parsed)) return E.left(`${BUNDLE_FILES.manifest}: ${parsed.left.reason}`);
  if (VERIFY_PAGE in parsed.right.files || existsSync(join(dir, VERIFY_PAGE))) return E.left(`${VERIFY_PAGE} is already in the bundle`);
  const page = await verifyPage();
  await writeFile(join(dir, VERIFY_PAGE), page);
  const files = { ...parsed.right.files, [VERIFY_PAGE]: toHex(sha256(page)) };
  // Written as core writes manifests (formatManifest): two-space JSON and a final newline.
  await writeFile(manifestPath, `${JSON.stringify({ ...parsed.right, files }, null, 2)}\n`);
  return E.right(undefined);
};

export { verifyBundleFiles, type BundleFiles, type BundleRejection, type BundleVerdict, type VerifyBundleFilesOptions } from './bundleVerifier.js';
