/** 机构 Agency profile: one agency across all its years. */
import { REPORTS } from '../corpus/schema';
import type { Filters } from './filters';
import { topAgenciesSql } from './overview';
import { sqlString } from './sql';

/** Agencies the picker lists: those with the most reports in the selection (a national corpus has ~140k). */
export const AGENCY_PICKER_CAP = 500;

/** The agency picker's list: one more than it shows, so it can say when there are more. */
export function agencyPickerSql(f: Filters): string {
  return topAgenciesSql('reports', f, AGENCY_PICKER_CAP + 1);
}

/**
 * Every report of the agency with its `reports` fields (no wide values: the profile lays out the
 * cells, read by `agencyCellsForReportsSql`), oldest first. From `v_reports`, which a prebuilt
 * database keeps sorted by region and agency; naming the columns keeps DuckDB from fetching the
 * 150 wide columns of the matching rows (on an attached file, a range read per column).
 */
export function agencyProfileSql(agencyId: string): string {
  return `SELECT ${REPORTS.columns.map((c) => c.name).join(', ')}
FROM v_reports
WHERE agency_id = ${sqlString(agencyId)}
ORDER BY year NULLS LAST, report_id`;
}

/**
 * Every cell read from the agency's reports, with provenance. Rows: report_id, year, template,
 * key, table_id, value, semantic, raw, unit, value_yuan, derived, prov_line, prov_page, prov_path.
 * Blank (`semantic = 'blank'`) and `/` (`'na'`) cells are rows too, so the layout shows them as printed.
 * The Agency view uses `agencyCellsForReportsSql` (same rows, faster on large attached corpora);
 * this one needs no report list first and is the reference that one is tested against.
 */
export function agencyCellsSql(agencyId: string): string {
  return `SELECT
  c.report_id, r.year, r.template, c.key, c.table_id, c.value, c.semantic, c.raw, c.unit,
  c.value_yuan, c.derived, c.prov_line, c.prov_page, c.prov_path
FROM cells c
JOIN reports r ON r.report_id = c.report_id
WHERE r.agency_id = ${sqlString(agencyId)}
ORDER BY r.year NULLS LAST, c.report_id, c.key`;
}

/**
 * The agency's checks that did not pass (fail or uncertain). Rows: report_id, year, rule_id,
 * severity, status, scope, expected, actual, keys (space-separated cell keys), message_zh, message_en.
 */
export function agencyChecksSql(agencyId: string): string {
  return `SELECT
  c.report_id, coalesce(c.year, r.year) AS year, c.rule_id, c.severity, c.status, c.scope,
  c.expected, c.actual, c.keys, c.message_zh, c.message_en
FROM checks c
JOIN reports r ON r.report_id = c.report_id
WHERE r.agency_id = ${sqlString(agencyId)} AND c.status <> 'pass'
ORDER BY year NULLS LAST, c.report_id, c.rule_id, c.scope`;
}

/** One report of an agency as its profile query returns it. */
export interface AgencyReportRef {
  readonly reportId: string;
  readonly year: number | null;
  readonly template: string | null;
  /** The report's region (an agency has one: its id hashes it); lets `v_agency_cells` skip other regions. */
  readonly province?: string | null;
  readonly city?: string | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : null);
const blankToNull = (v: string | null): string | null => (v === '' ? null : v);
const year = (v: unknown): number | null => (typeof v === 'number' ? (Number.isFinite(v) ? v : null) : typeof v === 'bigint' ? Number(v) : null);

/**
 * The report refs of `agencyProfileSql`'s rows, what the cells and checks statements take (a
 * blank template is none). The Agency view and the background warm-up both build them here, so
 * they ask the same SQL.
 */
export function agencyReportRefs(rows: readonly Readonly<Record<string, unknown>>[]): AgencyReportRef[] {
  return rows.map((r) => ({
    reportId: text(r.report_id) ?? '',
    year: year(r.year),
    template: blankToNull(text(r.template)),
    province: text(r.province),
    city: text(r.city),
  }));
}

const CELL_COLUMNS = 'c.key, c.table_id, c.value, c.semantic, c.raw, c.unit, c.value_yuan, c.derived, c.prov_line, c.prov_page, c.prov_path';
const CHECK_COLUMNS = 'c.rule_id, c.severity, c.status, c.scope, c.expected, c.actual, c.keys, c.message_zh, c.message_en';

const yearLiteral = (y: number | null): string => (y === null ? 'NULL::INTEGER' : `${String(Math.trunc(y))}::INTEGER`);

/** `col = 'v'`, or `col IS NULL` (both push down to the scan, where `IS NOT DISTINCT FROM` does not). */
const equalsOrNull = (col: string, v: string | null): string => (v === null ? `${col} IS NULL` : `${col} = ${sqlString(v)}`);

/**
 * ` AND alias.province = … AND alias.city = …` when every report of the profile names the same
 * region (an agency has one), else ''. Redundant with the agency id, but it lets the zone maps of
 * a table sorted by region skip every other region's row groups.
 */
function regionOf(refs: readonly AgencyReportRef[], alias: string): string {
  const regions = new Set(refs.map((r) => JSON.stringify([r.province ?? null, r.city ?? null])));
  const first = refs[0];
  return regions.size === 1 && first && first.province !== undefined && first.city !== undefined
    ? ` AND ${equalsOrNull(`${alias}.province`, first.province)} AND ${equalsOrNull(`${alias}.city`, first.city)}`
    : '';
}

/**
 * The rows of `agencyCellsSql` for reports already known from the profile (null when there are
 * none), read from `v_agency_cells` by agency and, when the profile names one, by its province and
 * city. Year and template come from the profile as a VALUES list, so the cells are not joined with
 * `reports`. On a prebuilt database the view is a table sorted by province, city and agency, and
 * this reads one or two row groups; a join with `reports`, or a report_id filter, scanned the
 * whole cells table (21 M rows at 105k reports).
 */
export function agencyCellsForReportsSql(agencyId: string, refs: readonly AgencyReportRef[]): string | null {
  if (refs.length === 0) return null;
  const values = refs.map((r) => `(${sqlString(r.reportId)}, ${yearLiteral(r.year)}, ${r.template === null ? 'NULL::VARCHAR' : sqlString(r.template)})`);
  return `SELECT c.report_id, r.year, r.template, ${CELL_COLUMNS}
FROM v_agency_cells c
JOIN (VALUES ${values.join(', ')}) AS r(report_id, year, template) ON r.report_id = c.report_id
WHERE c.agency_id = ${sqlString(agencyId)}${regionOf(refs, 'c')}
ORDER BY r.year NULLS LAST, c.report_id, c.key`;
}

/**
 * The rows of `agencyChecksSql` once the profile is known (null when it lists no report): the
 * agency's checks that did not pass, their year the check's own or else the report's. The profile
 * gives only the region (and whether there is anything to ask), not a list of reports: from
 * `v_findings` by agency id and, when the profile names one, by its province and city: on a
 * prebuilt database that is a table in the hot file sorted by region and agency, and this reads
 * one row group; `checks` by report id scanned every finding (1M reports: 1.1 M rows, 0.2 s).
 */
export function agencyChecksByRegionSql(agencyId: string, refs: readonly AgencyReportRef[]): string | null {
  if (refs.length === 0) return null;
  return `SELECT c.report_id, coalesce(c.check_year, c.year) AS year, ${CHECK_COLUMNS}
FROM v_findings c
WHERE c.agency_id = ${sqlString(agencyId)}${regionOf(refs, 'c')}
ORDER BY coalesce(c.check_year, c.year) NULLS LAST, c.report_id, c.rule_id, c.scope`;
}
