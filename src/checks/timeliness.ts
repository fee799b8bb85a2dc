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

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

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

/**
 * Days since 1970-01-01 of an ISO YYYY-MM-DD date, or null when it is not a real date (2023-02-30,
 * month 13) or its year is below 100 (which Date.UTC, used here before, read as 19xx and refused).
 * Arithmetic rather than a Date per call: the region audit checks thousands of reports at once.
 */
export function isoDayNumber(iso: string): number | null {
  const m = ISO.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 100 || mo < 1 || mo > 12 || d < 1) return null;
  const last = mo === 2 && isLeap(y) ? 29 : (MONTH_DAYS[mo - 1] ?? 0);
  return d > last ? null : daysFromCivil(y, mo, d);
}

/**
 * Whether a report was published by its deadline: departments 31 January of Y+1, local governments
 * 31 March (everyone 31 March up to reporting year 2018). Townships and unknown levels are not named by
 * art. 49: after 31 January is a warning, after 31 March an error. `actual` is the number of days late.
 */
export function checkTimeliness(input: TimelinessInput): CheckResult {
  const base = { ruleId: 'TIMELINESS', scope: 'published_date', keys: [] as readonly string[] };
  const { year, publishedDate } = input;
  if (year === null || publishedDate === null) {
    const what: Bilingual = year === null ? { zh: '报告年度', en: 'reporting year' } : { zh: '发布日期', en: 'published date' };
    return { ...base, severity: 'warn', status: 'uncertain', expected: null, actual: null, message: { zh: `${what.zh}未知，无法判断是否按时发布`, en: `Cannot decide timeliness: the ${what.en} is unknown` } };
  }
  const published = isoDayNumber(publishedDate);
  if (published === null) {
    return { ...base, severity: 'warn', status: 'uncertain', expected: null, actual: null, message: { zh: `发布日期“${publishedDate}”无法识别`, en: `The published date "${publishedDate}" is not a valid date` } };
  }
  const next = String(year + 1);
  const jan31 = daysFromCivil(year + 1, 1, 31);
  const mar31 = daysFromCivil(year + 1, 3, 31);
  const level = input.agencyType;
  // [deadline, severity when missed, label] from the strictest applicable threshold to the loosest.
  const thresholds: [number, Severity, string][] =
    year <= 2018
      ? [[mar31, 'error', `${next}-03-31`]]
      : level === 'department'
        ? [[jan31, 'error', `${next}-01-31`]]
        : level === 'government'
          ? [[mar31, 'error', `${next}-03-31`]]
          : [
              [mar31, 'error', `${next}-03-31`],
              [jan31, 'warn', `${next}-01-31`],
            ];
  for (const [deadline, severity, label] of thresholds) {
    if (published > deadline) {
      const late = published - deadline;
      return {
        ...base,
        severity,
        status: 'fail',
        expected: 0,
        actual: late,
        message: { zh: `发布于${publishedDate}，晚于${label}共${String(late)}天`, en: `Published on ${publishedDate}, ${String(late)} days after ${label}` },
      };
    }
  }
  // The last threshold is the strictest one, which the date met.
  const label = thresholds[thresholds.length - 1]?.[2] ?? '';
  return { ...base, severity: 'info', status: 'pass', expected: 0, actual: 0, message: { zh: `发布于${publishedDate}，未晚于${label}`, en: `Published on ${publishedDate}, by ${label}` } };
}
