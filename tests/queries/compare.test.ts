/**
 * The ranked, capped Compare query: its SQL as text (no database), then on native DuckDB over the
 * hand-checked fixture corpus and over the built corpus in data/, where its top N must equal what
 * the full member × year query gives once sorted in plain JS by the documented rule.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpusFiles } from '../../src/corpus/load';
import { CORPUS_TABLES } from '../../src/corpus/schema';
import type { DbConnector } from '../../src/db/connector';
import { createNodeDb } from '../../src/db/node';
import {
  COMPARE_CAPS, COMPARE_DIMENSIONS, compareRankedSql, compareSql, EMPTY_FILTERS, filterPredicate, metricTotalsSql, readRankedRows, trendByYearSql, type CompareDimension, type Filters,
  type RankOrder,
} from '../../src/queries';
import { METRICS } from '../../src/queries/metrics';
import { buildFixture, fixtureDb, fixtureDbForTests } from '../db/fixture';
import { REPO_ROOT } from '../shared';
import { procurementYuan, sumKey } from './expect';
import { rollupFilters } from './rollup-filters';

type Row = Record<string, unknown>;

const toNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const toStr = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : JSON.stringify(v));

/** DuckDB orders VARCHAR by UTF-8 bytes; JS `<` compares UTF-16 units, which differs above the BMP. */
const utf8 = (s: string | null): Buffer | null => (s === null ? null : Buffer.from(s, 'utf8'));
function cmpText(a: string | null, b: string | null): number {
  const x = utf8(a);
  const y = utf8(b);
  if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1; // NULLs last, as DuckDB's ASC
  return Buffer.compare(x, y);
}

interface Member { key: string; label: string | null; rankValue: number | null; byYear: Map<number, number | null> }

/**
 * The reference: the full compareSql result grouped in JS and sorted by the rule compareRankedSql
 * documents (value in the latest selected year that has one, nulls last either way, then label, then key).
 */
function rankInJs(full: readonly Row[], order: RankOrder): Member[] {
  const years = full.filter((r) => toNum(r.value) !== null).map((r) => Number(r.year));
  const last = years.length === 0 ? null : Math.max(...years);
  const byKey = new Map<string, Member>();
  const labelYear = new Map<string, number>();
  for (const r of full) {
    const key = String(r.dim_key);
    const year = Number(r.year);
    let m = byKey.get(key);
    if (!m) byKey.set(key, (m = { key, label: toStr(r.dim_label), rankValue: null, byYear: new Map() }));
    m.byYear.set(year, toNum(r.value));
    if (year === last) m.rankValue = toNum(r.value);
    labelYear.set(key, Math.max(labelYear.get(key) ?? year, year));
  }
  const sign = order === 'asc' ? 1 : -1;
  return [...byKey.values()].sort((a, b) => {
    if (a.rankValue !== b.rankValue) {
      if (a.rankValue === null) return 1;
      if (b.rankValue === null) return -1;
      return sign * (a.rankValue - b.rankValue);
    }
    return cmpText(a.label, b.label) || cmpText(a.key, b.key);
  });
}

/** The ranked query's rows through the view's own reader (readRankedRows), in the reference's shape. */
function readRanked(got: readonly Row[]): { members: Member[]; total: number | null; ranks: number[] } {
  const r = readRankedRows(got);
  return {
    members: r.members.map((m) => ({ key: m.key, label: m.label, rankValue: m.rankValue, byYear: new Map(m.byYear) })),
    total: r.members.length === 0 ? null : r.total,
    ranks: r.members.map((m) => m.rank),
  };
}

async function expectSameAsJs(db: DbConnector, metricId: string, dim: CompareDimension, f: Filters, order: RankOrder, limit: number): Promise<number> {
  const full = (await db.query(compareSql(metricId, dim, f))).rows;
  const want = rankInJs(full, order);
  const got = readRanked((await db.query(compareRankedSql(metricId, dim, f, { limit, order }))).rows);
  const label = `${metricId} × ${dim} (${order}, top ${String(limit)})`;
  expect(got.members.map((m) => m.key), label).toEqual(want.slice(0, limit).map((m) => m.key));
  expect(got.members, label).toEqual(want.slice(0, limit));
  expect(got.ranks, label).toEqual(got.members.map((_m, i) => i + 1));
  if (got.members.length > 0) expect(got.total, label).toBe(want.length);
  return want.length;
}

