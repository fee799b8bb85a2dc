/**
 * SQL builders of the audit workspace (strings for the `DbConnector`). Every one honours the
 * dashboard `Filters` through `filterPredicate` over `reports`, so the audit sees the selection the
 * other views see.
 */
import { filterPredicate, type Filters } from '../queries/filters';
import { sqlNumber, sqlString } from '../queries/sql';
import type { Severity } from '../model/checks';
import type { FindingStatus } from './findings';

/** What the findings table shows besides the dashboard filters. */
export interface FindingsOptions {
  /** Default `['fail']`; add `uncertain` to see what could not be decided. */
  readonly statuses?: readonly FindingStatus[];
  /** Rule ids; empty or absent = all. */
  readonly rules?: readonly string[];
  /** Empty or absent = all. */
  readonly severities?: readonly Severity[];
  /** Only these agencies (the agency audit sheet); empty or absent = all. */
  readonly agencyIds?: readonly string[];
}

const inList = (col: string, xs: readonly string[]): string => `${col} IN (${[...new Set(xs)].map(sqlString).join(', ')})`;

function findingsWhere(f: Filters, o: FindingsOptions): string {
  const statuses = o.statuses && o.statuses.length > 0 ? o.statuses : ['fail'];
  const parts = [inList('c.status', statuses), filterPredicate(f, 'r')];
  if (o.rules && o.rules.length > 0) parts.push(inList('c.rule_id', o.rules));
  if (o.severities && o.severities.length > 0) parts.push(inList('c.severity', o.severities));
  if (o.agencyIds && o.agencyIds.length > 0) parts.push(inList('r.agency_id', o.agencyIds));
  return parts.filter((p) => p !== 'TRUE').join(' AND ');
}

/**
 * Check results over the filtered corpus, one row per result, with the report's agency and region
 * (rows for `findingsFromCheckRows`). Errors first, then warnings; within, agency and year.
 */
export function findingsSql(f: Filters, o: FindingsOptions = {}): string {
  return `SELECT
  c.report_id, r.agency_id, r.agency_name, r.province, r.city, r.district, r.agency_type, r.year,
  c.rule_id, c.severity, c.status, c.scope, c.expected, c.actual, c.keys, c.message_zh, c.message_en
FROM checks c
JOIN reports r ON r.report_id = c.report_id
WHERE ${findingsWhere(f, o)}
ORDER BY CASE c.severity WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, c.status, r.agency_name, r.year, c.rule_id, c.scope`;
}

/** Dimensions the findings summary can be grouped by (a `reports` or `checks` column). */
export type SummaryDimension = 'rule_id' | 'severity' | 'province' | 'city' | 'agency_type' | 'agency_id' | 'year';

const DIMENSION_COL: Record<SummaryDimension, string> = {
  rule_id: 'c.rule_id', severity: 'c.severity', province: 'r.province', city: 'r.city', agency_type: 'r.agency_type', agency_id: 'r.agency_id', year: 'r.year',
};

/**
 * Findings counted per group: `findings` (rows), `reports` and `agencies` affected. Grouped by
 * rule (the default) the severity comes along, so the summary lists rule, severity and counts.
 */
export function findingsSummarySql(f: Filters, o: FindingsOptions = {}, by: SummaryDimension = 'rule_id'): string {
  const col = DIMENSION_COL[by];
  const extra = by === 'rule_id' ? ', any_value(c.severity) AS severity' : '';
  return `SELECT ${col} AS ${by}${extra},
  count(*) AS findings, count(DISTINCT c.report_id) AS reports, count(DISTINCT r.agency_id) AS agencies
FROM checks c
JOIN reports r ON r.report_id = c.report_id
WHERE ${findingsWhere(f, o)}
GROUP BY ${col}
ORDER BY findings DESC, ${by} NULLS LAST`;
}

/** Report contexts and published dates of the filtered reports (for timeliness, copies and scores). */
export function reportContextSql(f: Filters): string {
  return `SELECT report_id, agency_id, agency_name, province, city, district, agency_type, year, template, completeness, published_date
FROM reports
WHERE ${filterPredicate(f)}
ORDER BY agency_id, year, report_id`;
}

/**
 * Printed numeric cells of the filtered reports (derived cells left out: they are computed, so
 * equal inputs give equal values and say nothing about copying). Rows for `tableValuesFromRows`.
 */
