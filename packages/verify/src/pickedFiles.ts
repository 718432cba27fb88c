/**
 * The files an auditor picks in a browser (a folder through `<input type=file webkitdirectory>`, or single
 * files), as a bundle's path → bytes map: the folder's own name is dropped from each relative path.
 */
import type { BundleFiles } from './bundleVerifier.js';

/** A picked file: its path as the picker gives it (`bundle/proofs/x.json`, or just `x.json`) and its bytes. */
export interface PickedFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * The bundle inside `picked`: paths relative to the folder that holds `manifest.json` (the shallowest one).
 * Files outside that folder are left out, as they would be outside a bundle folder given to the command line.
 */
export const bundleFilesOf = (picked: readonly PickedFile[]): BundleFiles => {
  const paths = picked.map((f) => f.path.split('\\').join('/').replace(/^\/+/, ''));
  const manifests = paths.filter((p) => p === 'manifest.json' || p.endsWith('/manifest.json')).sort((a, b) => a.split('/').length - b.split('/').length);
  const base = manifests[0] === undefined ? '' : manifests[0].slice(0, -'manifest.json'.length);
  const files = new Map<string, Uint8Array>();
  picked.forEach((file, i) => {
    const path = paths[i] as string;
    // Zip tools add folder entries and macOS adds __MACOSX/ copies: neither is a file of the bundle.
    if (path.startsWith(base) && !path.endsWith('/')) files.set(path.slice(base.length), file.bytes);
  });
  return files;
};
