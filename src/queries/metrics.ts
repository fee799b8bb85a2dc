/**
 * The metric catalogue: every number the dashboard charts, as data. Each `sql` is an aggregate
 * expression over `v_reports` (reports joined with the wide report_values), so any builder can
 * group it by year, agency, city… Blank and `/` cells are NULL in report_values, so a metric over
 * years whose template lacks the cell is NULL (a gap), never 0; a rate with a zero denominator is NULL.
 */
import { REPORT_VALUES, REPORTS } from '../corpus/schema';
import type { TemplateVersion } from '../model/template';
import { keyToColumn } from '../model/template';
import type { Filters } from './filters';

export type MetricUnit = 'count' | 'rate' | 'yuan' | 'wan_yuan';

export interface MetricDef {
  /** Stable id, also used as the result column name (snake_case). */
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly unit: MetricUnit;
  /** Aggregate SQL expression over `v_reports`. */
  readonly sql: string;
  /**
   * A row predicate that decides whether `sql` has a value: over any group of reports, `sql` is
   * non-NULL exactly when some report of the group satisfies it. Absent where no test of one row
   * decides it (a rate is NULL when its denominator sums to 0). Lets a builder find the latest year
   * with a figure in one pass over the reports instead of aggregating every member and year.
   */
  readonly present?: string;
  /**
   * `sql` over a group's rows that satisfy `cond` (a row predicate), as `sql` over those rows alone
   * gives it: NULL for a group without one (a count of no rows is NULL here, not 0). Lets a builder
   * take one year's figure and every member in one aggregation (Compare by agency, bench/SCALE.md
   * rounds 16 and 20).
   */
  readonly sqlWhere: (cond: string) => string;
  /**
   * `sql` and `sqlWhere` over one agency's reports, where a cheaper form gives the same figure:
   * the distinct count of agencies is 1 over any of them. Compare by agency groups every agency, and
   * a distinct count keeps a set per group (10^6 reports, native, one thread: about 280 ms, against
   * 160 for the report count; bench/SCALE.md, round 22).
   */
  readonly perAgency?: Pick<MetricDef, 'sql' | 'sqlWhere'>;
  /**
   * The metric over the selection's rollup (`v_report_rollup`: one row per year, province, city,
   * agency type and template; `ROLLUP_KEYS`) instead of its reports: `parts` are the aggregates over
   * reports the rollup stores per row (column name, expression), `sql` the aggregate over rollup
   * rows that gives what `sql` gives over the same reports, over none too (over the reports of one
   * year only where `perYear` says so). Absent where no such split exists.
   */
  readonly rollup?: Rollup;
  /** Template versions whose tables hold the figure. */
  readonly templates: readonly TemplateVersion[];
  /** Plain-language definition shown next to every chart. */
  readonly definition: { readonly zh: string; readonly en: string };
}

const col = (key: string): string => keyToColumn(key);

/** {@link MetricDef.rollup}. */
export interface Rollup {
  readonly parts: readonly (readonly [name: string, sql: string])[];
  readonly sql: string;
  /**
   * `sql` gives the metric only over rollup rows of one year, so only a statement grouped by year
   * may read it (Compare, the trends; not the Overview's cards over several years): the distinct
   * count of agencies, which adds up across a year's rows (`ROLLUP_SPLIT`) but not across years.
   */
  readonly perYear?: true;
}

/**
 * What a row of the rollup (`v_report_rollup`) is keyed by: every field the filter bar selects on
 * but the district and the agency's name, so the rollup answers any selection without those two
 * (`rollupAnswers`). Not the district: at 10^6 reports it would make 66,080 rows instead of 7,553.
 */
export const ROLLUP_KEYS = ['year', 'province', 'city', 'agency_type', 'template'] as const;

/**
 * The rollup's last key: NULL on every row but those of a split agency-year, one whose reports
 * that year fall under different `ROLLUP_KEYS` (two cities, say), which are kept apart per agency
 * and carry its id here. A year's rows then count each agency once (the `agencies` metric) however
 * they are selected; in the corpora measured no agency-year is split, so the rows are the same.
 */