/**
 * `MetricDef.present` must decide, per group of reports, whether the metric has a value: checked for
 * every metric that has one, grouped by agency and year and by province and year.
 */
async function expectPresenceDecides(db: DbConnector): Promise<void> {
  const withTest = METRICS.filter((m) => m.present !== undefined);
  expect(withTest.length).toBeGreaterThan(10);
  for (const m of withTest) {
    for (const dim of ['agency_id', 'province']) {
      const rows = (await db.query(`SELECT ${dim} AS k, year, (${m.sql}) IS NOT NULL AS has, bool_or(${m.present ?? ''}) AS any FROM v_reports WHERE year IS NOT NULL GROUP BY ALL`)).rows;
      expect(rows.length).toBeGreaterThan(0);
      const wrong = rows.filter((r) => r.has !== r.any).map((r) => `${String(r.k)} ${String(r.year)}`);
      expect(wrong, `${m.id} by ${dim}`).toEqual([]);
    }
  }
}

describe('compareRankedSql: the SQL text', () => {
  it('ranks in SQL by the latest year, nulls last in both directions, and caps the members', () => {
    const f: Filters = { ...EMPTY_FILTERS, agencyQuery: "财政局' OR 1=1 --", years: [2023, 2024] };
    const desc = compareRankedSql('disclosure_rate', 'city', f, { limit: 30, order: 'desc' });
    // A top-N (no full sort of every member), ranked and counted after the cut.
    expect(desc).toContain('ORDER BY rank_value DESC NULLS LAST, dim_label, dim_key\n  LIMIT 30\n');
    expect(desc).toContain('row_number() OVER (ORDER BY rank_value DESC NULLS LAST, dim_label, dim_key) AS rank');
    expect(desc).toContain('(SELECT count(*) FROM members) AS total_members');
    expect(desc).toContain('max(a.value) FILTER (WHERE a.year = last.y) AS rank_value');
    expect(desc).toContain('SELECT max(year) FILTER (WHERE value IS NOT NULL) AS y FROM agg');
    expect(desc).toContain(`province || '/' || city AS dim_key`);
    expect(desc).toContain('year IN (2023, 2024)');
    // The name filter is one escaped literal, never SQL.
    expect(desc).toContain(`lower('财政局'' OR 1=1 --')`);
    const asc = compareRankedSql('disclosure_rate', 'city', f, { limit: 30, order: 'asc' });
    expect(asc).toContain('ORDER BY rank_value ASC NULLS LAST, dim_label, dim_key\n  LIMIT 30\n');
    expect(asc.replaceAll('rank_value ASC NULLS LAST', 'rank_value DESC NULLS LAST')).toBe(desc);
  });

  it('takes only a whole, non-negative cap', () => {
    const sql = (limit: number): string => compareRankedSql('reports', 'agency', EMPTY_FILTERS, { limit, order: 'desc' });
    expect(sql(12.9)).toContain('LIMIT 12\n');
    expect(sql(-5)).toContain('LIMIT 0\n');
    expect(() => sql(Number.NaN)).toThrow(/finite/);
    expect(() => compareRankedSql('no_such_metric', 'agency', EMPTY_FILTERS, { limit: 5, order: 'desc' })).toThrow();
  });

  it('reads the long rows back into members in rank order, BIGINT counts as numbers, NULL values kept as NULL', () => {
    const row = (key: string, rank: number, year: number, value: number | bigint | null) =>
      ({ dim_key: key, dim_label: `${key} name`, rank: BigInt(rank), rank_year: 2024, rank_value: 7, total_members: 12n, year, value });
    const r = readRankedRows([row('b', 1, 2023, 5n), row('b', 1, 2024, null), row('a', 2, 2024, 0), { dim_key: null, year: 2024 }]);
    expect(r.members.map((m) => [m.key, m.label, m.rank])).toEqual([['b', 'b name', 1], ['a', 'a name', 2]]);
    expect([...(r.members[0]?.byYear ?? [])]).toEqual([[2023, 5], [2024, null]]);
    expect([...(r.members[1]?.byYear ?? [])]).toEqual([[2024, 0]]);
    expect(r.years).toEqual([2023, 2024]);
    expect(r.total).toBe(12);
    expect(r.rankYear).toBe(2024);
    expect(readRankedRows([])).toEqual({ members: [], years: [], rankYear: null, total: 0 });
  });

  it('finds the ranking year in one pass when a row decides the metric or the dimension is the agency, and groups member-years otherwise', () => {
    const summed = compareRankedSql('requests_received', 'agency', EMPTY_FILTERS, { limit: 30, order: 'desc' });
    // The ranked year and the last year from the rollup's rows when it holds the selection, from the reports' otherwise.
    expect(summed).toContain('FROM (SELECT year, sum(requests_received) AS value FROM v_report_rollup WHERE year IS NOT NULL AND TRUE GROUP BY year)');
    const named = compareRankedSql('requests_received', 'agency', { ...EMPTY_FILTERS, agencyQuery: '局' }, { limit: 30, order: 'desc' });
    expect(named).toContain('max(year) FILTER (WHERE requests__new_received__total IS NOT NULL)');
    expect(named).not.toContain('v_report_rollup');
    expect(summed).not.toContain('WITH agg AS');
    expect(summed).toContain('SELECT max(year) FILTER (WHERE value IS NOT NULL) AS y, max(year) AS ylast');
    // By agency the figure in the ranked year comes from the grouping of every agency, with the
    // agency's name in the last year where it prints one; a count is NULL there, not 0, for an agency without a report that year.
    expect(summed).toContain('sum(requests__new_received__total) FILTER (WHERE year = (SELECT y FROM last)) AS rank_value, CASE WHEN count(agency_name) FILTER (WHERE year = (SELECT ylast FROM last)) = 1 THEN any_value(agency_name) FILTER (WHERE year = (SELECT ylast FROM last)) END AS named');
    expect(summed).not.toContain('ranks AS');
    const counted = compareRankedSql('reports', 'agency', EMPTY_FILTERS, { limit: 30, order: 'desc' });
    expect(counted).toContain('nullif(count(*) FILTER (WHERE year = (SELECT y FROM last)), 0) AS rank_value');
    // The distinct count of agencies over one agency's reports is 1: by agency it is counted as a
    // presence (the split-agency test below checks it against the distinct count), elsewhere distinctly.
    const agencies = compareRankedSql('agencies', 'agency', { ...EMPTY_FILTERS, agencyQuery: '局' }, { limit: 30, order: 'desc' });
    expect(agencies).toContain('nullif(least(count(*) FILTER (WHERE year = (SELECT y FROM last)), 1), 0) AS rank_value');
    expect(agencies).not.toContain('count(DISTINCT');
    expect(compareRankedSql('agencies', 'city', { ...EMPTY_FILTERS, agencyQuery: '局' }, { limit: 30, order: 'desc' })).toContain('count(DISTINCT agency_id)');
    // A rate is NULL when its denominator sums to 0, which no single report decides: by agency its
    // ranked year is the latest whose pooled rate is not NULL (from the rollup, or the reports by year);
    // by city under a filter the rollup does not hold, every member and year is grouped.
    const rate = compareRankedSql('disclosure_rate', 'agency', EMPTY_FILTERS, { limit: 30, order: 'desc' });
    expect(rate).not.toContain('WITH agg AS');
    expect(rate).toContain('FROM (SELECT year, sum(disclosure_rate__num) / nullif(sum(disclosure_rate__den), 0) AS value FROM v_report_rollup');
    const rateNamed = compareRankedSql('disclosure_rate', 'agency', { ...EMPTY_FILTERS, agencyQuery: '局' }, { limit: 30, order: 'desc' });
    expect(rateNamed).not.toContain('WITH agg AS');
    expect(rateNamed).toMatch(/FROM \(SELECT year, sum\(.+\) AS value FROM base GROUP BY year\)/);
    expect(compareRankedSql('disclosure_rate', 'city', { ...EMPTY_FILTERS, district: '某区' }, { limit: 30, order: 'desc' })).toContain('WITH agg AS');
  });

  it('reads the rollup for a city, a province or a type and a metric it holds, the reports otherwise', () => {
    const sql = (metricId: string, dim: CompareDimension, f: Filters = EMPTY_FILTERS): string => compareRankedSql(metricId, dim, f, { limit: 30, order: 'desc' });
    for (const dim of ['city', 'province', 'agency_type'] as const) {
      for (const id of ['requests_received', 'disclosure_rate', 'reports', 'procurement_total', 'agencies']) {
        expect(sql(id, dim)).toContain('FROM v_report_rollup');
        expect(sql(id, dim)).not.toContain('v_report_metrics');
      }
      // A rate from the rollup is its summed numerator over its summed denominator, not a mean of rates.
      expect(sql('disclosure_rate', dim)).toContain('sum(disclosure_rate__num) / nullif(sum(disclosure_rate__den), 0) AS value');
      // A year's distinct count of agencies: the agencies of its unsplit rows, plus each split agency once.
      expect(sql('agencies', dim)).toContain('CAST(coalesce(sum(agencies) FILTER (WHERE split_agency IS NULL), 0) + count(DISTINCT split_agency) AS BIGINT) AS value');
      // No rollup holds a selection by district or by name.
      expect(sql('requests_received', dim, { ...EMPTY_FILTERS, district: '某区' })).toContain('FROM v_report_metrics');
      expect(sql('requests_received', dim, { ...EMPTY_FILTERS, agencyQuery: '财政' })).toContain('FROM v_report_metrics');
      expect(sql('requests_received', dim, { ...EMPTY_FILTERS, agencyQuery: '  ' })).toContain('FROM v_report_rollup');
    }
    // An agency's figures come from its reports; only the ranked year may come from the rollup.
    expect(sql('requests_received', 'agency').match(/FROM v_report_rollup/g)).toHaveLength(1);
    expect(sql('requests_received', 'agency')).toContain('FROM v_report_metrics');
  });

  it('keeps the chart cap inside the table cap', () => {
    expect(COMPARE_CAPS.chart).toBeLessThanOrEqual(COMPARE_CAPS.table);
    expect(COMPARE_CAPS.table).toBeLessThanOrEqual(1000);
  });
});

