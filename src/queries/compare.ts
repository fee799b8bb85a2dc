/** 对比 Compare: a metric by a dimension by year. */
import { filterPredicate, type Filters } from './filters';
import { metric } from './metrics';

export type CompareDimension = 'agency' | 'city' | 'province' | 'agency_type';

export const COMPARE_DIMENSIONS: readonly CompareDimension[] = ['agency', 'city', 'province', 'agency_type'];

// Cities are keyed with their province: two provinces may each have a 同名 city or county.
const DIM: Record<CompareDimension, { key: string; label: string; present: string }> = {
  agency: { key: 'agency_id', label: 'agency_name', present: 'agency_id IS NOT NULL' },
  city: { key: `province || '/' || city`, label: 'city', present: 'city IS NOT NULL AND province IS NOT NULL' },
  province: { key: 'province', label: 'province', present: 'province IS NOT NULL' },
  agency_type: { key: 'agency_type', label: 'agency_type', present: 'agency_type IS NOT NULL' },
};

/**
 * Rows: dim_key, dim_label, year, value — one per dimension member and year with a report in the
 * selection (value NULL where that year has no figure). Reports without the dimension (e.g. no
 * city) are left out. An agency's label is its name in its latest year, so renames stay one bar.
 */
export function compareSql(metricId: string, dimension: CompareDimension, f: Filters): string {
  const m = metric(metricId);
  const d = DIM[dimension];
  return `WITH sel AS (
  SELECT *, ${d.key} AS dim_key
  FROM v_reports
  WHERE year IS NOT NULL AND ${d.present} AND ${filterPredicate(f)}
),
labels AS (
  SELECT dim_key, arg_max(${d.label}, year) AS dim_label
  FROM sel
  GROUP BY dim_key
)
SELECT s.dim_key, l.dim_label, s.year, s.value
FROM (
  SELECT dim_key, year, ${m.sql} AS value
  FROM sel
  GROUP BY dim_key, year
) s
JOIN labels l USING (dim_key)
ORDER BY s.dim_key, s.year`;
}
