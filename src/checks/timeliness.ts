/**
 * TIMELINESS (spec §8): a helper the corpus builder calls with facts the report itself may not hold
 * (the published date from page metadata, the agency level from the manifest).
 */
import type { CheckResult, Severity } from '../model/checks';
import type { Bilingual } from '../model/report';


export interface TimelinessInput {
  /** Reporting year Y; the deadline falls in Y+1. */
  readonly year: number | null;
  /** ISO date YYYY-MM-DD. */
  readonly publishedDate: string | null;
  /** Manifest `agency_type`: `department`, `government`; anything else (township, other, null) counts as unknown. */
  readonly agencyType: string | null;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1–12), by arithmetic (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The value of the ASCII digits of `s` from `from` to `to` (exclusive), or -1 when one is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Days since 1970-01-01 of an ISO YYYY-MM-DD date, or null when it is not a real date (2023-02-30,
 * month 13) or its year is below 100 (which Date.UTC, used here before, read as 19xx and refused).
 * Arithmetic on the characters rather than a Date or a regular expression per call: the region
 * audit checks thousands of reports at once (bench/SCALE.md, rounds 9 and 11).
 */
export function isoDayNumber(iso: string): number | null {
  if (iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return null;
  const y = digits(iso, 0, 4);
  const mo = digits(iso, 5, 7);
  const d = digits(iso, 8, 10);
  if (y < 100 || mo < 1 || mo > 12 || d < 1) return null;
  const last = mo === 2 && isLeap(y) ? 29 : (MONTH_DAYS[mo - 1] ?? 0);
  return d > last ? null : daysFromCivil(y, mo, d);
}

/**
 * The deadline a report missed, or null when it met every deadline that applies to it; `unknown`
 * when the year or the date is missing or unreadable. Numbers only, no text: the region audit asks
 * this of thousands of reports and words only the late ones (`checkTimeliness`).
 */
export function timelinessVerdict(input: TimelinessInput): { missed: { deadline: number; severity: Severity; month: 1 | 3 } | null; published: number } | 'unknown' {
  const { year, publishedDate } = input;
  if (year === null || publishedDate === null) return 'unknown';
  const published = isoDayNumber(publishedDate);
  if (published === null) return 'unknown';
  const jan31 = daysFromCivil(year + 1, 1, 31);
  const mar31 = daysFromCivil(year + 1, 3, 31);
  const level = input.agencyType;
  // The applicable thresholds from the strictest to the loosest, without a list built per report.
  if (year <= 2018 || level === 'government') return { missed: published > mar31 ? { deadline: mar31, severity: 'error', month: 3 } : null, published };
  if (level === 'department') return { missed: published > jan31 ? { deadline: jan31, severity: 'error', month: 1 } : null, published };
  if (published > mar31) return { missed: { deadline: mar31, severity: 'error', month: 3 }, published };
  return { missed: published > jan31 ? { deadline: jan31, severity: 'warn', month: 1 } : null, published };
}

/**
 * Whether a report was published by its deadline: departments 31 January of Y+1, local governments
 * 31 March (everyone 31 March up to reporting year 2018). Townships and unknown levels are not named by
 * art. 49: after 31 January is a warning, after 31 March an error. `actual` is the number of days late.
 */
export function checkTimeliness(input: TimelinessInput): CheckResult {
  return timelinessResult(input, timelinessVerdict(input));
}

/** `checkTimeliness`'s result from the verdict already reached for `input` (the region audit decides first, then words only the late). */
export function timelinessResult(input: TimelinessInput, verdict: ReturnType<typeof timelinessVerdict>): CheckResult {
  // Written out rather than spread from a shared base: a spread cost 2.4 µs per result, most of the
  // region audit's timeliness time (bench/SCALE.md, round 11).
  const result = (severity: Severity, status: CheckResult['status'], expected: number | null, actual: number | null, message: Bilingual): CheckResult => ({
    ruleId: 'TIMELINESS', scope: 'published_date', keys: [], severity, status, expected, actual, message,
  });
  const { year, publishedDate } = input;
  if (year === null || publishedDate === null || verdict === 'unknown') {
    if (year !== null && publishedDate !== null) {
      return result('warn', 'uncertain', null, null, { zh: `发布日期“${publishedDate}”无法识别`, en: `The published date "${publishedDate}" is not a valid date` });
    }
    const what: Bilingual = year === null ? { zh: '报告年度', en: 'reporting year' } : { zh: '发布日期', en: 'published date' };
    return result('warn', 'uncertain', null, null, { zh: `${what.zh}未知，无法判断是否按时发布`, en: `Cannot decide timeliness: the ${what.en} is unknown` });
  }
  const label = (month: 1 | 3): string => `${String(year + 1)}-${month === 1 ? '01' : '03'}-31`;
  if (verdict.missed !== null) {
    const late = verdict.published - verdict.missed.deadline;
    const missed = label(verdict.missed.month);
    return result(verdict.missed.severity, 'fail', 0, late, { zh: `发布于${publishedDate}，晚于${missed}共${String(late)}天`, en: `Published on ${publishedDate}, ${String(late)} days after ${missed}` });
  }
  // The strictest threshold that applies, which the date met.
  const met = label(year > 2018 && input.agencyType !== 'government' ? 1 : 3);
  return result('info', 'pass', 0, 0, { zh: `发布于${publishedDate}，未晚于${met}`, en: `Published on ${publishedDate}, by ${met}` });
}
