/**
 * The synthetic generator against the real checks: the `checks` it carries are what the real checks
 * say on its reports (whole reports, not the reduced view it keeps per agency), the failures are
 * exactly the inserted violations, and the model's structure (templates, chains, proportions) holds.
 */
import { describe, expect, it } from 'vitest';
import { crossYearInput, runCrossYearChecks, runReportChecks } from '../../src/checks';
import { JUMP_KEYS } from '../../src/checks/crossYear';
import type { CheckResult } from '../../src/model/checks';
import { CELL_DEFS } from '../../src/model/template';
import { agencyCounts, buildAgencies, NATIONAL_COUNTS, SYNTHETIC_MARK } from '../../src/synthetic/agencies';
import { crossYearView, generateCorpus, type SyntheticReport } from '../../src/synthetic/generate';
import { Rng } from '../../src/synthetic/random';
import { BUILT_IN_REGIONS } from '../../src/synthetic/regions';
import { JUMP_STATE_KEYS } from '../../src/synthetic/values';
import { VIOLATION_RULES } from '../../src/synthetic/violations';

const YEARS = [2019, 2020, 2021, 2022, 2023];

function corpus(agencies: number, seed: string, violationRate: number, years: readonly number[] = YEARS): SyntheticReport[] {
  return [...generateCorpus({ agencies, years, seed, violationRate })];
}

const strip = (c: CheckResult): string => JSON.stringify([c.ruleId, c.severity, c.status, c.scope, c.expected, c.actual, c.keys, c.message]);

describe('checks are the real checks', () => {
  const reports = corpus(60, 'checks', 0.25);

  it('per report and across years, recomputed on whole reports, equal the carried checks', () => {
    const cross = runCrossYearChecks(reports.map((s) => crossYearInput(s.identity.reportId, s.identity.agencyId, s.report)));
    const crossBy = new Map<string, CheckResult[]>();
    for (const { reportId, ...c } of cross) crossBy.set(reportId, [...(crossBy.get(reportId) ?? []), c]);
    let compared = 0;
    for (const s of reports) {
      const want = [...runReportChecks(s.report), ...(crossBy.get(s.identity.reportId) ?? [])].map(strip);
      expect(s.checks.map(strip)).toEqual(want);
      compared += want.length;
    }
    expect(compared).toBeGreaterThan(reports.length * 40);
  });

  it('failing rules are exactly the inserted violations, no more, no less', () => {
    const failing = new Set<string>();
    for (const s of reports) for (const c of s.checks) if (c.status === 'fail') failing.add(`${s.identity.reportId} ${c.ruleId}`);
    const inserted = new Set(reports.flatMap((s) => (s.violation ? [`${s.identity.reportId} ${s.violation.ruleId}`] : [])));
    expect(reports.every((s) => s.unplanned.length === 0)).toBe(true);
    expect([...failing].sort()).toEqual([...inserted].sort());
    // A quarter of 300 reports: every kind of violation occurs.
    const kinds = new Set(reports.flatMap((s) => (s.violation ? [s.violation.ruleId] : [])));
    expect([...kinds].sort()).toEqual([...VIOLATION_RULES].sort());
    expect(inserted.size).toBeGreaterThan(45);
  });

  it('the view of last year an agency keeps gives the same cross-year results as the whole report', () => {
    const byAgency = new Map<string, SyntheticReport[]>();
    for (const s of reports) byAgency.set(s.identity.agencyId, [...(byAgency.get(s.identity.agencyId) ?? []), s]);
    let pairs = 0;
    for (const list of byAgency.values()) {
      const whole = list.map((s) => crossYearInput(s.identity.reportId, s.identity.agencyId, s.report));
      for (let i = 1; i < whole.length; i++) {
        const prev = whole[i - 1];
        const cur = whole[i];
        if (!prev || !cur) continue;
        expect(runCrossYearChecks([crossYearView(prev), cur]).map(strip)).toEqual(runCrossYearChecks([prev, cur]).map(strip));
        pairs++;
      }
    }
    expect(pairs).toBe(60 * (YEARS.length - 1));
  });

  it('keeps the jump keys of the checks', () => {
    expect([...JUMP_STATE_KEYS]).toEqual([...JUMP_KEYS]);
  });
});

