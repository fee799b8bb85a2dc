/**
 * The coverage grid (agencies × years) as data, and the gaps in it as findings, built from the
 * selection's report rows (`reportContextSql`), which the audit fetches anyway.
 *
 * Years: the filter's years when it names any, else every year from the first to the last of the
 * selected reports. A report is `text_only` when its template is text_only or pre2019 (no unified
 * tables read), `partial` when it is an excerpt (completeness partial) or a STRUCT-TABLES check did
 * not pass (`tables_gap`: a table is missing or cut off), `present` otherwise. With several reports
 * in one year the best state wins (present > partial > text_only), shown by its smallest report id.
 * `missing`: the agency has a report in another year of the grid but none in this one.
 *
 * Until round 9 of bench/SCALE.md the grid was a statement of its own (`coverageSql`): it re-read
 * the selection's reports to send one row per agency-year back (7,273 rows for one province at
 * 105k reports, 25 ms warm in the browser, 57 ms on a first run), which the page then decoded again.
 */
import { findingFor, type Finding, type ReportContext } from './findings';

export interface CoverageCell {
  readonly agencyId: string;
  readonly year: number;
  readonly status: CoverageStatus;
  /** The report shown for the cell; null when missing. */
  readonly reportId: string | null;
  readonly nReports: number;
}

export interface CoverageAgency {
  readonly agencyId: string;
  readonly agencyName: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly district: string | null;
  readonly agencyType: string | null;
}

export interface CoverageGrid {
  readonly years: readonly number[];
  /** By province, city, name and id. */
  readonly agencies: readonly CoverageAgency[];
  /** `cell(agencyId, year)` in O(1). */
  readonly cell: (agencyId: string, year: number) => CoverageCell | undefined;
  /** An agency's cells in the order of `years` (empty for an agency not in the grid). */
  readonly row: (agencyId: string) => readonly CoverageCell[];
  /** Count of cells per state, for the legend. */
  readonly counts: Readonly<Record<CoverageStatus, number>>;
}

/** The coverage state of one agency in one year. */
export type CoverageStatus = 'present' | 'partial' | 'text_only' | 'missing';

const RANKED: readonly CoverageStatus[] = ['present', 'partial', 'text_only'];
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A report's own state (0 present, 1 partial, 2 text_only), from its `reportContextSql` row. */
function rank(r: Readonly<Record<string, unknown>>): number {
  if (r.template === 'text_only' || r.template === 'pre2019') return 2;
  return r.completeness === 'partial' || r.tables_gap === true ? 1 : 0;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Code-point order, as DuckDB compares text (its bytes in UTF-8). JS's `<` compares UTF-16 code
 * units, which puts a character above U+FFFF (a surrogate pair, e.g. a rare CJK character in a
 * name) before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  // Without a surrogate in either, code units order as code points: the engine's own comparison.
  // The loop below, in a step that sorts a province's 1,039 agencies, ran as code V8 had not
  // optimized yet (the sort was 7 ms of a sampled region audit; bench/SCALE.md, round 16).
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    return sx === sy ? x - y : sx ? 1 : -1;
  }
  return a.length - b.length;
}

/** Ascending, nulls last (DuckDB's default order). */
const nullsLast = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : compareCodePoints(a, b));

type Row = Readonly<Record<string, unknown>>;

/**
 * The grid of the selection whose report rows are `rows` (columns of `reportContextSql`: report_id,
 * agency_id, agency_name, province, city, district, agency_type, year, template, completeness,
 * tables_gap). `years`: the filter's chosen years (none = the selection's span). Reports without a
 * year or an agency are left out. Agencies are ordered by province, city, name and id, and each is
 * described by its latest report (the smallest report id among several that year).
 *
 * Each agency-year's best report is kept in flat typed arrays (agency × year), and a cell is made
 * when read: the grid outlives the step that builds it, and an object per agency-year (with a map
 * of them per agency) was 17,000 more objects for every garbage collection of the page to copy at
 * a province's 7,273 reports (bench/SCALE.md, round 16). Until round 11 each agency-year had a text
 * key, whose building and lookups were most of the grid's and its findings' time.
 */
