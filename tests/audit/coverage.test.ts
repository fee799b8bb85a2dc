/** The coverage grid on the default corpus, against counts worked out from data/*.csv in plain JS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageFindings, coverageGrid } from '../../src/audit/coverage';
import { coverageSql } from '../../src/audit/sql';
import type { DbConnector } from '../../src/db/connector';
import { EMPTY_FILTERS } from '../../src/queries/filters';
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

describe('coverage grid on data/', () => {
  it('spans every agency × every year from the first to the last report', async () => {
    const grid = coverageGrid((await db.query(coverageSql(EMPTY_FILTERS))).rows);
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
    const grid = coverageGrid((await db.query(coverageSql(EMPTY_FILTERS))).rows);
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
    const grid = coverageGrid((await db.query(coverageSql(f))).rows);
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
    const grid = coverageGrid((await db.query(coverageSql({ ...EMPTY_FILTERS, province: '不存在的省' }))).rows);
    expect(grid.agencies).toEqual([]);
    expect(grid.years).toEqual([]);
  });
});

describe('coverageFindings', () => {
  const row = (year: number, status: string, reportId: string | null) => ({ agency_id: 'a', agency_name: '某局', province: null, city: null, district: null, agency_type: 'department', year, status, report_id: reportId, n_reports: reportId ? 1 : 0 });
  it('reports a complete report without tables from 2019 on, not an excerpt and not a 2018 report', () => {
    const grid = coverageGrid([row(2018, 'text_only', 'old'), row(2021, 'text_only', 'full21'), row(2022, 'text_only', 'excerpt22'), row(2023, 'present', 'r23')]);
    const f = coverageFindings(grid, { fullReports: new Set(['old', 'full21']) });
    expect(f.map((x) => [x.ruleId, x.year, x.reportId])).toEqual([['COVERAGE-NO-TABLES', 2021, 'full21']]);
  });

  it('with onlyGaps counts missing years inside an agency’s run only', () => {
    const grid = coverageGrid([row(2019, 'missing', null), row(2020, 'present', 'a'), row(2021, 'missing', null), row(2022, 'partial', 'b'), row(2023, 'missing', null)]);
    expect(coverageFindings(grid).map((x) => x.year)).toEqual([2019, 2021, 2023]);
    expect(coverageFindings(grid, { onlyGaps: true }).map((x) => x.year)).toEqual([2021]);
  });
});