export const ROLLUP_SPLIT = 'split_agency';

/** The keys of a rollup row: `ROLLUP_KEYS`, then `ROLLUP_SPLIT`. */
export const ROLLUP_ROW_KEYS: readonly string[] = [...ROLLUP_KEYS, ROLLUP_SPLIT];

/**
 * The rollup of a metric that is one sum over reports (NULL over none): the rollup stores the sum
 * per row under the metric's id, and the sum of those sums is the metric (NULL where every row's is).
 */
const summedRollup = (id: string, sql: string): Rollup => ({ parts: [[id, sql]], sql: `sum(${id})` });

/**
 * Sum of several columns per report, over the reports that print at least one of them: a report
 * with every one blank adds nothing, and a selection where all are blank gives NULL, not 0.
 */
function sumOf(keys: readonly string[], cond?: string): string {
  if (keys.length === 1) return `sum(${col(keys[0] ?? '')})${cond === undefined ? '' : ` FILTER (WHERE ${cond})`}`;
  const cols = keys.map(col);
  return `sum(${cols.map((c) => `coalesce(${c}, 0)`).join(' + ')}) FILTER (WHERE ${cond === undefined ? anyPresent(cols) : `(${anyPresent(cols)}) AND (${cond})`})`;
}

const anyPresent = (cols: readonly string[]): string => cols.map((c) => `${c} IS NOT NULL`).join(' OR ');

type Summed = Required<Pick<MetricDef, 'sql' | 'present' | 'sqlWhere' | 'rollup'>>;

/** {@link sumOf} with its presence test and rollup: a sum is non-NULL when some report prints one of the cells. */
function summed(id: string, keys: readonly string[]): Summed {
  const sql = sumOf(keys);
  return { sql, present: anyPresent(keys.map(col)), sqlWhere: (cond) => sumOf(keys, cond), rollup: summedRollup(id, sql) };
}

/** `sum(coalesce(a, b))`, the figure of whichever template prints one, with its presence test and rollup. */
function summedEither(id: string, a: string, b: string): Summed {
  const either = `coalesce(${col(a)}, ${col(b)})`;
  const sql = `sum(${either})`;
  return { sql, present: `${either} IS NOT NULL`, sqlWhere: (cond) => `sum(${either}) FILTER (WHERE ${cond})`, rollup: summedRollup(id, sql) };
}

/**
 * Pooled rate over the reports that print both a numerator cell and the denominator (a report
 * that leaves the numerator blank says nothing about it: blank is not 0); NULL when the
 * denominator's sum is 0 or no report qualifies.
 */
function rate(id: string, numKeys: readonly string[], denKeys: readonly string[]): Pick<MetricDef, 'sql' | 'sqlWhere' | 'rollup'> {
  const anyOf = (cols: readonly string[]): string => (cols.length === 1 ? `${cols[0] ?? ''} IS NOT NULL` : `(${cols.map((c) => `${c} IS NOT NULL`).join(' OR ')})`);
  const numCols = numKeys.map(col);
  const denCols = denKeys.map(col);
  const has = `${anyOf(numCols)} AND ${anyOf(denCols)}`;
  const num = numCols.map((c) => `coalesce(${c}, 0)`).join(' + ');
  const den = denCols.map((c) => `coalesce(${c}, 0)`).join(' + ');
  const parts = [[`${id}__num`, `sum(${num}) FILTER (WHERE ${has})`], [`${id}__den`, `sum(${den}) FILTER (WHERE ${has})`]] as const;
  const over = (cond: string): string => `sum(${num}) FILTER (WHERE ${has} AND (${cond})) / nullif(sum(${den}) FILTER (WHERE ${has} AND (${cond})), 0)`;
  // The rollup keeps numerator and denominator apart: a rate of rates would weigh rows, not reports.
  return {
    sql: `${parts[0][1]} / nullif(${parts[1][1]}, 0)`,
    sqlWhere: over,
    rollup: { parts, sql: `sum(${parts[0][0]}) / nullif(sum(${parts[1][0]}), 0)` },
  };
}

