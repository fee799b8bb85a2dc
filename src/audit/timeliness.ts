/**
 * Timeliness findings (条例 art. 49, spec §8): `checkTimeliness` over every report whose published
 * date is known. Reports without a date are left out rather than reported as undecided: the
 * corpus rarely knows the date, and a wall of "unknown" rows would bury the real findings.
 */
import { checkTimeliness, timelinessResult, timelinessVerdict } from '../checks/timeliness';
import type { CheckResult } from '../model/checks';
import { contextFromRow, findingFor, type Finding, type ReportContext } from './findings';

export interface TimelinessReport extends ReportContext {
  /** ISO YYYY-MM-DD, or null when unknown. */
  readonly publishedDate: string | null;
}

/** The report contexts and published dates of rows of `reportContextSql`. */
export function timelinessReportsFromRows(rows: readonly Readonly<Record<string, unknown>>[]): TimelinessReport[] {
  return rows.map((r) => {
    const c = contextFromRow(r);
    const publishedDate = typeof r.published_date === 'string' && r.published_date !== '' ? r.published_date : null;
    // Written out, not spread: one shape for thousands of reports.
    return { reportId: c.reportId, agencyId: c.agencyId, agencyName: c.agencyName, province: c.province, city: c.city, district: c.district, agencyType: c.agencyType, year: c.year, publishedDate };
  });
}

/** The TIMELINESS result of every report with a published date. */
export function timelinessResults(reports: readonly TimelinessReport[]): { report: TimelinessReport; result: CheckResult }[] {
  return reports
    .filter((r) => r.publishedDate !== null)
    .map((report) => ({ report, result: checkTimeliness({ year: report.year, publishedDate: report.publishedDate, agencyType: report.agencyType }) }));
}

/**
 * Late reports as findings (`fail`), and unreadable dates as `uncertain` findings. Reports on time
 * are passed over by the verdict alone, without wording a result nobody reads.
 */
export function timelinessFindings(reports: readonly TimelinessReport[]): Finding[] {
  const out: Finding[] = [];
  for (const report of reports) {
    if (report.publishedDate === null) continue;
    const input = { year: report.year, publishedDate: report.publishedDate, agencyType: report.agencyType };
    const verdict = timelinessVerdict(input);
    if (verdict !== 'unknown' && verdict.missed === null) continue;
    const result = timelinessResult(input, verdict);
    if (result.status === 'pass') continue;
    out.push(
      findingFor(report, 'timeliness', {
        ruleId: result.ruleId, severity: result.severity, status: result.status, scope: result.scope,
        message: result.message, expected: result.expected, actual: result.actual, keys: result.keys,
      }),
    );
  }
  return out;
}
