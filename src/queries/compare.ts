/** 对比 Compare: a metric by a dimension by year. */
import { REPORT_METRICS_VIEW, REPORT_ROLLUP_VIEW } from '../corpus/schema';
import { filterPredicate, type Filters } from './filters';
import { metric, metricColumns, rollupAnswers, ROLLUP_KEYS, type MetricDef } from './metrics';
import { sqlNumber } from './sql';

export type CompareDimension = 'agency' | 'city' | 'province' | 'agency_type';

export const COMPARE_DIMENSIONS: readonly CompareDimension[] = ['agency', 'city', 'province', 'agency_type'];

/**
 * Per dimension: the columns a member is (`group`), its key as one string (an expression over
 * `group`), its label column and the test that a report has the dimension. Cities are keyed with
 * their province: two provinces may each have a 同名 city or county. The ranked queries group on
 * `group` and build the key once per group: grouping on `province || '/' || city` built it for
 * every report (10^6 reports, native, one thread: 144 → 107 ms for a sum, 58 → 41 ms for a rate).
 * The returned members' rows are still picked by key (`IN`): a semi join on the group columns
 * (`EXISTS`) was slower for the one-column dimensions (agency 138 → 172 ms).
 */
interface Dim {
  readonly group: readonly string[];
  readonly key: string;
  readonly label: string;
  readonly present: string;
  /** Members far outnumber any cap: label only those the cap can keep (`labelsAfterCut`). */
  readonly cutBeforeLabels?: true;
}

const DIM: Record<CompareDimension, Dim> = {
  agency: { group: ['agency_id'], key: 'agency_id', label: 'agency_name', present: 'agency_id IS NOT NULL', cutBeforeLabels: true },
  city: { group: ['province', 'city'], key: `province || '/' || city`, label: 'city', present: 'city IS NOT NULL AND province IS NOT NULL' },
  province: { group: ['province'], key: 'province', label: 'province', present: 'province IS NOT NULL' },
  agency_type: { group: ['agency_type'], key: 'agency_type', label: 'agency_type', present: 'agency_type IS NOT NULL' },
};

/**
 * Rows: dim_key, dim_label, year, value — one per dimension member and year with a report in the
 * selection (value NULL where that year has no figure). Reports without the dimension (e.g. no
 * city) are left out. An agency's label is its name in its latest year (the greatest name printed
 * that year, as the ranked form reads it), so renames stay one bar.
 */
