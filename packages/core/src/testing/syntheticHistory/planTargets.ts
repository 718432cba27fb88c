/**
 * The plan's targets — docs/spec.md §6 table "The plan's targets", taken from 《XX区科技创新跃升行动实施方案》 —
 * as `TargetSet` events (docs/spec.md §3–4) with ids that follow from their content. Real figures of the plan,
 * not synthetic ones.
 */
import { createHash } from 'node:crypto';
import type { EventInputJson } from '../../events/envelope.js';
import type { IndicatorId } from '../../events/indicatorCatalog.js';
import { canonicalJson } from '../../record/record.js';

/** The plan's title as `source` names it (the seed document anonymises the district as XX). */
export const PLAN_TITLE = '《XX区科技创新跃升行动实施方案》';

/**
 * The date the plan's targets take effect. The seed text bears no date of issue (it breaks off before the
 * signature); it cites 冀政办字〔2019〕9号 and 秦政办字〔2019〕47号, so it was issued in 2019 after both.
 * June 1, 2019 is therefore a convention, not a date read from the document.
 */
export const PLAN_EFFECTIVE_DATE = '2019-06-01';

/** When the plan's targets are recorded: one import, the same instant on every line. */
export const PLAN_RECORDED_AT = '2019-06-01T02:00:00.000Z';

/** The leading group's office, which the plan (四(一)) and docs/spec.md §5 place in development-reform. */
export const PLAN_ACTOR = { unit: 'development-reform', user: 'leading-group-office' } as const;

/** One target row of the plan: where it stands, its words, and its value by year. */
export interface PlanTarget {
  readonly indicator: IndicatorId;
  /** Part and item of the plan: `三(四)` is part three (主要任务), item (4). */
  readonly section: string;
  /** The plan's own words for the target, quoted from the seed document (…… marks an omission). */
  readonly clause: string;
  readonly values: readonly { readonly year: number; readonly value: number }[];
}

const everyYear = (value: number): PlanTarget['values'] => [2019, 2020, 2021, 2022, 2023, 2024, 2025].map((year) => ({ year, value }));

/** The plan's targets, the rows of docs/spec.md §6 in order, all `gte`, each with the clause it comes from. */
export const PLAN_TARGETS: readonly PlanTarget[] = [
  {
    indicator: 'high-tech-enterprises',
    section: '三(四)',
    clause: '到2020年底,高新技术企业达到75家,到2025年底,高新技术企业达到180家',
    values: [{ year: 2020, value: 75 }, { year: 2025, value: 180 }],
  },
  {
    indicator: 'tech-smes',
    section: '三(五)',
    clause: '到2020年底,科技型中小企业达到650家,到2025年底,科技型中小企业达到1100家',
    values: [{ year: 2020, value: 650 }, { year: 2025, value: 1100 }],
  },
  {
    indicator: 'rd-platforms',
    section: '三(七)',
    clause: '到2020年底,市级以上各类研发平台达到60家以上……到2025年底我区市级以上各类研发平台达到80家',
    values: [{ year: 2020, value: 60 }, { year: 2025, value: 80 }],
  },
  {
    indicator: 'rd-institution-share',
    section: '三(七)',
    clause: '规上工业企业建立研发机构的比例力争达到40%以上……规上工业企业建立研发机构的比例力争达到90%',
    values: [{ year: 2020, value: 40 }, { year: 2025, value: 90 }],
  },
  {
    indicator: 'incubators-maker-spaces',
    section: '三(八)',
    clause: '到2020年底,市级以上孵化器、众创空间达到10家,到2025年底,市级以上孵化器、众创空间达到20家',
    values: [{ year: 2020, value: 10 }, { year: 2025, value: 20 }],
  },
  { indicator: 'new-maker-spaces', section: '三(八)', clause: '2020年新建1家众创空间', values: [{ year: 2020, value: 1 }] },
  {
    indicator: 'agricultural-science-parks',
    section: '三(十一)',
    clause: '2020年底农业科技园区达到7家……到2025年农业科技园区达到12家',
    values: [{ year: 2020, value: 7 }, { year: 2025, value: 12 }],
  },
  {
    indicator: 'agricultural-industrialization-rate',
    section: '三(十一)',
    clause: '2020年底……农业产业化经营率达到60%,到2025年……农业产业化经营率达到75%',
    values: [{ year: 2020, value: 60 }, { year: 2025, value: 75 }],
  },
  {
    indicator: 'fiscal-st-share',
    section: '三(三)',
    clause: '力争到2020年底,地方财政科技支出占公共财政支出的比重达到1%……到2025年底地方财政科技支出占公共财政支出的比重达到2%',
    values: [{ year: 2020, value: 1 }, { year: 2025, value: 2 }],
  },
  {
    indicator: 'rd-intensity-above-scale',
    section: '三(三)',
    clause: '力争到2020年底……规上工业企业研究与开发经费支出占主营业务收入比重达到0.75%,到2025年底……规上工业企业研究与开发经费支出占主营业务收入比重达到1.5%',
    values: [{ year: 2020, value: 0.75 }, { year: 2025, value: 1.5 }],
  },
  { indicator: 'invention-patents-per-10k', section: '三(十二)', clause: '到2025年,万人有效发明专利拥有量达到25件以上', values: [{ year: 2025, value: 25 }] },
  { indicator: 'st-funds-allocated', section: '三(三)', clause: '每年至少安排2000万元以上资金支持企业做大做强', values: everyYear(20_000_000) },
  { indicator: 'high-tech-value-added-growth', section: '三(二)', clause: '高新技术产业增加值年均增长10%以上', values: everyYear(10) },
  { indicator: 'st-projects', section: '三(十二)', clause: '每年力争实施市级以上科技计划不少于30项', values: everyYear(30) },
  { indicator: 'st-commissioners', section: '三(十二)', clause: '每年选派科技特派员不少于30人', values: everyYear(30) },
];

/** RFC 4122's URL namespace, the customary parent of project namespaces. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * The RFC 4122 version-5 (name-based, SHA-1) UUID of `name` in `namespace`: the same name always gives the
 * same id, so a file of such events can be imported any number of times (docs/spec.md §2).
 */
export const uuidV5 = (namespace: string, name: string): string => {
  const digest = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** The namespace of plan-target ids: uuidV5(URL namespace, `urn:indicator-ledger:plan-targets`). */
export const PLAN_TARGETS_NAMESPACE = uuidV5(URL_NAMESPACE, 'urn:indicator-ledger:plan-targets');

/**
 * The plan's targets (docs/spec.md §6) as `TargetSet` inputs (docs/spec.md §3–4) for `district`, in table order and year
 * order. Each `eventId` is {@link uuidV5} in {@link PLAN_TARGETS_NAMESPACE} of the RFC 8785 canonical JSON
 * of the event without its `eventId`: re-importing is a no-op, and a target whose content changes becomes
 * a new event — an auditable revision — instead of clashing with the old id.
 */
export const planTargetEvents = (district = '130302'): EventInputJson<'TargetSet'>[] =>
  PLAN_TARGETS.flatMap((target) =>
    target.values.map(({ year, value }) => {
      const content = {
        district,
        effectiveDate: PLAN_EFFECTIVE_DATE,
        recordedAt: PLAN_RECORDED_AT,
        actor: { ...PLAN_ACTOR },
        source: `${PLAN_TITLE}${target.section}`,
        data: { indicator: target.indicator, year, comparator: 'gte' as const, value },
      };
      return { type: 'TargetSet' as const, eventId: uuidV5(PLAN_TARGETS_NAMESPACE, canonicalJson({ type: 'TargetSet', ...content })), ...content };
    }),
  );