const R = 'requests.results';
const DENIED = [
  'state_secret', 'prohibited_by_law', 'endangers_security_stability', 'third_party_rights',
  'internal_affairs', 'process_info', 'enforcement_files', 'admin_query',
].map((r) => `${R}.denied.${r}.total`);
const UNABLE = ['not_held', 'requires_creation', 'unclear_after_correction'].map((r) => `${R}.unable.${r}.total`);
const REVIEW = 'review_litigation.admin_review';
const LIT = ['review_litigation.litigation_direct', 'review_litigation.litigation_after_review'];
const BOTH: readonly TemplateVersion[] = ['v2019', 'v2021'];

const RATE_NOTE = {
  zh: '；只计同时填报分子与分母的报告，分母为 0 时不计算',
  en: '; only reports printing both numerator and denominator count; not computed when the denominator is 0',
};
const rateDef = (zh: string, en: string): { zh: string; en: string } => ({ zh: zh + RATE_NOTE.zh, en: en + RATE_NOTE.en });

export const METRICS: readonly MetricDef[] = [
  {
    id: 'reports', zh: '报告数', en: 'Reports', unit: 'count', sql: 'count(*)', present: 'TRUE', templates: BOTH,
    // A count over no row is 0; over some rows it is at least 1, so 0 means none.
    sqlWhere: (cond) => `nullif(count(*) FILTER (WHERE ${cond}), 0)`,
    // A sum of counts is HUGEINT, which the browser engine would hand over as a non-number; over no
    // row of the rollup it is NULL, where a count of no report is 0.
    rollup: { parts: [['reports', 'count(*)']], sql: 'coalesce(CAST(sum(reports) AS BIGINT), 0)' },
    definition: { zh: '所选范围内的年报份数', en: 'Number of annual reports in the selection' },
  },
  {
    id: 'agencies', zh: '机构数', en: 'Agencies', unit: 'count', sql: 'count(DISTINCT agency_id)', present: 'TRUE', templates: BOTH,
    sqlWhere: (cond) => `nullif(count(DISTINCT agency_id) FILTER (WHERE ${cond}), 0)`,
    // One agency's reports (agency_id never NULL there): 1 when there is one, 0 or NULL as above when not.
    perAgency: { sql: 'least(count(*), 1)', sqlWhere: (cond) => `nullif(least(count(*) FILTER (WHERE ${cond}), 1), 0)` },
    // Within one year an agency's reports share one rollup row unless they differ in region, type or
    // template; such an agency-year has rows of its own (`ROLLUP_SPLIT`) and counts once. Across
    // years an agency counts once, not once a year: hence `perYear`. A count over no row is 0.
    rollup: {
      parts: [['agencies', 'count(DISTINCT agency_id)']],
      sql: `CAST(coalesce(sum(agencies) FILTER (WHERE ${ROLLUP_SPLIT} IS NULL), 0) + count(DISTINCT ${ROLLUP_SPLIT}) AS BIGINT)`,
      perYear: true,
    },
    definition: { zh: '所选范围内发布年报的不同机构数', en: 'Distinct agencies with a report in the selection' },
  },
  {
    id: 'requests_received', zh: '本年新收申请', en: 'Requests received', unit: 'count',
    ...summed('requests_received', ['requests.new_received.total']), templates: BOTH,
    definition: { zh: '表三“本年新收政府信息公开申请数量”总计列之和', en: 'Sum of table 3 "new requests received this year", total column' },
  },
  {
    id: 'carried_over', zh: '上年结转申请', en: 'Carried over', unit: 'count',
    ...summed('carried_over', ['requests.carried_over.total']), templates: BOTH,
    definition: { zh: '表三“上年结转政府信息公开申请数量”总计列之和', en: 'Sum of table 3 "carried over from last year", total column' },
  },
  {
    id: 'carried_forward', zh: '结转下年度', en: 'Carried forward', unit: 'count',
    ...summed('carried_forward', ['requests.carried_forward.total']), templates: BOTH,
    definition: { zh: '表三“结转下年度继续办理”总计列之和', en: 'Sum of table 3 "carried forward to next year", total column' },
  },
  {
    id: 'results_total', zh: '办理结果总计', en: 'Requests answered', unit: 'count',
    ...summed('results_total', [`${R}.total.total`]), templates: BOTH,
    definition: { zh: '表三“（七）总计”总计列之和', en: 'Sum of table 3 "results total", total column' },
  },
  {
    id: 'disclosure_rate', zh: '公开率', en: 'Disclosure rate', unit: 'rate',
    ...rate('disclosure_rate', [`${R}.granted.total`, `${R}.partially_granted.total`], [`${R}.total.total`]), templates: BOTH,
    definition: rateDef('公开率 = (予以公开 + 部分公开) / 办理结果总计', 'Disclosure rate = (granted + partially granted) / results total'),
  },
  {
    id: 'denial_rate', zh: '不予公开率', en: 'Denial rate', unit: 'rate',
    ...rate('denial_rate', DENIED, [`${R}.total.total`]), templates: BOTH,
    definition: rateDef('不予公开率 = 不予公开（8 项理由之和）/ 办理结果总计', 'Denial rate = denied (sum of the 8 reasons) / results total'),
  },
  {
    id: 'unable_rate', zh: '无法提供率', en: 'Unable-to-provide rate', unit: 'rate',
    ...rate('unable_rate', UNABLE, [`${R}.total.total`]), templates: BOTH,
    definition: rateDef('无法提供率 = 无法提供（3 项之和）/ 办理结果总计', 'Unable-to-provide rate = unable to provide (sum of the 3 cases) / results total'),
  },
  {
    id: 'admin_reviews', zh: '行政复议', en: 'Administrative reviews', unit: 'count',
    ...summed('admin_reviews', [`${REVIEW}.total`]), templates: BOTH,
    definition: { zh: '表四行政复议“总计”之和', en: 'Sum of table 4 administrative review totals' },
  },
  {
    id: 'lawsuits', zh: '行政诉讼', en: 'Lawsuits', unit: 'count',
    ...summed('lawsuits', LIT.map((g) => `${g}.total`)), templates: BOTH,
    definition: {
      zh: '表四行政诉讼总计之和（未经复议直接起诉 + 复议后起诉）',
      en: 'Sum of table 4 litigation totals (direct + after review)',
    },
  },
  {
    id: 'review_correction_rate', zh: '复议纠错率', en: 'Review correction rate', unit: 'rate',
    ...rate('review_correction_rate', [`${REVIEW}.corrected`], [`${REVIEW}.total`]), templates: BOTH,
    definition: rateDef('复议纠错率 = 行政复议结果纠正 / 行政复议总计', 'Review correction rate = reviews corrected / review total'),
  },
  {
    id: 'litigation_correction_rate', zh: '诉讼纠错率', en: 'Litigation correction rate', unit: 'rate',
    ...rate('litigation_correction_rate', LIT.map((g) => `${g}.corrected`), LIT.map((g) => `${g}.total`)), templates: BOTH,
    definition: rateDef(
      '诉讼纠错率 = 行政诉讼结果纠正 / 行政诉讼总计（直接起诉与复议后起诉合计）',
      'Litigation correction rate = lawsuits corrected / lawsuit total (direct and after review)',
    ),
  },
  {
    id: 'review_litigation_correction_rate', zh: '复议诉讼纠错率', en: 'Review & litigation correction rate', unit: 'rate',
    ...rate('review_litigation_correction_rate', [REVIEW, ...LIT].map((g) => `${g}.corrected`), [REVIEW, ...LIT].map((g) => `${g}.total`)), templates: BOTH,
    definition: rateDef(
      '复议诉讼纠错率 = (复议纠正 + 诉讼纠正) / (复议总计 + 诉讼总计)',
      'Review & litigation correction rate = (reviews + lawsuits corrected) / (review + lawsuit totals)',
    ),
  },
  {
    id: 'regulations_issued', zh: '规章制发', en: 'Regulations issued', unit: 'count',
    ...summedEither('regulations_issued', 'active.art20_1.regulations.issued', 'active.art20_1.regulations.new_made'), templates: BOTH,
    definition: {
      zh: '规章本年制发件数（2021 版）或本年新制作数量（2019 版）之和',
      en: 'Regulations issued this year (v2021) or newly made (v2019), summed',
    },
  },
  {
    id: 'normative_docs_issued', zh: '规范性文件制发', en: 'Normative documents issued', unit: 'count',
    ...summedEither('normative_docs_issued', 'active.art20_1.normative_docs.issued', 'active.art20_1.normative_docs.new_made'), templates: BOTH,
    definition: {
      zh: '行政规范性文件本年制发件数（2021 版）或本年新制作数量（2019 版）之和',
      en: 'Normative documents issued this year (v2021) or newly made (v2019), summed',
    },
  },
  {
    id: 'normative_docs_in_force', zh: '现行有效规范性文件', en: 'Normative documents in force', unit: 'count',
    ...summed('normative_docs_in_force', ['active.art20_1.normative_docs.in_force']), templates: ['v2021'],
    definition: { zh: '行政规范性文件现行有效件数之和（仅 2021 版模板有此栏）', en: 'Normative documents in force, summed (v2021 template only)' },
  },
  {
    id: 'licensing_decisions', zh: '行政许可决定', en: 'Licensing decisions', unit: 'count',
    ...summed('licensing_decisions', ['active.art20_5.admin_licensing.decisions']), templates: BOTH,
    definition: { zh: '行政许可处理决定数量之和', en: 'Administrative licensing decisions, summed' },
  },
  {
    id: 'penalty_decisions', zh: '行政处罚决定', en: 'Penalty decisions', unit: 'count',
    ...summed('penalty_decisions', ['active.art20_6.admin_penalty.decisions']), templates: BOTH,
    definition: { zh: '行政处罚处理决定数量之和', en: 'Administrative penalty decisions, summed' },
  },
  {
    id: 'coercion_decisions', zh: '行政强制决定', en: 'Coercion decisions', unit: 'count',
    ...summed('coercion_decisions', ['active.art20_6.admin_coercion.decisions']), templates: BOTH,
    definition: { zh: '行政强制处理决定数量之和', en: 'Administrative coercion decisions, summed' },
  },
  {
    id: 'fee_total', zh: '行政事业性收费金额', en: 'Administrative fees', unit: 'wan_yuan',
    ...summed('fee_total', ['active.art20_8.admin_fees.amount_wan_yuan']), templates: ['v2021'],
    definition: {
      zh: '行政事业性收费本年收费金额之和（万元；仅 2021 版模板有此栏）',
      en: 'Administrative fees collected, summed (10k yuan; v2021 template only)',
    },
  },
  {
    id: 'procurement_total', zh: '政府集中采购金额', en: 'Central procurement amount', unit: 'yuan',
    ...summed('procurement_total', ['active.art20_9.central_procurement.total_amount_yuan']), templates: ['v2019'],
    definition: {
      zh: '政府集中采购总金额之和（按单元格所印元/万元/亿元折算为元；仅 2019 版模板有此栏）',
      en: 'Central government procurement, summed (converted to yuan from the printed 元/万元/亿元; v2019 template only)',
    },
  },
  {
    id: 'check_failures', zh: '检查未通过', en: 'Check failures', unit: 'count',
    // INTEGER sums are HUGEINT, which the browser engine would hand over as a non-number.
    sql: 'CAST(sum(n_checks_failed) AS DOUBLE)', present: 'n_checks_failed IS NOT NULL', templates: BOTH,
    sqlWhere: (cond) => `CAST(sum(n_checks_failed) FILTER (WHERE ${cond}) AS DOUBLE)`,
    rollup: summedRollup('check_failures', 'CAST(sum(n_checks_failed) AS DOUBLE)'),
    definition: { zh: '所选年报中未通过的一致性检查条数', en: 'Consistency checks failed by the selected reports' },
  },
];

