/** 总览 Overview: KPI cards, trends by year, top agencies, check failures. */
import { REPORT_METRICS_VIEW, REPORT_ROLLUP_VIEW } from '../corpus/schema';
import { filterPredicate, type Filters } from './filters';
import { METRICS, OVERVIEW_KPIS, metric, rollupAnswers } from './metrics';
import { sqlIdent, sqlNumber } from './sql';

/**
 * One row over the selection, one column per metric (column name = metric id; default: the whole
 * catalogue); NULL where undefined. When the rollup holds the selection, the metrics that split
 * into sums are summed from its rows and only the others (the distinct count of agencies, which
 * adds up only within a year: `Rollup.perYear`) read the reports: at every change of the selection
 * the Overview's cards then read some thousand rows and one column of the reports, not every figure
 * of every selected report (bench/SCALE.md, round 20).
 */
export function metricTotalsSql(f: Filters, metricIds: readonly string[] = METRICS.map((m) => m.id)): string {
  const ms = metricIds.map(metric);
  const where = filterPredicate(f);
  // Over several years only a rollup that adds up across years (not `perYear`) holds the total.
  const rolled = new Set(rollupAnswers(f) ? ms.filter((m) => m.rollup !== undefined && m.rollup.perYear !== true) : []);
  if (rolled.size === 0) {
    const cols = ms.map((m) => `  ${m.sql} AS ${sqlIdent(m.id)}`).join(',\n');
    return `SELECT\n${cols}\nFROM ${REPORT_METRICS_VIEW}\nWHERE ${where}`;
  }
  const rest = ms.filter((m) => !rolled.has(m));
  const from = [`(\n  SELECT ${[...rolled].map((m) => `${m.rollup?.sql ?? ''} AS ${sqlIdent(m.id)}`).join(', ')}\n  FROM ${REPORT_ROLLUP_VIEW}\n  WHERE ${where}\n) r`];
  if (rest.length > 0) from.push(`(\n  SELECT ${rest.map((m) => `${m.sql} AS ${sqlIdent(m.id)}`).join(', ')}\n  FROM ${REPORT_METRICS_VIEW}\n  WHERE ${where}\n) x`);
  const cols = ms.map((m) => `  ${rolled.has(m) ? 'r' : 'x'}.${sqlIdent(m.id)}`).join(',\n');
  return `SELECT\n${cols}\nFROM ${from.join('\nCROSS JOIN ')}`;
}

/**
 * The Overview's KPI cards: `metricTotalsSql` of `OVERVIEW_KPIS` only (their first is `reports`,
 * which the selection guard reads from the same answer). The whole catalogue took twice as long, a
 * column a card does not show being as dear as one it does (10.1 against 4.5 ms natively for a
 * province at 105k reports, bench/SCALE.md round 13), and it runs at every change of the selection.
 */
export function overviewKpisSql(f: Filters): string {
  return metricTotalsSql(f, OVERVIEW_KPIS);
}

/**
 * Rows: `year` plus one column per requested metric id; years ascending; NULL = no data that year.
 * From the rollup (`v_report_rollup`) when it holds the selection and every metric splits into its
 * sums (a year's, `Rollup.perYear`, too: the rows are grouped by year): some thousand rows instead
 * of every report (a province at 10^6 reports: bench/SCALE.md, round 20). The same figures either
 * way (tests/queries/queries.test.ts).
 */
export function trendByYearSql(metricIds: readonly string[], f: Filters): string {
  const ms = metricIds.map(metric);
  const rollup = rollupAnswers(f) ? ms.map((m) => m.rollup?.sql) : [];
  const fromRollup = ms.length > 0 && rollup.length === ms.length && rollup.every((x) => x !== undefined);
  const cols = ms.map((m, i) => `,\n  ${fromRollup ? rollup[i] ?? '' : m.sql} AS ${sqlIdent(m.id)}`).join('');
  return `SELECT\n  year${cols}\nFROM ${fromRollup ? REPORT_ROLLUP_VIEW : REPORT_METRICS_VIEW}\nWHERE year IS NOT NULL AND ${filterPredicate(f)}\nGROUP BY year\nORDER BY year`;
}

/** The years a bitmap counts in {@link distinctYearsSql}: 64 of them, one bit each. */
export const YEAR_BITS = { from: 1984, to: 2047 } as const;

/**
 * `count(DISTINCT col)` for a column of years (INTEGER), per group: the years from
 * `YEAR_BITS.from` to `YEAR_BITS.to` as bits of one UBIGINT (`bit_or`, then `bit_count`), any other
 * year by a distinct count over those rows alone, so the figure is exact for any year. A distinct
 * aggregate keeps a hash table of its own per group: per agency over 10^6 reports it took 288–335
 * ms natively on one thread against 55 for a sum, and 75 this way (bench/SCALE.md, round 22).
 */