export function coverageGridFromReports(rows: readonly Row[], years: readonly number[] = []): CoverageGrid {
  // Each agency's place, and its latest report (the row that describes it).
  const index = new Map<string, number>();
  const latestRow: Row[] = [];
  const latestYear: number[] = [];
  const latestId: string[] = [];
  // Each row's agency place (-1: left out).
  const agencyOf = new Int32Array(rows.length).fill(-1);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const agencyId = str(r?.agency_id);
    const year = typeof r?.year === 'number' ? r.year : null;
    if (r === undefined || agencyId === null || year === null) continue;
    const reportId = str(r.report_id) ?? '';
    min = Math.min(min, year);
    max = Math.max(max, year);
    let a = index.get(agencyId);
    if (a === undefined) {
      a = latestRow.length;
      index.set(agencyId, a);
      latestRow.push(r);
      latestYear.push(year);
      latestId.push(reportId);
    } else if (year > (latestYear[a] ?? -Infinity) || (year === latestYear[a] && compareCodePoints(reportId, latestId[a] ?? '') < 0)) {
      latestRow[a] = r;
      latestYear[a] = year;
      latestId[a] = reportId;
    }
    agencyOf[i] = a;
  }
  const chosen = [...new Set(years.filter((y) => Number.isInteger(y)))].sort((a, b) => a - b);
  const span = chosen.length > 0 ? chosen : min <= max ? Array.from({ length: max - min + 1 }, (_, i) => min + i) : [];
  const position = new Map(span.map((y, i) => [y, i]));
  const width = span.length;
  // Each agency-year's best report (its row; -1: none), its state's rank and its number of reports.
  const bestRow = new Int32Array(latestRow.length * width).fill(-1);
  const bestRank = new Uint8Array(bestRow.length);
  const reportsIn = new Int32Array(bestRow.length);
  for (let i = 0; i < rows.length; i++) {
    const a = agencyOf[i] ?? -1;
    const r = rows[i];
    const p = r === undefined || a < 0 ? undefined : position.get(r.year as number);
    if (r === undefined || p === undefined) continue;
    const at = a * width + p;
    const rk = rank(r);
    const had = bestRow[at] ?? -1;
    reportsIn[at] = (reportsIn[at] ?? 0) + 1;
    if (had < 0 || rk < (bestRank[at] ?? 0) || (rk === bestRank[at] && compareCodePoints(str(r.report_id) ?? '', str(rows[had]?.report_id) ?? '') < 0)) {
      bestRow[at] = i;
      bestRank[at] = rk;
    }
  }
  const ids = [...index.keys()];
  const described = ids.map((agencyId, a): CoverageAgency => {
    const r = latestRow[a];
    return { agencyId, agencyName: str(r?.agency_name), province: str(r?.province), city: str(r?.city), district: str(r?.district), agencyType: str(r?.agency_type) };
  });
  const order = described.map((_, a) => a).sort((x, y) => {
    const a = described[x];
    const b = described[y];
    if (a === undefined || b === undefined) return 0;
    return nullsLast(a.province, b.province) || nullsLast(a.city, b.city) || nullsLast(a.agencyName, b.agencyName) || compareCodePoints(a.agencyId, b.agencyId);
  });
  const counts: Record<CoverageStatus, number> = { present: 0, partial: 0, text_only: 0, missing: 0 };
  for (let at = 0; at < bestRow.length; at++) counts[(bestRow[at] ?? -1) < 0 ? 'missing' : (RANKED[bestRank[at] ?? 2] ?? 'text_only')]++;
  const cellAt = (agencyId: string, a: number, p: number): CoverageCell => {
    const at = a * width + p;
    const i = bestRow[at] ?? -1;
    const year = span[p] ?? 0;
    if (i < 0) return { agencyId, year, status: 'missing', reportId: null, nReports: 0 };
    return { agencyId, year, status: RANKED[bestRank[at] ?? 2] ?? 'text_only', reportId: str(rows[i]?.report_id) ?? '', nReports: reportsIn[at] ?? 0 };
  };
  return {
    years: span,
    agencies: order.map((a) => described[a]).filter((a): a is CoverageAgency => a !== undefined),
    counts,
    cell: (agencyId, year) => {
      const a = index.get(agencyId);
      const p = position.get(year);
      return a === undefined || p === undefined ? undefined : cellAt(agencyId, a, p);
    },
    row: (agencyId) => {
      const a = index.get(agencyId);
      return a === undefined ? [] : span.map((_, p) => cellAt(agencyId, a, p));
    },
  };
}

export interface CoverageFindingOptions {
  /** Ids of reports with completeness `full` (for COVERAGE-NO-TABLES), asked of text-only cells' reports only. */
  readonly fullReports?: Pick<ReadonlySet<string>, 'has'>;
  /**
   * Only missing years between an agency's first and last report count. Use it when the user has
   * not chosen years: the grid then spans the whole corpus (2011–2025 for the default one), and a
   * year before an agency's first report is more likely a gap in the collection than in its duty.
   */
  readonly onlyGaps?: boolean;
}

/**
 * Gaps of the grid as findings: COVERAGE-MISSING for each missing cell, and COVERAGE-NO-TABLES
 * for a text-only cell from 2019 on whose report is complete: an excerpt without tables says
 * nothing about the agency.
 */
export function coverageFindings(grid: CoverageGrid, opts: CoverageFindingOptions = {}): Finding[] {
  // Only a missing or a text-only cell can be a finding: without one, no agency's row is walked
  // (a province's 7,273 cells made and read for nothing were 4 ms of its audit in the browser).
  if (grid.counts.missing === 0 && grid.counts.text_only === 0) return [];
  const fullReports = opts.fullReports ?? new Set<string>();
  const out: Finding[] = [];
  for (const a of grid.agencies) {
    const row = grid.row(a.agencyId);
    const first = row.find((c) => c.status !== 'missing')?.year ?? Infinity;
    const last = row.findLast((c) => c.status !== 'missing')?.year ?? -Infinity;
    for (const c of row) {
      // Only a missing or a text-only cell can be a finding; most are neither and cost nothing.
      if (c.status !== 'missing' && c.status !== 'text_only') continue;
      const year = c.year;
      const y = String(year);
      const ctx: ReportContext = { ...a, reportId: c.reportId ?? '', year };
      if (c.status === 'missing') {
        if (opts.onlyGaps === true && (year < first || year > last)) continue;
        out.push({
          ...findingFor(ctx, 'coverage', {
            ruleId: 'COVERAGE-MISSING', severity: 'warn', status: 'fail', scope: 'report',
            message: { zh: `语料中没有${y}年度报告（其他年度有）`, en: `No report for ${y} in the corpus (other years have one)` },
            expected: 1, actual: 0, keys: [],
          }),
          reportId: null,
        });
      } else if (year >= 2019 && c.reportId !== null && fullReports.has(c.reportId)) {
        out.push(
          findingFor(ctx, 'coverage', {
            ruleId: 'COVERAGE-NO-TABLES', severity: 'warn', status: 'fail', scope: 'tables',
            message: { zh: `${y}年度报告全文中没有统一格式的统计表`, en: `The full ${y} report has no table in the unified format` },
            expected: 3, actual: 0, keys: [],
          }),
        );
      }
    }
  }
  return out;
}