const BY_ID = new Map(METRICS.map((m) => [m.id, m]));

/** The metric with this id, or undefined (ids come from URLs: never trust them). */
export function findMetric(id: string): MetricDef | undefined {
  return BY_ID.get(id);
}

/** The metric with this id; throws for an unknown id (a programming error in a builder's caller). */
export function metric(id: string): MetricDef {
  const m = BY_ID.get(id);
  if (!m) throw new Error(`unknown metric ${id}`);
  return m;
}

/** The columns of `v_reports`: the report's fields and its wide values (report_id once). */
const V_REPORTS_COLUMNS: ReadonlySet<string> = new Set([...REPORTS.columns, ...REPORT_VALUES.columns].map((c) => c.name));

/**
 * The `v_reports` columns a metric reads (its `sql` and `present`), in order of first use: what a
 * builder that reads the reports once and aggregates them several times selects (`compareRankedSql`).
 */
export function metricColumns(m: Pick<MetricDef, 'sql' | 'present'>): string[] {
  const words = `${m.sql} ${m.present ?? ''}`.match(/[a-z_][a-z0-9_]*/g) ?? [];
  return [...new Set(words.filter((w) => V_REPORTS_COLUMNS.has(w)))];
}

/**
 * The columns of `v_report_metrics` (`REPORT_METRICS_VIEW`): every field of the report (what the
 * filters, labels and groupings read) and every figure a metric of the catalogue reads, in the
 * order of `v_reports`.
 */
