/**
 * SQL builders of the audit workspace (strings for the `DbConnector`). Every one honours the
 * dashboard `Filters` through `filterPredicate` over `reports`, so the audit sees the selection the
 * other views see.
 */
import { EMPTY_FILTERS, filterPredicate, type Filters } from '../queries/filters';
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
  /**
   * No row when the selection holds more reports than this (`atMostSql`): the audit asks its
   * findings together with its count, before it knows whether the selection gets the full audit.
   */
  readonly atMost?: number;
}

const inList = (col: string, xs: readonly string[]): string => `${col} IN (${[...new Set(xs)].map(sqlString).join(', ')})`;

function findingsWhere(f: Filters, o: FindingsOptions): string {
  const statuses = o.statuses && o.statuses.length > 0 ? o.statuses : ['fail'];
  const parts = [inList('c.status', statuses), filterPredicate(f, 'c')];
  if (o.rules && o.rules.length > 0) parts.push(inList('c.rule_id', o.rules));
  if (o.severities && o.severities.length > 0) parts.push(inList('c.severity', o.severities));
  if (o.agencyIds && o.agencyIds.length > 0) parts.push(inList('c.agency_id', o.agencyIds));
  return parts.filter((p) => p !== 'TRUE').join(' AND ') + atMostSql(f, o.atMost);
}

/**
 * ` AND <the selection holds at most atMost reports>` (`selectionCountSql`'s count, which the engine
 * computes once per statement), or '' without a limit: a statement so guarded gives no row for a
 * larger selection, so it can be asked before the page has read the count.
 */
export function atMostSql(f: Filters, atMost: number | undefined): string {
  return atMost === undefined ? '' : ` AND (${selectionCountSql(f)}) <= ${sqlNumber(Math.max(0, Math.floor(atMost)))}`;
}

/**
 * Check results over the filtered corpus, one row per result, with the report's agency and region
 * (rows for `findingsFromCheckRows`). Errors first, then warnings; within, agency and year. From
 * `v_findings`, which carries each finding's report columns (a prebuilt database stores it).
 */
export function findingsSql(f: Filters, o: FindingsOptions = {}): string {
  return `SELECT
  c.report_id, c.agency_id, c.agency_name, c.province, c.city, c.district, c.agency_type, c.year,
  c.rule_id, c.severity, c.status, c.scope, c.expected, c.actual, c.keys, c.message_zh, c.message_en
FROM v_findings c
WHERE ${findingsWhere(f, o)}
ORDER BY CASE c.severity WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, c.status, c.agency_name, c.year, c.rule_id, c.scope`;
}

/** Dimensions the findings summary can be grouped by (a `v_findings` column: the check's own, or its report's). */
export type SummaryDimension = 'rule_id' | 'severity' | 'province' | 'city' | 'agency_type' | 'agency_id' | 'year';

/**
 * Findings counted per group: `findings` (rows), `reports` and `agencies` affected. Grouped by
 * rule (the default) the severity comes along, so the summary lists rule, severity and counts.
 */
export function findingsSummarySql(f: Filters, o: FindingsOptions = {}, by: SummaryDimension = 'rule_id'): string {
  const col = `c.${by}`;
  const extra = by === 'rule_id' ? ', any_value(c.severity) AS severity' : '';
  return `SELECT ${col} AS ${by}${extra},
  count(*) AS findings, count(DISTINCT c.report_id) AS reports, count(DISTINCT c.agency_id) AS agencies
FROM v_findings c
WHERE ${findingsWhere(f, o)}
GROUP BY ${col}
ORDER BY findings DESC, ${by} NULLS LAST`;
}

/** Where the selection's narratives are listed: a prebuilt database's `v_narrative_reports`, `report_texts`, or nowhere. */
export type NarrativeSource = 'stored' | 'texts' | null;

/**
 * The filtered reports, one row each, in no particular order: their context and published dates
 * (timeliness, copies, scores), what the coverage grid reads (`template`, `completeness`,
 * `tables_gap`: a STRUCT-TABLES check did not pass), and `has_narrative` (pairing the narratives
 * needs only agency and year; false when `narratives` is null). One statement for all of it: the
 * grid and the narrative list were two more statements re-reading the same reports (bench/SCALE.md,
 * round 9). Every reader of the rows is order-free (the grid, the late reports, `consecutivePairs`
 * pick by id and sort what they show), so the engine does not sort them: ordered by agency, year
 * and report id, a province's 7,273 rows took 12–16 ms in the browser at 105k instead of 10–12
 * (bench/SCALE.md, round 16).
 */
