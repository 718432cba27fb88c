/**
 * `history`: every event about one subject of the plan — an enterprise, platform, patent, allocation,
 * project or commissioner — with who recorded it, from which document, on both time axes (docs/spec.md §1), and
 * whether a later `EventRetracted` withdrew it (docs/spec.md §4). One pass over the stream; memory grows with the
 * subject's events only.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { EventType } from '../events/catalog.js';
import type { SubjectRole as FamilySubjectRole } from '../families/family.js';
import { tableOf } from '../families/registry.js';
import type { Actor } from '../events/envelope.js';
import type { DistrictCode } from '../ids/districtCode.js';
import type { EventId } from '../ids/identifiers.js';
import { parsePatentNumber } from '../ids/patentNumber.js';
import type { StoredRecord } from '../record/record.js';
import type { EventStore } from '../store/port.js';
import type { CivilDate } from '../time/civilDate.js';
import type { Instant } from '../time/instant.js';

/** In what role an event names the subject: the `data` field that holds its id (each family states its own). */
export type SubjectRole = FamilySubjectRole;

/**
 * The fields of docs/spec.md §4 that identify a subject, by event type. Statistics, targets and retractions name
 * no subject; a retraction is shown on the event it withdraws.
 */
export const SUBJECT_FIELDS: { readonly [K in EventType]?: readonly (readonly [field: string, role: SubjectRole])[] } = tableOf((d) =>
  d.subjectFields.length > 0 ? d.subjectFields : undefined,
);

// Patent numbers are stored normalised (no `ZL`, docs/spec.md §4); a query may write one either way. Other ids
// are free text chosen by the units and compared exactly.
const patentNumberOf = (subjectId: string): string => {
  const patent = parsePatentNumber(subjectId);
  return E.isRight(patent) ? patent.right : subjectId;
};

/** The roles in which `record` names `subjectId`, in {@link SUBJECT_FIELDS} order. */
export const rolesOf = (record: StoredRecord, subjectId: string): SubjectRole[] => {
  const data = record.data as Readonly<Record<string, unknown>>;
  return (SUBJECT_FIELDS[record.type] ?? [])
    .filter(([field, role]) => data[field] === (role === 'patent' ? patentNumberOf(subjectId) : subjectId))
    .map(([, role]) => role);
};

/** The `EventRetracted` that withdrew an event. */
export interface Retraction {
  readonly position: number;
  readonly eventId: EventId;
  readonly effectiveDate: CivilDate;
  readonly recordedAt: Instant;
  readonly actor: Actor;
  readonly source: string | null;
  readonly reason: string;
}

/** One event about the subject, as an auditor reads it. */
export interface HistoryEntry {
  readonly position: number;
  readonly eventId: EventId;
  readonly type: EventType;
  /** How the event names the subject (an enterprise can be both recognised and a platform's host). */
  readonly roles: readonly SubjectRole[];
  readonly effectiveDate: CivilDate;
  readonly recordedAt: Instant;
  readonly actor: Actor;
  /** The source document, or null where the event names none. */
  readonly source: string | null;
  readonly data: StoredRecord['data'];
  readonly redacted: boolean;
  /** The retraction that withdrew it, or null while it stands. */
  readonly retractedBy: Retraction | null;
}

/**
 * Every event of `district` about `subjectId` (an enterprise's credit code, a platform id, a patent
 * number, an allocation, project or commissioner id), in position order, each with its retraction if any.
 */
export const history = async (store: EventStore, district: DistrictCode, subjectId: string): Promise<HistoryEntry[]> => {
  const entries: HistoryEntry[] = [];
  const byEventId = new Map<string, number>();
  for await (const page of store.readPages(district)) {
    for (const record of page) {
      if (record.type === 'EventRetracted') {
        const at = byEventId.get(record.data.eventId);
        const entry = at === undefined ? undefined : entries[at];
        if (entry !== undefined) {
          entries[at as number] = {
            ...entry,
            retractedBy: {
              position: record.position,
              eventId: record.eventId,
              effectiveDate: record.effectiveDate,
              recordedAt: record.recordedAt,
              actor: record.actor,
              source: record.source ?? null,
              reason: record.data.reason,
            },
          };
        }
        continue;
      }
      const roles = rolesOf(record, subjectId);
      if (roles.length === 0) continue;
      byEventId.set(record.eventId, entries.length);
      entries.push({
        position: record.position,
        eventId: record.eventId,
        type: record.type,
        roles,
        effectiveDate: record.effectiveDate,
        recordedAt: record.recordedAt,
        actor: record.actor,
        source: record.source ?? null,
        data: record.data,
        redacted: record.redacted === true,
        retractedBy: null,
      });
    }
  }
  return entries;
};
