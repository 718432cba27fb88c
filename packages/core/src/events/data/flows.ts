import { oneOf, strictObject, wholeNumberWhere } from '../codecs.js';
import { LocalId, Text200 } from '../fieldCodecs.js';
import { FUND_PURPOSES } from '../vocabulary.js';

/**
 * The data codecs of the flow family (docs/spec.md §4): what the district adds up by the year it happened —
 * funds allocated, projects approved, commissioners dispatched.
 */
export const FLOW_DATA_CODECS = {
  FundsAllocated: strictObject(
    'FundsAllocated',
    {
      allocationId: LocalId,
      amountFen: wholeNumberWhere('AmountFen', 'a whole number of fen greater than 0', (n) => n > 0),
      purpose: oneOf('FundPurpose', FUND_PURPOSES),
    },
    { recipient: Text200 },
  ),
  ProjectApproved: strictObject('ProjectApproved', {
    projectId: LocalId,
    title: Text200,
    level: oneOf('ProjectLevel', ['municipal', 'provincial', 'national'] as const),
  }),
  CommissionerDispatched: strictObject('CommissionerDispatched', { commissionerId: LocalId, name: Text200 }),
} as const;
