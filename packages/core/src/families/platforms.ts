import { addPlatformEvent, markPlatformEventRetracted } from '../indicators/platforms.js';
import { defineFamily, noViolation, violation } from './family.js';
import type { EventRule } from './family.js';
import { addToSet } from './streamFacts.js';

/** The units that certify platforms (docs/spec.md §5). */
const CERTIFYING_UNITS = ['development-reform', 'administrative-approval', 'agriculture-rural'] as const;

/** Indicators a platform's certification history moves (docs/spec.md §6). */
const PLATFORM_INDICATORS = ['rd-platforms', 'incubators-maker-spaces', 'new-maker-spaces', 'agricultural-science-parks'] as const;

/** docs/spec.md §4 PlatformDecertified: the platform has been certified in this stream. */
export const decertificationFollowsCertification: EventRule<'PlatformDecertified'> = (e, facts) =>
  facts.certifiedPlatforms.has(e.data.platformId) ? noViolation : violation('data.platformId', `platform ${e.data.platformId} was never certified in this district`);

/**
 * R&D, incubation and agricultural platforms certified (at a kind and level) and decertified (docs/spec.md §4),
 * folded into one certification history per platform; they move the four platform counts of §6.
 */
export const platforms = defineFamily('platforms', {
  PlatformCertified: {
    type: 'PlatformCertified',
    recordFacts: (facts, e, undo) => addToSet(facts.certifiedPlatforms, e.data.platformId, undo),
    rules: [],
    authorization: { units: CERTIFYING_UNITS },
    evolve: (s, r, position, date) => addPlatformEvent(s.platforms, r.data.platformId, date, position, { kind: r.data.kind, level: r.data.level }),
    // The query index counts a platform from its dates alone only while none of its events is retracted.
    whenRetracted: (s, position) => markPlatformEventRetracted(s.platforms, position),
    moves: PLATFORM_INDICATORS,
    subjectFields: [
      ['platformId', 'platform'],
      ['hostEnterpriseId', 'host-enterprise'],
    ],
    redactableFields: [],
    example: {
      unit: 'development-reform',
      data: { platformId: 'KJPT-2020-001', name: '唐山市陶瓷材料重点实验室', kind: 'key-laboratory', level: 'municipal' },
    },
  },
  PlatformDecertified: {
    type: 'PlatformDecertified',
    rules: [decertificationFollowsCertification],
    authorization: { units: CERTIFYING_UNITS },
    evolve: (s, r, position, date) => addPlatformEvent(s.platforms, r.data.platformId, date, position, null),
    whenRetracted: (s, position) => markPlatformEventRetracted(s.platforms, position),
    moves: PLATFORM_INDICATORS,
    subjectFields: [['platformId', 'platform']],
    redactableFields: [],
    example: {
      unit: 'development-reform',
      data: { platformId: 'KJPT-2020-001', reason: '考核不合格' },
      prerequisites: [{ type: 'PlatformCertified', effectiveDate: '2019-11-20' }],
    },
  },
});
