import type { DistrictCode } from '@indicator-ledger/core';

/**
 * What an append announces on the schema's channel (see `appendChannelOf`): the district and its new
 * head position. Sent with `pg_notify` inside the append's transaction, so PostgreSQL delivers it to
 * every listening session exactly when (and only if) the append commits.
 */
export interface AppendNotice {
  readonly district: DistrictCode;
  readonly head: number;
}

/** The payload of an {@link AppendNotice}: compact JSON, far below NOTIFY's 8000-byte limit. */
export const encodeAppendNotice = (notice: AppendNotice): string => JSON.stringify({ district: notice.district, head: notice.head });

/**
 * Reads a payload back; undefined for anything that is not one, since any session that may use the
 * channel can NOTIFY on it and a listener must not act on a stray message.
 */
export const decodeAppendNotice = (payload: string | undefined): AppendNotice | undefined => {
  if (payload === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { district, head } = value as { district?: unknown; head?: unknown };
  if (typeof district !== 'string' || !/^[0-9]{6}$/.test(district)) return undefined;
  if (typeof head !== 'number' || !Number.isSafeInteger(head) || head < 1) return undefined;
  return { district: district as DistrictCode, head };
};
