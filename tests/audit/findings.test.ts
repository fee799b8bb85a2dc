/**
 * The findings table on real fixtures with known defects (../shared/corpus/README.md): 203's
 * review totals (行政复议 10/1/0/0 with 总计 0) and 085's narrative that says 2 normative
 * documents where its table prints 3.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareFindings, contextFromRow, findingsFromCheckRows, findingsToRows, groupFindings, reportContexts, ruleTitle, sortFindings, type Finding } from '../../src/audit/findings';
import { findingsSql, findingsSummarySql, reportContextSql } from '../../src/audit/sql';
import { crossYearInput, runCrossYearChecks } from '../../src/checks/crossYear';
import { runReportChecks } from '../../src/checks/report';
import type { CheckResult } from '../../src/model/checks';
import type { DbConnector } from '../../src/db/connector';
import { toCsv, toXlsx } from '../../src/export';
import { EMPTY_FILTERS } from '../../src/queries/filters';
import { sqlNumber, sqlString } from '../../src/queries/sql';
import { reportFromExpected } from '../checks/fixtures';
import { CORPUS_DIR } from '../shared';
import { defaultCorpusDb } from './data';

let db: DbConnector;
let hongzeId = 'ag_hongze';
const rows = async (sql: string): Promise<Record<string, unknown>[]> => (await db.query(sql)).rows;
const golden = (id: string): Record<string, unknown> => (JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', `${id}.json`), 'utf8')) as { cells: Record<string, unknown> }).cells;
const lit = (v: string | number | null): string => (v === null ? 'NULL' : typeof v === 'number' ? sqlNumber(v) : sqlString(v));

beforeAll(async () => {
  db = await defaultCorpusDb();
  // 203 is a PDF the default corpus cannot read yet: add it the way the corpus builder would, from
  // its hand-checked cells and the real per-report checks.
  // 204 (2024) comes along for the cross-year rules.
  const hongze = ['203', '204'].map((id) => ({ id, report: reportFromExpected(id) }));
  const insertCheck = (id: string, year: number, c: CheckResult): Promise<void> =>
    db.exec(`INSERT INTO checks VALUES (${lit(id)}, 'ag_hongze', ${sqlNumber(year)}, ${[c.ruleId, c.severity, c.status, c.scope, c.expected, c.actual, c.keys.join(' '), c.message.zh, c.message.en].map(lit).join(', ')})`);
  const present = new Set((await rows(`SELECT report_id FROM reports WHERE report_id IN ('203', '204')`)).map((r) => String(r.report_id)));
  // Once the corpus CLI reads PDFs, data/ carries them itself.
  if (present.size > 0) {
    hongzeId = String((await rows(`SELECT agency_id FROM reports WHERE report_id = '203'`))[0]?.agency_id);
    return;
  }
  for (const { id, report } of hongze) {
    const year = report.meta.year ?? 0;
    await db.exec(`INSERT INTO reports (report_id, agency_id, agency_name, province, city, district, agency_type, year, template, template_mismatch, source_format, source_file, completeness, n_cells, n_checks_failed, synthetic, content_sha256)
      VALUES (${lit(id)}, 'ag_hongze', '淮安市洪泽区人民政府', '江苏省', '淮安市', '洪泽区', 'government', ${sqlNumber(year)}, 'mixed', true, 'pdf', ${lit(`${id}.pdf`)}, 'full', 0, 0, false, '')`);
    for (const c of runReportChecks(report)) await insertCheck(id, year, c);
  }
  for (const c of runCrossYearChecks(hongze.map(({ id, report }) => crossYearInput(id, 'ag_hongze', report)))) await insertCheck(c.reportId, 2024, c);
});
afterAll(async () => {
  await db.close();
});

describe('findings from the checks table', () => {
  let all: Finding[];
  beforeAll(async () => {
    all = findingsFromCheckRows(await rows(findingsSql(EMPTY_FILTERS)));
  });

  it("203's T4-SUM failures appear with expected (sum of parts) and actual (printed total)", () => {
    const g = golden('203');
    const t4 = all.filter((f) => f.reportId === '203' && f.ruleId === 'T4-SUM');
    const review = t4.find((f) => f.scope === 'admin_review');
    const parts = ['upheld', 'corrected', 'other', 'pending'].reduce((s, k) => s + Number(g[`review_litigation.admin_review.${k}`]), 0);
    expect(review).toMatchObject({ severity: 'error', status: 'fail', expected: parts, actual: g['review_litigation.admin_review.total'], agencyName: '淮安市洪泽区人民政府', city: '淮安市' });
    expect(review?.keys).toContain('review_litigation.admin_review.total');
    expect(t4.map((f) => f.scope).sort()).toEqual(['admin_review', 'litigation_after_review']);
    expect(review?.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it("085's narrative-vs-table mismatch appears as a TEXT-TABLE finding", () => {
    const f = all.find((x) => x.reportId === '085' && x.ruleId === 'TEXT-TABLE');
    expect(f).toMatchObject({ severity: 'warn', status: 'fail', scope: 'normative_docs', expected: golden('085')['active.art20_1.normative_docs.issued'], actual: 2 });
    expect(f?.keys).toEqual(['active.art20_1.normative_docs.issued']);
  });

  it('shows cross-year findings: 洪泽 行政许可 550 → 9487 as a sudden jump on the 2024 report', () => {
    const jump = all.find((f) => f.ruleId === 'XY-JUMP' && f.scope === 'active.art20_5.admin_licensing.decisions');
    expect(jump).toMatchObject({ reportId: '204', year: 2024, status: 'fail', severity: 'warn', expected: golden('203')['active.art20_5.admin_licensing.decisions'], actual: golden('204')['active.art20_5.admin_licensing.decisions'] });
    // Mixed layouts do not fit any year: TEMPLATE-VERSION fails on both.
    expect(all.filter((f) => f.ruleId === 'TEMPLATE-VERSION' && f.agencyId === hongzeId).map((f) => f.reportId).sort()).toEqual(['203', '204']);
  });

  it('210 → 211 carry-over passes in every column: no XY-CARRY finding for 宿迁, even counting undecided ones', async () => {
    const carry = await rows(`SELECT scope, status, expected, actual FROM checks WHERE report_id = '211' AND rule_id = 'XY-CARRY' ORDER BY scope`);
    expect(carry.length).toBeGreaterThan(0);
    expect(carry.every((c) => c.status === 'pass')).toBe(true);
    const total = carry.find((c) => c.scope === 'total');
    expect([total?.expected, total?.actual]).toEqual([golden('210')['requests.carried_forward.total'], golden('211')['requests.carried_over.total']]);
    const f = findingsFromCheckRows(await rows(findingsSql(EMPTY_FILTERS, { statuses: ['fail', 'uncertain'], rules: ['XY-CARRY'] })));
    expect(f.filter((x) => x.reportId === '211')).toEqual([]);
  });

  it('holds only failures by default, errors before warnings', () => {
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((f) => f.status === 'fail')).toBe(true);
    const firstWarn = all.findIndex((f) => f.severity === 'warn');
    expect(all.slice(firstWarn).some((f) => f.severity === 'error')).toBe(false);
  });

  it('honours the dashboard filters and the audit options', async () => {
    const js = findingsFromCheckRows(await rows(findingsSql({ ...EMPTY_FILTERS, province: '江苏省' })));
    expect(js.length).toBeGreaterThan(0);
    expect(js.every((f) => f.province === '江苏省')).toBe(true);
    expect(js.map((f) => f.reportId)).toEqual(expect.arrayContaining(['203', '211']));
    const warn = findingsFromCheckRows(await rows(findingsSql(EMPTY_FILTERS, { severities: ['warn'], rules: ['TEXT-TABLE'] })));
    expect(new Set(warn.map((f) => f.ruleId))).toEqual(new Set(['TEXT-TABLE']));
    const withUncertain = findingsFromCheckRows(await rows(findingsSql(EMPTY_FILTERS, { statuses: ['fail', 'uncertain'], agencyIds: [hongzeId] })));
    expect(withUncertain.some((f) => f.status === 'uncertain')).toBe(true);
    expect(new Set(withUncertain.map((f) => f.agencyId))).toEqual(new Set([hongzeId]));
    const types = findingsFromCheckRows(await rows(findingsSql({ ...EMPTY_FILTERS, agencyTypes: ['department'] })));
    expect(types.every((f) => f.agencyType === 'department')).toBe(true);
  });

  it('summarises per rule with the same counts as the list', async () => {
    const summary = await rows(findingsSummarySql(EMPTY_FILTERS));
    const byRule = groupFindings(all, 'rule');
    expect(new Map(summary.map((r) => [String(r.rule_id), Number(r.findings)]))).toEqual(new Map([...byRule].map(([k, v]) => [k, v.length])));
    const t4 = summary.find((r) => r.rule_id === 'T4-SUM');
    expect(t4).toMatchObject({ severity: 'error', reports: all.filter((f) => f.ruleId === 'T4-SUM').map((f) => f.reportId).filter((x, i, a) => a.indexOf(x) === i).length, agencies: 1 });
    const byCity = await rows(findingsSummarySql(EMPTY_FILTERS, {}, 'city'));
    expect(byCity.reduce((s, r) => s + Number(r.findings), 0)).toBe(all.length);
  });
});

describe('findingsToRows and the export writers', () => {
  it('gives one row per finding with agency, year, rule, message, expected, actual in the chosen language', async () => {
    const fs = findingsFromCheckRows(await rows(findingsSql(EMPTY_FILTERS, { agencyIds: [hongzeId] })));
    const zh = findingsToRows(fs, 'zh');
    const en = findingsToRows(fs, 'en');
    expect(zh.rows).toHaveLength(fs.length);
    expect(zh.columns.map((c) => c.label).slice(0, 6)).toEqual(['机构', '地区', '机构类型', '年度', '规则编号', '规则']);
    expect(en.columns.map((c) => c.label)).toContain('Expected');
    const row = zh.rows.find((r) => r.rule_id === 'T4-SUM');
    expect(row).toMatchObject({ agency: '淮安市洪泽区人民政府', region: '江苏省 淮安市 洪泽区', year: 2023, rule: ruleTitle('T4-SUM', 'zh'), severity: '错误', status: '未通过', report_id: '203' });
    expect(en.rows.find((r) => r.rule_id === 'T4-SUM')?.rule).toBe('Review and litigation totals');

    const csv = toCsv(zh.columns, zh.rows);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\n')[0]).toContain('机构,地区');
    expect(csv).toContain('淮安市洪泽区人民政府');
    const xlsx = unzipSync(toXlsx([{ name: '审查发现', columns: zh.columns, rows: zh.rows }]));
    const sheet = Object.entries(xlsx).find(([k]) => k.startsWith('xl/worksheets/'))?.[1];
    expect(new TextDecoder().decode(sheet)).toContain('淮安市洪泽区人民政府');
  });
});

describe('sortFindings', () => {
  it('orders exactly as sorting by compareFindings does, ties kept in input order', () => {
    // A small deterministic generator: many ties on every key, names that a Chinese collator orders
    // unlike code points, a name and an id that collate equal but are different texts (a zero-width
    // space is ignored by the collator), agencies without a name, years without a value.
    let seed = 7;
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pick = <T,>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
    const names = ['北京市教育局', '安徽省财政厅', '重庆市', '阿坝州', 'zeta', 'Zeta', '市局', '市\u200b局', null];
    for (let round = 0; round < 50; round++) {
      const findings: Finding[] = Array.from({ length: 200 }, (_, i) => ({
        source: 'check', reportId: `r${String(i)}`, agencyId: pick(['ag_b', 'ag_a', '市局', 'ag_c']), agencyName: pick(names),
        province: null, city: null, district: null, agencyType: null, year: pick([2019, 2020, 2021, null]),
        ruleId: pick(['COPY-TEXT', 'COVERAGE-MISSING', 'copy-text', 'SUM-1']), severity: pick(['error', 'warn', 'info'] as const),
        status: pick(['fail', 'uncertain'] as const), scope: pick(['', 'report', 'tables', 'Tables']),
        message: { zh: '', en: '' }, expected: null, actual: null, keys: [],
      }));
      expect(sortFindings(findings)).toEqual([...findings].sort(compareFindings));
    }
  });

  it('orders as compareFindings when the places are too many to make one number', () => {
    // 3,000 findings with names, years, rules and scopes all different: more than 2^53 combinations.
    const findings: Finding[] = Array.from({ length: 3000 }, (_, i) => ({
      source: 'check', reportId: `r${String(i)}`, agencyId: `ag_${String((i * 7919) % 3000)}`, agencyName: null,
      province: null, city: null, district: null, agencyType: null, year: (i * 104729) % 3000,
      ruleId: `R${String((i * 31) % 3000)}`, severity: (['error', 'warn', 'info'] as const)[i % 3] ?? 'warn',
      status: i % 5 === 0 ? 'uncertain' : 'fail', scope: `s${String((i * 17) % 3000)}`,
      message: { zh: '', en: '' }, expected: null, actual: null, keys: [],
    }));
    expect(sortFindings(findings)).toEqual([...findings].sort(compareFindings));
  });
});

describe('reportContexts', () => {
  it('reads as the map of each report row\'s context by id, made when first read', async () => {
    const rows = (await db.query(reportContextSql(EMPTY_FILTERS))).rows;
    const want = new Map(rows.map((r) => [String(r.report_id), contextFromRow(r)]));
    const got = reportContexts(rows);
    expect(got.size).toBe(want.size);
    expect(got.has('066')).toBe(true);
    expect(got.has('no such report')).toBe(false);
    expect(got.get('no such report')).toBeUndefined();
    const one = got.get('066');
    expect(one).toEqual(want.get('066'));
    // Read again, the same object: a finding and the profile share it.
    expect(got.get('066')).toBe(one);
    expect([...got.keys()]).toEqual([...want.keys()]);
    expect(new Map(got)).toEqual(want);
    expect([...got.values()]).toEqual([...want.values()]);
    const seen: string[] = [];
    got.forEach((c, id, map) => { expect(map).toBe(got); expect(c.reportId).toBe(id); seen.push(id); });
    expect(seen).toEqual([...want.keys()]);
  });
});