describe('compareRankedSql on the hand-checked fixture corpus', () => {
  const fx = buildFixture();
  let db: DbConnector;
  beforeAll(async () => {
    db = await fixtureDb(fx);
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives the same top N as the full query sorted in JS, for every dimension, both directions, several caps', async () => {
    for (const dim of COMPARE_DIMENSIONS) {
      for (const metricId of ['requests_received', 'disclosure_rate', 'reports', 'procurement_total']) {
        for (const order of ['desc', 'asc'] as const) {
          const n = await expectSameAsJs(db, metricId, dim, EMPTY_FILTERS, order, 3);
          // Caps that cut inside a run of tied values too (the agency form labels only the members up to the cut).
          for (const cap of [0, 1, Math.floor(n / 2), n - 1, n, n + 5]) await expectSameAsJs(db, metricId, dim, EMPTY_FILTERS, order, Math.max(0, cap));
        }
      }
    }
  });

  it('each metric\'s presence test decides where it has a value', async () => {
    await expectPresenceDecides(db);
  });

  it('a metric taken over one year\'s rows (sqlWhere) is the metric over those rows alone, NULL without one', async () => {
    const years = (await db.query('SELECT DISTINCT year FROM v_reports WHERE year IS NOT NULL ORDER BY year')).rows.map((r) => Number(r.year));
    for (const m of METRICS) {
      let figures = 0;
      for (const year of years) {
        const sql = `WITH a AS (SELECT DISTINCT agency_id FROM v_reports),
one AS (SELECT agency_id, ${m.sql} AS v FROM v_reports WHERE year = ${String(year)} GROUP BY agency_id),
whole AS (SELECT agency_id, ${m.sqlWhere(`year = ${String(year)}`)} AS v FROM v_reports GROUP BY agency_id)
SELECT a.agency_id, one.v AS want, whole.v AS got FROM a LEFT JOIN one USING (agency_id) LEFT JOIN whole USING (agency_id)`;
        const rows = (await db.query(sql)).rows;
        expect(rows.length).toBeGreaterThan(0);
        figures += rows.filter((r) => r.want !== null).length;
        expect(rows.filter((r) => r.want !== r.got).map((r) => String(r.agency_id)), `${m.id} ${String(year)}`).toEqual([]);
      }
      expect(figures, m.id).toBeGreaterThan(0);
    }
  });

  it('every metric of the catalogue ranks as the full query does (the reports read once, with the metric\'s own columns, or the rollup)', async () => {
    for (const m of METRICS) {
      for (const dim of COMPARE_DIMENSIONS) await expectSameAsJs(db, m.id, dim, EMPTY_FILTERS, 'desc', 3);
    }
  });

  it('ranks from the rollup as from the reports under every filter the rollup holds, and from the reports under the others', async () => {
    const { held, notHeld } = await rollupFilters(db);
    for (const f of [...held, ...notHeld]) {
      for (const metricId of ['requests_received', 'disclosure_rate', 'reports', 'check_failures', 'regulations_issued']) {
        for (const dim of COMPARE_DIMENSIONS) {
          // By agency the rollup gives the ranked year only, under the filters it holds.
          expect(compareRankedSql(metricId, dim, f, { limit: 5, order: 'desc' }).includes('v_report_rollup'), JSON.stringify(f)).toBe(held.includes(f));
          await expectSameAsJs(db, metricId, dim, f, 'desc', 5);
        }
      }
    }
  });

  it('ranks provinces by the figures in the expected files for the latest year that has them', async () => {
    const last = Math.max(...fx.expected.filter((e) => sumKey([e], 'requests.new_received.total') !== null).map((e) => e.year));
    const byProvince = new Map<string, number | null>();
    const provinces = new Set<string>();
    for (const e of fx.expected) {
      const p = fx.manifest.get(e.id)?.province;
      if (p) provinces.add(p);
    }
    for (const p of provinces) {
      byProvince.set(p, sumKey(fx.expected.filter((e) => e.year === last && fx.manifest.get(e.id)?.province === p), 'requests.new_received.total'));
    }
    const valued = [...byProvince.entries()].filter((x): x is [string, number] => x[1] !== null);
    expect(valued.length).toBeGreaterThan(1);
    const got = readRanked((await db.query(compareRankedSql('requests_received', 'province', EMPTY_FILTERS, { limit: 2, order: 'desc' }))).rows);
    const top2 = [...valued].sort((a, b) => b[1] - a[1] || cmpText(a[0], b[0])).slice(0, 2);
    expect(got.members.map((m) => [m.key, m.rankValue])).toEqual(top2);
    expect(got.total).toBe(provinces.size);
    const low = readRanked((await db.query(compareRankedSql('requests_received', 'province', EMPTY_FILTERS, { limit: 1, order: 'asc' }))).rows);
    const lowest = [...valued].sort((a, b) => a[1] - b[1] || cmpText(a[0], b[0]))[0];
    expect(low.members.map((m) => [m.key, m.rankValue])).toEqual([lowest]);
  });

  it('follows the filters and returns nothing (not zeros) for an empty selection', async () => {
    await expectSameAsJs(db, 'requests_received', 'agency', { ...EMPTY_FILTERS, years: [2023, 2024] }, 'desc', 4);
    await expectSameAsJs(db, 'disclosure_rate', 'city', { ...EMPTY_FILTERS, agencyTypes: ['government'] }, 'asc', 4);
    const none = await db.query(compareRankedSql('requests_received', 'agency', { ...EMPTY_FILTERS, agencyQuery: 'no agency is called this' }, { limit: 30, order: 'desc' }));
    expect(none.rows).toEqual([]);
    const zero = await db.query(compareRankedSql('requests_received', 'agency', EMPTY_FILTERS, { limit: 0, order: 'desc' }));
    expect(zero.rows).toEqual([]);
  });

  it('ranks a one-template metric by the latest year that prints it; with none, no rank value (not 0)', async () => {
    const procurementYears = fx.expected.filter((e) => procurementYuan([e]) !== null).map((e) => e.year);
    expect(procurementYears.length).toBeGreaterThan(0);
    const got = (await db.query(compareRankedSql('procurement_total', 'province', EMPTY_FILTERS, { limit: 50, order: 'desc' }))).rows;
    expect(new Set(got.map((r) => Number(r.rank_year)))).toEqual(new Set([Math.max(...procurementYears)]));
    const fees = (await db.query(compareRankedSql('fee_total', 'province', { ...EMPTY_FILTERS, years: [2019, 2020] }, { limit: 50, order: 'desc' }))).rows;
    expect(fees.length).toBeGreaterThan(0);
    for (const r of fees) {
      expect(r.rank_year).toBeNull();
      expect(r.rank_value).toBeNull();
      expect(r.value).toBeNull();
    }
  });
});

