/**
 * The indicators of docs/spec.md §6: id, unit and labels. The order here is the order of every output.
 */
export const INDICATORS = {
  'high-tech-enterprises': { unit: 'count', zh: '高新技术企业数', en: 'High-tech enterprises' },
  'tech-smes': { unit: 'count', zh: '科技型中小企业数', en: 'Tech-based SMEs' },
  'rd-platforms': { unit: 'count', zh: '市级以上研发平台数', en: 'R&D platforms (municipal+)' },
  'incubators-maker-spaces': { unit: 'count', zh: '市级以上孵化器、众创空间数', en: 'Incubators & maker spaces (municipal+)' },
  'new-maker-spaces': { unit: 'count', zh: '新增众创空间数', en: 'New maker spaces' },
  'agricultural-science-parks': { unit: 'count', zh: '农业科技园区数', en: 'Agricultural science parks' },
  'st-funds-allocated': { unit: 'yuan', zh: '科技资金投入(元)', en: 'S&T funds allocated (yuan)' },
  'st-projects': { unit: 'count', zh: '市级以上科技项目数', en: 'S&T projects (municipal+)' },
  'st-commissioners': { unit: 'count', zh: '科技特派员数', en: 'S&T commissioners' },
  'invention-patents-per-10k': { unit: 'per-10k-persons', zh: '每万人发明专利拥有量', en: 'Invention patents per 10k people' },
  'fiscal-st-share': { unit: 'percent', zh: '财政科技支出占比(%)', en: 'Fiscal S&T spending share (%)' },
  'rd-intensity-above-scale': { unit: 'percent', zh: '规上工业R&D经费投入强度(%)', en: 'R&D intensity, above-scale industry (%)' },
  'rd-institution-share': { unit: 'percent', zh: '规上工业企业研发机构覆盖率(%)', en: 'Above-scale firms with R&D institutions (%)' },
  'high-tech-value-added-growth': { unit: 'percent', zh: '高新技术产业增加值增速(%)', en: 'High-tech value added growth (%)' },
  'agricultural-industrialization-rate': { unit: 'percent', zh: '农业产业化经营率(%)', en: 'Agricultural industrialization rate (%)' },
} as const;

export type IndicatorId = keyof typeof INDICATORS;
export type IndicatorUnit = (typeof INDICATORS)[IndicatorId]['unit'];
/** Every indicator id in docs/spec.md §6 order. */
export const INDICATOR_IDS = Object.keys(INDICATORS) as readonly IndicatorId[];