export function reportContextSql(f: Filters, narratives: NarrativeSource = null, storedFlags = false, atMost?: number): string {
  const pred = filterPredicate(f);
  // With `atMost`, a selection of more reports gives no row.
  const where = pred + atMostSql(f, atMost);
  // A hot file with the audit's region layout stores both flags with each report (`v_audit_reports`).
  if (storedFlags) {
    return `SELECT report_id, agency_id, agency_name, province, city, district, agency_type, year, template, completeness, published_date,
  audit_tables_gap AS tables_gap, ${narratives === null ? 'false' : 'audit_has_narrative'} AS has_narrative
FROM v_audit_reports
WHERE ${where}`;
  }
  const has = narratives === 'stored' ? 'report_id IN (SELECT report_id FROM v_narrative_reports)'
    : narratives === 'texts' ? 'report_id IN (SELECT report_id FROM report_texts WHERE narrative IS NOT NULL)'
    : 'false';
  // v_findings carries each finding's report columns, so the selection is a filter there, not a probe.
  return `SELECT report_id, agency_id, agency_name, province, city, district, agency_type, year, template, completeness, published_date,
  report_id IN (SELECT report_id FROM v_findings WHERE rule_id = 'STRUCT-TABLES' AND ${pred}) AS tables_gap,
  ${has} AS has_narrative
FROM reports
WHERE ${where}`;
}

/** The selection's number of reports (column `n`): what decides between the full audit and its overview. */
export function selectionCountSql(f: Filters): string {
  return `SELECT count(*) AS n FROM reports WHERE ${filterPredicate(f)}`;
}

/**
 * Printed numeric cells of the filtered reports (derived cells left out: they are computed, so
 * equal inputs give equal values and say nothing about copying). Rows for `tableValuesFromRows`:
 * the input of the JS reference `identicalTables`. O(cells) rows: the audit itself runs
 * `identicalTablesSql` instead.
 */
export function tableValuesSql(f: Filters): string {
  return `SELECT c.report_id, r.agency_id, r.year, c.key, c.value
FROM cells c
JOIN reports r ON r.report_id = c.report_id
WHERE c.semantic = 'number' AND NOT c.derived AND c.value IS NOT NULL AND ${filterPredicate(f, 'r')}
ORDER BY c.report_id, c.key`;
}

/** The filter's province and city as `alias.province = … AND ` (empty when neither is chosen). */
function regionPredicate(f: Filters, alias: string): string {
  const region: Filters = { ...EMPTY_FILTERS, province: f.province, city: f.city };
  const p = filterPredicate(region, alias);
  return p === 'TRUE' ? '' : `${p} AND `;
}

/**
 * The SQL twin of `identicalTables` over `tableValuesSql`'s cells: each agency's report paired with
 * its previous-year report (the first by report id among those with a printed numeric cell, as
 * `consecutivePairs` sees them), their printed numeric non-derived cells joined on key per table,
 * and only the flagged tables returned: at least `minCells` shared keys, every shared value equal,
 * not all zero. Rows for `identicalFromRows`: report_id, prev_report_id, agency_id, year,
 * prev_year, table_id, keys (sorted list). Why SQL: the JS reference moves every cell of the
 * selection into JS (2 M rows at 10k reports); this returns only the flags.
 */
