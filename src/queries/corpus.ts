/** Queries about the loaded corpus itself: filter options, the summary indicator, exports. */
import { CORPUS_TABLES, type CorpusTableName } from '../corpus/schema';
import { filterPredicate, type Filters } from './filters';
import { sqlIdent } from './sql';

/**
 * Distinct values for the filter bar. Rows: kind ('year' | 'province' | 'city' | 'district' |
 * 'agency_type' | 'template'), value (VARCHAR), province, city (the parents, for the cascade),
 * reports (count). Ordered by kind, then value.
 */
export function filterOptionsSql(): string {
  return `SELECT kind, value, province, city, reports FROM (
  SELECT 'year' AS kind, 1 AS k, CAST(year AS VARCHAR) AS value, NULL AS province, NULL AS city, count(*) AS reports
  FROM reports WHERE year IS NOT NULL GROUP BY year
  UNION ALL
  SELECT 'province', 2, province, NULL, NULL, count(*) FROM reports WHERE province IS NOT NULL GROUP BY province
  UNION ALL
  SELECT 'city', 3, city, province, NULL, count(*) FROM reports WHERE city IS NOT NULL GROUP BY province, city
  UNION ALL
  SELECT 'district', 4, district, province, city, count(*) FROM reports WHERE district IS NOT NULL GROUP BY province, city, district
  UNION ALL
  SELECT 'agency_type', 5, agency_type, NULL, NULL, count(*) FROM reports GROUP BY agency_type
  UNION ALL
  SELECT 'template', 6, template, NULL, NULL, count(*) FROM reports GROUP BY template
) o
ORDER BY k, value, province, city`;
}

/**
 * One row describing the loaded corpus: reports, agencies, synthetic_reports, min_year, max_year,
 * years (comma-separated, ascending).
 */
export function corpusSummarySql(): string {
  return `SELECT
  count(*) AS reports,
  count(DISTINCT agency_id) AS agencies,
  count(*) FILTER (WHERE synthetic) AS synthetic_reports,
  min(year) AS min_year,
  max(year) AS max_year,
  coalesce(string_agg(DISTINCT CAST(year AS VARCHAR), ',' ORDER BY CAST(year AS VARCHAR)), '') AS years
FROM reports`;
}

/** A corpus table restricted to the selected reports, columns in schema order (for Parquet/CSV export). */
export function filteredTableSql(table: CorpusTableName, f: Filters): string {
  const spec = CORPUS_TABLES.find((t) => t.name === table);
  if (!spec) throw new Error(`unknown corpus table ${table}`);
  const cols = spec.columns.map((c) => `t.${sqlIdent(c.name)}`).join(', ');
  if (table === 'reports') {
    return `SELECT ${cols}\nFROM reports t\nWHERE ${filterPredicate(f, 't')}\nORDER BY t.report_id`;
  }
  return `SELECT ${cols}\nFROM ${sqlIdent(table)} t\nJOIN reports r ON r.report_id = t.report_id\nWHERE ${filterPredicate(f, 'r')}\nORDER BY t.report_id`;
}
