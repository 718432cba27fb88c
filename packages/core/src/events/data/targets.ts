import { numberWhere, oneOf, strictObject } from '../codecs.js';
import { YearCodec } from '../fieldCodecs.js';
import { INDICATOR_IDS } from '../indicatorCatalog.js';
import { COMPARATORS } from '../vocabulary.js';

/** The data codec of the targets family (docs/spec.md §4): the plan itself, one target per indicator and year. */
export const TARGET_DATA_CODECS = {
  TargetSet: strictObject('TargetSet', {
    indicator: oneOf('IndicatorId', INDICATOR_IDS),
    year: YearCodec,
    comparator: oneOf('Comparator', COMPARATORS),
    value: numberWhere('TargetValue', 'a finite number', Number.isFinite),
  }),
} as const;