export function identicalTablesSql(f: Filters, minCells: number): string {
  return `WITH r AS (
  SELECT report_id, agency_id, year FROM reports
  WHERE year IS NOT NULL AND agency_id IS NOT NULL AND ${filterPredicate(f)}
),
-- Cells are read where needed rather than copied into a CTE (2 M rows at 10k reports), from
-- v_agency_cells with the selection's province and city repeated: on a prebuilt database (cells
-- sorted by region) that skips every other region's row groups instead of scanning all cells.
v AS NOT MATERIALIZED (
  SELECT c.report_id, c.key, c.value FROM v_agency_cells c
  WHERE c.semantic = 'number' AND NOT c.derived AND c.value IS NOT NULL AND ${regionPredicate(f, 'c')}c.report_id IN (SELECT report_id FROM r)
),
firsts AS (
  SELECT agency_id, year, min(report_id) AS report_id FROM r
  WHERE report_id IN (SELECT report_id FROM v)
  GROUP BY agency_id, year
),
pairs AS (
  SELECT cur.report_id AS cur_id, prev.report_id AS prev_id, cur.agency_id, cur.year, prev.year AS prev_year
  FROM firsts cur JOIN firsts prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
),
t AS NOT MATERIALIZED (
  -- -0 and 0 are equal (as in JS) but hash apart: fold them before hashing.
  SELECT report_id, key, CASE WHEN value = 0 THEN 0.0 ELSE value END AS value,
    CASE WHEN starts_with(key, 'active.') THEN 'active' WHEN starts_with(key, 'requests.') THEN 'requests' ELSE 'review' END AS table_id
  FROM v
  WHERE starts_with(key, 'active.') OR starts_with(key, 'requests.') OR starts_with(key, 'review_litigation.')
),
-- A fingerprint per report and table: most pairs are decided by it without touching a cell.
-- Equal (n, kh) is taken as equal key sets (keys are unique per report): wrong only on a 64-bit
-- hash collision, and then at worst a flag is missed, never a false one raised.
fp AS (
  SELECT report_id, table_id, count(*) AS n, bit_xor(hash(key)) AS kh, bit_xor(hash(key, value)) AS vh, bool_and(value = 0) AS zero
  FROM t GROUP BY report_id, table_id
),
-- Cell by cell only where the fingerprint cannot decide: the key sets differ (the shared keys
-- decide), or every value looks equal (confirmed below, so a hash collision cannot flag). Left out
-- exactly: an all-zero current table (its shared values are all zero too), fewer cells than the
-- minimum on either side, and equal key sets with different values.
todo AS (
  SELECT p.cur_id, p.prev_id, c.table_id
  FROM pairs p
  JOIN fp c ON c.report_id = p.cur_id
  JOIN fp o ON o.report_id = p.prev_id AND o.table_id = c.table_id
  WHERE NOT c.zero AND least(c.n, o.n) >= ${sqlNumber(minCells)} AND (c.n <> o.n OR c.kh <> o.kh OR c.vh = o.vh)
),
cur AS (SELECT d.cur_id, d.table_id, t.key, t.value FROM todo d JOIN t ON t.report_id = d.cur_id AND t.table_id = d.table_id),
prev AS (SELECT d.cur_id, d.table_id, t.key, t.value FROM todo d JOIN t ON t.report_id = d.prev_id AND t.table_id = d.table_id),
flagged AS (
  SELECT c.cur_id, c.table_id, list(c.key ORDER BY c.key) AS keys
  FROM cur c JOIN prev o ON o.cur_id = c.cur_id AND o.table_id = c.table_id AND o.key = c.key
  GROUP BY c.cur_id, c.table_id
  -- NaN is never equal in JS (===) but equal in DuckDB: keep the JS meaning.
  HAVING count(*) >= ${sqlNumber(minCells)} AND bool_and(c.value = o.value AND NOT isnan(c.value)) AND NOT bool_and(c.value = 0)
)
SELECT p.cur_id AS report_id, p.prev_id AS prev_report_id, p.agency_id, p.year, p.prev_year, x.table_id, x.keys
FROM flagged x JOIN pairs p ON p.cur_id = x.cur_id
ORDER BY p.agency_id, p.year, CASE x.table_id WHEN 'active' THEN 0 WHEN 'requests' THEN 1 ELSE 2 END`;
}

/** Orders identical-tables rows as `identicalTablesSql` does. */
const IDENTICAL_ORDER = `ORDER BY agency_id, year, CASE table_id WHEN 'active' THEN 0 WHEN 'requests' THEN 1 ELSE 2 END`;

/**
 * The rows of `identicalTablesSql(f, MIN_IDENTICAL_CELLS)` from the flags a prebuilt database
 * computed over the whole corpus (`v_identical_tables`), or null when the selection is not one
 * they answer exactly. They do when it holds all or none of each agency-year's reports: a filter by
 * region and year only (the database writer computes the flags only when each agency-year lies in
 * one region); then the selection's first report per agency-year, its consecutive-year pairs and
 * their flags are the whole corpus's whose two reports it holds. Agency type, name and template are
 * properties of a report, not of an agency-year: with them the flags are computed from the cells.
 */
