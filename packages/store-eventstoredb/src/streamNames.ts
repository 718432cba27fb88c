/**
 * Stream names. Every ledger stream lives under a namespace (default `indicator-ledger`):
 *
 * - `<ns>-<district>` — one stream per district (docs/spec.md §2), e.g. `indicator-ledger-130302`;
 * - `<ns>.districts` — the small index of districts that hold records (see `EventStoreDbStore.streams`);
 * - `<ns>.checkpoint-<district>-<projection>` — projection checkpoints, latest last;
 * - `<ns>.watch-<name>` — saved `$all` positions of named watches.
 *
 * Only district streams start with `<ns>-`, so a `$all` subscription filtered by that prefix sees
 * ledger records and nothing else; a namespace may not contain `.`, so no namespace's district stream
 * can be another's auxiliary stream. Names that merely share the prefix (another namespace such as
 * `indicator-ledger-test`) are told apart by {@link districtOfStreamName}.
 *
 * @packageDocumentation
 */
import { parseDistrictCode } from '@indicator-ledger/core';
import type { DistrictCode } from '@indicator-ledger/core';

/** The namespace used when none is given. */
export const DEFAULT_NAMESPACE = 'indicator-ledger';

const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** Checks a namespace: 1–100 of `A-Z a-z 0-9 _ -`, not starting with `-` or `_` (and so never with `$`, the server's own streams). */
export const parseNamespace = (text: string): { ok: true; value: string } | { ok: false; reason: string } =>
  NAMESPACE.test(text)
    ? { ok: true, value: text }
    : { ok: false, reason: `a stream namespace should be 1 to 100 of A-Z a-z 0-9 _ - starting with a letter or digit, got ${JSON.stringify(text)}` };

/** The prefix every district stream of `namespace` starts with. */
export const districtStreamPrefix = (namespace: string): string => `${namespace}-`;

/** The stream of one district (docs/spec.md §2: one stream per district). */
export const districtStreamName = (namespace: string, district: DistrictCode): string => `${districtStreamPrefix(namespace)}${district}`;

/** The district a stream name belongs to, or `undefined` when it is not a district stream of `namespace`. */
export const districtOfStreamName = (namespace: string, stream: string): DistrictCode | undefined => {
  const prefix = districtStreamPrefix(namespace);
  if (!stream.startsWith(prefix)) return undefined;
  const parsed = parseDistrictCode(stream.slice(prefix.length));
  return parsed._tag === 'Right' ? parsed.right : undefined; // no fp-ts in this package: read the Either's tag
};

/** The index stream listing the districts that hold records. */
export const districtIndexStreamName = (namespace: string): string => `${namespace}.districts`;

/** The checkpoint stream of one projection of one district; the projection name is URI-encoded so any name is safe. */
export const checkpointStreamName = (namespace: string, district: DistrictCode, projection: string): string =>
  `${namespace}.checkpoint-${district}-${encodeURIComponent(projection)}`;

/** The stream keeping the `$all` position of the watch called `name`. */
export const watchPositionStreamName = (namespace: string, name: string): string => `${namespace}.watch-${encodeURIComponent(name)}`;
