/**
 * The coverage grid: on the default corpus, against counts worked out from data/*.csv in plain JS;
 * then its rules (best state per year, the agency's latest report, order, years) on hand-made rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCodePoints, coverageFindings, coverageGridFromReports } from '../../src/audit/coverage';
import { reportContextSql } from '../../src/audit/sql';
import type { DbConnector } from '../../src/db/connector';
import { EMPTY_FILTERS, type Filters } from '../../src/queries/filters';
import { dataCsv } from './csv';
import { defaultCorpusDb } from './data';

let db: DbConnector;
beforeAll(async () => {
  db = await defaultCorpusDb();
});
afterAll(async () => {
  await db.close();
});

const reports = dataCsv('reports.csv').filter((r) => r.year !== '');
const checks = dataCsv('checks.csv');
const tableGap = new Set(checks.filter((c) => c.rule_id === 'STRUCT-TABLES' && c.status !== 'pass').map((c) => c.report_id));
/** The states as the brief defines them, computed per report in JS. */
function expectedState(r: Record<string, string>): string {
  if (r.template === 'text_only' || r.template === 'pre2019') return 'text_only';
  if (r.completeness === 'partial' || tableGap.has(r.report_id ?? '')) return 'partial';
  return 'present';
}

/** The grid the audit builds for a selection: from the selection's report rows. */
async function gridOf(f: Filters) {
  return coverageGridFromReports((await db.query(reportContextSql(f))).rows, f.years);
}

describe('coverage grid on data/', () => {
  it('spans every agency × every year from the first to the last report', async () => {
    const grid = await gridOf(EMPTY_FILTERS);
    const years = reports.map((r) => Number(r.year));
    const agencies = new Set(reports.map((r) => r.agency_id));
    const span = Math.max(...years) - Math.min(...years) + 1;
    expect(grid.years).toHaveLength(span);
    expect(grid.agencies).toHaveLength(agencies.size);
    const agencyYears = new Set(reports.map((r) => `${r.agency_id ?? ''}/${r.year ?? ''}`));
    const expectedCounts = { present: 0, partial: 0, text_only: 0, missing: agencies.size * span - agencyYears.size };
    for (const r of reports) expectedCounts[expectedState(r) as 'present' | 'partial' | 'text_only']++;
    expect(grid.counts).toEqual(expectedCounts);
    expect(expectedCounts.present).toBeGreaterThan(0);
  });

  it('shows 宿迁 2023 and 2024 present, 085 partial, a text-only report text-only, and the other years missing', async () => {
    const grid = await gridOf(EMPTY_FILTERS);
    const suqian = reports.find((r) => r.report_id === '210')?.agency_id ?? '';
    expect(grid.cell(suqian, 2023)).toMatchObject({ status: 'present', reportId: '210', nReports: 1 });
    expect(grid.cell(suqian, 2024)).toMatchObject({ status: 'present', reportId: '211' });
    expect(grid.cell(suqian, 2022)).toMatchObject({ status: 'missing', reportId: null, nReports: 0 });
    const r085 = reports.find((r) => r.report_id === '085');
    expect(grid.cell(r085?.agency_id ?? '', 2022)).toMatchObject({ status: 'partial', reportId: '085' });
    const textOnly = reports.find((r) => r.template === 'text_only');
    expect(grid.cell(textOnly?.agency_id ?? '', Number(textOnly?.year))).toMatchObject({ status: 'text_only', reportId: textOnly?.report_id });
  });

  it('limits the grid to the years the filter names; missing cells become findings', async () => {
    const f = { ...EMPTY_FILTERS, years: [2023, 2024] };
    const grid = await gridOf(f);
    expect(grid.years).toEqual([2023, 2024]);
    const inRange = reports.filter((r) => r.year === '2023' || r.year === '2024');
    const agencies = new Set(inRange.map((r) => r.agency_id));
    expect(grid.agencies).toHaveLength(agencies.size);
    const missing = agencies.size * 2 - new Set(inRange.map((r) => `${r.agency_id ?? ''}/${r.year ?? ''}`)).size;
    expect(grid.counts.missing).toBe(missing);
    const findings = coverageFindings(grid);
    expect(findings).toHaveLength(missing);
    expect(findings.every((x) => x.ruleId === 'COVERAGE-MISSING' && x.reportId === null && x.status === 'fail')).toBe(true);
    const one = inRange.find((r) => r.year === '2023' && r.agency_id !== reports.find((x) => x.report_id === '210')?.agency_id);
    expect(findings.find((x) => x.agencyId === one?.agency_id)).toMatchObject({ year: 2024, agencyName: one?.agency_name });
  });

  it('an empty selection gives an empty grid', async () => {
    const grid = await gridOf({ ...EMPTY_FILTERS, province: '不存在的省' });
    expect(grid.agencies).toEqual([]);
    expect(grid.years).toEqual([]);
  });
});

/** A report row as `reportContextSql` gives it: agency `a`, a full v2021 report unless told otherwise. */
const report = (year: number | null, reportId: string, more: Record<string, unknown> = {}) => ({
  report_id: reportId, agency_id: 'a', agency_name: '某局', province: '江苏省', city: '宿迁市', district: null, agency_type: 'department',
  year, template: 'v2021', completeness: 'full', tables_gap: false, ...more,
});

