import { oneOf, strictObject } from '../codecs.js';
import { EnterpriseIdCodec, PlatformIdCodec, Text200 } from '../fieldCodecs.js';
import { LEVELS, PLATFORM_KINDS } from '../vocabulary.js';

const PlatformKind = oneOf('PlatformKind', Object.keys(PLATFORM_KINDS) as (keyof typeof PLATFORM_KINDS)[]);

/** The data codecs of the platform family (docs/spec.md §4): certifications and decertifications. */
export const PLATFORM_DATA_CODECS = {
  PlatformCertified: strictObject(
    'PlatformCertified',
    { platformId: PlatformIdCodec, name: Text200, kind: PlatformKind, level: oneOf('Level', LEVELS) },
    { hostEnterpriseId: EnterpriseIdCodec },
  ),
  PlatformDecertified: strictObject('PlatformDecertified', { platformId: PlatformIdCodec, reason: Text200 }),
} as const;