export function distinctYearsSql(col: string): string {
  const inside = `${col} BETWEEN ${sqlNumber(YEAR_BITS.from)} AND ${sqlNumber(YEAR_BITS.to)}`;
  // `& 63` keeps the shift in range on every row, as the shift is computed before the filter; a
  // group without a year in the window has no bits (NULL), which counts 0.
  return `(coalesce(bit_count(bit_or(CAST(1 AS UBIGINT) << CAST((${col} - ${sqlNumber(YEAR_BITS.from)}) & 63 AS UTINYINT)) FILTER (WHERE ${inside})), 0) + count(DISTINCT ${col}) FILTER (WHERE NOT (${inside})))`;
}

/**
 * Rows: agency_id, agency_name (latest year's), province, city, years (count), value — the metric
 * over all selected years of each agency, highest first; agencies with no value are left out.
 */
export function topAgenciesSql(metricId: string, f: Filters, limit: number): string {
  const m = metric(metricId);
  return `SELECT * FROM (
  SELECT
    agency_id,
    arg_max(agency_name, coalesce(year, 0)) AS agency_name,
    arg_max(province, coalesce(year, 0)) AS province,
    arg_max(city, coalesce(year, 0)) AS city,
    ${distinctYearsSql('year')} AS years,
    ${m.sql} AS value
  FROM ${REPORT_METRICS_VIEW}
  WHERE ${filterPredicate(f)}
  GROUP BY agency_id
) t
WHERE value IS NOT NULL
ORDER BY value DESC, agency_name, agency_id
LIMIT ${sqlNumber(Math.max(0, Math.floor(limit)))}`;
}

/**
 * Failed checks in the selection grouped by rule. Rows: rule_id, severity, failures, reports,
 * message_zh, message_en (one example message), most failures first.
 */
export function checkFailuresSql(f: Filters): string {
  return `SELECT
  c.rule_id,
  c.severity,
  count(*) AS failures,
  count(DISTINCT c.report_id) AS reports,
  min(c.message_zh) AS message_zh,
  min(c.message_en) AS message_en
FROM v_findings c
WHERE c.status = 'fail' AND ${filterPredicate(f, 'c')}
GROUP BY c.rule_id, c.severity
ORDER BY failures DESC, c.rule_id`;
}

/**
 * Individual failed checks in the selection, newest first. Rows: report_id, agency_id, agency_name,
 * year, rule_id, severity, scope, expected, actual, keys, message_zh, message_en.
 */
export function checkFailureListSql(f: Filters, limit: number): string {
  return `SELECT
  c.report_id, c.agency_id, c.agency_name, c.year, c.rule_id, c.severity, c.scope,
  c.expected, c.actual, c.keys, c.message_zh, c.message_en
FROM v_findings c
WHERE c.status = 'fail' AND ${filterPredicate(f, 'c')}
ORDER BY c.year DESC NULLS LAST, c.agency_name, c.rule_id, c.scope
LIMIT ${sqlNumber(Math.max(0, Math.floor(limit)))}`;
}

/** What the Overview view shows: the chart's top agencies, its trend metrics and the length of its failure list. */
export const OVERVIEW = {
  topMetric: 'requests_received',
  top: 15,
  trend: ['requests_received', 'results_total'],
  rates: ['disclosure_rate', 'review_litigation_correction_rate'],
  checkList: 30,
} as const;

/**
 * Every statement the Overview view runs for the filters, in the order its cards ask. The view
 * builds its queries from these very calls, so a warm-start file written from this list answers
 * the first screen before DuckDB has started (see src/corpus/warm.ts).
 */
export function overviewSqls(f: Filters): string[] {
  return [
    overviewKpisSql(f),
    topAgenciesSql(OVERVIEW.topMetric, f, OVERVIEW.top),
    checkFailuresSql(f),
    checkFailureListSql(f, OVERVIEW.checkList),
    overviewTrendsSql(f),
  ];
}

/**
 * Both trend charts of the Overview (counts and rates) from one statement: each reads its own
 * columns. Two statements grouping the same rows by year cost half as much again as one (6.6
 * against 4.5 ms natively for a province at 105k reports, bench/SCALE.md round 13).
 */
export function overviewTrendsSql(f: Filters): string {
  return trendByYearSql([...OVERVIEW.trend, ...OVERVIEW.rates], f);
}
