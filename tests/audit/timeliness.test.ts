/**
 * Timeliness on the default corpus. Deadlines (条例 art. 49): departments 31 January, governments
 * 31 March of the next year; townships warned after 31 January and failed after 31 March. The
 * late reports below were worked out by hand from data/reports.csv.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportContextSql } from '../../src/audit/sql';
import { timelinessFindings, timelinessFindingsFromRows, timelinessReportsFromRows, timelinessResults } from '../../src/audit/timeliness';
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

describe('timelinessFindings on data/', () => {
  it('flags the late reports with days late and severity by agency level', async () => {
    const reports = timelinessReportsFromRows((await db.query(reportContextSql(EMPTY_FILTERS))).rows);
    const withDate = dataCsv('reports.csv').filter((r) => r.published_date !== '');
    expect(timelinessResults(reports)).toHaveLength(withDate.length);
    const f = timelinessFindings(reports);
    const got = f.map((x) => [x.reportId, x.severity, x.actual]).sort();
    expect(got).toEqual([
      ['028', 'warn', 20], // township 2019, published 2020-02-20: after 31 Jan, before 31 Mar
      ['057', 'warn', 6], // township 2024, published 2025-02-06
      ['066', 'error', 323], // department 2022, published 2023-12-20
      ['115', 'error', 9], // township 2020, published 2021-04-09: after 31 Mar
    ]);
    expect(f.every((x) => x.ruleId === 'TIMELINESS' && x.source === 'timeliness' && x.status === 'fail')).toBe(true);
    expect(f.find((x) => x.reportId === '066')?.message.zh).toContain('2023-01-31');
  });

  it('leaves reports on time (085, government, published on 31 January) and without a date alone', async () => {
    const reports = timelinessReportsFromRows((await db.query(reportContextSql(EMPTY_FILTERS))).rows);
    const ids = new Set(timelinessFindings(reports).map((x) => x.reportId));
    expect(ids.has('085')).toBe(false);
    expect(ids.has('080')).toBe(false); // government 2020 published 2021-02-07, before 31 March
    expect(ids.has('210')).toBe(false);
  });

  it('gives the same findings from the report rows, leaving out the reports told', async () => {
    const rows = (await db.query(reportContextSql(EMPTY_FILTERS))).rows;
    const want = timelinessFindings(timelinessReportsFromRows(rows));
    expect(want.length).toBeGreaterThan(0);
    expect(timelinessFindingsFromRows(rows)).toEqual(want);
    // A report whose result the corpus stores is not checked again.
    expect(timelinessFindingsFromRows(rows, new Set(['066', '115'])).map((x) => x.reportId).sort()).toEqual(['028', '057']);
  });

  it('reports an unreadable date as undecided, not as late', () => {
    const f = timelinessFindings([{ reportId: 'x', agencyId: 'a', agencyName: null, province: null, city: null, district: null, agencyType: 'department', year: 2022, publishedDate: '2023-02-30' }]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ status: 'uncertain', severity: 'warn' });
  });
});

describe('timelinessFindings on many dates', () => {
  it('is every result that did not pass, as findings, in the reports\' order', () => {
    const reports = [2016, 2018, 2019, 2022].flatMap((year) => ['department', 'government', 'township', null].flatMap((agencyType) =>
      ['01-30', '01-31', '02-01', '03-31', '04-01', '12-31', '02-30'].map((md, i) => ({
        reportId: `${String(year)}-${String(agencyType)}-${String(i)}`, agencyId: 'a', agencyName: null, province: null, city: null, district: null,
        agencyType, year, publishedDate: `${String(year + 1)}-${md}`,
      }))));
    const want = timelinessResults(reports).filter((x) => x.result.status !== 'pass')
      .map((x) => [x.report.reportId, x.result.status, x.result.severity, x.result.actual, x.result.message.en]);
    const got = timelinessFindings(reports).map((x) => [x.reportId, x.status, x.severity, x.actual, x.message.en]);
    expect(got).toEqual(want);
    expect(got.length).toBeGreaterThan(20);
    // The same from report rows, with the columns `reportContextSql` gives them.
    const rows = reports.map((r) => ({ report_id: r.reportId, agency_id: r.agencyId, agency_name: null, province: null, city: null, district: null, agency_type: r.agencyType, year: r.year, published_date: r.publishedDate }));
    expect(timelinessFindingsFromRows(rows)).toEqual(timelinessFindings(reports));
  });
});