describe('the model', () => {
  const reports = corpus(80, 'model', 0.02);

  it('uses v2019 for 2019–2020 and v2021 after, with every template cell and nothing else', () => {
    for (const s of reports) {
      const v = (s.identity.year ?? 0) <= 2020 ? 'v2019' : 'v2021';
      expect(s.report.meta.template).toBe(v);
      const printed = s.report.cells.filter((c) => c.derived !== true).map((c) => c.key);
      expect(printed).toEqual(CELL_DEFS[v].map((d) => d.key));
    }
  });

  it('prints the procurement amount with 万元, 亿元 or 元 in v2019 only, and fees in 万元 in v2021', () => {
    const units = new Set<string>();
    for (const s of reports) {
      const proc = s.report.cells.find((c) => c.key === 'active.art20_9.central_procurement.total_amount');
      const fee = s.report.cells.find((c) => c.key === 'active.art20_8.admin_fees.amount_wan_yuan');
      if (s.report.meta.template === 'v2019') {
        expect(fee).toBeUndefined();
        expect(proc).toBeDefined();
        if (proc?.unit !== undefined) units.add(proc.unit);
        if (proc && proc.value !== 0) expect(proc.raw).toMatch(/^\d+(\.\d+)?(万元|亿元|元)$/);
      } else {
        expect(proc).toBeUndefined();
        expect(fee?.unit).toBe('万元');
      }
    }
    expect([...units].sort()).toEqual(['万元', '亿元', '元'].sort());
  });

  it('chains carry-over and documents in force from year to year', () => {
    const byAgency = new Map<string, Map<number, SyntheticReport>>();
    for (const s of reports) {
      const m = byAgency.get(s.identity.agencyId) ?? new Map<number, SyntheticReport>();
      m.set(s.identity.year ?? 0, s);
      byAgency.set(s.identity.agencyId, m);
    }
    const value = (s: SyntheticReport, key: string): number | null => s.report.cells.find((c) => c.key === key)?.value ?? null;
    let chained = 0;
    for (const years of byAgency.values()) {
      for (const [y, s] of years) {
        const p = years.get(y - 1);
        if (!p || s.violation?.ruleId === 'XY-CARRY') continue;
        for (const col of ['natural_person', 'total']) {
          const now = value(s, `requests.carried_over.${col}`);
          const before = value(p, `requests.carried_forward.${col}`);
          if (now !== null && before !== null) {
            expect(now).toBe(before);
            chained++;
          }
        }
        if (y >= 2022) {
          const k = (c: string): number | null => value(s, `active.art20_1.normative_docs.${c}`);
          const prev = value(p, 'active.art20_1.normative_docs.in_force');
          const [inForce, issued, repealed] = [k('in_force'), k('issued'), k('repealed')];
          if (prev !== null && inForce !== null && issued !== null && repealed !== null) expect(inForce).toBe(prev + issued - repealed);
        }
      }
    }
    expect(chained).toBeGreaterThan(200);
  });

  it('labels every report synthetic, with no source URL and a synthetic:// source', () => {
    for (const s of reports) {
      expect(s.identity.synthetic).toBe(true);
      expect(s.identity.sourceUrl).toBeNull();
      expect(s.identity.sourceFile).toMatch(/^synthetic:\/\/model\/syn-\d{4}-\d{6}-\d{7}\.(txt|html)$/);
      expect(s.identity.agencyName?.endsWith(SYNTHETIC_MARK)).toBe(true);
    }
  });

  it('comes out in report id order, which is year then region code', () => {
    const ids = reports.map((s) => s.identity.reportId);
    expect(ids).toEqual([...ids].sort());
    const keys = reports.map((s) => `${String(s.identity.year)}|${s.identity.regionCode ?? ''}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('has many all-zero township reports and heavy-tailed requests', () => {
    const all = corpus(400, 'tails', 0, [2022]);
    const received = (s: SyntheticReport): number => s.report.cells.find((c) => c.key === 'requests.new_received.total')?.value ?? 0;
    const towns = all.filter((s) => s.identity.agencyType === 'township');
    const zeroTowns = towns.filter((s) => s.report.cells.every((c) => !c.key.startsWith('requests.') || (c.value ?? 0) === 0));
    expect(towns.length).toBeGreaterThan(80);
    expect(zeroTowns.length / towns.length).toBeGreaterThan(0.5);
    const sorted = all.map(received).sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top5 = sorted.slice(0, Math.ceil(all.length * 0.05)).reduce((a, b) => a + b, 0);
    // The top 5 % of agencies receive most requests (governments of cities and provinces).
    expect(top5 / total).toBeGreaterThan(0.5);
  });
});

describe('agencies and regions', () => {
  it('follow national proportions', () => {
    const k = agencyCounts(139_000);
    const national = Object.values(NATIONAL_COUNTS).reduce((a, b) => a + b, 0);
    expect(Object.values(k).reduce((a, b) => a + b, 0)).toBe(139_000);
    expect(k.provinceGov).toBe(31);
    expect(Math.abs(k.township / 139_000 - NATIONAL_COUNTS.township / national)).toBeLessThan(0.01);
    expect(Math.abs(k.countyDept / 139_000 - NATIONAL_COUNTS.countyDept / national)).toBeLessThan(0.01);
    const small = agencyCounts(7);
    expect(Object.values(small).reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('places agencies in real regions with their GB/T 2260 codes, distinct agency ids', () => {
    const a = buildAgencies(3000, 'regions');
    expect(new Set(a.map((x) => x.agencyId)).size).toBe(3000);
    // Cities are spread over provinces round robin: one province per city government at this size.
    expect(new Set(a.map((x) => x.province)).size).toBeGreaterThanOrEqual(agencyCounts(3000).cityGov);
    for (const x of a) {
      expect(x.regionCode).toMatch(/^\d{6}$/);
      if (x.level === 'province') expect(x.regionCode.endsWith('0000')).toBe(true);
    }
    // A county agency's code starts with its province's two digits.
    const county = a.find((x) => x.level === 'county' && x.type === 'government');
    expect(county?.district).not.toBeNull();
    expect(county?.name).toBe(`${county?.district ?? ''}人民政府${SYNTHETIC_MARK}`);
  });

  it('works from a small hierarchy by making up places marked 合成', () => {
    const a = buildAgencies(20_000, 'small', BUILT_IN_REGIONS);
    expect(a).toHaveLength(20_000);
    expect(a.some((x) => (x.district ?? '').startsWith('合成'))).toBe(true);
  });
});

describe('determinism', () => {
  it('same seed, same reports; another seed, other reports', () => {
    const a = corpus(15, 'same', 0.1, [2020, 2021]);
    const b = corpus(15, 'same', 0.1, [2020, 2021]);
    const c = corpus(15, 'other', 0.1, [2020, 2021]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('the PRNG is seeded', () => {
    const x = Rng.for('s', 1);
    const y = Rng.for('s', 1);
    const xs = Array.from({ length: 5 }, () => x.nextU32());
    expect(Array.from({ length: 5 }, () => y.nextU32())).toEqual(xs);
    const z = Rng.for('s', 2);
    expect(Array.from({ length: 5 }, () => z.nextU32())).not.toEqual(xs);
  });
});
