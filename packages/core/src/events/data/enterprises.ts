import { oneOf, strictObject } from '../codecs.js';
import { CivilDateCodec, EnterpriseIdCodec, Text200 } from '../fieldCodecs.js';
import { DESIGNATIONS } from '../vocabulary.js';

const Designation = oneOf('Designation', Object.keys(DESIGNATIONS) as (keyof typeof DESIGNATIONS)[]);

/** The data codecs of the enterprise family (docs/spec.md §4): recognitions and their revocations. */
export const ENTERPRISE_DATA_CODECS = {
  EnterpriseRecognized: strictObject(
    'EnterpriseRecognized',
    { enterpriseId: EnterpriseIdCodec, name: Text200, designation: Designation },
    { certificateNo: Text200, validFrom: CivilDateCodec, validUntil: CivilDateCodec },
  ),
  EnterpriseRecognitionRevoked: strictObject(
    'EnterpriseRecognitionRevoked',
    { enterpriseId: EnterpriseIdCodec, designation: Designation, reason: Text200 },
    { revokedFrom: CivilDateCodec },
  ),
} as const;