export function tableValuesSql(f: Filters): string {
  return `SELECT c.report_id, r.agency_id, r.year, c.key, c.value
FROM cells c
JOIN reports r ON r.report_id = c.report_id
WHERE c.semantic = 'number' AND NOT c.derived AND c.value IS NOT NULL AND ${filterPredicate(f, 'r')}
ORDER BY c.report_id, c.key`;
}

/**
 * Narratives of the filtered reports from a `report_texts` table (report_id, narrative, problems),
 * which a corpus may or may not carry: check for the table before running this.
 */
export function narrativesSql(f: Filters): string {
  return `SELECT t.report_id, r.agency_id, r.year, t.narrative
FROM report_texts t
JOIN reports r ON r.report_id = t.report_id
WHERE t.narrative IS NOT NULL AND ${filterPredicate(f, 'r')}
ORDER BY r.agency_id, r.year, t.report_id`;
}

/** Whether a table of that name exists (e.g. `report_texts`): one row, column `n`. */
export function tableExistsSql(name: string): string {
  return `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ${sqlString(name)}`;
}

/** The coverage state of one agency in one year. */
export type CoverageStatus = 'present' | 'partial' | 'text_only' | 'missing';

/**
 * The coverage grid, agencies × years, one row per cell: agency_id, agency_name, province, city,
 * district, agency_type, year, status, report_id (null when missing), n_reports.
 *
 * Years: the filter's years when it names any, else every year from the first to the last of the
 * filtered reports. A report is `text_only` when its template is text_only or pre2019 (no unified
 * tables read), `partial` when it is an excerpt (completeness partial) or a STRUCT-TABLES check did
 * not pass (a table is missing or cut off), `present` otherwise. With several reports in one year
 * the best state wins (present > partial > text_only). `missing`: the agency has a report in
 * another year of the grid but none in this one.
 */
export function coverageSql(f: Filters): string {
  const pred = filterPredicate(f);
  const years = [...new Set(f.years.filter((y) => Number.isInteger(y)))].sort((a, b) => a - b);
  const yearsCte =
    years.length > 0
      ? `SELECT unnest([${years.map(sqlNumber).join(', ')}]) AS year`
      : `SELECT unnest(range(min(year), max(year) + 1)) AS year FROM r HAVING count(*) > 0`;
  return `WITH r AS (
  SELECT * FROM reports WHERE year IS NOT NULL AND ${pred}
),
yrs AS (${yearsCte}),
gaps AS (
  SELECT report_id, bool_or(rule_id = 'STRUCT-TABLES' AND status <> 'pass') AS table_gap
  FROM checks GROUP BY report_id
),
rs AS (
  SELECT r.agency_id, r.year, r.report_id,
    CASE
      WHEN r.template IN ('text_only', 'pre2019') THEN 2
      WHEN r.completeness = 'partial' OR coalesce(g.table_gap, false) THEN 1
      ELSE 0
    END AS rank
  FROM r LEFT JOIN gaps g ON g.report_id = r.report_id
),
per AS (
  SELECT agency_id, year, min(rank) AS rank, arg_min(report_id, rank::VARCHAR || report_id) AS report_id, count(*) AS n_reports
  FROM rs GROUP BY agency_id, year
),
ag AS (
  SELECT agency_id, arg_max(agency_name, year) AS agency_name, arg_max(province, year) AS province,
    arg_max(city, year) AS city, arg_max(district, year) AS district, arg_max(agency_type, year) AS agency_type
  FROM r GROUP BY agency_id
)
SELECT ag.agency_id, ag.agency_name, ag.province, ag.city, ag.district, ag.agency_type, yrs.year::INTEGER AS year,
  CASE per.rank WHEN 0 THEN 'present' WHEN 1 THEN 'partial' WHEN 2 THEN 'text_only' ELSE 'missing' END AS status,
  per.report_id, coalesce(per.n_reports, 0) AS n_reports
FROM ag CROSS JOIN yrs
LEFT JOIN per ON per.agency_id = ag.agency_id AND per.year = yrs.year
ORDER BY ag.province NULLS LAST, ag.city NULLS LAST, ag.agency_name, ag.agency_id, yrs.year`;
}
