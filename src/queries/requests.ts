/** 依申请 Requests: outcome composition, applicant mix, carry-over (table 三). */
import { keyToColumn, REQUEST_COLUMNS, REQUEST_ROWS_V2019, REQUEST_ROWS_V2021 } from '../model/template';
import { filterPredicate, type Filters } from './filters';
import { sqlIdent, sqlString, unnestPairs } from './sql';

/** The coarse outcome groups of table 三, in printed order. */
export type OutcomeGroup = 'granted' | 'partially_granted' | 'denied' | 'unable' | 'not_processed' | 'other';

export interface OutcomeDef {
  /** Row key without the `requests.` prefix, e.g. `results.denied.state_secret`. */
  readonly key: string;
  readonly group: OutcomeGroup;
  readonly zh: string;
  readonly en: string;
}

const rowByKey = new Map([...REQUEST_ROWS_V2019, ...REQUEST_ROWS_V2021].map((r) => [r.key, r]));

function groupOf(key: string): OutcomeGroup {
  const g = key.split('.')[1];
  switch (g) {
    case 'granted':
    case 'partially_granted':
    case 'denied':
    case 'unable':
    case 'not_processed':
      return g;
    default:
      return 'other';
  }
}

/**
 * The outcomes in printed order. 其他处理 is one total for both templates (v2019 prints it; for
 * v2021 the corpus derives it from its three rows), so the two versions compare.
 */
export const REQUEST_OUTCOMES: readonly OutcomeDef[] = REQUEST_ROWS_V2019
  .filter((r) => r.key.startsWith('results.') && r.key !== 'results.total')
  .map((r) => ({ key: r.key, group: groupOf(r.key), zh: r.zh, en: r.en }));

/** Applicant types (columns of table 三 other than 总计). */
export const APPLICANT_TYPES = REQUEST_COLUMNS.filter((c) => c.key !== 'total');

const totalCol = (rowKey: string): string => keyToColumn(`requests.${rowKey}.total`);

function labelValues(items: readonly { id: string; group?: string; zh: string; en: string }[]): string {
  return items
    .map((o, i) => `(${sqlString(o.id)}, ${sqlString(o.group ?? o.id)}, ${String(i)}, ${sqlString(o.zh)}, ${sqlString(o.en)})`)
    .join(',\n    ');
}

/**
 * Outcome composition. Rows: [year,] outcome (row key), grp (OutcomeGroup), ord, label_zh, label_en,
 * value, share (of the outcomes' sum in the same year, or overall). Outcomes nobody printed are absent.
 */
export function requestOutcomesSql(f: Filters, groupBy: 'year' | 'none'): string {
  const byYear = groupBy === 'year';
  const sums = REQUEST_OUTCOMES.map((o) => `sum(${totalCol(o.key)}) AS ${sqlIdent(o.key)}`).join(',\n    ');
  const items = REQUEST_OUTCOMES.map((o) => ({ id: o.key, group: o.group, zh: rowByKey.get(o.key)?.zh ?? o.zh, en: o.en }));
  return `WITH agg AS (
  SELECT${byYear ? '\n    year,' : ''}
    ${sums}
  FROM v_reports
  WHERE ${byYear ? 'year IS NOT NULL AND ' : ''}${filterPredicate(f)}${byYear ? '\n  GROUP BY year' : ''}
),
long AS (
  SELECT${byYear ? ' year,' : ''} ${unnestPairs(REQUEST_OUTCOMES.map((o) => o.key), 'agg', 'outcome', 'value')}
  FROM agg
),
labels(outcome, grp, ord, label_zh, label_en) AS (
  VALUES
    ${labelValues(items)}
)
SELECT${byYear ? ' l2.year,' : ''} l.outcome, l.grp, l.ord, l.label_zh, l.label_en, l2.value,
  l2.value / nullif(sum(l2.value) OVER (${byYear ? 'PARTITION BY l2.year' : ''}), 0) AS share
FROM long l2
JOIN labels l USING (outcome)
WHERE l2.value IS NOT NULL
ORDER BY ${byYear ? 'l2.year, ' : ''}l.ord`;
}

/** Applicant mix of new requests. Rows: year, applicant, ord, label_zh, label_en, value, share (of the year's sum). */
export function applicantMixSql(f: Filters): string {
  const sums = APPLICANT_TYPES.map((c) => `sum(${keyToColumn(`requests.new_received.${c.key}`)}) AS ${sqlIdent(c.key)}`).join(',\n    ');
  const items = APPLICANT_TYPES.map((c) => ({ id: c.key, zh: c.zh, en: c.en }));
  return `WITH agg AS (
  SELECT
    year,
    ${sums}
  FROM v_reports
  WHERE year IS NOT NULL AND ${filterPredicate(f)}
  GROUP BY year
),
long AS (
  SELECT year, ${unnestPairs(APPLICANT_TYPES.map((c) => c.key), 'agg', 'applicant', 'value')}
  FROM agg
),
labels(applicant, grp, ord, label_zh, label_en) AS (
  VALUES
    ${labelValues(items)}
)
SELECT l2.year, l.applicant, l.ord, l.label_zh, l.label_en, l2.value,
  l2.value / nullif(sum(l2.value) OVER (PARTITION BY l2.year), 0) AS share
FROM long l2
JOIN labels l USING (applicant)
WHERE l2.value IS NOT NULL
ORDER BY l2.year, l.ord`;
}

/**
 * Carry-over by year. Rows: year, reports, carried_over (上年结转), new_received, results_total,
 * carried_forward (结转下年度); NULL where no selected report of that year prints the row.
 */
export function carryOverSql(f: Filters): string {
  return `SELECT
  year,
  count(*) AS reports,
  sum(${totalCol('carried_over')}) AS carried_over,
  sum(${totalCol('new_received')}) AS new_received,
  sum(${totalCol('results.total')}) AS results_total,
  sum(${totalCol('carried_forward')}) AS carried_forward
FROM v_reports
WHERE year IS NOT NULL AND ${filterPredicate(f)}
GROUP BY year
ORDER BY year`;
}