export const REPORT_METRICS_COLUMNS: readonly string[] = (() => {
  const read = new Set(METRICS.flatMap((m) => metricColumns(m)));
  return [...REPORTS.columns.map((c) => c.name), ...REPORT_VALUES.columns.map((c) => c.name).filter((c) => c !== 'report_id' && read.has(c))];
})();

/** Every column the rollup stores past its keys, in catalogue order: each metric's parts, once. */
export const ROLLUP_PARTS: readonly (readonly [name: string, sql: string])[] = (() => {
  const parts = new Map<string, string>();
  for (const m of METRICS) {
    for (const [name, sql] of m.rollup?.parts ?? []) {
      if (parts.has(name) && parts.get(name) !== sql) throw new Error(`rollup part ${name} defined twice`);
      parts.set(name, sql);
    }
  }
  return [...parts];
})();

/**
 * The rollup of the reports `source` names (a view or table with `v_report_metrics`' columns): the
 * agency-years whose reports span two rows' keys found first (`ROLLUP_SPLIT`), then every report
 * grouped by `ROLLUP_ROW_KEYS`.
 */
export function rollupSelectSql(source: string): string {
  const others = ROLLUP_KEYS.filter((k) => k !== 'year');
  return `WITH split AS (
  SELECT agency_id, year
  FROM ${source}
  WHERE agency_id IS NOT NULL AND year IS NOT NULL
  GROUP BY agency_id, year
  HAVING count(DISTINCT {${others.map((k) => `'${k}': ${k}`).join(', ')}}) > 1
)
SELECT ${ROLLUP_ROW_KEYS.join(', ')}, ${ROLLUP_PARTS.map(([name, sql]) => `${sql} AS ${name}`).join(', ')}
FROM (
  SELECT r.*, s.agency_id AS ${ROLLUP_SPLIT}
  FROM ${source} r
  LEFT JOIN split s ON s.agency_id = r.agency_id AND s.year = r.year
)
GROUP BY ${ROLLUP_ROW_KEYS.join(', ')}`;
}

/** Whether the rollup holds the selection `f` whole: it has no row per district or agency name. */
export function rollupAnswers(f: Pick<Filters, 'district' | 'agencyQuery'>): boolean {
  return f.district === null && f.agencyQuery.trim() === '';
}

/** The KPI cards of the overview, in display order. */
export const OVERVIEW_KPIS: readonly string[] = [
  'reports', 'agencies', 'requests_received', 'disclosure_rate', 'review_litigation_correction_rate', 'procurement_total', 'fee_total', 'check_failures',
];
