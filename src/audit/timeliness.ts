/**
 * Timeliness findings (条例 art. 49, spec §8): `checkTimeliness` over every report whose published
 * date is known. Reports without a date are left out rather than reported as undecided: the
 * corpus rarely knows the date, and a wall of "unknown" rows would bury the real findings.
 */
import { checkTimeliness, timelinessResult, timelinessVerdict, type TimelinessInput } from '../checks/timeliness';
import type { CheckResult } from '../model/checks';
import { contextFromRow, findingFor, type Finding, type ReportContext } from './findings';

type Row = Readonly<Record<string, unknown>>;

export interface TimelinessReport extends ReportContext {
  /** ISO YYYY-MM-DD, or null when unknown. */
  readonly publishedDate: string | null;
}

/** The report contexts and published dates of rows of `reportContextSql`. */
export function timelinessReportsFromRows(rows: readonly Row[]): TimelinessReport[] {
  return rows.map((r) => {
    const c = contextFromRow(r);
    const publishedDate = publishedOf(r);
    // Written out, not spread: one shape for thousands of reports.
    return { reportId: c.reportId, agencyId: c.agencyId, agencyName: c.agencyName, province: c.province, city: c.city, district: c.district, agencyType: c.agencyType, year: c.year, publishedDate };
  });
}

/** A row's published date, null when unknown. */
const publishedOf = (r: Row): string | null => (typeof r.published_date === 'string' && r.published_date !== '' ? r.published_date : null);

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
  return lateFindings(reports, (r) => (r.publishedDate === null ? null : { year: r.year, publishedDate: r.publishedDate, agencyType: r.agencyType }), (r) => r);
}

/**
 * `timelinessFindings` of rows of `reportContextSql`, leaving out the reports in `skip` (those whose
 * result the corpus stores): a report's context is made only for a finding, where the audit of a
 * province made one for each of its 7,273 reports to word its 1,932 late ones.
 */
export function timelinessFindingsFromRows(rows: readonly Row[], skip: ReadonlySet<string> = new Set()): Finding[] {
  return lateFindings(rows, (r) => {
    const publishedDate = publishedOf(r);
    if (publishedDate === null || (skip.size > 0 && skip.has(typeof r.report_id === 'string' ? r.report_id : ''))) return null;
    return { year: typeof r.year === 'number' ? r.year : null, publishedDate, agencyType: typeof r.agency_type === 'string' ? r.agency_type : null };
  }, contextFromRow);
}

/** The findings of the items whose dates `dates` reads (null: not checked), each worded with the context `context` makes. */
function lateFindings<T>(items: readonly T[], dates: (x: T) => TimelinessInput | null, context: (x: T) => ReportContext): Finding[] {
  const out: Finding[] = [];
  for (const item of items) {
    const input = dates(item);
    if (input === null) continue;
    const verdict = timelinessVerdict(input);
    if (verdict !== 'unknown' && verdict.missed === null) continue;
    const result = timelinessResult(input, verdict);
    if (result.status === 'pass') continue;
    out.push(
      findingFor(context(item), 'timeliness', {
        ruleId: result.ruleId, severity: result.severity, status: result.status, scope: result.scope,
        message: result.message, expected: result.expected, actual: result.actual, keys: result.keys,
      }),
    );
  }
  return out;
}