describe('coverageGridFromReports', () => {
  it('gives each agency-year the best state of its reports, shown by its smallest report id', () => {
    const grid = coverageGridFromReports([
      report(2021, 'r2', { template: 'text_only' }), report(2021, 'r5', { tables_gap: true }), report(2021, 'r9', { completeness: 'partial' }),
      report(2022, 'q3'), report(2022, 'q1', { template: 'pre2019' }), report(2022, 'q9'),
      report(2023, 't1', { template: 'text_only' }),
    ]);
    expect(grid.cell('a', 2021)).toEqual({ agencyId: 'a', year: 2021, status: 'partial', reportId: 'r5', nReports: 3 });
    expect(grid.cell('a', 2022)).toEqual({ agencyId: 'a', year: 2022, status: 'present', reportId: 'q3', nReports: 3 });
    expect(grid.cell('a', 2023)).toMatchObject({ status: 'text_only', reportId: 't1', nReports: 1 });
    expect(grid.counts).toEqual({ present: 1, partial: 1, text_only: 1, missing: 0 });
  });

  it('spans the first to the last year, or exactly the chosen years; reports without a year or an agency are left out', () => {
    const rows = [report(2019, 'a19'), report(2022, 'a22'), report(null, 'undated'), report(2030, 'orphan', { agency_id: null })];
    const grid = coverageGridFromReports(rows);
    expect(grid.years).toEqual([2019, 2020, 2021, 2022]);
    expect(grid.agencies.map((x) => x.agencyId)).toEqual(['a']);
    expect(grid.counts).toEqual({ present: 2, partial: 0, text_only: 0, missing: 2 });
    const chosen = coverageGridFromReports(rows, [2024, 2022, 2022, 2.5]);
    expect(chosen.years).toEqual([2022, 2024]);
    expect(chosen.cell('a', 2024)).toEqual({ agencyId: 'a', year: 2024, status: 'missing', reportId: null, nReports: 0 });
    expect(chosen.cell('a', 2019)).toBeUndefined();
    expect(coverageGridFromReports([report(null, 'undated')])).toMatchObject({ years: [], agencies: [] });
  });

  it('describes an agency by its latest report and orders agencies by province, city, name and id, nulls last', () => {
    const grid = coverageGridFromReports([
      report(2021, 'b1', { agency_id: 'b', agency_name: '旧名', city: '南京市' }),
      report(2023, 'b3', { agency_id: 'b', agency_name: '新名', city: '南京市' }),
      report(2023, 'b2', { agency_id: 'b', agency_name: '同年较小编号', city: '南京市' }),
      report(2022, 'c', { agency_id: 'c', province: null }),
      report(2022, 'd', { agency_id: 'd', city: null }),
      report(2022, 'e', { agency_id: 'e', agency_name: null }),
      report(2022, 'f', { agency_id: 'f', agency_name: '\u{20000}局' }),
      report(2022, 'g', { agency_id: 'g', agency_name: '\uFF21局' }),
    ]);
    expect(grid.agencies.find((x) => x.agencyId === 'b')).toMatchObject({ agencyName: '同年较小编号', city: '南京市' });
    // 南京市 < 宿迁市 by code point; U+FF21 before U+20000 (JS's `<` puts the surrogate pair first).
    expect(grid.agencies.map((x) => x.agencyId)).toEqual(['b', 'g', 'f', 'e', 'd', 'c']);
  });
});

describe('compareCodePoints', () => {
  it('orders as code points (UTF-8 bytes), not UTF-16 units', () => {
    expect(compareCodePoints('\uFF21', '\u{20000}')).toBeLessThan(0);
    expect(['\uFF21', '\u{20000}'].sort()).toEqual(['\u{20000}', '\uFF21']);
    expect(compareCodePoints('\u{20000}', '\u{20001}')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('宿迁', '宿迁')).toBe(0);
    expect(compareCodePoints('南京', '宿迁')).toBeLessThan(0);
  });

  it('gives the sign of comparing the code points one by one, with and without surrogates', () => {
    const byPoints = (a: string, b: string): number => {
      const [x, y] = [Array.from(a, (c) => c.codePointAt(0) ?? 0), Array.from(b, (c) => c.codePointAt(0) ?? 0)];
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
      return x.length - y.length;
    };
    const letters = ['a', 'b', '宿', '迁', '\uFF21', '\uE000', '\u{20000}', '\u{20001}', ''];
    let seed = 11;
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor(seed / 65536) % n; };
    const word = (): string => Array.from({ length: rand(5) }, () => letters[rand(letters.length)] ?? '').join('');
    let astral = 0;
    for (let i = 0; i < 3000; i++) {
      const [a, b] = [word(), rand(4) === 0 ? '' : word()];
      const c = rand(3) === 0 ? a : b;
      if (/[\uD800-\uDFFF]/.test(a + c)) astral++;
      expect(Math.sign(compareCodePoints(a, c)), `${a} ${c}`).toBe(Math.sign(byPoints(a, c)));
    }
    expect(astral).toBeGreaterThan(100);
  });
});

describe('coverageFindings', () => {
  it('reports a complete report without tables from 2019 on, not an excerpt and not a 2018 report', () => {
    const grid = coverageGridFromReports([
      report(2018, 'old', { template: 'pre2019' }), report(2021, 'full21', { template: 'text_only' }), report(2022, 'excerpt22', { template: 'text_only', completeness: 'partial' }), report(2023, 'r23'),
    ], [2018, 2021, 2022, 2023]);
    const f = coverageFindings(grid, { fullReports: new Set(['old', 'full21']) });
    expect(f.map((x) => [x.ruleId, x.year, x.reportId])).toEqual([['COVERAGE-NO-TABLES', 2021, 'full21']]);
  });

  it('with onlyGaps counts missing years inside an agency’s run only', () => {
    const grid = coverageGridFromReports([report(2020, 'a'), report(2022, 'b', { completeness: 'partial' })], [2019, 2020, 2021, 2022, 2023]);
    expect(coverageFindings(grid).map((x) => x.year)).toEqual([2019, 2021, 2023]);
    expect(coverageFindings(grid, { onlyGaps: true }).map((x) => x.year)).toEqual([2021]);
  });
});