const DATA = join(REPO_ROOT, 'data');
const haveData = CORPUS_TABLES.every((t) => existsSync(join(DATA, `${t.name}.parquet`)));

describe('the distinct count of agencies from the rollup, with agency-years whose reports fall in different rows', () => {
  const fx = buildFixture();
  // The fixture has one report per agency and year. Three agency-years get a second report: one in
  // another province and city, one under the other template, one under the same keys (no split).
  const byId = [...fx.rows.reports].sort((a, b) => String(a.report_id).localeCompare(String(b.report_id)));
  const [moved, retemplated, twin] = byId.filter((r) => r.city !== null && r.year !== null);
  const elsewhere = byId.find((r) => r.province !== moved?.province && r.city !== null);
  if (!moved || !retemplated || !twin || !elsewhere) throw new Error('the fixture lacks the reports this test copies');
  fx.rows.reports.push(
    { ...moved, report_id: 'split-city', province: elsewhere.province ?? null, city: elsewhere.city ?? null },
    { ...retemplated, report_id: 'split-template', template: retemplated.template === 'v2019' ? 'v2021' : 'v2019' },
    { ...twin, report_id: 'same-keys' },
  );
  const { db: open } = fixtureDbForTests(fx);

  it('keeps the split agency-years apart in the rollup, each counted once per year under any selection', async () => {
    const db = open();
    const split = (await db.query('SELECT DISTINCT split_agency FROM v_report_rollup WHERE split_agency IS NOT NULL ORDER BY 1')).rows.map((r) => r.split_agency);
    expect(split).toEqual([moved.agency_id, retemplated.agency_id].sort());
    const { held, notHeld } = await rollupFilters(db);
    const cut: Filters[] = [
      { ...EMPTY_FILTERS, province: String(elsewhere.province) }, { ...EMPTY_FILTERS, province: String(moved.province) },
      { ...EMPTY_FILTERS, city: String(elsewhere.city) }, { ...EMPTY_FILTERS, templates: ['v2019'] }, { ...EMPTY_FILTERS, years: [Number(moved.year)] },
    ];
    for (const f of [...held, ...cut, ...notHeld]) {
      for (const dim of COMPARE_DIMENSIONS) {
        for (const order of ['desc', 'asc'] as const) await expectSameAsJs(db, 'agencies', dim, f, order, 500);
      }
      const trend = trendByYearSql(['agencies', 'reports'], f);
      expect(trend.includes('FROM v_report_rollup'), JSON.stringify(f)).toBe(!notHeld.includes(f));
      const want = (await db.query(`SELECT year, count(DISTINCT agency_id) AS agencies, count(*) AS reports FROM v_report_metrics WHERE year IS NOT NULL AND ${filterPredicate(f)} GROUP BY year ORDER BY year`)).rows;
      expect((await db.query(trend)).rows, JSON.stringify(f)).toEqual(want);
      // Over several years an agency counts once, not once a year: the cards read the reports.
      const [total] = (await db.query(metricTotalsSql(f, ['agencies', 'reports']))).rows;
      const [truth] = (await db.query(`SELECT count(DISTINCT agency_id) AS agencies FROM v_report_metrics WHERE ${filterPredicate(f)}`)).rows;
      expect(total?.agencies, JSON.stringify(f)).toBe(truth?.agencies);
    }
    // The split agency-years are counted once in their year, not once per row.
    const year = Number(moved.year);
    const [row] = (await db.query(trendByYearSql(['agencies'], EMPTY_FILTERS))).rows.filter((r) => r.year === year);
    const perRow = (await db.query(`SELECT sum(agencies) AS n FROM v_report_rollup WHERE year = ${String(year)}`)).rows[0]?.n;
    expect(Number(perRow)).toBeGreaterThan(Number(row?.agencies));
  });
});

