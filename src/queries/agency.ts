/** 机构 Agency profile: one agency across all its years. */
import { sqlString } from './sql';

/** Every report of the agency with all its wide values (`v_reports.*`), oldest first. */
export function agencyProfileSql(agencyId: string): string {
  return `SELECT *
FROM v_reports
WHERE agency_id = ${sqlString(agencyId)}
ORDER BY year NULLS LAST, report_id`;
}

/**
 * Every cell read from the agency's reports, with provenance. Rows: report_id, year, template,
 * key, table_id, value, semantic, raw, unit, value_yuan, derived, prov_line, prov_page, prov_path.
 * Blank (`semantic = 'blank'`) and `/` (`'na'`) cells are rows too, so the layout shows them as printed.
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
