/**
 * The coverage grid (agencies × years) as data, and the gaps in it as findings. Rows come from
 * `coverageSql`; see there for what each state means.
 */
import { findingFor, type Finding, type ReportContext } from './findings';
import type { CoverageStatus } from './sql';

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
  /** In the order of the SQL (region, then name). */
  readonly agencies: readonly CoverageAgency[];
  /** `cell(agencyId, year)` in O(1). */
  readonly cell: (agencyId: string, year: number) => CoverageCell | undefined;
  /** Count of cells per state, for the legend. */
  readonly counts: Readonly<Record<CoverageStatus, number>>;
}

const STATUSES: readonly CoverageStatus[] = ['present', 'partial', 'text_only', 'missing'];
const isStatus = (v: unknown): v is CoverageStatus => typeof v === 'string' && (STATUSES as readonly string[]).includes(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The grid from rows of `coverageSql` (rows with an unknown state or no year are dropped). */
export function coverageGrid(rows: readonly Readonly<Record<string, unknown>>[]): CoverageGrid {
  const years = new Set<number>();
  const agencies = new Map<string, CoverageAgency>();
  const cells = new Map<string, CoverageCell>();
  const counts: Record<CoverageStatus, number> = { present: 0, partial: 0, text_only: 0, missing: 0 };
  for (const r of rows) {
    const agencyId = str(r.agency_id);
    const year = typeof r.year === 'number' ? r.year : null;
    if (agencyId === null || year === null || !isStatus(r.status)) continue;
    years.add(year);
    if (!agencies.has(agencyId)) {
      agencies.set(agencyId, { agencyId, agencyName: str(r.agency_name), province: str(r.province), city: str(r.city), district: str(r.district), agencyType: str(r.agency_type) });
    }
    cells.set(`${agencyId}\u0000${String(year)}`, { agencyId, year, status: r.status, reportId: str(r.report_id), nReports: typeof r.n_reports === 'number' ? r.n_reports : 0 });
    counts[r.status]++;
  }
  return {
    years: [...years].sort((a, b) => a - b),
    agencies: [...agencies.values()],
    cell: (agencyId, year) => cells.get(`${agencyId}\u0000${String(year)}`),
    counts,
  };
}

export interface CoverageFindingOptions {
  /** Ids of reports with completeness `full` (for COVERAGE-NO-TABLES). */
  readonly fullReports?: ReadonlySet<string>;
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
  const fullReports = opts.fullReports ?? new Set<string>();
  const out: Finding[] = [];
  for (const a of grid.agencies) {
    const reported = grid.years.filter((y) => grid.cell(a.agencyId, y)?.status !== 'missing');
    const first = reported[0] ?? Infinity;
    const last = reported[reported.length - 1] ?? -Infinity;
    for (const year of grid.years) {
      const c = grid.cell(a.agencyId, year);
      if (!c) continue;
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
      } else if (c.status === 'text_only' && year >= 2019 && c.reportId !== null && fullReports.has(c.reportId)) {
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