describe('an agency that prints two names in the last year is labelled by the greatest', () => {
  const fx = buildFixture();
  // The fixture has one report per agency and year. The last year's first report (by id) gets a
  // second one whose name sorts after it: read first, the scan meets the smaller name first. A
  // second agency's last report gets a twin with the same name.
  const last = Math.max(...fx.rows.reports.map((r) => Number(r.year ?? 0)));
  const inLast = [...fx.rows.reports].filter((r) => r.year === last && r.agency_id !== null && typeof r.agency_name === 'string')
    .sort((a, b) => String(a.report_id).localeCompare(String(b.report_id)));
  const [renamed, twinned] = inLast;
  if (!renamed || !twinned) throw new Error('the fixture lacks two named reports in its last year');
  const newName = `${String(renamed.agency_name)}（更名）`;
  fx.rows.reports.push({ ...renamed, report_id: 'renamed-twin', agency_name: newName }, { ...twinned, report_id: 'same-name-twin' });
  const { db: open } = fixtureDbForTests(fx);

  it('ranks as the full query does, and names the agency by the greater of its two names', async () => {
    const db = open();
    for (const metricId of ['requests_received', 'reports', 'agencies']) {
      for (const order of ['desc', 'asc'] as const) {
        const n = await expectSameAsJs(db, metricId, 'agency', EMPTY_FILTERS, order, 500);
        for (const cap of [1, Math.floor(n / 2), n - 1]) await expectSameAsJs(db, metricId, 'agency', EMPTY_FILTERS, order, Math.max(0, cap));
      }
    }
    const got = readRankedRows((await db.query(compareRankedSql('reports', 'agency', EMPTY_FILTERS, { limit: 500, order: 'desc' }))).rows);
    const label = (id: unknown): string | null => got.members.find((m) => m.key === id)?.label ?? null;
    expect(Buffer.compare(Buffer.from(newName), Buffer.from(String(renamed.agency_name)))).toBe(1);
    expect(label(renamed.agency_id)).toBe(newName);
    expect(label(twinned.agency_id)).toBe(twinned.agency_name);
  });
});

