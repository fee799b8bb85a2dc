/**
 * Expected query results computed in plain JS from the hand-checked figures, independently of the
 * SQL under test. Each function states its metric's definition once more, in code.
 */
import { num, type ExpectedReport, type FixtureCorpus } from '../db/fixture';

export const cell = (e: ExpectedReport, key: string): number | null => num(e.cells[key]);

/** Sum over reports of a key; null when no report prints it (a gap, not 0). */
export function sumKey(reports: readonly ExpectedReport[], key: string): number | null {
  let any = false;
  let s = 0;
  for (const e of reports) {
    const v = cell(e, key);
    if (v !== null) {
      any = true;
      s += v;
    }
  }
  return any ? s : null;
}

/** Pooled rate over reports printing a numerator cell and a denominator cell. */
export function pooledRate(reports: readonly ExpectedReport[], numKeys: readonly string[], denKeys: readonly string[]): number | null {
  let n = 0;
  let d = 0;
  let any = false;
  for (const e of reports) {
    const nums = numKeys.map((k) => cell(e, k));
    const dens = denKeys.map((k) => cell(e, k));
    if (nums.every((x) => x === null) || dens.every((x) => x === null)) continue;
    any = true;
    n += nums.reduce<number>((a, x) => a + (x ?? 0), 0);
    d += dens.reduce<number>((a, x) => a + (x ?? 0), 0);
  }
  return any && d !== 0 ? n / d : null;
}

export function procurementYuan(reports: readonly ExpectedReport[]): number | null {
  let any = false;
  let s = 0;
  for (const e of reports) {
    const v = e.cells['active.art20_9.central_procurement.total_amount'];
    if (typeof v === 'object' && v !== null) {
      any = true;
      s += v.yuan;
    }
  }
  return any ? s : null;
}

export function failedChecks(fx: FixtureCorpus, reports: readonly ExpectedReport[]): number {
  const ids = new Set(reports.map((e) => e.id));
  return fx.rows.checks.filter((c) => c.status === 'fail' && ids.has(String(c.report_id))).length;
}

export const byYear = (reports: readonly ExpectedReport[]): Map<number, ExpectedReport[]> => {
  const m = new Map<number, ExpectedReport[]>();
  for (const e of reports) m.set(e.year, [...(m.get(e.year) ?? []), e]);
  return new Map([...m].sort((a, b) => a[0] - b[0]));
};

export const closeTo = (a: unknown, b: number | null): boolean => (b === null ? a === null : typeof a === 'number' && Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)));

/**
 * （六）其他处理 total: printed in v2019; for v2021 the corpus derives it (spec §4.2) from the
 * three other-handling rows into the same column.
 */
export function otherTotal(e: ExpectedReport): number | null {
  const printed = cell(e, 'requests.results.other.total.total');
  if (printed !== null) return printed;
  const parts = ['no_correction', 'fee_unpaid', 'other'].map((p) => cell(e, `requests.results.other.${p}.total`));
  return parts.some((p) => p !== null) ? parts.reduce<number>((a, p) => a + (p ?? 0), 0) : null;
}

/** Sum of a per-report value; null when no report has one. */
export function sumOf(reports: readonly ExpectedReport[], f: (e: ExpectedReport) => number | null): number | null {
  const vs = reports.map(f).filter((v): v is number => v !== null);
  return vs.length > 0 ? vs.reduce((a, b) => a + b, 0) : null;
}
