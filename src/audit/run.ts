/**
 * The whole audit over a selection in one call, for the Audit view: check findings, timeliness,
 * coverage gaps, copy flags, scores and ranking. Takes the connector's `query` only, so it runs on
 * DuckDB-WASM in the browser and native DuckDB in tests alike.
 */
import type { DbConnector } from '../db/connector';
import type { Bilingual } from '../model/report';
import type { Filters } from '../queries/filters';
import { compareNarratives, copyFindings, identicalTables, tableValuesFromRows, type IdenticalTable, type NarrativeCopy } from './copies';
import { coverageFindings, coverageGrid, type CoverageGrid } from './coverage';
import { compareFindings, contextFromRow, findingsFromCheckRows, type Finding, type FindingStatus, type ReportContext } from './findings';
import { explainScore, rankAgencies, scoreAgencies, type RankedAgency } from './score';
import { coverageSql, findingsSql, narrativesSql, reportContextSql, tableExistsSql, tableValuesSql } from './sql';
import { timelinessFindings, timelinessReportsFromRows } from './timeliness';

export interface AuditOptions {
  /** Default `['fail']`. */
  readonly statuses?: readonly FindingStatus[];
  readonly signal?: AbortSignal;
}

export interface AuditResult {
  /** Every finding, sorted (errors first). */
  readonly findings: readonly Finding[];
  readonly grid: CoverageGrid;
  readonly narratives: readonly NarrativeCopy[];
  readonly identical: readonly IdenticalTable[];
  /** False when the corpus has no narratives (`report_texts` absent or empty): copies of text were not checked (say so on screen). */
  readonly narrativesChecked: boolean;
  readonly ranking: readonly RankedAgency[];
  /** Report contexts of the selection by report id (for opening the agency profile). */
  readonly reports: ReadonlyMap<string, ReportContext>;
}

/** Shown when `narrativesChecked` is false. */
export const NO_NARRATIVES: Bilingual = {
  zh: '当前语料没有正文表（report_texts），未检查正文雷同；表格数值雷同已检查。',
  en: 'This corpus has no narratives table (report_texts): copied narratives were not checked; identical table values were.',
};

type Query = Pick<DbConnector, 'query'>;

/** Runs every audit query for the selection and assembles the findings, grid and ranking. */
export async function runAudit(db: Query, f: Filters, o: AuditOptions = {}): Promise<AuditResult> {
  const q = async (sql: string): Promise<Record<string, unknown>[]> => (await db.query(sql, o.signal ? { signal: o.signal } : undefined)).rows;
  const contextRows = await q(reportContextSql(f));
  const reports = new Map(contextRows.map((r) => [String(r.report_id), contextFromRow(r)]));
  const full = new Set(contextRows.filter((r) => r.completeness === 'full').map((r) => String(r.report_id)));

  const checks = findingsFromCheckRows(await q(findingsSql(f, { statuses: o.statuses ?? ['fail'] })));
  const wantUncertain = (o.statuses ?? ['fail']).includes('uncertain');
  // A corpus whose builder already stored TIMELINESS results keeps them; compute only for the others.
  const stored = new Set((await q(`SELECT DISTINCT report_id FROM checks WHERE rule_id = 'TIMELINESS'`)).map((r) => String(r.report_id)));
  const timely = timelinessFindings(timelinessReportsFromRows(contextRows).filter((r) => !stored.has(r.reportId))).filter((x) => x.status === 'fail' || wantUncertain);
  const grid = coverageGrid(await q(coverageSql(f)));
  // Without chosen years the grid spans the whole corpus: only gaps inside an agency's run count.
  const coverage = coverageFindings(grid, { fullReports: full, onlyGaps: f.years.length === 0 });

  const identical = identicalTables(tableValuesFromRows(await q(tableValuesSql(f))));
  // Corpora built before report_texts existed lack the table, and loading them leaves it empty.
  const hasTexts = Number((await q(tableExistsSql('report_texts')))[0]?.n ?? 0) > 0;
  const narrativesChecked = hasTexts && Number((await q('SELECT count(*) AS n FROM report_texts'))[0]?.n ?? 0) > 0;
  const narratives = narrativesChecked
    ? compareNarratives(
        (await q(narrativesSql(f))).map((r) => ({ reportId: String(r.report_id), agencyId: String(r.agency_id), year: typeof r.year === 'number' ? r.year : null, narrative: String(r.narrative) })),
      )
    : [];
  const copies = copyFindings(narratives, identical, reports);

  const findings = [...checks, ...timely, ...coverage, ...copies].sort(compareFindings);
  const ranking = rankAgencies(scoreAgencies(findings, grid.agencies.length > 0 ? grid.agencies : [...new Map([...reports.values()].map((r) => [r.agencyId, r])).values()]));
  return { findings, grid, narratives, identical, narrativesChecked, ranking, reports };
}

/** One agency's audit sheet (the print layout's data): its score line, findings by year, coverage row. */
export interface AgencySheet {
  readonly agency: RankedAgency | undefined;
  /** “100 − 2×10 = 80” */
  readonly scoreLine: string;
  readonly findingsByYear: readonly { readonly year: number | null; readonly findings: readonly Finding[] }[];
  readonly coverage: readonly { readonly year: number; readonly status: string; readonly reportId: string | null }[];
}

/** The sheet of `agencyId` from an audit result. */
export function agencySheet(audit: AuditResult, agencyId: string): AgencySheet {
  const agency = audit.ranking.find((r) => r.agencyId === agencyId);
  const mine = audit.findings.filter((x) => x.agencyId === agencyId);
  const years = [...new Set(mine.map((x) => x.year))].sort((a, b) => (a ?? 0) - (b ?? 0));
  return {
    agency,
    scoreLine: agency ? explainScore(agency) : '',
    findingsByYear: years.map((year) => ({ year, findings: mine.filter((x) => x.year === year) })),
    coverage: audit.grid.years.flatMap((year) => {
      const c = audit.grid.cell(agencyId, year);
      return c ? [{ year, status: c.status, reportId: c.reportId }] : [];
    }),
  };
}

/** Cell keys to highlight when a finding's report is opened in the agency profile. */
export function highlightKeys(findings: readonly Finding[], reportId: string): Set<string> {
  return new Set(findings.filter((x) => x.reportId === reportId && x.status === 'fail').flatMap((x) => x.keys));
}
