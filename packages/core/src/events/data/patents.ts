import { oneOf, strictObject } from '../codecs.js';
import { CivilDateCodec, PatentNumberCodec, Text200 } from '../fieldCodecs.js';
import { PATENT_KINDS, PATENT_LAPSE_REASONS } from '../vocabulary.js';

/** The data codecs of the patent family (docs/spec.md §4): grants and lapses. */
export const PATENT_DATA_CODECS = {
  PatentGranted: strictObject(
    'PatentGranted',
    { patentNo: PatentNumberCodec, kind: oneOf('PatentKind', PATENT_KINDS), filingDate: CivilDateCodec },
    { title: Text200, holder: Text200 },
  ),
  PatentLapsed: strictObject('PatentLapsed', { patentNo: PatentNumberCodec, reason: oneOf('PatentLapseReason', PATENT_LAPSE_REASONS) }),
} as const;
