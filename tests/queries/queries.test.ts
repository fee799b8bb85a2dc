/**
 * Every SQL builder: an inline snapshot of its SQL for the reader, and a run on native DuckDB over
 * a corpus loaded through `loadCorpusFiles` from the hand-checked expected figures, compared with
 * numbers computed from the same figures in plain JS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_TABLES, REPORTS } from '../../src/corpus/schema';
import type { DbConnector } from '../../src/db/connector';
import {
  agencyCellsForReportsSql, agencyCellsSql, agencyChecksByRegionSql, agencyChecksSql, agencyProfileSql, APPLICANT_TYPES, applicantMixSql, carryOverSql, checkFailureListSql, checkFailuresSql,
  compareSql, corpusSummarySql, disclosureSql, EMPTY_FILTERS, filteredTableSql, filterPredicate, filterOptionsSql, METRICS, metric, metricColumns, metricTotalsSql, OVERVIEW_KPIS, overviewKpisSql,
  REQUEST_OUTCOMES, requestOutcomesSql, reviewOutcomesSql, topAgenciesSql, trendByYearSql, type Filters,
} from '../../src/queries';
import { distinctYearsSql, YEAR_BITS } from '../../src/queries/overview';
import { buildFixture, fixtureDb, type ExpectedReport } from '../db/fixture';
import { rollupFilters } from './rollup-filters';
import { byYear, cell, closeTo, failedChecks, otherTotal, pooledRate, procurementYuan, sumKey, sumOf } from './expect';

const fx = buildFixture();
const all = fx.expected;
let db: DbConnector;

beforeAll(async () => {
  db = await fixtureDb(fx);
});
afterAll(async () => {
  await db.close();
});

const rows = async (sql: string): Promise<Record<string, unknown>[]> => (await db.query(sql)).rows;
const shown = (v: unknown): string => (typeof v === 'bigint' ? v.toString() : JSON.stringify(v));
const T = 'requests.results.total.total';
const GRANTED = ['requests.results.granted.total', 'requests.results.partially_granted.total'];
const REVIEW = ['admin_review', 'litigation_direct', 'litigation_after_review'].map((g) => `review_litigation.${g}`);

function select(f: Partial<Filters>, reports: readonly ExpectedReport[] = all): ExpectedReport[] {
  return reports.filter((e) => {
    const m = fx.manifest.get(e.id);
    if (!m) return false;
    if (f.years?.length && !f.years.includes(e.year)) return false;
    if (f.province != null && m.province !== f.province) return false;
    if (f.city != null && m.city !== f.city) return false;
    if (f.agencyTypes?.length && !f.agencyTypes.includes(m.agency_type)) return false;
    if (f.templates?.length && !f.templates.includes(e.template)) return false;
    if (f.agencyQuery && !e.agency.toLowerCase().includes(f.agencyQuery.toLowerCase())) return false;
    return true;
  });
}

describe('metric catalogue', () => {
  it('has every metric the issue asks for, each with a bilingual definition and template versions', () => {
    const ids = METRICS.map((m) => m.id);
    for (const id of [
      'reports', 'agencies', 'requests_received', 'disclosure_rate', 'denial_rate', 'unable_rate', 'review_correction_rate',
      'litigation_correction_rate', 'review_litigation_correction_rate', 'procurement_total', 'fee_total', 'licensing_decisions',
      'penalty_decisions', 'coercion_decisions', 'normative_docs_issued', 'carried_over', 'admin_reviews', 'lawsuits', 'check_failures',
    ]) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of METRICS) {
      expect(m.definition.zh.length).toBeGreaterThan(4);
      expect(m.definition.en.length).toBeGreaterThan(4);
      expect(m.templates.length).toBeGreaterThan(0);
      expect(m.id).toMatch(/^[a-z][a-z0-9_]*$/);
    }
    expect(METRICS.find((m) => m.id === 'procurement_total')?.templates).toEqual(['v2019']);
    expect(METRICS.find((m) => m.id === 'fee_total')?.templates).toEqual(['v2021']);
  });

  it('every metric binds and a rate with a zero denominator is NULL, not 0', async () => {
    // 2020 reports in the sample print 办理结果总计 only as 0 or not at all.
    const r2020 = select({ years: [2020] });
    expect(pooledRate(r2020, GRANTED, [T])).toBeNull();
    const [row] = await rows(metricTotalsSql({ ...EMPTY_FILTERS, years: [2020] }));
    expect(Object.keys(row ?? {})).toEqual(METRICS.map((m) => m.id));
    expect(row?.disclosure_rate).toBeNull();
    expect(row?.reports).toBe(r2020.length);
  });
});

describe('metricTotalsSql', () => {
  it('matches the figures of every report', async () => {
    expect(metricTotalsSql({ ...EMPTY_FILTERS, years: [2023, 2024] })).toMatchInlineSnapshot(`
      "SELECT
        r."reports",
        x."agencies",
        r."requests_received",
        r."carried_over",
        r."carried_forward",
        r."results_total",
        r."disclosure_rate",
        r."denial_rate",
        r."unable_rate",
        r."admin_reviews",
        r."lawsuits",
        r."review_correction_rate",
        r."litigation_correction_rate",
        r."review_litigation_correction_rate",
        r."regulations_issued",
        r."normative_docs_issued",
        r."normative_docs_in_force",
        r."licensing_decisions",
        r."penalty_decisions",
        r."coercion_decisions",
        r."fee_total",
        r."procurement_total",
        r."check_failures"
      FROM (
        SELECT coalesce(CAST(sum(reports) AS BIGINT), 0) AS "reports", sum(requests_received) AS "requests_received", sum(carried_over) AS "carried_over", sum(carried_forward) AS "carried_forward", sum(results_total) AS "results_total", sum(disclosure_rate__num) / nullif(sum(disclosure_rate__den), 0) AS "disclosure_rate", sum(denial_rate__num) / nullif(sum(denial_rate__den), 0) AS "denial_rate", sum(unable_rate__num) / nullif(sum(unable_rate__den), 0) AS "unable_rate", sum(admin_reviews) AS "admin_reviews", sum(lawsuits) AS "lawsuits", sum(review_correction_rate__num) / nullif(sum(review_correction_rate__den), 0) AS "review_correction_rate", sum(litigation_correction_rate__num) / nullif(sum(litigation_correction_rate__den), 0) AS "litigation_correction_rate", sum(review_litigation_correction_rate__num) / nullif(sum(review_litigation_correction_rate__den), 0) AS "review_litigation_correction_rate", sum(regulations_issued) AS "regulations_issued", sum(normative_docs_issued) AS "normative_docs_issued", sum(normative_docs_in_force) AS "normative_docs_in_force", sum(licensing_decisions) AS "licensing_decisions", sum(penalty_decisions) AS "penalty_decisions", sum(coercion_decisions) AS "coercion_decisions", sum(fee_total) AS "fee_total", sum(procurement_total) AS "procurement_total", sum(check_failures) AS "check_failures"
        FROM v_report_rollup
        WHERE year IN (2023, 2024)
      ) r
      CROSS JOIN (
        SELECT count(DISTINCT agency_id) AS "agencies"
        FROM v_report_metrics
        WHERE year IN (2023, 2024)
      ) x"
    `);
    const [row] = await rows(metricTotalsSql(EMPTY_FILTERS));
    expect(row?.reports).toBe(all.length);
    expect(row?.agencies).toBe(new Set(all.map((e) => fx.agencyId(e.id))).size);
    expect(row?.requests_received).toBe(sumKey(all, 'requests.new_received.total'));
    expect(closeTo(row?.disclosure_rate, pooledRate(all, GRANTED, [T]))).toBe(true);
    const corrected = REVIEW.map((g) => `${g}.corrected`);
    const totals = REVIEW.map((g) => `${g}.total`);
    expect(closeTo(row?.review_litigation_correction_rate, pooledRate(all, corrected, totals))).toBe(true);
    expect(closeTo(row?.review_correction_rate, pooledRate(all, [corrected[0] ?? ''], [totals[0] ?? '']))).toBe(true);
    expect(row?.procurement_total).toBe(procurementYuan(all));
    expect(closeTo(row?.fee_total, sumKey(all, 'active.art20_8.admin_fees.amount_wan_yuan'))).toBe(true);
    expect(row?.check_failures).toBe(failedChecks(fx, all));
    expect(row?.check_failures).toBeGreaterThan(0); // report 203 prints 10/1/0/0 with 总计 0
  });

  it('sums the rollup where it holds the selection, with the figures the reports give, an empty selection included', async () => {
    const nowhere: Filters = { ...EMPTY_FILTERS, province: '不存在省' };
    const { held: some, notHeld } = await rollupFilters(db);
    const held = [...some, nowhere];
    for (const f of [...held, ...notHeld]) {
      const sql = metricTotalsSql(f);
      expect(sql.includes('FROM v_report_rollup'), JSON.stringify(f)).toBe(held.includes(f));
      // The reference: every metric over the reports themselves.
      const [want] = await rows(`SELECT ${METRICS.map((m) => `${m.sql} AS ${m.id}`).join(', ')} FROM v_report_metrics WHERE ${filterPredicate(f)}`);
      const [got] = await rows(sql);
      expect(Object.keys(got ?? {})).toEqual(METRICS.map((m) => m.id));
      for (const m of METRICS) {
        const [a, b] = [got?.[m.id] ?? null, want?.[m.id] ?? null];
        expect(b === null ? a === null : closeTo(a === null ? null : Number(a), Number(b)), `${m.id} ${JSON.stringify(f)}: ${shown(a)} against ${shown(b)}`).toBe(true);
      }
    }
    // Nothing selected: no report and no agency (0), and no figure (NULL, not 0).
    const [none] = await rows(metricTotalsSql(nowhere));
    expect([none?.reports, none?.agencies, none?.requests_received, none?.disclosure_rate]).toEqual([0, 0, null, null]);
  });

  it('filters by type, province and template', async () => {
    const f: Filters = { ...EMPTY_FILTERS, agencyTypes: ['government'], province: '江苏省', templates: ['v2021', 'mixed'] };
    const sel = select(f);
    expect(sel.length).toBeGreaterThan(2);
    const [row] = await rows(metricTotalsSql(f));
    expect(row?.reports).toBe(sel.length);
    expect(row?.requests_received).toBe(sumKey(sel, 'requests.new_received.total'));
    expect(closeTo(row?.disclosure_rate, pooledRate(sel, GRANTED, [T]))).toBe(true);
  });
});

describe('overviewKpisSql', () => {
  it('computes the KPI cards and nothing else, with the same figures as the whole catalogue', async () => {
    const f: Filters = { ...EMPTY_FILTERS, province: '江苏省' };
    const [kpis] = await rows(overviewKpisSql(f));
    const [all] = await rows(metricTotalsSql(f));
    expect(Object.keys(kpis ?? {})).toEqual([...OVERVIEW_KPIS]);
    expect(kpis?.reports).toBe(select(f).length);
    for (const id of OVERVIEW_KPIS) expect(kpis?.[id], id).toEqual(all?.[id]);
  });
});

describe('trendByYearSql', () => {
  it('gives one row per year; template-specific metrics are NULL (not 0) in other years', async () => {
    const ids = ['requests_received', 'fee_total', 'procurement_total', 'disclosure_rate'];
    expect(trendByYearSql(['requests_received'], { ...EMPTY_FILTERS, agencyTypes: ['township'] })).toMatchInlineSnapshot(`
      "SELECT
        year,
        sum(requests_received) AS "requests_received"
      FROM v_report_rollup
      WHERE year IS NOT NULL AND agency_type IN ('township')
      GROUP BY year
      ORDER BY year"
    `);
    const got = await rows(trendByYearSql(ids, EMPTY_FILTERS));
    const want = [...byYear(all)].map(([year, rs]) => ({
      year,
      requests_received: sumKey(rs, 'requests.new_received.total'),
      fee_total: sumKey(rs, 'active.art20_8.admin_fees.amount_wan_yuan'),
      procurement_total: procurementYuan(rs),
      disclosure_rate: pooledRate(rs, GRANTED, [T]),
    }));
    expect(got.map((r) => r.year)).toEqual(want.map((w) => w.year));
    for (const [i, w] of want.entries()) {
      const g = got[i] ?? {};
      expect(g.requests_received).toBe(w.requests_received);
      expect(closeTo(g.fee_total, w.fee_total)).toBe(true);
      expect(g.procurement_total).toBe(w.procurement_total);
      expect(closeTo(g.disclosure_rate, w.disclosure_rate)).toBe(true);
    }
    // 2019 and 2020 reports are v2019: no fee column; 2022+ are v2021: no procurement.
    expect(got.find((r) => r.year === 2019)?.fee_total).toBeNull();
    expect(got.find((r) => r.year === 2022)?.procurement_total).toBeNull();
  });

  it('reads the rollup where it holds the selection and every metric, with the figures the reports give', async () => {
    const { held, notHeld } = await rollupFilters(db);
    const summed = METRICS.filter((m) => m.rollup !== undefined).map((m) => m.id);
    expect(summed.length).toBe(METRICS.length);
    let figures = 0;
    for (const f of [...held, ...notHeld]) {
      const sql = trendByYearSql(summed, f);
      expect(sql.includes('FROM v_report_rollup'), JSON.stringify(f)).toBe(held.includes(f));
      // The reference: every metric over the reports themselves, by year.
      const want = await rows(`SELECT year, ${summed.map((id) => `${metric(id).sql} AS ${id}`).join(', ')} FROM v_report_metrics WHERE year IS NOT NULL AND ${filterPredicate(f)} GROUP BY year ORDER BY year`);
      const got = await rows(sql);
      expect(got.map((r) => r.year), JSON.stringify(f)).toEqual(want.map((r) => r.year));
      for (const [i, w] of want.entries()) {
        for (const id of summed) {
          const [a, b] = [got[i]?.[id], w[id]];
          if (b !== null) figures++;
          expect(b === null ? a === null : closeTo(a === null ? null : Number(a), Number(b)), `${id} ${String(w.year)} ${JSON.stringify(f)}`).toBe(true);
        }
      }
    }
    expect(figures).toBeGreaterThan(100);
    // The distinct count of agencies adds up within a year only: the trend reads the rollup, the cards over several years the reports.
    expect(trendByYearSql(['requests_received', 'agencies'], EMPTY_FILTERS)).toContain('FROM v_report_rollup');
    expect(metricTotalsSql(EMPTY_FILTERS, ['requests_received', 'agencies'])).toContain('SELECT count(DISTINCT agency_id) AS "agencies"\n  FROM v_report_metrics');
  });
});

describe('distinctYearsSql', () => {
  it('counts the distinct years of each group as count(DISTINCT) does, inside the bitmap\'s years and outside them', async () => {
    const cases: Record<string, (number | null)[]> = {
      inside: [2019, 2020, 2020, 2024],
      edges: [YEAR_BITS.from, YEAR_BITS.to, YEAR_BITS.to],
      outside: [YEAR_BITS.from - 1, YEAR_BITS.to + 1, YEAR_BITS.to + 1, 1900],
      both: [YEAR_BITS.from - 4, YEAR_BITS.from - 4, 1990, 2023, 2023, YEAR_BITS.to + 64],
      blanks: [null, null],
      some: [null, 2021, null, 2021],
    };
    const values = Object.entries(cases).flatMap(([g, ys]) => ys.map((y) => `('${g}', ${y === null ? 'NULL' : String(y)})`)).join(', ');
    const got = await rows(`SELECT g, count(DISTINCT year) AS want, ${distinctYearsSql('year')} AS got
FROM (VALUES ${values}) t(g, year) GROUP BY g ORDER BY g`);
    expect(got.map((r) => r.g)).toEqual(Object.keys(cases).sort());
    for (const r of got) expect(Number(r.got), String(r.g)).toBe(Number(r.want));
    expect(got.find((r) => r.g === 'both')?.got).toBe(4);
  });
});

describe('topAgenciesSql', () => {
  it('ranks agencies by the metric over their selected years', async () => {
    expect(topAgenciesSql('requests_received', { ...EMPTY_FILTERS, city: '宿迁市' }, 5)).toMatchInlineSnapshot(`
      "SELECT * FROM (
        SELECT
          agency_id,
          arg_max(agency_name, coalesce(year, 0)) AS agency_name,
          arg_max(province, coalesce(year, 0)) AS province,
          arg_max(city, coalesce(year, 0)) AS city,
          (coalesce(bit_count(bit_or(CAST(1 AS UBIGINT) << CAST((year - 1984) & 63 AS UTINYINT)) FILTER (WHERE year BETWEEN 1984 AND 2047)), 0) + count(DISTINCT year) FILTER (WHERE NOT (year BETWEEN 1984 AND 2047))) AS years,
          sum(requests__new_received__total) AS value
        FROM v_report_metrics
        WHERE city = '宿迁市'
        GROUP BY agency_id
      ) t
      WHERE value IS NOT NULL
      ORDER BY value DESC, agency_name, agency_id
      LIMIT 5"
    `);
    const got = await rows(topAgenciesSql('requests_received', EMPTY_FILTERS, 3));
    const per = new Map<string, number>();
    for (const e of all) {
      const v = cell(e, 'requests.new_received.total');
      if (v !== null) per.set(fx.agencyId(e.id), (per.get(fx.agencyId(e.id)) ?? 0) + v);
    }
    const want = [...per].sort((a, b) => b[1] - a[1]).slice(0, 3);
    expect(got.map((r) => [r.agency_id, r.value])).toEqual(want);
    // 宿迁市人民政府 reports 2023 and 2024: one agency, two years.
    expect(got.find((r) => r.agency_name === '宿迁市人民政府')?.years).toBe(2);
  });
});

describe('checkFailuresSql / checkFailureListSql', () => {
  it('counts failed checks per rule for the selection', async () => {
    expect(checkFailuresSql({ ...EMPTY_FILTERS, years: [2023] })).toMatchInlineSnapshot(`
      "SELECT
        c.rule_id,
        c.severity,
        count(*) AS failures,
        count(DISTINCT c.report_id) AS reports,
        min(c.message_zh) AS message_zh,
        min(c.message_en) AS message_en
      FROM v_findings c
      WHERE c.status = 'fail' AND c.year IN (2023)
      GROUP BY c.rule_id, c.severity
      ORDER BY failures DESC, c.rule_id"
    `);
    const got = await rows(checkFailuresSql(EMPTY_FILTERS));
    const failing = fx.rows.checks.filter((c) => c.status === 'fail');
    expect(got).toHaveLength(1);
    expect(got[0]?.rule_id).toBe('fixture.review_sum');
    expect(got[0]?.failures).toBe(failing.length);
    expect(got[0]?.reports).toBe(new Set(failing.map((c) => c.report_id)).size);
    expect(await rows(checkFailuresSql({ ...EMPTY_FILTERS, years: [2019] }))).toEqual([]);
    expect(checkFailureListSql({ ...EMPTY_FILTERS, agencyQuery: '洪泽' }, 10)).toMatchInlineSnapshot(`
      "SELECT
        c.report_id, c.agency_id, c.agency_name, c.year, c.rule_id, c.severity, c.scope,
        c.expected, c.actual, c.keys, c.message_zh, c.message_en
      FROM v_findings c
      WHERE c.status = 'fail' AND contains(lower(coalesce(c.agency_name, '')), lower('洪泽'))
      ORDER BY c.year DESC NULLS LAST, c.agency_name, c.rule_id, c.scope
      LIMIT 10"
    `);
    const list = await rows(checkFailureListSql(EMPTY_FILTERS, 10));
    expect(list.map((r) => r.report_id)).toEqual(failing.map((c) => c.report_id));
    expect(list[0]?.agency_name).toBe('淮安市洪泽区人民政府');
  });
});

describe('compareSql', () => {
  it('gives dim_key, dim_label, year, value per city and year', async () => {
    expect(compareSql('disclosure_rate', 'city', { ...EMPTY_FILTERS, agencyQuery: '财政局' })).toMatchInlineSnapshot(`
      "WITH sel AS (
        SELECT *, province || '/' || city AS dim_key
        FROM v_report_metrics
        WHERE year IS NOT NULL AND city IS NOT NULL AND province IS NOT NULL AND contains(lower(coalesce(agency_name, '')), lower('财政局'))
      ),
      labels AS (
        SELECT dim_key, max({'y': year, 'l': city}) FILTER (WHERE city IS NOT NULL).l AS dim_label
        FROM sel
        GROUP BY dim_key
      )
      SELECT s.dim_key, l.dim_label, s.year, s.value
      FROM (
        SELECT dim_key, year, sum(coalesce(requests__results__granted__total, 0) + coalesce(requests__results__partially_granted__total, 0)) FILTER (WHERE (requests__results__granted__total IS NOT NULL OR requests__results__partially_granted__total IS NOT NULL) AND requests__results__total__total IS NOT NULL) / nullif(sum(coalesce(requests__results__total__total, 0)) FILTER (WHERE (requests__results__granted__total IS NOT NULL OR requests__results__partially_granted__total IS NOT NULL) AND requests__results__total__total IS NOT NULL), 0) AS value
        FROM sel
        GROUP BY dim_key, year
      ) s
      JOIN labels l USING (dim_key)
      ORDER BY s.dim_key, s.year"
    `);
    const got = await rows(compareSql('requests_received', 'city', EMPTY_FILTERS));
    const want = new Map<string, number | null>();
    for (const e of all) {
      const m = fx.manifest.get(e.id);
      if (!m?.city || !m.province) continue;
      const k = `${m.province}/${m.city}|${String(e.year)}`;
      const v = cell(e, 'requests.new_received.total');
      const prev = want.get(k);
      want.set(k, v === null ? (prev ?? null) : (prev ?? 0) + v);
    }
    expect(new Map(got.map((r) => [`${String(r.dim_key)}|${String(r.year)}`, r.value]))).toEqual(want);
    expect(got.find((r) => r.dim_key === '江苏省/宿迁市')?.dim_label).toBe('宿迁市');
  });

  it('works for every dimension', async () => {
    for (const d of ['agency', 'province', 'agency_type'] as const) {
      const got = await rows(compareSql('reports', d, EMPTY_FILTERS));
      expect(got.reduce((a, r) => a + Number(r.value), 0)).toBe(all.length);
    }
    const types = await rows(compareSql('reports', 'agency_type', { ...EMPTY_FILTERS, years: [2024] }));
    const want = new Map<string, number>();
    for (const e of select({ years: [2024] })) {
      const t = fx.manifest.get(e.id)?.agency_type ?? '';
      want.set(t, (want.get(t) ?? 0) + 1);
    }
    expect(new Map(types.map((r) => [String(r.dim_key), r.value]))).toEqual(want);
  });
});

describe('requestOutcomesSql', () => {
  it('sums every outcome row of table 三, per year and overall, with shares', async () => {
    expect(requestOutcomesSql(EMPTY_FILTERS, 'none')).toMatchInlineSnapshot(`
      "WITH agg AS (
        SELECT
          sum(requests__results__granted__total) AS "results.granted",
          sum(requests__results__partially_granted__total) AS "results.partially_granted",
          sum(requests__results__denied__state_secret__total) AS "results.denied.state_secret",
          sum(requests__results__denied__prohibited_by_law__total) AS "results.denied.prohibited_by_law",
          sum(requests__results__denied__endangers_security_stability__total) AS "results.denied.endangers_security_stability",
          sum(requests__results__denied__third_party_rights__total) AS "results.denied.third_party_rights",
          sum(requests__results__denied__internal_affairs__total) AS "results.denied.internal_affairs",
          sum(requests__results__denied__process_info__total) AS "results.denied.process_info",
          sum(requests__results__denied__enforcement_files__total) AS "results.denied.enforcement_files",
          sum(requests__results__denied__admin_query__total) AS "results.denied.admin_query",
          sum(requests__results__unable__not_held__total) AS "results.unable.not_held",
          sum(requests__results__unable__requires_creation__total) AS "results.unable.requires_creation",
          sum(requests__results__unable__unclear_after_correction__total) AS "results.unable.unclear_after_correction",
          sum(requests__results__not_processed__petition_complaint__total) AS "results.not_processed.petition_complaint",
          sum(requests__results__not_processed__duplicate__total) AS "results.not_processed.duplicate",
          sum(requests__results__not_processed__publication__total) AS "results.not_processed.publication",
          sum(requests__results__not_processed__excessive_repeated__total) AS "results.not_processed.excessive_repeated",
          sum(requests__results__not_processed__confirm_or_reissue__total) AS "results.not_processed.confirm_or_reissue",
          sum(requests__results__other__total__total) AS "results.other.total"
        FROM v_reports
        WHERE TRUE
      ),
      long AS (
        SELECT unnest(['results.granted', 'results.partially_granted', 'results.denied.state_secret', 'results.denied.prohibited_by_law', 'results.denied.endangers_security_stability', 'results.denied.third_party_rights', 'results.denied.internal_affairs', 'results.denied.process_info', 'results.denied.enforcement_files', 'results.denied.admin_query', 'results.unable.not_held', 'results.unable.requires_creation', 'results.unable.unclear_after_correction', 'results.not_processed.petition_complaint', 'results.not_processed.duplicate', 'results.not_processed.publication', 'results.not_processed.excessive_repeated', 'results.not_processed.confirm_or_reissue', 'results.other.total']) AS outcome, unnest([agg."results.granted", agg."results.partially_granted", agg."results.denied.state_secret", agg."results.denied.prohibited_by_law", agg."results.denied.endangers_security_stability", agg."results.denied.third_party_rights", agg."results.denied.internal_affairs", agg."results.denied.process_info", agg."results.denied.enforcement_files", agg."results.denied.admin_query", agg."results.unable.not_held", agg."results.unable.requires_creation", agg."results.unable.unclear_after_correction", agg."results.not_processed.petition_complaint", agg."results.not_processed.duplicate", agg."results.not_processed.publication", agg."results.not_processed.excessive_repeated", agg."results.not_processed.confirm_or_reissue", agg."results.other.total"]) AS value
        FROM agg
      ),
      labels(outcome, grp, ord, label_zh, label_en) AS (
        VALUES
          ('results.granted', 'granted', 0, '（一）予以公开', 'Granted'),
          ('results.partially_granted', 'partially_granted', 1, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 'Partially granted'),
          ('results.denied.state_secret', 'denied', 2, '1.属于国家秘密', 'Denied: state secret'),
          ('results.denied.prohibited_by_law', 'denied', 3, '2.其他法律行政法规禁止公开', 'Denied: prohibited by other laws'),
          ('results.denied.endangers_security_stability', 'denied', 4, '3.危及“三安全一稳定”', 'Denied: endangers the "three securities and one stability"'),
          ('results.denied.third_party_rights', 'denied', 5, '4.保护第三方合法权益', 'Denied: third-party rights'),
          ('results.denied.internal_affairs', 'denied', 6, '5.属于三类内部事务信息', 'Denied: internal affairs'),
          ('results.denied.process_info', 'denied', 7, '6.属于四类过程性信息', 'Denied: process information'),
          ('results.denied.enforcement_files', 'denied', 8, '7.属于行政执法案卷', 'Denied: enforcement files'),
          ('results.denied.admin_query', 'denied', 9, '8.属于行政查询事项', 'Denied: administrative query'),
          ('results.unable.not_held', 'unable', 10, '1.本机关不掌握相关政府信息', 'Unable: not held'),
          ('results.unable.requires_creation', 'unable', 11, '2.没有现成信息需要另行制作', 'Unable: would require creation'),
          ('results.unable.unclear_after_correction', 'unable', 12, '3.补正后申请内容仍不明确', 'Unable: unclear after correction'),
          ('results.not_processed.petition_complaint', 'not_processed', 13, '1.信访举报投诉类申请', 'Not processed: petitions and complaints'),
          ('results.not_processed.duplicate', 'not_processed', 14, '2.重复申请', 'Not processed: duplicate'),
          ('results.not_processed.publication', 'not_processed', 15, '3.要求提供公开出版物', 'Not processed: publications'),
          ('results.not_processed.excessive_repeated', 'not_processed', 16, '4.无正当理由大量反复申请', 'Not processed: excessive repeated'),
          ('results.not_processed.confirm_or_reissue', 'not_processed', 17, '5.要求行政机关确认或重新出具已获取信息', 'Not processed: confirm or reissue'),
          ('results.other.total', 'other', 18, '（六）其他处理', 'Other handling')
      )
      SELECT l.outcome, l.grp, l.ord, l.label_zh, l.label_en, l2.value,
        l2.value / nullif(sum(l2.value) OVER (), 0) AS share
      FROM long l2
      JOIN labels l USING (outcome)
      WHERE l2.value IS NOT NULL
      ORDER BY l.ord"
    `);
    const none = await rows(requestOutcomesSql(EMPTY_FILTERS, 'none'));
    const want = REQUEST_OUTCOMES.map(
      (o) => [o.key, o.key === 'results.other.total' ? sumOf(all, otherTotal) : sumKey(all, `requests.${o.key}.total`)] as const,
    ).filter(([, v]) => v !== null);
    // v2021 reports contribute their three other-handling rows through the derived total.
    expect(sumOf(all.filter((e) => e.template === 'v2021'), otherTotal)).toBeGreaterThan(0);
    expect(none.map((r) => [r.outcome, r.value])).toEqual(want);
    const total = want.reduce((a, [, v]) => a + (v ?? 0), 0);
    expect(closeTo(none[0]?.share, (want[0]?.[1] ?? 0) / total)).toBe(true);
    expect(none.find((r) => r.outcome === 'results.denied.state_secret')?.grp).toBe('denied');

    expect(requestOutcomesSql({ ...EMPTY_FILTERS, years: [2024] }, 'year')).toMatchInlineSnapshot(`
      "WITH agg AS (
        SELECT
          year,
          sum(requests__results__granted__total) AS "results.granted",
          sum(requests__results__partially_granted__total) AS "results.partially_granted",
          sum(requests__results__denied__state_secret__total) AS "results.denied.state_secret",
          sum(requests__results__denied__prohibited_by_law__total) AS "results.denied.prohibited_by_law",
          sum(requests__results__denied__endangers_security_stability__total) AS "results.denied.endangers_security_stability",
          sum(requests__results__denied__third_party_rights__total) AS "results.denied.third_party_rights",
          sum(requests__results__denied__internal_affairs__total) AS "results.denied.internal_affairs",
          sum(requests__results__denied__process_info__total) AS "results.denied.process_info",
          sum(requests__results__denied__enforcement_files__total) AS "results.denied.enforcement_files",
          sum(requests__results__denied__admin_query__total) AS "results.denied.admin_query",
          sum(requests__results__unable__not_held__total) AS "results.unable.not_held",
          sum(requests__results__unable__requires_creation__total) AS "results.unable.requires_creation",
          sum(requests__results__unable__unclear_after_correction__total) AS "results.unable.unclear_after_correction",
          sum(requests__results__not_processed__petition_complaint__total) AS "results.not_processed.petition_complaint",
          sum(requests__results__not_processed__duplicate__total) AS "results.not_processed.duplicate",
          sum(requests__results__not_processed__publication__total) AS "results.not_processed.publication",
          sum(requests__results__not_processed__excessive_repeated__total) AS "results.not_processed.excessive_repeated",
          sum(requests__results__not_processed__confirm_or_reissue__total) AS "results.not_processed.confirm_or_reissue",
          sum(requests__results__other__total__total) AS "results.other.total"
        FROM v_reports
        WHERE year IS NOT NULL AND year IN (2024)
        GROUP BY year
      ),
      long AS (
        SELECT year, unnest(['results.granted', 'results.partially_granted', 'results.denied.state_secret', 'results.denied.prohibited_by_law', 'results.denied.endangers_security_stability', 'results.denied.third_party_rights', 'results.denied.internal_affairs', 'results.denied.process_info', 'results.denied.enforcement_files', 'results.denied.admin_query', 'results.unable.not_held', 'results.unable.requires_creation', 'results.unable.unclear_after_correction', 'results.not_processed.petition_complaint', 'results.not_processed.duplicate', 'results.not_processed.publication', 'results.not_processed.excessive_repeated', 'results.not_processed.confirm_or_reissue', 'results.other.total']) AS outcome, unnest([agg."results.granted", agg."results.partially_granted", agg."results.denied.state_secret", agg."results.denied.prohibited_by_law", agg."results.denied.endangers_security_stability", agg."results.denied.third_party_rights", agg."results.denied.internal_affairs", agg."results.denied.process_info", agg."results.denied.enforcement_files", agg."results.denied.admin_query", agg."results.unable.not_held", agg."results.unable.requires_creation", agg."results.unable.unclear_after_correction", agg."results.not_processed.petition_complaint", agg."results.not_processed.duplicate", agg."results.not_processed.publication", agg."results.not_processed.excessive_repeated", agg."results.not_processed.confirm_or_reissue", agg."results.other.total"]) AS value
        FROM agg
      ),
      labels(outcome, grp, ord, label_zh, label_en) AS (
        VALUES
          ('results.granted', 'granted', 0, '（一）予以公开', 'Granted'),
          ('results.partially_granted', 'partially_granted', 1, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 'Partially granted'),
          ('results.denied.state_secret', 'denied', 2, '1.属于国家秘密', 'Denied: state secret'),
          ('results.denied.prohibited_by_law', 'denied', 3, '2.其他法律行政法规禁止公开', 'Denied: prohibited by other laws'),
          ('results.denied.endangers_security_stability', 'denied', 4, '3.危及“三安全一稳定”', 'Denied: endangers the "three securities and one stability"'),
          ('results.denied.third_party_rights', 'denied', 5, '4.保护第三方合法权益', 'Denied: third-party rights'),
          ('results.denied.internal_affairs', 'denied', 6, '5.属于三类内部事务信息', 'Denied: internal affairs'),
          ('results.denied.process_info', 'denied', 7, '6.属于四类过程性信息', 'Denied: process information'),
          ('results.denied.enforcement_files', 'denied', 8, '7.属于行政执法案卷', 'Denied: enforcement files'),
          ('results.denied.admin_query', 'denied', 9, '8.属于行政查询事项', 'Denied: administrative query'),
          ('results.unable.not_held', 'unable', 10, '1.本机关不掌握相关政府信息', 'Unable: not held'),
          ('results.unable.requires_creation', 'unable', 11, '2.没有现成信息需要另行制作', 'Unable: would require creation'),
          ('results.unable.unclear_after_correction', 'unable', 12, '3.补正后申请内容仍不明确', 'Unable: unclear after correction'),
          ('results.not_processed.petition_complaint', 'not_processed', 13, '1.信访举报投诉类申请', 'Not processed: petitions and complaints'),
          ('results.not_processed.duplicate', 'not_processed', 14, '2.重复申请', 'Not processed: duplicate'),
          ('results.not_processed.publication', 'not_processed', 15, '3.要求提供公开出版物', 'Not processed: publications'),
          ('results.not_processed.excessive_repeated', 'not_processed', 16, '4.无正当理由大量反复申请', 'Not processed: excessive repeated'),
          ('results.not_processed.confirm_or_reissue', 'not_processed', 17, '5.要求行政机关确认或重新出具已获取信息', 'Not processed: confirm or reissue'),
          ('results.other.total', 'other', 18, '（六）其他处理', 'Other handling')
      )
      SELECT l2.year, l.outcome, l.grp, l.ord, l.label_zh, l.label_en, l2.value,
        l2.value / nullif(sum(l2.value) OVER (PARTITION BY l2.year), 0) AS share
      FROM long l2
      JOIN labels l USING (outcome)
      WHERE l2.value IS NOT NULL
      ORDER BY l2.year, l.ord"
    `);
    const perYear = await rows(requestOutcomesSql({ ...EMPTY_FILTERS, years: [2024] }, 'year'));
    const r2024 = select({ years: [2024] });
    const granted = perYear.find((r) => r.outcome === 'results.granted');
    expect(granted?.year).toBe(2024);
    expect(granted?.value).toBe(sumKey(r2024, 'requests.results.granted.total'));
  });
});

describe('applicantMixSql', () => {
  it('splits new requests by applicant type per year', async () => {
    expect(applicantMixSql({ ...EMPTY_FILTERS, years: [2024] })).toMatchInlineSnapshot(`
      "WITH agg AS (
        SELECT
          year,
          sum(requests__new_received__natural_person) AS "natural_person",
          sum(requests__new_received__org_commercial) AS "org_commercial",
          sum(requests__new_received__org_research) AS "org_research",
          sum(requests__new_received__org_public_interest) AS "org_public_interest",
          sum(requests__new_received__org_legal_services) AS "org_legal_services",
          sum(requests__new_received__org_other) AS "org_other"
        FROM v_reports
        WHERE year IS NOT NULL AND year IN (2024)
        GROUP BY year
      ),
      long AS (
        SELECT year, unnest(['natural_person', 'org_commercial', 'org_research', 'org_public_interest', 'org_legal_services', 'org_other']) AS applicant, unnest([agg."natural_person", agg."org_commercial", agg."org_research", agg."org_public_interest", agg."org_legal_services", agg."org_other"]) AS value
        FROM agg
      ),
      labels(applicant, grp, ord, label_zh, label_en) AS (
        VALUES
          ('natural_person', 'natural_person', 0, '自然人', 'Natural persons'),
          ('org_commercial', 'org_commercial', 1, '商业企业', 'Commercial enterprises'),
          ('org_research', 'org_research', 2, '科研机构', 'Research institutions'),
          ('org_public_interest', 'org_public_interest', 3, '社会公益组织', 'Public-interest organisations'),
          ('org_legal_services', 'org_legal_services', 4, '法律服务机构', 'Legal service agencies'),
          ('org_other', 'org_other', 5, '其他', 'Other organisations')
      )
      SELECT l2.year, l.applicant, l.ord, l.label_zh, l.label_en, l2.value,
        l2.value / nullif(sum(l2.value) OVER (PARTITION BY l2.year), 0) AS share
      FROM long l2
      JOIN labels l USING (applicant)
      WHERE l2.value IS NOT NULL
      ORDER BY l2.year, l.ord"
    `);
    const got = await rows(applicantMixSql(EMPTY_FILTERS));
    for (const [year, rs] of byYear(all)) {
      for (const a of APPLICANT_TYPES) {
        const want = sumKey(rs, `requests.new_received.${a.key}`);
        const g = got.find((r) => r.year === year && r.applicant === a.key);
        expect(g?.value ?? null).toBe(want);
      }
    }
  });
});

describe('carryOverSql', () => {
  it('gives carried over, received, answered and carried forward by year', async () => {
    expect(carryOverSql(EMPTY_FILTERS)).toMatchInlineSnapshot(`
      "SELECT
        year,
        count(*) AS reports,
        sum(requests__carried_over__total) AS carried_over,
        sum(requests__new_received__total) AS new_received,
        sum(requests__results__total__total) AS results_total,
        sum(requests__carried_forward__total) AS carried_forward
      FROM v_reports
      WHERE year IS NOT NULL AND TRUE
      GROUP BY year
      ORDER BY year"
    `);
    const got = await rows(carryOverSql(EMPTY_FILTERS));
    for (const [year, rs] of byYear(all)) {
      const g = got.find((r) => r.year === year);
      expect(g).toEqual({
        year,
        reports: rs.length,
        carried_over: sumKey(rs, 'requests.carried_over.total'),
        new_received: sumKey(rs, 'requests.new_received.total'),
        results_total: sumKey(rs, T),
        carried_forward: sumKey(rs, 'requests.carried_forward.total'),
      });
    }
  });
});

describe('reviewOutcomesSql', () => {
  it('gives the 15 counts of table 四 per year, NULL where nothing is printed', async () => {
    expect(reviewOutcomesSql(EMPTY_FILTERS)).toMatchInlineSnapshot(`
      "WITH agg AS (
        SELECT
          year,
          sum(review_litigation__admin_review__upheld) AS "admin_review.upheld",
          sum(review_litigation__admin_review__corrected) AS "admin_review.corrected",
          sum(review_litigation__admin_review__other) AS "admin_review.other",
          sum(review_litigation__admin_review__pending) AS "admin_review.pending",
          sum(review_litigation__admin_review__total) AS "admin_review.total",
          sum(review_litigation__litigation_direct__upheld) AS "litigation_direct.upheld",
          sum(review_litigation__litigation_direct__corrected) AS "litigation_direct.corrected",
          sum(review_litigation__litigation_direct__other) AS "litigation_direct.other",
          sum(review_litigation__litigation_direct__pending) AS "litigation_direct.pending",
          sum(review_litigation__litigation_direct__total) AS "litigation_direct.total",
          sum(review_litigation__litigation_after_review__upheld) AS "litigation_after_review.upheld",
          sum(review_litigation__litigation_after_review__corrected) AS "litigation_after_review.corrected",
          sum(review_litigation__litigation_after_review__other) AS "litigation_after_review.other",
          sum(review_litigation__litigation_after_review__pending) AS "litigation_after_review.pending",
          sum(review_litigation__litigation_after_review__total) AS "litigation_after_review.total"
        FROM v_reports
        WHERE year IS NOT NULL AND TRUE
        GROUP BY year
      ),
      long AS (
        SELECT year, unnest(['admin_review.upheld', 'admin_review.corrected', 'admin_review.other', 'admin_review.pending', 'admin_review.total', 'litigation_direct.upheld', 'litigation_direct.corrected', 'litigation_direct.other', 'litigation_direct.pending', 'litigation_direct.total', 'litigation_after_review.upheld', 'litigation_after_review.corrected', 'litigation_after_review.other', 'litigation_after_review.pending', 'litigation_after_review.total']) AS cell, unnest([agg."admin_review.upheld", agg."admin_review.corrected", agg."admin_review.other", agg."admin_review.pending", agg."admin_review.total", agg."litigation_direct.upheld", agg."litigation_direct.corrected", agg."litigation_direct.other", agg."litigation_direct.pending", agg."litigation_direct.total", agg."litigation_after_review.upheld", agg."litigation_after_review.corrected", agg."litigation_after_review.other", agg."litigation_after_review.pending", agg."litigation_after_review.total"]) AS value
        FROM agg
      ),
      labels(cell, grp, outcome, grp_ord, outcome_ord) AS (
        VALUES
          ('admin_review.upheld', 'admin_review', 'upheld', 0, 0),
          ('admin_review.corrected', 'admin_review', 'corrected', 0, 1),
          ('admin_review.other', 'admin_review', 'other', 0, 2),
          ('admin_review.pending', 'admin_review', 'pending', 0, 3),
          ('admin_review.total', 'admin_review', 'total', 0, 4),
          ('litigation_direct.upheld', 'litigation_direct', 'upheld', 1, 0),
          ('litigation_direct.corrected', 'litigation_direct', 'corrected', 1, 1),
          ('litigation_direct.other', 'litigation_direct', 'other', 1, 2),
          ('litigation_direct.pending', 'litigation_direct', 'pending', 1, 3),
          ('litigation_direct.total', 'litigation_direct', 'total', 1, 4),
          ('litigation_after_review.upheld', 'litigation_after_review', 'upheld', 2, 0),
          ('litigation_after_review.corrected', 'litigation_after_review', 'corrected', 2, 1),
          ('litigation_after_review.other', 'litigation_after_review', 'other', 2, 2),
          ('litigation_after_review.pending', 'litigation_after_review', 'pending', 2, 3),
          ('litigation_after_review.total', 'litigation_after_review', 'total', 2, 4)
      )
      SELECT l2.year, l.grp, l.outcome, l.grp_ord, l.outcome_ord, l2.value
      FROM long l2
      JOIN labels l USING (cell)
      ORDER BY l2.year, l.grp_ord, l.outcome_ord"
    `);
    const got = await rows(reviewOutcomesSql(EMPTY_FILTERS));
    expect(got).toHaveLength(15 * byYear(all).size);
    for (const [year, rs] of byYear(all)) {
      for (const g of ['admin_review', 'litigation_direct', 'litigation_after_review']) {
        for (const o of ['upheld', 'corrected', 'other', 'pending', 'total']) {
          const r = got.find((x) => x.year === year && x.grp === g && x.outcome === o);
          expect(r?.value).toBe(sumKey(rs, `review_litigation.${g}.${o}`));
        }
      }
    }
  });
});

describe('disclosureSql', () => {
  it('gives table 二 figures by year with the template mix that explains gaps', async () => {
    expect(disclosureSql(EMPTY_FILTERS)).toMatchInlineSnapshot(`
      "SELECT
        year,
        count(*) AS reports,
        count(*) FILTER (WHERE template = 'v2019') AS n_v2019,
        count(*) FILTER (WHERE template IN ('v2021', 'mixed')) AS n_v2021,
        sum(coalesce(active__art20_1__regulations__issued, active__art20_1__regulations__new_made)) AS "regulations_issued",
        sum(coalesce(active__art20_1__normative_docs__issued, active__art20_1__normative_docs__new_made)) AS "normative_docs_issued",
        sum(active__art20_1__normative_docs__in_force) AS "normative_docs_in_force",
        sum(active__art20_5__admin_licensing__decisions) AS "licensing_decisions",
        sum(active__art20_6__admin_penalty__decisions) AS "penalty_decisions",
        sum(active__art20_6__admin_coercion__decisions) AS "coercion_decisions",
        sum(active__art20_8__admin_fees__amount_wan_yuan) AS "fee_total",
        sum(active__art20_9__central_procurement__total_amount_yuan) AS "procurement_total"
      FROM v_reports
      WHERE year IS NOT NULL AND TRUE
      GROUP BY year
      ORDER BY year"
    `);
    const got = await rows(disclosureSql(EMPTY_FILTERS));
    for (const [year, rs] of byYear(all)) {
      const g = got.find((r) => r.year === year) ?? {};
      expect(g.n_v2019).toBe(rs.filter((e) => e.template === 'v2019').length);
      expect(g.n_v2021).toBe(rs.filter((e) => e.template !== 'v2019').length);
      expect(g.licensing_decisions).toBe(sumKey(rs, 'active.art20_5.admin_licensing.decisions'));
      expect(g.penalty_decisions).toBe(sumKey(rs, 'active.art20_6.admin_penalty.decisions'));
      expect(g.procurement_total).toBe(procurementYuan(rs));
      expect(closeTo(g.fee_total, sumKey(rs, 'active.art20_8.admin_fees.amount_wan_yuan'))).toBe(true);
      const issued = rs.map((e) => cell(e, 'active.art20_1.normative_docs.issued') ?? cell(e, 'active.art20_1.normative_docs.new_made'));
      expect(g.normative_docs_issued).toBe(issued.some((x) => x !== null) ? issued.reduce<number>((a, x) => a + (x ?? 0), 0) : null);
    }
  });
});

describe('agency profile', () => {
  const hongze = fx.agencyId('203');

  it('agencyProfileSql lists the agency’s reports oldest first with their report fields', async () => {
    expect(agencyProfileSql("a'b")).toContain("FROM v_reports\nWHERE agency_id = 'a''b'\nORDER BY year NULLS LAST, report_id");
    const got = await rows(agencyProfileSql(hongze));
    expect(got.map((r) => [r.report_id, r.year])).toEqual([['203', 2023], ['204', 2024]]);
    // Exactly the reports columns, as the reports table holds them; no wide value is fetched.
    expect(Object.keys(got[0] ?? {})).toEqual(REPORTS.columns.map((c) => c.name));
    const want = await rows(`SELECT * FROM reports WHERE report_id IN ('203', '204') ORDER BY year`);
    expect(got).toEqual(want);
  });

  it('agencyCellsSql returns every printed cell, blanks and "/" included', async () => {
    expect(agencyCellsSql(hongze)).toMatchInlineSnapshot(`
      "SELECT
        c.report_id, r.year, r.template, c.key, c.table_id, c.value, c.semantic, c.raw, c.unit,
        c.value_yuan, c.derived, c.prov_line, c.prov_page, c.prov_path
      FROM cells c
      JOIN reports r ON r.report_id = c.report_id
      WHERE r.agency_id = '江苏省|淮安市|洪泽区|淮安市洪泽区人民政府'
      ORDER BY r.year NULLS LAST, c.report_id, c.key"
    `);
    const got = await rows(agencyCellsSql(hongze));
    const want = all.filter((e) => e.id === '203' || e.id === '204').reduce((a, e) => a + Object.keys(e.cells).length, 0);
    expect(got).toHaveLength(want);
    const e203 = all.find((e) => e.id === '203');
    const blanks = Object.values(e203?.cells ?? {}).filter((v) => v === null).length;
    expect(got.filter((r) => r.report_id === '203' && r.semantic === 'blank')).toHaveLength(blanks);
  });

  it('agencyChecksSql returns the checks that did not pass', async () => {
    expect(agencyChecksSql(hongze)).toMatchInlineSnapshot(`
      "SELECT
        c.report_id, coalesce(c.year, r.year) AS year, c.rule_id, c.severity, c.status, c.scope,
        c.expected, c.actual, c.keys, c.message_zh, c.message_en
      FROM checks c
      JOIN reports r ON r.report_id = c.report_id
      WHERE r.agency_id = '江苏省|淮安市|洪泽区|淮安市洪泽区人民政府' AND c.status <> 'pass'
      ORDER BY year NULLS LAST, c.report_id, c.rule_id, c.scope"
    `);
    const got = await rows(agencyChecksSql(hongze));
    expect(got.map((r) => [r.report_id, r.scope, r.status])).toEqual([
      ['203', 'admin_review', 'fail'],
      ['203', 'litigation_after_review', 'fail'],
    ]);
  });
});

describe('agency cells and checks by agency and region', () => {
  it('give exactly the rows of the agency-joined queries, for every agency of the fixture', async () => {
    const agencies = (await rows('SELECT DISTINCT agency_id FROM reports ORDER BY 1')).map((r) => String(r.agency_id));
    expect(agencies.length).toBeGreaterThan(10);
    let withChecks = 0;
    for (const ag of agencies) {
      const refs = (await rows(agencyProfileSql(ag))).map((r) => ({
        reportId: String(r.report_id), year: typeof r.year === 'number' ? r.year : null, template: typeof r.template === 'string' ? r.template : null,
        province: typeof r.province === 'string' ? r.province : null, city: typeof r.city === 'string' ? r.city : null,
      }));
      const cellsSql = agencyCellsForReportsSql(ag, refs);
      const checksSql = agencyChecksByRegionSql(ag, refs);
      if (cellsSql === null || checksSql === null) throw new Error(`${ag}: no reports`);
      expect(await rows(cellsSql)).toEqual(await rows(agencyCellsSql(ag)));
      const checks = await rows(agencyChecksSql(ag));
      if (checks.length > 0) withChecks++;
      expect(await rows(checksSql)).toEqual(checks);
    }
    expect(withChecks).toBeGreaterThan(0);
  });

  it('return no SQL for an agency without reports, and quote ids', () => {
    expect(agencyCellsForReportsSql('ag', [])).toBeNull();
    expect(agencyChecksByRegionSql('ag', [])).toBeNull();
    const quoted = agencyCellsForReportsSql("ag'x", [{ reportId: "o'brien", year: null, template: null, province: "x'y", city: null }]) ?? '';
    expect(quoted).toContain("('o''brien', NULL::INTEGER, NULL::VARCHAR)");
    expect(quoted).toContain("c.agency_id = 'ag''x' AND c.province = 'x''y' AND c.city IS NULL");
    // Without a region, or with two (an agency has one; then none is assumed), no region filter.
    expect(agencyCellsForReportsSql('ag', [{ reportId: 'a', year: 2020, template: null }])).not.toContain('c.province');
    expect(agencyCellsForReportsSql('ag', [{ reportId: 'a', year: 2020, template: null, province: 'p', city: 'c' }, { reportId: 'b', year: 2021, template: null, province: 'p', city: 'd' }])).not.toContain('c.province');
    const checks = agencyChecksByRegionSql("ag'x", [{ reportId: "o'brien", year: null, template: null, province: "x'y", city: null }]) ?? '';
    expect(checks).toContain("FROM v_findings c\nWHERE c.agency_id = 'ag''x' AND c.province = 'x''y' AND c.city IS NULL");
    expect(agencyChecksByRegionSql('ag', [{ reportId: 'a', year: 2020, template: null }])).not.toContain('c.province');
  });
});

describe('corpus queries', () => {
  it('filterOptionsSql lists years, regions with their parents, types and templates', async () => {
    expect(filterOptionsSql()).toMatchInlineSnapshot(`
      "SELECT kind, value, province, city, reports FROM (
        SELECT 'year' AS kind, 1 AS k, CAST(year AS VARCHAR) AS value, NULL AS province, NULL AS city, count(*) AS reports
        FROM reports WHERE year IS NOT NULL GROUP BY year
        UNION ALL
        SELECT 'province', 2, province, NULL, NULL, count(*) FROM reports WHERE province IS NOT NULL GROUP BY province
        UNION ALL
        SELECT 'city', 3, city, province, NULL, count(*) FROM reports WHERE city IS NOT NULL GROUP BY province, city
        UNION ALL
        SELECT 'district', 4, district, province, city, count(*) FROM reports WHERE district IS NOT NULL GROUP BY province, city, district
        UNION ALL
        SELECT 'agency_type', 5, agency_type, NULL, NULL, count(*) FROM reports GROUP BY agency_type
        UNION ALL
        SELECT 'template', 6, template, NULL, NULL, count(*) FROM reports GROUP BY template
      ) o
      ORDER BY k, value, province, city"
    `);
    const got = await rows(filterOptionsSql());
    const of = (kind: string): unknown[] => got.filter((r) => r.kind === kind).map((r) => r.value);
    expect(of('year')).toEqual([...byYear(all).keys()].map(String));
    expect(of('template').sort()).toEqual([...new Set(all.map((e) => e.template))].sort());
    const suqian = got.find((r) => r.kind === 'city' && r.value === '宿迁市');
    expect(suqian).toMatchObject({ province: '江苏省', reports: all.filter((e) => fx.manifest.get(e.id)?.city === '宿迁市').length });
    const hongze = got.find((r) => r.kind === 'district' && r.value === '洪泽区');
    expect(hongze).toMatchObject({ province: '江苏省', city: '淮安市', reports: 2 });
  });

  it('corpusSummarySql describes the loaded corpus', async () => {
    expect(corpusSummarySql()).toMatchInlineSnapshot(`
      "SELECT
        count(*) AS reports,
        count(DISTINCT agency_id) AS agencies,
        count(*) FILTER (WHERE synthetic) AS synthetic_reports,
        min(year) AS min_year,
        max(year) AS max_year,
        coalesce(string_agg(DISTINCT CAST(year AS VARCHAR), ',' ORDER BY CAST(year AS VARCHAR)), '') AS years
      FROM reports"
    `);
    const [row] = await rows(corpusSummarySql());
    expect(row).toEqual({
      reports: all.length,
      agencies: new Set(all.map((e) => fx.agencyId(e.id))).size,
      synthetic_reports: 0,
      min_year: Math.min(...all.map((e) => e.year)),
      max_year: Math.max(...all.map((e) => e.year)),
      years: [...byYear(all).keys()].join(','),
    });
  });

  it('filteredTableSql restricts every table to the selection, columns in schema order', async () => {
    const f: Filters = { ...EMPTY_FILTERS, years: [2023, 2024] };
    expect(filteredTableSql('checks', f)).toMatchInlineSnapshot(`
      "SELECT t."report_id", t."agency_id", t."year", t."rule_id", t."severity", t."status", t."scope", t."expected", t."actual", t."keys", t."message_zh", t."message_en"
      FROM "checks" t
      JOIN reports r ON r.report_id = t.report_id
      WHERE r.year IN (2023, 2024)
      ORDER BY t.report_id"
    `);
    const ids = new Set(select(f).map((e) => e.id));
    for (const t of CORPUS_TABLES) {
      const r = await db.query(filteredTableSql(t.name, f));
      expect(r.columns.map((c) => c.name)).toEqual(t.columns.map((c) => c.name));
      expect(r.rows).toHaveLength(fx.rows[t.name].filter((x) => ids.has(String(x.report_id))).length);
    }
  });
});

describe('metricColumns', () => {
  it('names the v_reports columns each metric reads, and only those', async () => {
    const have = new Set((await rows(`SELECT column_name FROM information_schema.columns WHERE table_name = 'v_reports'`)).map((r) => String(r.column_name)));
    expect(have.size).toBeGreaterThan(100);
    for (const m of METRICS) {
      const cols = metricColumns(m);
      expect(cols.every((c) => have.has(c))).toBe(true);
      // Every column-shaped word of the expression is one of them: SQL words are not columns.
      const words = new Set(`${m.sql} ${m.present ?? ''}`.match(/[a-z_][a-z0-9_]*/g));
      expect([...words].filter((w) => have.has(w)).sort()).toEqual([...cols].sort());
    }
    expect(metricColumns(metric('reports'))).toEqual([]);
    expect(metricColumns(metric('agencies'))).toEqual(['agency_id']);
    expect(metricColumns(metric('check_failures'))).toEqual(['n_checks_failed']);
    expect(metricColumns(metric('requests_received'))).toEqual(['requests__new_received__total']);
    expect(metricColumns(metric('disclosure_rate')).length).toBeGreaterThan(2);
  });
});
