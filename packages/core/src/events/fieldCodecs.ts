import * as E from 'fp-ts/lib/Either.js';
import { boundedText, parseBoundedText, parsedString, wholeNumberWhere } from './codecs.js';
import { isAcceptedYear, parseCivilDate, YEAR_RANGE_TEXT } from '../time/civilDate.js';
import { parseUnifiedSocialCreditCode } from '../ids/unifiedSocialCreditCode.js';
import { parsePatentNumber } from '../ids/patentNumber.js';
import { parseEventId, parseLocalId, parsePlatformId } from '../ids/identifiers.js';

/**
 * Codecs of the field formats docs/spec.md §3–4 name, shared by the data codecs of every event family
 * (`events/data/*.ts`) and by the envelope. They sit apart from the catalog so that a family's codec file can
 * use them without importing the catalog that gathers it.
 */

/** A civil date `YYYY-MM-DD` (docs/spec.md §1). */
export const CivilDateCodec = parsedString('CivilDate', parseCivilDate);
/** A unified social credit code, check character verified (docs/spec.md §4). */
export const EnterpriseIdCodec = parsedString('UnifiedSocialCreditCode', parseUnifiedSocialCreditCode);
/** A CNIPA application number, `ZL` dropped (docs/spec.md §4). */
export const PatentNumberCodec = parsedString('PatentNumber', parsePatentNumber);
/** A platform id: 1–64 of `A-Za-z0-9._-` (docs/spec.md §4). */
export const PlatformIdCodec = parsedString('PlatformId', parsePlatformId);
/** An event id: a UUID, lower-cased (docs/spec.md §2). */
export const EventIdCodec = parsedString('EventId', parseEventId);
/** Names, titles, reasons, users (docs/spec.md §3): non-empty, at most 200 characters. */
export const Text200 = boundedText(200);
/**
 * Ids the plan's units choose themselves (allocation, project, commissioner): the bounds of names, and
 * written in normal form (docs/spec.md §8.2, `parseLocalId`), so that look-alike ids cannot count twice.
 */
export const LocalId = parsedString('LocalId', (s) => E.chain(() => parseLocalId(s))(parseBoundedText(200)(s)));
/** A whole year within the range dates may take (docs/spec.md §3). */
export const YearCodec = wholeNumberWhere('Year', YEAR_RANGE_TEXT, isAcceptedYear);