describe('compareRankedSql on the built corpus (data/)', () => {
  let db: DbConnector;
  beforeAll(async () => {
    expect(haveData, 'data/*.parquet: run npm run corpus:build').toBe(true);
    db = await createNodeDb();
    const out = await loadCorpusFiles(db, CORPUS_TABLES.map((t) => ({ name: `${t.name}.parquet`, bytes: new Uint8Array(readFileSync(join(DATA, `${t.name}.parquet`))) })));
    if (!out.ok) throw new Error(out.error.en);
  });
  afterAll(async () => {
    await db.close();
  });

  it('each metric\'s presence test decides where it has a value', async () => {
    await expectPresenceDecides(db);
  });

  it('the chart cap of agencies equals the full query sorted in JS, highest and lowest first', async () => {
    for (const metricId of ['requests_received', 'disclosure_rate', 'denial_rate']) {
      for (const order of ['desc', 'asc'] as const) {
        const n = await expectSameAsJs(db, metricId, 'agency', EMPTY_FILTERS, order, COMPARE_CAPS.chart);
        expect(n).toBeGreaterThan(COMPARE_CAPS.chart);
      }
    }
    for (const dim of ['city', 'province', 'agency_type'] as const) {
      await expectSameAsJs(db, 'requests_received', dim, EMPTY_FILTERS, 'desc', 10);
      await expectSameAsJs(db, 'disclosure_rate', dim, EMPTY_FILTERS, 'asc', 10);
    }
  });
});
