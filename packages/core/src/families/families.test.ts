import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { DATA_CODECS, EVENT_TYPES } from '../events/catalog.js';
import type { EventType } from '../events/catalog.js';
import { decodeEventInput } from '../events/envelope.js';
import type { EventInput } from '../events/envelope.js';
import { INDICATOR_IDS } from '../events/indicatorCatalog.js';
import type { DistrictCode } from '../ids/districtCode.js';
import { defaultPolicy } from '../rules/authorization.js';
import { streamRulesOf } from '../rules/streamRules.js';
import { movedByOf } from '../projection/vintages.js';
import { exampleEvent } from '../testing/exampleEvents.js';
import { dateKeyOf } from '../indicators/dateKey.js';
import { addFlow, distinctFlowKeysAt } from '../indicators/flows.js';
import { emptyIndicatorTables } from '../indicators/tables.js';
import type { StoredRecord } from '../record/record.js';
import type { CivilDate } from '../time/civilDate.js';
import { defineFamily, violation } from './family.js';
import type { EventTypeDefinition, FoldState, FoldTools, SomeEventFamily } from './family.js';
import { EVENT_DEFINITIONS, EVENT_FAMILIES, EVENT_TYPE_DEFINITIONS, definitionsOf, evolversOf, tableOf } from './registry.js';
import { emptyStreamFacts } from './streamFacts.js';

/**
 * The families are the one place an event type is described (docs/architecture.md "Adding an event type"):
 * every type of the catalog belongs to exactly one family, which states every aspect of it, and the tables
 * the rules, the fold, the vintages and the audit read are built from the family list — so a type added to
 * a family is picked up by all of them.
 */

const ASPECTS = ['type', 'rules', 'authorization', 'evolve', 'moves', 'subjectFields', 'redactableFields', 'example'] as const;

describe('the event families', () => {
  it('cover every event type of the catalog exactly once', () => {
    const covered = EVENT_FAMILIES.flatMap((f) => Object.keys(f.types));
    expect([...covered].sort()).toEqual([...EVENT_TYPES].sort());
    expect(new Set(covered).size).toBe(covered.length);
    expect(EVENT_DEFINITIONS.map((d) => d.type)).toEqual(EVENT_TYPES);
  });

  it('state every aspect of each of their types, under the type they are filed under', () => {
    for (const family of EVENT_FAMILIES) {
      for (const [type, definition] of Object.entries(family.types) as [EventType, EventTypeDefinition<EventType>][]) {
        for (const aspect of ASPECTS) expect(definition[aspect], `${family.name}.${type}.${aspect}`).toBeDefined();
        expect(definition.type).toBe(type);
        expect(typeof definition.evolve).toBe('function');
        for (const id of definition.moves) expect(INDICATOR_IDS).toContain(id);
        expect(EVENT_TYPE_DEFINITIONS[type]).toBe(definition);
      }
    }
  });

  it('give each type an example its codec accepts and its unit may record (docs/spec.md §5)', () => {
    for (const type of EVENT_TYPES) {
      const codec: { readonly decode: (u: unknown) => E.Either<unknown, unknown> } = DATA_CODECS[type];
      expect(E.isRight(codec.decode(EVENT_TYPE_DEFINITIONS[type].example.data)), type).toBe(true);
      const decoded = decodeEventInput(exampleEvent(type));
      expect(E.isRight(decoded), type).toBe(true);
      if (E.isRight(decoded)) expect(defaultPolicy(decoded.right, { recordedUnitOf: () => EVENT_TYPE_DEFINITIONS[type].example.unit }), type).toBeUndefined();
    }
  });

  it('name as subject fields the fields of their example (or the optional host), as redactable only fields that may hold a name', () => {
    for (const d of EVENT_DEFINITIONS) {
      const known = Object.keys({ ...EVENT_TYPE_DEFINITIONS[d.type].example.data });
      for (const [field] of d.subjectFields) if (!known.includes(field)) expect(['hostEnterpriseId'], `${d.type}.${field}`).toContain(field);
      for (const field of d.redactableFields) expect(['name', 'recipient', 'holder'], `${d.type}.${field}`).toContain(field);
    }
  });
});

