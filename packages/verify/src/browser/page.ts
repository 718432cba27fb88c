/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The script of `verify.html`: reads the bundle the auditor picks (a folder or a zip) and the key they trust,
 * runs {@link verifyBundleFiles} — core's checks, with the browser's crypto module — and shows the verdict,
 * the first bad position and the rebuilt progress table. Nothing leaves the page: no request is made.
 */
import * as E from 'fp-ts/lib/Either.js';
import { unzipSync } from 'fflate';
import { defaultPolicy } from '@indicator-ledger/core';
import { verifyBundleFiles, type BundleRejection, type BundleVerdict, type WitnessQuorum } from '../bundleVerifier.js';
import { bundleFilesOf, type PickedFile } from '../pickedFiles.js';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const el = (tag: string, text?: string, className?: string): HTMLElement => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
};

// A folder through webkitdirectory (each file's webkitRelativePath), zips unpacked, single files by name.
const pickedFiles = async (list: FileList): Promise<PickedFile[]> => {
  const picked: PickedFile[] = [];
  for (const file of Array.from(list)) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (/\.zip$/i.test(file.name)) {
      for (const [path, content] of Object.entries(unzipSync(bytes))) if (!path.startsWith('__MACOSX/')) picked.push({ path, bytes: content });
    } else picked.push({ path: file.webkitRelativePath !== '' ? file.webkitRelativePath : file.name, bytes });
  }
  return picked;
};

const showRejection = (out: HTMLElement, rejection: BundleRejection): void => {
  out.append(el('h2', 'Refused: this bundle does not verify', 'bad'));
  const facts = el('dl');
  const fact = (term: string, value: string, id: string): void => {
    facts.append(el('dt', term));
    const dd = el('dd', value);
    dd.id = id;
    facts.append(dd);
  };
  fact('Problem', rejection.problem, 'problem');
  if (rejection.position !== undefined) fact('First bad position', String(rejection.position), 'position');
  if (rejection.file !== undefined) fact('File', rejection.file, 'file');
  fact('Reason', rejection.reason, 'reason');
  out.append(facts);
};

const showVerdict = (out: HTMLElement, verdict: BundleVerdict): void => {
  out.append(el('h2', `Verified: ${verdict.origin}, ${verdict.size} records`, 'good'));
  const facts = el('dl');
  for (const [term, value] of [
    ['Root', verdict.root],
    ['Head', verdict.head],
    ['Extends', verdict.consistentWith.length > 0 ? verdict.consistentWith.map((c) => `${c.size} records (${c.source})`).join(', ') : 'no earlier checkpoint to compare with'],
    ['Redacted positions', verdict.redactedPositions.length > 0 ? verdict.redactedPositions.join(', ') : 'none'],
  ] as const) {
    facts.append(el('dt', term), el('dd', value));
  }
  if (verdict.cosigners !== undefined) {
    const dd = el('dd', verdict.cosigners.map((c) => `${c.keyName} at ${new Date(c.timestamp * 1000).toISOString()}`).join(', '));
    dd.id = 'cosigners';
    facts.append(el('dt', `Witnessed by ${verdict.cosigners.length} trusted witness${verdict.cosigners.length === 1 ? '' : 'es'}`), dd);
  }
  out.append(facts);
  if (verdict.progress.length === 0) return;
  // Indicators down, years across, as `ledger progress` prints them: value, and the target status.
  const table = el('table') as HTMLTableElement;
  table.id = 'progress';
  const head = el('tr');
  head.append(el('th', 'indicator'), ...verdict.progress.map((row) => el('th', String(row.year))));
  table.append(head);
  const first = verdict.progress[0];
  for (const id of first === undefined ? [] : Object.keys(first.indicators)) {
    const tr = el('tr');
    tr.append(el('th', id));
    for (const row of verdict.progress) {
      const cell = row.indicators[id as keyof typeof row.indicators];
      tr.append(el('td', `${cell.value === null ? '—' : String(cell.value)}${cell.target !== null ? ` (${cell.status})` : ''}`));
    }
    table.append(tr);
  }
  out.append(el('h3', 'Progress rebuilt from the bundle alone (each year on December 31)'), table);
};

/**
 * The witness option from the page's fields: none while no key is given; otherwise every non-empty line a
 * key, with the quorum and the age limit as typed (the verifier refuses unusable values with its reason).
 */
const witnessOption = (): { witnesses?: WitnessQuorum } => {
  const keys = byId<HTMLTextAreaElement>('witness-keys')
    .value.split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (keys.length === 0) return {};
  const quorum = byId<HTMLInputElement>('witness-quorum').value.trim();
  const maxAge = byId<HTMLInputElement>('witness-max-age').value.trim();
  return { witnesses: { keys, ...(quorum !== '' ? { quorum: Number(quorum) } : {}), ...(maxAge !== '' ? { maxAgeSeconds: Number(maxAge) } : {}) } };
};

const run = async (): Promise<void> => {
  const out = byId<HTMLElement>('verdict');
  const json = byId<HTMLElement>('verdict-json');
  out.replaceChildren(el('p', 'Checking…'));
  out.dataset['state'] = 'running';
  const key = byId<HTMLTextAreaElement>('key').value.trim();
  const folder = byId<HTMLInputElement>('folder').files;
  const zip = byId<HTMLInputElement>('zip').files;
  const saved = byId<HTMLTextAreaElement>('saved').value.trim();
  const list = zip !== null && zip.length > 0 ? zip : folder;
  if (key === '' || list === null || list.length === 0) {
    out.replaceChildren(el('p', 'Give the bundle (a folder or a zip) and the verifier key you trust.', 'bad'));
    out.dataset['state'] = 'incomplete';
    return;
  }
  const files = bundleFilesOf(await pickedFiles(list));
  // Saved checkpoints are signed notes; one note ends where the next starts with a blank line before it.
  const savedCheckpoints = saved === '' ? [] : saved.split(/\n(?=\S[^\n]*\n\d+\n)/).map((n) => `${n.trim()}\n`);
  // The command line checks its bundles against docs/spec.md §5's default policy: so does the page.
  const result = await verifyBundleFiles(files, { verifierKey: key.split('\n')[0]!.trim(), savedCheckpoints, policy: defaultPolicy, ...witnessOption() });
  out.replaceChildren();
  E.match(
    (rejection: BundleRejection) => {
      out.dataset['state'] = 'refused';
      showRejection(out, rejection);
    },
    (verdict: BundleVerdict) => {
      out.dataset['state'] = 'verified';
      showVerdict(out, verdict);
    },
  )(result);
  json.textContent = JSON.stringify(E.isLeft(result) ? result.left : result.right, null, 2);
};

byId<HTMLButtonElement>('check').addEventListener('click', () => {
  run().catch((err: unknown) => {
    // A bug, not a bad bundle (those are verdicts): say so rather than leave the page silent.
    const out = byId<HTMLElement>('verdict');
    out.dataset['state'] = 'error';
    out.replaceChildren(el('p', `The verifier failed: ${String(err)}`, 'bad'));
  });
});
byId<HTMLInputElement>('key-file').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file !== undefined) byId<HTMLTextAreaElement>('key').value = (await file.text()).trim();
});
