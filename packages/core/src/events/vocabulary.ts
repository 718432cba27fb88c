/**
 * The closed vocabularies of docs/spec.md §4–5: units, designations, platform kinds and levels, fund purposes,
 * statistics. Each list is the single source the codecs, rules, indicators and docs read.
 */

/** Recording units of docs/spec.md §5, with their Chinese names. */
export const UNITS = {
  'organization-department': '区委组织部',
  'development-reform': '区发改局',
  finance: '区财政局',
  'education-sports': '区教体局',
  'civil-affairs': '区民政局',
  commerce: '区商务局',
  'agriculture-rural': '区农业农村局',
  'tourism-culture': '区旅游文广局',
  health: '区卫健局',
  'natural-resources-planning': '区资源规划局',
  'administrative-approval': '区行政审批局',
  'financial-affairs': '区金融办',
  'human-resources': '区人社局',
  taxation: '区税务局',
  'market-regulation': '区市场监督管理局',
  'animal-husbandry': '区畜牧局',
  'science-association': '区科协',
  'development-zone': '经济开发区管委会',
  statistics: '区统计局',
} as const;
export type Unit = keyof typeof UNITS;
export const UNIT_IDS = Object.keys(UNITS) as readonly Unit[];

/** Enterprise designations (docs/spec.md §4). */
export const DESIGNATIONS = { 'high-tech': '高新技术企业', 'tech-sme': '科技型中小企业' } as const;
export type Designation = keyof typeof DESIGNATIONS;

/** R&D platform kinds (docs/spec.md §4). */
export const RD_PLATFORM_KINDS = {
  'key-laboratory': '重点实验室',
  'technology-innovation-center': '技术创新中心',
  'engineering-research-center': '工程研究中心',
  'enterprise-technology-center': '企业技术中心',
  'new-rd-institution': '新型研发机构',
  'industrial-technology-institute': '产业技术研究院',
} as const;
/** Incubation platform kinds (docs/spec.md §4). */
export const INCUBATION_PLATFORM_KINDS = {
  incubator: '科技企业孵化器',
  'maker-space': '众创空间',
  'star-innovation-space': '星创天地',
} as const;
/** Every platform kind, with its Chinese name. */
export const PLATFORM_KINDS = {
  ...RD_PLATFORM_KINDS,
  ...INCUBATION_PLATFORM_KINDS,
  'agricultural-science-park': '农业科技园区',
} as const;
export type PlatformKind = keyof typeof PLATFORM_KINDS;

/** Is the kind one of the R&D kinds (研发平台)? */
export const isRdKind = (kind: PlatformKind): boolean => kind in RD_PLATFORM_KINDS;
/** Is the kind one of the incubation kinds (孵化器、众创空间、星创天地)? */
export const isIncubationKind = (kind: PlatformKind): boolean => kind in INCUBATION_PLATFORM_KINDS;

/** Levels in ascending order (docs/spec.md §4): `district` < `municipal` < `provincial` < `national`. */
export const LEVELS = ['district', 'municipal', 'provincial', 'national'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_NAMES: Readonly<Record<Level, string>> = { district: '区级', municipal: '市级', provincial: '省级', national: '国家级' };
/** "市级以上": municipal or higher. */
export const isMunicipalOrHigher = (level: Level): boolean => level !== 'district';

/** Purposes of allocated funds (docs/spec.md §4 FundsAllocated). */
export const FUND_PURPOSES = ['st-project', 'tech-upgrade', 'entity-cultivation', 'rd-platform', 'innovation-service', 'talent', 'award'] as const;
export type FundPurpose = (typeof FUND_PURPOSES)[number];

export const PATENT_KINDS = ['invention', 'utility-model', 'design'] as const;
export const PATENT_LAPSE_REASONS = ['annuity-unpaid', 'invalidated', 'abandoned'] as const;
export type PatentLapseReason = (typeof PATENT_LAPSE_REASONS)[number];

/** Statistics a StatisticReported may carry, with the unit its value is in (docs/spec.md §4). */
export const STATISTICS = {
  'resident-population': 'persons',
  'general-public-budget-expenditure': 'fen',
  'fiscal-st-expenditure': 'fen',
  'above-scale-industrial-rd-expenditure': 'fen',
  'above-scale-industrial-main-revenue': 'fen',
  'above-scale-industrial-enterprises': 'count',
  'above-scale-industrial-enterprises-with-rd-institution': 'count',
  'high-tech-industry-value-added': 'fen',
  'agricultural-industrialization-rate': 'percent',
} as const;
export type Statistic = keyof typeof STATISTICS;
/** The two statistics the finance unit may also report (docs/spec.md §5). */
export const FISCAL_STATISTICS: readonly Statistic[] = ['general-public-budget-expenditure', 'fiscal-st-expenditure'];

export const STATISTIC_STATUSES = ['preliminary', 'final', 'revised'] as const;
export type StatisticStatus = (typeof STATISTIC_STATUSES)[number];

/** Comparators of a target (docs/spec.md §4 TargetSet). */
export const COMPARATORS = ['gte', 'lte'] as const;
export type Comparator = (typeof COMPARATORS)[number];