describe('a hypothetical event type registered in a copy of the family list', () => {
  // A new type (say a commissioner's recall, which a future plan period might bring), filed in its own family.
  // Its name is not in the catalog, so it borrows CommissionerDispatched's typing: what is checked here is that
  // the tables are built from the family list, not what the compiler thinks of the name. (The
  // codec is the compiler's to check: `DATA_CODECS` is spread from the families' codec files.)
  const recalled = 'CommissionerRecalled' as 'CommissionerDispatched';
  const base = EVENT_TYPE_DEFINITIONS.CommissionerDispatched;
  const recalledDefinition: EventTypeDefinition<'CommissionerDispatched'> = {
    ...base,
    type: recalled,
    rules: [(e) => (e.data.name === 'nobody' ? violation('data.name', 'recalls no one') : [])],
    // Counted as a commissioner of its year, as a dispatch is: enough to see the fold reach its table.
    evolve: (s, r, position, date) => addFlow(s.commissioners, date, position, 1, `recalled:${r.data.commissionerId}`),
    moves: ['st-commissioners'],
    subjectFields: [['commissionerId', 'commissioner']],
    redactableFields: ['name'],
  };
  const families: readonly SomeEventFamily[] = [...EVENT_FAMILIES, defineFamily('recalls', { [recalled]: recalledDefinition } as { CommissionerDispatched: typeof recalledDefinition })];
  const definitions = definitionsOf(families);

  it('is listed after the catalog types, the catalog order kept', () => {
    expect(definitions.map((d) => d.type)).toEqual([...EVENT_TYPES, recalled]);
  });

  it('has its rules applied to its own events only', () => {
    const rules = streamRulesOf(definitions);
    expect(rules).toHaveLength(streamRulesOf(EVENT_DEFINITIONS).length + 1);
    const event = { type: recalled, district: '130302', effectiveDate: '2020-11-20', data: { commissionerId: 'TPY-001', name: 'nobody' } } as unknown as EventInput;
    const other = { ...event, type: 'CommissionerDispatched' } as EventInput;
    const found = (e: EventInput) => rules.flatMap((rule) => rule(e, emptyStreamFacts(), '130302' as DistrictCode));
    expect(found(event)).toEqual([{ path: 'data.name', reason: 'recalls no one' }]);
    expect(found(other)).toEqual([]);
  });

  it("is folded by its own evolve into its family's table", () => {
    const evolve = evolversOf(definitions)[recalled];
    expect(evolve).toBe(recalledDefinition.evolve);
    const state: FoldState = { ...emptyIndicatorTables(), retractedAt: [0, 0], eventIds: { positionOf: () => undefined }, types: [undefined, recalled] };
    const record = { position: 1, type: recalled, effectiveDate: '2020-11-20', data: { commissionerId: 'TPY-001', name: '张伟' } } as unknown as StoredRecord;
    const tools: FoldTools = { recognitionValidUntilKey: () => 0, patentTermEndKey: () => 0, retracted: () => undefined };
    evolve!(state, record, 1, dateKeyOf('2020-11-20' as CivilDate), tools);
    expect(distinctFlowKeysAt(state.commissioners, { position: 1, retractedAt: state.retractedAt }, dateKeyOf('2020-12-31' as CivilDate))).toBe(1);
    expect(evolversOf(EVENT_DEFINITIONS)[recalled]).toBeUndefined();
  });

  it('moves the figures it says it moves (vintages)', () => {
    expect(movedByOf(definitions)['st-commissioners']).toEqual(['CommissionerDispatched', recalled]);
    expect(movedByOf(definitions)['st-projects']).toEqual(['ProjectApproved']);
  });

  it('gives the entity history and the redaction its fields', () => {
    expect(tableOf((d) => (d.subjectFields.length > 0 ? d.subjectFields : undefined), definitions)[recalled]).toEqual([['commissionerId', 'commissioner']]);
    expect(tableOf((d) => (d.redactableFields.length > 0 ? d.redactableFields : undefined), definitions)[recalled]).toEqual(['name']);
  });
});