export function storedIdenticalTablesSql(f: Filters, regional = false, keyIds = false): string | null {
  if (!byRegionAndYear(f)) return null;
  // With the region layout each flag names both reports' regions: the selection is a filter on its
  // own columns, and `keys_text` is read as stored, or the keys' numbers (`key_ids`) where the file
  // has them (`identicalFromRows` with `v_identical_keys`).
  if (regional) {
    return `SELECT report_id, prev_report_id, agency_id, year, prev_year, table_id, ${keyIds ? 'key_ids' : 'keys_text'}
FROM v_identical_tables
WHERE ${filterPredicate(f)} AND ${filterPredicate(f, (name) => `prev_${name}`)}
${IDENTICAL_ORDER}`;
  }
  const selected = `SELECT report_id FROM reports WHERE year IS NOT NULL AND agency_id IS NOT NULL AND ${filterPredicate(f)}`;
  return `SELECT report_id, prev_report_id, agency_id, year, prev_year, table_id, keys
FROM v_identical_tables
WHERE report_id IN (${selected}) AND prev_report_id IN (${selected})
${IDENTICAL_ORDER}`;
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

/**
 * Ids of the filtered reports that have a narrative (no text: pairing needs only agency and year),
 * for the database writer's narrative pairs (`writeNarratives`); the audit reads the same list as
 * `reportContextSql`'s `has_narrative`.
 */
export function narrativeIdsSql(f: Filters): string {
  return `SELECT t.report_id, r.agency_id, r.year
FROM report_texts t
JOIN reports r ON r.report_id = t.report_id
WHERE t.narrative IS NOT NULL AND ${filterPredicate(f, 'r')}
ORDER BY r.agency_id, r.year, t.report_id`;
}

/** Whether the filter selects by region and year only (the stored pairs' own columns). */
export function byRegionAndYear(f: Filters): boolean {
  return f.agencyTypes.length === 0 && f.templates.length === 0 && f.agencyQuery.trim() === '';
}

/**
 * A selection's narrative pairs from a hot file whose stored pairs name both reports' regions and
 * years (`narrative_region`), for a selection by region and year (`byRegionAndYear`): as for the
 * identical-tables flags, its pairs are then exactly the stored pairs both of whose reports it
 * holds, a filter on their own columns. Only what the page acts on comes back: `total` (the pairs)
 * and the flagged pairs (comparable, `score` at least `threshold`) with their similarity, in no
 * particular order; without a flagged pair, one row of `total` and nulls. A region audit's 6,000
 * pairs came back whole before, to be paired, looked up and worded in the page, which showed only
 * the flagged (bench/SCALE.md, round 15).
 */
export function storedRegionNarrativesSql(f: Filters, threshold: number): string {
  return `WITH s AS (
  SELECT prev_report_id, report_id, agency_id, year, prev_year, score, jaccard, prev_chars, chars, comparable FROM v_narrative_similarity
  WHERE ${filterPredicate(f)} AND ${filterPredicate(f, (name) => `prev_${name}`)}
)
SELECT n.total, x.* FROM (SELECT count(*) AS total FROM s) n
LEFT JOIN (SELECT * FROM s WHERE comparable AND score >= ${sqlNumber(threshold)}) x ON TRUE`;
}

/** Stored similarities (`v_narrative_similarity`) of the pairs whose current report is one of `reportIds`. */
export function storedSimilaritySql(reportIds: readonly string[]): string {
  const ids = [...new Set(reportIds)];
  return `SELECT prev_report_id, report_id, score, jaccard, prev_chars, chars, comparable FROM v_narrative_similarity
WHERE ${ids.length > 0 ? inList('report_id', ids) : 'FALSE'}`;
}

/** Narratives of the given reports (report_id, narrative). */
export function narrativeTextsSql(reportIds: readonly string[]): string {
  const ids = [...new Set(reportIds)];
  return `SELECT report_id, narrative FROM report_texts
WHERE narrative IS NOT NULL AND ${ids.length > 0 ? inList('report_id', ids) : 'FALSE'}`;
}

/** Whether a table of that name exists (e.g. `report_texts`): one row, column `n`. */
export function tableExistsSql(name: string): string {
  return `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ${sqlString(name)}`;
}
