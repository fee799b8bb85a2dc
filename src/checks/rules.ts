/**
 * The catalogue of consistency rules (spec §6, §8). Plain data: the dashboard lists it, the evaluators
 * look up severity and wording here, and a rule id never changes once a corpus has been written with it.
 */
import type { Severity } from '../model/checks';
import type { Bilingual } from '../model/report';

/** `report`: evaluated on one report; `cross_year`: on an agency's pair of years; `helper`: called by the corpus builder with extra facts. */
export type RuleScope = 'report' | 'cross_year' | 'helper';

export interface RuleDef {
  readonly id: string;
  /** Default severity; a result may be milder (e.g. TEMPLATE-VERSION for 2019, EMPTY-CELLS under the threshold). */
  readonly severity: Severity;
  readonly title: Bilingual;
  /** Plain-language definition for people who do not read formulas. */
  readonly definition: Bilingual;
  /** Section of `../shared/spec/template-spec.md` the rule comes from. */
  readonly specSection: string;
  readonly scope: RuleScope;
}

export const RULES: readonly RuleDef[] = [
  {
    id: 'T3-BAL',
    severity: 'error',
    scope: 'report',
    specSection: '6.1',
    title: { zh: '申请办理收支平衡', en: 'Request balance' },
    definition: {
      zh: '表三每一列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理（模板表头注明的勾稽关系）。',
      en: 'In every column of table 3: new requests + carried over = results total + carried forward (the relation printed in the template header).',
    },
  },
  {
    id: 'T3-ROW',
    severity: 'error',
    scope: 'report',
    specSection: '6.2',
    title: { zh: '表三行合计', en: 'Table 3 row total' },
    definition: {
      zh: '表三每一行：“总计”列 = 自然人 + 五类法人或其他组织之和。',
      en: 'In every row of table 3: the total column = natural persons + the five kinds of organisations.',
    },
  },
  {
    id: 'T3-RES',
    severity: 'error',
    scope: 'report',
    specSection: '6.2',
    title: { zh: '办理结果合计', en: 'Results total' },
    definition: {
      zh: '表三每一列：“（七）总计”= 予以公开 + 部分公开 + 不予公开8项 + 无法提供3项 + 不予处理5项 + 其他处理（2019版为一行，2021版为三个子项）。',
      en: 'In every column of table 3: results total = granted + partially granted + 8 denial rows + 3 unable rows + 5 not-processed rows + other handling (one row in v2019, three sub-rows in v2021).',
    },
  },
  {
    id: 'T4-SUM',
    severity: 'error',
    scope: 'report',
    specSection: '6.2',
    title: { zh: '复议诉讼合计', en: 'Review and litigation totals' },
    definition: {
      zh: '表四行政复议、未经复议直接起诉、复议后起诉三组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。',
      en: 'For administrative review, direct litigation and litigation after review: total = upheld + corrected + other + pending.',
    },
  },
  {
    id: 'NONNEG',
    severity: 'error',
    scope: 'report',
    specSection: '6.2',
    title: { zh: '数值合法', en: 'Valid values' },
    definition: {
      zh: '件数必须是不小于0的整数；“本年增/减”可为负数；金额可为小数但不能为负。',
      en: 'Counts are whole numbers of at least 0; the yearly change may be negative; money may have decimals but is never negative.',
    },
  },
  {
    id: 'TEMPLATE-VERSION',
    severity: 'error',
    scope: 'report',
    specSection: '5',
    title: { zh: '模板版本与年度相符', en: 'Template matches the year' },
    definition: {
      zh: '2019、2020年度应使用2019版格式，2021年度起应使用2021版格式。2019年度的格式仅为“鼓励”，只作提醒。',
      en: 'Years 2019 and 2020 should use the 2019 format and years from 2021 the 2021 format. For 2019 the format was only encouraged, so that year gets a warning.',
    },
  },
  {
    id: 'STRUCT-TABLES',
    severity: 'error',
    scope: 'report',
    specSection: '6.5',
    title: { zh: '三张统计表齐全', en: 'All three tables present' },
    definition: {
      zh: '使用统一格式的年报应包含表二（主动公开）、表三（依申请公开）和表四（复议诉讼）。正文明确“未发生复议诉讼”而省略表四的，不算缺失。',
      en: 'A report in the unified format has table 2 (proactive disclosure), table 3 (requests) and table 4 (review and litigation). Omitting table 4 with an explicit “none occurred” statement is not a gap.',
    },
  },
  {
    id: 'EMPTY-CELLS',
    severity: 'warn',
    scope: 'report',
    specSection: '6.5',
    title: { zh: '空白单元格', en: 'Blank cells' },
    definition: {
      zh: '统计表三、表四中空白或填“/”“-”“—”的格数。表三超过10格或表四超过5格时提醒。',
      en: 'How many cells of tables 3 and 4 are blank or hold “/”, “-” or “—”. More than 10 in table 3 or more than 5 in table 4 gets a warning.',
    },
  },
  {
    id: 'UNIT-2021',
    severity: 'warn',
    scope: 'report',
    specSection: '6.5',
    title: { zh: '收费金额单位', en: 'Fee unit' },
    definition: {
      zh: '2021版表二“本年收费金额”表头单位固定为万元；单元格写了其他单位（如“元”）时提醒。',
      en: 'The 2021 fee column is fixed to 万元 (10,000 yuan) by its header; a cell that prints another unit such as 元 is flagged.',
    },
  },
  {
    id: 'SEC5-EMPTY',
    severity: 'warn',
    scope: 'report',
    specSection: '6.5',
    title: { zh: '第五部分内容空泛', en: 'Empty problems section' },
    definition: {
      zh: '“五、存在的主要问题及改进情况”只写“无”或不足10个字。',
      en: 'Section 5 (problems and improvements) only says “none” or is shorter than about 10 characters.',
    },
  },
  {
    id: 'TEXT-TABLE',
    severity: 'warn',
    scope: 'report',
    specSection: '6.4',
    title: { zh: '正文与表格一致', en: 'Narrative matches tables' },
    definition: {
      zh: '正文中明确写出的件数（收到申请、办结、复议、诉讼、规范性文件、许可、处罚）应与表格一致。收到申请数与“本年新收”或“本年新收+上年结转”之一相符即可。',
      en: 'Figures the narrative states (requests received, processed, reviews, lawsuits, normative documents, licences, penalties) should match the tables. Requests received may match either new requests or new plus carried over.',
    },
  },
  {
    id: 'XY-CARRY',
    severity: 'warn',
    scope: 'cross_year',
    specSection: '6.3',
    title: { zh: '跨年结转衔接', en: 'Carry-over between years' },
    definition: {
      zh: '本年“上年结转”应等于上一年报告的“结转下年度继续办理”（每一列）。',
      en: 'This year’s “carried over” should equal last year’s “carried forward”, column by column.',
    },
  },
  {
    id: 'XY-STOCK-2021',
    severity: 'warn',
    scope: 'cross_year',
    specSection: '6.3',
    title: { zh: '现行有效件数衔接', en: 'Documents in force between years' },
    definition: {
      zh: '规章、规范性文件：本年现行有效 = 上年现行有效 + 本年制发 − 本年废止（经验规则，修改、清理口径不同会导致不符）。',
      en: 'Regulations and normative documents: in force this year = in force last year + issued − repealed (a heuristic; revisions and clean-ups can break it).',
    },
  },
  {
    id: 'XY-ITEMS-2019',
    severity: 'warn',
    scope: 'cross_year',
    specSection: '6.3',
    title: { zh: '事项数量衔接（2019版）', en: 'Item counts between years (v2019)' },
    definition: {
      zh: '2019版表二许可、处罚、强制、收费等行：上年“上一年项目数量”+“本年增/减”= 本年“上一年项目数量”（经验规则）。',
      en: 'v2019 table 2 rows for licences, penalties, coercion and fees: last year’s items + last year’s change = this year’s “items last year” (a heuristic).',
    },
  },
  {
    id: 'XY-JUMP',
    severity: 'warn',
    scope: 'cross_year',
    specSection: '6.3',
    title: { zh: '数据异常跳变', en: 'Sudden jump' },
    definition: {
      zh: '关键合计数较上年增长超过5倍或降至不足五分之一时提醒。',
      en: 'A key total more than five times last year’s, or below a fifth of it, is flagged.',
    },
  },
  {
    id: 'TIMELINESS',
    severity: 'error',
    scope: 'helper',
    specSection: '8',
    title: { zh: '按时发布', en: 'Published on time' },
    definition: {
      zh: '政府部门应于次年1月31日前、地方人民政府应于次年3月31日前公布年报（2018年度及以前均为3月31日）。机关层级不明时，晚于1月31日提醒，晚于3月31日报错。',
      en: 'Departments publish by 31 January of the next year, local governments by 31 March (31 March for everyone up to 2018). With the level unknown, after 31 January is a warning and after 31 March an error.',
    },
  },
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** The catalogue entry of a rule id; throws on an unknown id because that is a programming error. */
export function ruleDef(id: string): RuleDef {
  const r = BY_ID.get(id);
  if (!r) throw new Error(`Unknown rule id ${id}`);
  return r;
}