export function compareSql(metricId: string, dimension: CompareDimension, f: Filters): string {
  const m = metric(metricId);
  const d = DIM[dimension];
  return `WITH sel AS (
  SELECT *, ${d.key} AS dim_key
  FROM ${REPORT_METRICS_VIEW}
  WHERE year IS NOT NULL AND ${d.present} AND ${filterPredicate(f)}
),
labels AS (
  SELECT dim_key, ${labelSql(d.label)}
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

/** Sort direction of the ranking: `desc` puts the highest first, `asc` the lowest (the laggards). */
export type RankOrder = 'desc' | 'asc';

export interface RankedCompareOptions {
  /** How many members to return (the chart draws a prefix of them, the table all). */
  readonly limit: number;
  readonly order: RankOrder;
}

/** Chart and table caps: the page never receives more than `table` members, however large the corpus. */
export const COMPARE_CAPS = { chart: 30, table: 500 } as const;

/**
 * The ranked, capped form of {@link compareSql}: members are ranked by the metric in the latest
 * year of the selection that has a value of it (the year the ranked chart shows; NULL when none
 * has), `order` deciding the direction; members without a value that year come last in either
 * direction, then by label and key, so the order is total and the top N is stable. Only the first `limit` members are returned, each with every
 * selected year. Rows: dim_key, dim_label, rank (1-based), rank_year, rank_value, total_members
 * (members in the selection before the cap), year, value (NULL where that year has no figure).
 *
 * One year rather than the whole selection: a pooled figure over 2019–2025 would rank an agency by
 * years the chart does not show, and a 政务公开办 looking for laggards wants the latest year's. The
 * latest year *with the figure*, so a v2019-only metric ranks by 2020, not by an all-blank 2025.
 */
export function compareRankedSql(metricId: string, dimension: CompareDimension, f: Filters, opts: RankedCompareOptions): string {
  const m = metric(metricId);
  const d = DIM[dimension];
  if (m.rollup !== undefined && inRollup(d) && rollupAnswers(f)) return rankedGroupsSql(m.rollup.sql, REPORT_ROLLUP_VIEW, d, f, opts);
  // Agencies are ranked by one year's figure for every metric: grouping every agency and year was
  // 0.5–0.65 s for a rate at 10^6 reports, natively (bench/SCALE.md, round 20).
  if (m.present !== undefined || d.cutBeforeLabels === true) return rankedByLatestYearSql(m, dimension, f, opts);
  return rankedGroupsSql(m.sql, REPORT_METRICS_VIEW, d, f, opts);
}

/**
 * Whether a dimension's members are rows of the rollup: its group and label columns are rollup keys
 * (a city, a province, a type; not an agency). Such a ranking then groups some thousands of rollup
 * rows instead of every report (10^6 reports, native, one thread, by city: 144 → 9 ms; bench/SCALE.md, round 19).
 */
const inRollup = (d: Dim): boolean => [...d.group, d.label].every((c) => (ROLLUP_KEYS as readonly string[]).includes(c));

/**
 * {@link compareRankedSql} as members × years: `metricSql` aggregated over the rows of `source`
 * (the reports, or the rollup with the metric's rollup expression) per member and year, then ranked.
 */
function rankedGroupsSql(metricSql: string, source: string, d: Dim, f: Filters, opts: RankedCompareOptions): string {
  const limit = Math.max(0, Math.floor(opts.limit));
  const dir = opts.order === 'asc' ? 'ASC' : 'DESC';
  // One scan of the rows: the value and the label per member and year; everything after that
  // works on members × years, not on reports.
  return `WITH agg AS (
  SELECT ${d.key} AS dim_key, year, max(${d.label}) AS label, ${metricSql} AS value
  FROM ${source}
  WHERE year IS NOT NULL AND ${d.present} AND ${filterPredicate(f)}
  GROUP BY ${d.group.join(', ')}, year
),
last AS (
  SELECT max(year) FILTER (WHERE value IS NOT NULL) AS y FROM agg
),
members AS (
  SELECT
    a.dim_key,
    arg_max(a.label, a.year) AS dim_label,
    max(a.value) FILTER (WHERE a.year = last.y) AS rank_value,
    any_value(last.y) AS rank_year
  FROM agg a CROSS JOIN last
  GROUP BY a.dim_key
),
top AS (
  SELECT *
  FROM members
  ORDER BY rank_value ${dir} NULLS LAST, dim_label, dim_key
  LIMIT ${sqlNumber(limit)}
),
${rankedCte(dir)}
SELECT r.dim_key, r.dim_label, r.rank, r.rank_year, r.rank_value, r.total_members, a.year, a.value
FROM ranked r
JOIN agg a USING (dim_key)
ORDER BY r.rank, a.year`;
}

/** A member's label: its name in its latest year, the greatest name printed that year. */
const labelSql = (col: string): string => `max({'y': year, 'l': ${col}}) FILTER (WHERE ${col} IS NOT NULL).l AS dim_label`;

/**
 * {@link compareRankedSql} without aggregating every member and year, for a metric whose presence a
 * row decides (`MetricDef.present`) and, by agency, for every metric: the same rows. The latest
 * year with a figure is found first; the members are ranked by that year's rows; the other years are
 * aggregated for the returned members only. Each member's label is its name in its latest year
 * (the greatest name printed that year, as `arg_max` over the per-year `max` gives it).
 *
 * The latest year with a figure is the selection's: with a presence test, the latest year with a
 * row that passes it (some member then has the figure too); without one (a rate), the latest year
 * whose pooled figure is not NULL. For a rate the two readings part only when denominators cancel
 * out, which needs a negative count, itself a failed check (NONNEG).
 *
 * At 1M reports and the agency dimension the general form groups a million member-years (0.3 s
 * warm in DuckDB-WASM, the slowest step of the benchmark; bench/SCALE.md round 7).
 */
function rankedByLatestYearSql(metricDef: MetricDef, dimension: CompareDimension, f: Filters, opts: RankedCompareOptions): string {
  // Each group is one agency's reports: the metric's cheaper form there, if it has one.
  const m = dimension === 'agency' && metricDef.perAgency ? { ...metricDef, ...metricDef.perAgency } : metricDef;
  const metricSql = m.sql;
  const present = m.present;
  const d = DIM[dimension];
  const limit = Math.max(0, Math.floor(opts.limit));
  const dir = opts.order === 'asc' ? 'ASC' : 'DESC';
  const group = d.group.join(', ');
  // The selection's reports are named once (`base`), with the columns the statement reads: each
  // mention of a view binds all its columns again, and DuckDB spent more time planning this
  // statement than running it (agency, 10^5 reports, native, one thread, over `v_reports`: 22 → 10 ms
  // planned, 29 → 22 ms in all; bench/SCALE.md, round 14). NOT MATERIALIZED: DuckDB would otherwise store
  // the CTE, which is read up to five times, and at 10^6 reports storing it cost more than the
  // planning saves (by province, natively: 31 ms before, 40 stored, 27 inlined).
  const columns = [...new Set([...d.group, d.label, 'year', ...metricColumns(m)])];
  // A city's, a province's or a type's label is its own group column, one value per member: the
  // latest year's name (a struct per report) is for agencies. 10^6 reports, native, one thread, by
  // city: 116 → 78 ms (bench/SCALE.md, round 10).
  const label = d.group.includes(d.label) ? `${d.label} AS dim_label` : labelSql(d.label);
  // A member is found by its group columns, not by its key built again on every report.
  const chosen = d.group.length > 1 ? `(${group}) IN (SELECT ${group} FROM top)` : `${d.key} IN (SELECT dim_key FROM top)`;
  // With the rollup, the ranked year and the selection's last year are found in its rows, not in
  // every report's (by agency: no row of the rollup is an agency's, but every report has one).
  const fromRollup = m.rollup !== undefined && d.cutBeforeLabels === true && rollupAnswers(f);
  const last = fromRollup
    ? `SELECT max(year) FILTER (WHERE value IS NOT NULL) AS y, max(year) AS ylast
  FROM (SELECT year, ${m.rollup.sql} AS value FROM ${REPORT_ROLLUP_VIEW} WHERE year IS NOT NULL AND ${filterPredicate(f)} GROUP BY year)`
    : present !== undefined
      ? `SELECT max(year) FILTER (WHERE ${present}) AS y, max(year) AS ylast
  FROM base`
      : `SELECT max(year) FILTER (WHERE value IS NOT NULL) AS y, max(year) AS ylast
  FROM (SELECT year, ${metricSql} AS value FROM base GROUP BY year)`;
  return `WITH base AS NOT MATERIALIZED (
  SELECT ${columns.join(', ')}
  FROM ${REPORT_METRICS_VIEW}
  WHERE year IS NOT NULL AND ${d.present} AND ${filterPredicate(f)}
),
last AS (
  ${last}
),
${d.cutBeforeLabels ? `${scoredSql(d, m.sqlWhere)}
${labelsAfterCut(d, limit, dir)}` : `members AS (
  SELECT ${group}, ${d.key} AS dim_key, ${label}
  FROM base
  GROUP BY ${group}
),
${ranksSql(d, metricSql)},
top AS (
  SELECT ${d.group.map((c) => `mb.${c}, `).join('')}mb.dim_key, mb.dim_label, rk.rank_value, (SELECT y FROM last) AS rank_year
  FROM members mb LEFT JOIN ranks rk USING (${group})
  ORDER BY rk.rank_value ${dir} NULLS LAST, mb.dim_label, mb.dim_key
  LIMIT ${sqlNumber(limit)}
),`}
${rankedCte(dir)},
vals AS (
  SELECT ${d.key} AS dim_key, year, ${metricSql} AS value
  FROM base
  WHERE ${chosen}
  GROUP BY ${group}, year
)
SELECT r.dim_key, r.dim_label, r.rank, r.rank_year, r.rank_value, r.total_members, v.year, v.value
FROM ranked r
JOIN vals v USING (dim_key)
ORDER BY r.rank, v.year`;
}

/** Each member's figure in the ranked year (`last`'s `y`): its rows of that year grouped. */
function ranksSql(d: Dim, metricSql: string): string {
  return `ranks AS (
  SELECT ${d.group.join(', ')}, ${metricSql} AS rank_value
  FROM base
  WHERE year = (SELECT y FROM last)
  GROUP BY ${d.group.join(', ')}
)`;
}

/**
 * Every member with its figure in the ranked year and its name in the selection's last year
 * (`scored`: dim_key, rank_value, named; NULL without a figure that year, or without exactly one
 * name printed that year) and the members (`members`), for {@link labelsAfterCut}, in one
 * aggregation of the members (`MetricDef.sqlWhere`): a second grouping of that year's rows joined
 * to the members took a fifth of the statement, planning included (agency, 10^5 reports, in the
 * browser: 29 → 24 ms; bench/SCALE.md, round 16).
 *
 * The name is the one that year prints when it prints one (`any_value` of a single value), not the
 * greatest (`max`): keeping the greatest string per member cost about as much as the figure and the
 * grouping together (10^6 reports, native, one thread: the aggregation 51–67 → 34–50 ms; round 23).
 * A member whose last year prints two or more names, the same or not, has no `named`, and
 * `labelsAfterCut` labels it the general way, which gives the greatest.
 */
function scoredSql(d: Dim, sqlWhere: MetricDef['sqlWhere']): string {
  const inLast = 'FILTER (WHERE year = (SELECT ylast FROM last))';
  return `scored AS (
  SELECT ${d.key} AS dim_key, ${sqlWhere('year = (SELECT y FROM last)')} AS rank_value, CASE WHEN count(${d.label}) ${inLast} = 1 THEN any_value(${d.label}) ${inLast} END AS named
  FROM base
  GROUP BY ${d.group.join(', ')}
),
members AS (SELECT dim_key FROM scored),`;
}

/**
 * The `top` CTE of {@link rankedByLatestYearSql} for a dimension whose members far outnumber any
 * cap (agencies), with the general label built only for the members the cap can keep. `cut` is
 * the rank value of the last member the cap keeps; members ranked after it cannot be returned, so
 * the candidates are those ranked before it or tied with it (ties are then ordered by label). A
 * candidate with one name in the selection's last year (`ylast`; {@link scoredSql}'s `named`) is
 * labelled by it; the others (none that year, or two or more) the general way (`unnamed`, usually
 * none). Over `base`, `last`, and `scored`.
 *
 * 10^6 reports, native, one thread: 134 → 83 ms (a sum, highest first), 134 → 102 ms (lowest
 * first; round 16). When most members tie at the cut, most are candidates: reading their names in
 * a second pass over the last year's rows, joined to the candidates, then took 218 ms (the report
 * count, 1 for every agency) and 271 ms (regulations issued, 0 for most); `named` in the members'
 * aggregation takes 111 and 133 ms, a sum without ties the same (125 and 130 ms, the host's noise;
 * bench/SCALE.md, round 20). For cities and provinces every member is a candidate anyway, and the
 * extra joins cost more than they save.
 */
function labelsAfterCut(d: Dim, limit: number, dir: 'ASC' | 'DESC'): string {
  const group = d.group.join(', ');
  const before = dir === 'DESC' ? '>' : '<';
  return `cut AS (
  SELECT rank_value AS c FROM scored ORDER BY rank_value ${dir} NULLS LAST LIMIT 1 OFFSET ${sqlNumber(Math.max(0, limit - 1))}
),
candidates AS (
  SELECT * FROM scored
  WHERE ${limit === 0 ? 'FALSE' : `NOT EXISTS (SELECT 1 FROM cut)
    OR rank_value IS NOT DISTINCT FROM (SELECT c FROM cut)
    OR (rank_value IS NOT NULL AND ((SELECT c FROM cut) IS NULL OR rank_value ${before} (SELECT c FROM cut)))`}
),
unnamed AS (
  SELECT ${d.key} AS dim_key, ${labelSql(d.label)}
  FROM base
  WHERE ${d.key} IN (SELECT dim_key FROM candidates WHERE named IS NULL)
  GROUP BY ${group}
),
top AS (
  SELECT cd.dim_key, coalesce(cd.named, un.dim_label) AS dim_label, cd.rank_value, (SELECT y FROM last) AS rank_year
  FROM candidates cd LEFT JOIN unnamed un USING (dim_key)
  ORDER BY cd.rank_value ${dir} NULLS LAST, coalesce(cd.named, un.dim_label), cd.dim_key
  LIMIT ${sqlNumber(limit)}
),`;
}

/** Numbers the capped members in rank order and says how many members the selection has (both forms share it). */
function rankedCte(dir: 'ASC' | 'DESC'): string {
  return `ranked AS (
  SELECT
    *,
    row_number() OVER (ORDER BY rank_value ${dir} NULLS LAST, dim_label, dim_key) AS rank,
    (SELECT count(*) FROM members) AS total_members
  FROM top
)`;
}

/** One member of a ranked result, in rank order; values as the query gives them (metric units). */
export interface RankedMember {
  readonly key: string;
  readonly label: string | null;
  readonly rank: number;
  readonly rankValue: number | null;
  readonly byYear: ReadonlyMap<number, number | null>;
}

/** {@link compareRankedSql}'s rows folded into members (rank order kept) and the facts of the cut. */
export interface RankedResult {
  readonly members: readonly RankedMember[];
  /** Years present among the returned members, ascending. */
  readonly years: readonly number[];
  readonly rankYear: number | null;
  /** Members in the selection before the cap (0 when nothing was returned). */
  readonly total: number;
}

const numOf = (v: unknown): number | null => (typeof v === 'number' ? (Number.isFinite(v) ? v : null) : typeof v === 'bigint' ? Number(v) : null);

/** Folds the long rows of {@link compareRankedSql} (ordered by rank, then year) into members. Pure. */
export function readRankedRows(rows: readonly Readonly<Record<string, unknown>>[]): RankedResult {
  const members: { key: string; label: string | null; rank: number; rankValue: number | null; byYear: Map<number, number | null> }[] = [];
  const index = new Map<string, number>();
  const years = new Set<number>();
  let rankYear: number | null = null;
  let total = 0;
  for (const r of rows) {
    const key = typeof r.dim_key === 'string' ? r.dim_key : null;
    const year = numOf(r.year);
    if (key === null || year === null) continue;
    years.add(year);
    rankYear = numOf(r.rank_year) ?? rankYear;
    total = numOf(r.total_members) ?? total;
    let i = index.get(key);
    if (i === undefined) {
      i = members.length;
      index.set(key, i);
      members.push({ key, label: typeof r.dim_label === 'string' ? r.dim_label : null, rank: numOf(r.rank) ?? i + 1, rankValue: numOf(r.rank_value), byYear: new Map() });
    }
    members[i]?.byYear.set(year, numOf(r.value));
  }
  return { members, years: [...years].sort((a, b) => a - b), rankYear, total };
}
