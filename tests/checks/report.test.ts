import { describe, expect, it } from 'vitest';
import { runReportChecks } from '../../src/checks';
import type { CheckResult } from '../../src/model/checks';
import type { Report } from '../../src/model/report';
import { REQUEST_COLUMNS } from '../../src/model/template';
import { expectedIds, keysWithPrefix, loadExpected, manifest, reportFromExpected, withCells } from './fixtures';

const COLS = REQUEST_COLUMNS.map((c) => c.key);

function results(r: Report, ruleId: string): CheckResult[] {
  return runReportChecks(r).filter((c) => c.ruleId === ruleId);
}

function one(r: Report, ruleId: string, scope: string): CheckResult {
  const found = results(r, ruleId).filter((c) => c.scope === scope);
  expect(found, `${ruleId} ${scope}`).toHaveLength(1);
  const [c] = found;
  if (!c) throw new Error('unreachable');
  return c;
}

/** A hand-checked numeric value, read straight from the golden file. */
function golden(id: string, key: string): number {
  const v = loadExpected(id).cells[key];
  if (typeof v !== 'number') throw new Error(`${id} ${key} is not a number in expected/`);
  return v;
}

const statuses = (cs: readonly CheckResult[]): string[] => cs.map((c) => c.status);

describe('T3-BAL (request balance per column)', () => {
  it('passes every column of the all-zero seed report 000 and the full 2023 Suqian report 210', () => {
    for (const id of ['000', '210']) {
      const bal = results(reportFromExpected(id), 'T3-BAL');
      expect(bal.map((c) => c.scope)).toEqual(COLS);
      expect(statuses(bal).every((s) => s === 'pass')).toBe(true);
    }
    const total = one(reportFromExpected('210'), 'T3-BAL', 'total');
    expect(total.expected).toBe(golden('210', 'requests.new_received.total') + golden('210', 'requests.carried_over.total'));
    expect(total.actual).toBe(golden('210', 'requests.results.total.total') + golden('210', 'requests.carried_forward.total'));
  });

  it('Shanghai 2019 (001): total and natural_person pass, columns with blanks are uncertain (blank is not 0)', () => {
    const r = reportFromExpected('001');
    expect(one(r, 'T3-BAL', 'total').status).toBe('pass');
    expect(one(r, 'T3-BAL', 'total').expected).toBe(859 + 18);
    expect(one(r, 'T3-BAL', 'natural_person').status).toBe('pass');
    const commercial = one(r, 'T3-BAL', 'org_commercial');
    expect(commercial.status).toBe('uncertain');
    expect(commercial.message.zh).toContain('requests.carried_over.org_commercial');
    expect(commercial.message.en).toContain('blank');
  });

  it('fails when a mutated 210 no longer balances, and only in that column', () => {
    const r = withCells(reportFromExpected('210'), { 'requests.new_received.total': golden('210', 'requests.new_received.total') + 1 });
    const bal = results(r, 'T3-BAL');
    expect(bal.filter((c) => c.status === 'fail').map((c) => c.scope)).toEqual(['total']);
    const t = one(r, 'T3-BAL', 'total');
    expect(t.severity).toBe('error');
    expect(t.expected).not.toBe(t.actual);
    expect(t.keys).toContain('requests.new_received.total');
  });

  it('a blank or "/" operand makes the column uncertain, never failed', () => {
    for (const v of [null, 'na'] as const) {
      const r = withCells(reportFromExpected('210'), { 'requests.carried_over.total': v });
      const t = one(r, 'T3-BAL', 'total');
      expect(t.status).toBe('uncertain');
      expect(t.message.zh).toContain('requests.carried_over.total');
    }
  });

  it('a truncated excerpt that never shows rows 三/四 of table 三 gives uncertain, not fail (018, 070)', () => {
    for (const id of ['018', '070']) {
      const bal = results(reportFromExpected(id), 'T3-BAL');
      expect(bal.length).toBe(7);
      expect(statuses(bal).every((s) => s === 'uncertain')).toBe(true);
      expect(bal[0]?.message.en).toContain('not in the document');
    }
  });

  it('a report whose excerpt ends before table 三 gets one uncertain result for the table (085)', () => {
    const bal = results(reportFromExpected('085'), 'T3-BAL');
    expect(bal).toHaveLength(1);
    expect(bal[0]?.status).toBe('uncertain');
    expect(bal[0]?.scope).toBe('requests');
    expect(bal[0]?.message.zh).toContain('截断');
  });
});

describe('T3-ROW (row total = applicants)', () => {
  it('passes every row of the anonymised 2025 city report 209 (25 rows of v2021)', () => {
    const rows = results(reportFromExpected('209'), 'T3-ROW');
    expect(rows).toHaveLength(25);
    expect(statuses(rows).every((s) => s === 'pass')).toBe(true);
  });

  it('Shanghai 2019 (001) is uncertain in every row because the 总计 cells or organisation cells are blank', () => {
    const rows = results(reportFromExpected('001'), 'T3-ROW');
    expect(rows).toHaveLength(23);
    expect(statuses(rows).every((s) => s === 'uncertain')).toBe(true);
    const granted = one(reportFromExpected('001'), 'T3-ROW', 'results.granted');
    expect(granted.message.zh).toContain('requests.results.granted.total');
  });

  it('flags the shifted header of 168 (one application under 法律服务机构, 总计 0) as it was printed', () => {
    const r = reportFromExpected('168');
    const nr = one(r, 'T3-ROW', 'new_received');
    expect(nr.status).toBe('fail');
    expect(nr.actual).toBe(golden('168', 'requests.new_received.total'));
    expect(nr.expected).toBe(1);
    expect(one(r, 'T3-ROW', 'carried_over').status).toBe('pass');
  });

  it('fails a mutated row of 209', () => {
    const r = withCells(reportFromExpected('209'), { 'requests.results.granted.org_research': golden('209', 'requests.results.granted.org_research') + 2 });
    const row = one(r, 'T3-ROW', 'results.granted');
    expect(row.status).toBe('fail');
    expect((row.expected ?? 0) - (row.actual ?? 0)).toBe(2);
  });

  it('a printed cell wins over a derived cell with the same key', () => {
    const base = reportFromExpected('209');
    const derived = { key: 'requests.new_received.total', value: 1, semantic: 'number' as const, raw: '', derived: true, provenance: {} };
    const r: Report = { ...base, cells: [derived, ...base.cells] };
    expect(one(r, 'T3-ROW', 'new_received').status).toBe('pass');
  });
});

describe('T3-RES (results total = outcome leaves)', () => {
  it('uses the v2021 three （六） sub-rows for 210 and passes', () => {
    const res = results(reportFromExpected('210'), 'T3-RES');
    expect(statuses(res).every((s) => s === 'pass')).toBe(true);
    const keys = one(reportFromExpected('210'), 'T3-RES', 'total').keys;
    expect(keys).toContain('requests.results.other.fee_unpaid.total');
    expect(keys).not.toContain('requests.results.other.total.total');
  });

  it('uses the single v2019 （六） row for the mixed 203 because its table 三 printed that layout', () => {
    const r = reportFromExpected('203');
    const total = one(r, 'T3-RES', 'total');
    expect(total.status).toBe('pass');
    expect(total.keys).toContain('requests.results.other.total.total');
    expect(total.keys).not.toContain('requests.results.other.no_correction.total');
    const bad = withCells(r, { 'requests.results.other.total.natural_person': 1 });
    expect(one(bad, 'T3-RES', 'natural_person').status).toBe('fail');
  });

  it('infers the layout of table 三 from the printed rows when the parser gave none (203 without tableTemplates)', () => {
    const base = reportFromExpected('203');
    const r: Report = { ...base, meta: { ...base.meta, tableTemplates: {} } };
    expect(one(r, 'T3-RES', 'total').keys).toContain('requests.results.other.total.total');
  });

  it('follows the rows table 三 printed when they contradict the declared layout', () => {
    const base = reportFromExpected('203');
    const r: Report = { ...base, meta: { ...base.meta, tableTemplates: { ...base.meta.tableTemplates, requests: 'v2021' } } };
    const total = one(r, 'T3-RES', 'total');
    expect(total.status).toBe('pass');
    expect(total.keys).toContain('requests.results.other.total.total');
  });

  it('fails when one v2021 sub-row of （六） changes, and a derived （六） total is never an operand', () => {
    const base = reportFromExpected('210');
    const bumped = withCells(base, { 'requests.results.other.fee_unpaid.total': golden('210', 'requests.results.other.fee_unpaid.total') + 1 });
    expect(one(bumped, 'T3-RES', 'total').status).toBe('fail');
    const derived = { key: 'requests.results.other.total.total', value: 999999, semantic: 'number' as const, raw: '', derived: true, provenance: {} };
    const withDerived: Report = { ...base, cells: [...base.cells, derived] };
    expect(one(withDerived, 'T3-RES', 'total').status).toBe('pass');
  });

  it('Shanghai 2019 natural_person is uncertain (blank leaves) and says it would hold with blanks read as 0', () => {
    const c = one(reportFromExpected('001'), 'T3-RES', 'natural_person');
    expect(c.status).toBe('uncertain');
    expect(c.actual).toBe(767);
    expect(c.message.en).toContain('with blanks read as 0 it holds: 767');
  });
});

describe('T4-SUM (review and litigation totals)', () => {
  it("203's own table 四 breaks T4-SUM: 行政复议 10/1/0/0 with 总计 0 and 复议后起诉 维持 5 with 总计 0 must FAIL", () => {
    const r = reportFromExpected('203');
    const review = one(r, 'T4-SUM', 'admin_review');
    expect(review.status).toBe('fail');
    expect(review.expected).toBe(11);
    expect(review.actual).toBe(0);
    const after = one(r, 'T4-SUM', 'litigation_after_review');
    expect(after.status).toBe('fail');
    expect(after.expected).toBe(5);
    expect(one(r, 'T4-SUM', 'litigation_direct').status).toBe('pass');
  });

  it('passes the full reports 092, 207, 209, 210 and 211', () => {
    for (const id of ['092', '207', '209', '210', '211']) {
      expect(statuses(results(reportFromExpected(id), 'T4-SUM')), id).toEqual(['pass', 'pass', 'pass']);
    }
  });

  it('is uncertain for Shanghai 2019, whose table 四 has blanks', () => {
    expect(statuses(results(reportFromExpected('001'), 'T4-SUM'))).toEqual(['uncertain', 'uncertain', 'uncertain']);
  });
});

describe('NONNEG', () => {
  it('passes real reports, including a decimal fee (203: 7730.28 万元) and a v2019 procurement amount (000)', () => {
    for (const id of ['000', '203', '210']) expect(statuses(results(reportFromExpected(id), 'NONNEG')), id).toEqual(['pass']);
  });

  it('fails a negative or fractional count and a negative fee, but allows a negative 本年增/减', () => {
    const base = reportFromExpected('000');
    expect(statuses(results(withCells(base, { 'active.art20_5.admin_licensing.items_change': -3 }), 'NONNEG'))).toEqual(['pass']);
    const neg = results(withCells(base, { 'requests.new_received.natural_person': -1 }), 'NONNEG');
    expect(neg.map((c) => [c.status, c.scope])).toEqual([['fail', 'requests.new_received.natural_person']]);
    const frac = results(withCells(base, { 'review_litigation.admin_review.upheld': 2.5, 'active.art20_5.admin_licensing.items_change': 1.5 }), 'NONNEG');
    expect(frac.filter((c) => c.status === 'fail')).toHaveLength(2);
    const fee = results(withCells(reportFromExpected('210'), { 'active.art20_8.admin_fees.amount_wan_yuan': -1 }), 'NONNEG');
    expect(fee.map((c) => c.status)).toEqual(['fail']);
  });

  it('is uncertain for the text cell "增加5" that 163 printed as 本年增/减', () => {
    const r = results(reportFromExpected('163'), 'NONNEG');
    const u = r.filter((c) => c.status === 'uncertain');
    expect(u.map((c) => c.scope)).toEqual(['active.art20_5.other_external_services.items_change']);
    expect(u[0]?.message.zh).toContain('增加5');
  });
});

describe('TEMPLATE-VERSION', () => {
  it('passes v2019 for 2020 (000) and v2021 for 2023 (210)', () => {
    expect(statuses(results(reportFromExpected('000'), 'TEMPLATE-VERSION'))).toEqual(['pass']);
    expect(statuses(results(reportFromExpected('210'), 'TEMPLATE-VERSION'))).toEqual(['pass']);
  });

  it('fails the old template in 2023 (103) and the mixed 203 as errors, and a 2019 report in v2021 only as a warning', () => {
    const old = one(reportFromExpected('103'), 'TEMPLATE-VERSION', 'v2019');
    expect([old.status, old.severity]).toEqual(['fail', 'error']);
    const mixed = one(reportFromExpected('203'), 'TEMPLATE-VERSION', 'mixed');
    expect([mixed.status, mixed.severity]).toEqual(['fail', 'error']);
    const base = reportFromExpected('210');
    const y2019: Report = { ...base, meta: { ...base.meta, year: 2019 } };
    const c = one(y2019, 'TEMPLATE-VERSION', 'v2021');
    expect([c.status, c.severity]).toEqual(['fail', 'warn']);
  });

  it('is uncertain when the year is unknown or no table was found', () => {
    const base = reportFromExpected('210');
    expect(statuses(results({ ...base, meta: { ...base.meta, year: null } }, 'TEMPLATE-VERSION'))).toEqual(['uncertain']);
    expect(statuses(results({ ...base, cells: [], meta: { ...base.meta, template: 'text_only', tableTemplates: {} } }, 'TEMPLATE-VERSION'))).toEqual(['uncertain']);
  });
});

describe('STRUCT-TABLES', () => {
  it('passes the three tables of 210', () => {
    expect(results(reportFromExpected('210'), 'STRUCT-TABLES').map((c) => [c.scope, c.status])).toEqual([
      ['active', 'pass'],
      ['requests', 'pass'],
      ['review', 'pass'],
    ]);
  });

  it('fails a full document without table 四, unless the narrative states that nothing occurred (V14)', () => {
    const base = reportFromExpected('210');
    const noReview = withCells(base, Object.fromEntries(keysWithPrefix(base, 'review_litigation.').map((k) => [k, undefined])));
    expect(one(noReview, 'STRUCT-TABLES', 'review').status).toBe('fail');
    const nil: Report = {
      ...noReview,
      diagnostics: [{ level: 'info', code: 'table_missing_with_nil_statement', table: 'review', message: { zh: '未发生', en: 'none occurred' } }],
    };
    expect(one(nil, 'STRUCT-TABLES', 'review').status).toBe('pass');
  });

  it('fails a table the parser says was passed over, even in an excerpt truncated later', () => {
    const base = reportFromExpected('210');
    const r: Report = {
      ...withCells(base, Object.fromEntries([...keysWithPrefix(base, 'active.'), ...keysWithPrefix(base, 'review_litigation.')].map((k) => [k, undefined]))),
      diagnostics: [
        { level: 'warn', code: 'table_missing', table: 'active', message: { zh: '未找到表二', en: 'table 二 not found' } },
        { level: 'info', code: 'truncated', table: 'review', message: { zh: '截断', en: 'truncated' } },
      ],
    };
    expect(one(r, 'STRUCT-TABLES', 'active').status).toBe('fail');
    expect(one(r, 'STRUCT-TABLES', 'review').status).toBe('uncertain');
  });

  it('never fails a truncated excerpt: no STRUCT-TABLES or T3-BAL failure in any partial corpus report', () => {
    const partial = expectedIds().filter((id) => manifest().get(id)?.completeness === 'partial');
    expect(partial.length).toBeGreaterThan(30);
    for (const id of partial) {
      const r = runReportChecks(reportFromExpected(id));
      const bad = r.filter((c) => (c.ruleId === 'STRUCT-TABLES' || c.ruleId === 'T3-BAL') && c.status === 'fail');
      expect(bad, id).toEqual([]);
    }
    expect(one(reportFromExpected('085'), 'STRUCT-TABLES', 'requests').status).toBe('uncertain');
  });
});

describe('EMPTY-CELLS', () => {
  it('counts the blanks of Shanghai 2019 and warns above 10 in 三 and 5 in 四', () => {
    const cells = loadExpected('001').cells;
    const blanks = (prefix: string): number => Object.entries(cells).filter(([k, v]) => k.startsWith(prefix) && (v === null || v === 'na')).length;
    const r = reportFromExpected('001');
    const req = one(r, 'EMPTY-CELLS', 'requests');
    expect([req.status, req.severity, req.actual]).toEqual(['fail', 'warn', blanks('requests.')]);
    const rev = one(r, 'EMPTY-CELLS', 'review');
    expect([rev.status, rev.actual]).toEqual(['fail', blanks('review_litigation.')]);
  });

  it('passes at exactly 10 blanks in 三 and fails at 11 (210 mutated)', () => {
    const base = reportFromExpected('210');
    const keys = keysWithPrefix(base, 'requests.results.granted.').concat(keysWithPrefix(base, 'requests.results.partially_granted.'));
    const ten = withCells(base, Object.fromEntries(keys.slice(0, 10).map((k) => [k, null])));
    expect(one(ten, 'EMPTY-CELLS', 'requests').status).toBe('pass');
    const eleven = withCells(base, Object.fromEntries(keys.slice(0, 11).map((k) => [k, null])));
    expect(one(eleven, 'EMPTY-CELLS', 'requests').status).toBe('fail');
  });

  it('is uncertain under the limit when part of the table is not in the document (018)', () => {
    const c = one(reportFromExpected('018'), 'EMPTY-CELLS', 'requests');
    expect(c.status).toBe('uncertain');
    expect(c.message.en).toContain('not in the document');
  });
});

describe('UNIT-2021', () => {
  it('passes the plain 万元 fee of 210 and ignores v2019 reports', () => {
    expect(statuses(results(reportFromExpected('210'), 'UNIT-2021'))).toEqual(['pass']);
    expect(results(reportFromExpected('000'), 'UNIT-2021')).toEqual([]);
  });

  it('fails a fee cell printed with 元', () => {
    const r = withCells(reportFromExpected('209'), { 'active.art20_8.admin_fees.amount_wan_yuan': { raw: '316441元', yuan: 316441 } });
    const c = one(r, 'UNIT-2021', 'active.art20_8.admin_fees.amount_wan_yuan');
    expect(c.status).toBe('fail');
    expect(c.message.zh).toContain('元');
  });

  it('is uncertain when the fee is "/" or not in the excerpt (019 stops before 第二十条第（八）项)', () => {
    expect(statuses(results(withCells(reportFromExpected('210'), { 'active.art20_8.admin_fees.amount_wan_yuan': 'na' }), 'UNIT-2021'))).toEqual(['uncertain']);
    expect(statuses(results(reportFromExpected('019'), 'UNIT-2021'))).toEqual(['uncertain']);
  });
});

describe('SEC5-EMPTY', () => {
  it('passes the real section 五 of 210', () => {
    expect(statuses(results(reportFromExpected('210'), 'SEC5-EMPTY'))).toEqual(['pass']);
  });

  it('fails a section 五 that only says 无, or is a few characters long', () => {
    const base = reportFromExpected('210');
    for (const text of ['五、存在的主要问题及改进情况\n无。', '无', '暂无问题。']) {
      const r: Report = { ...base, sections: { ...base.sections, problems: text } };
      expect(one(r, 'SEC5-EMPTY', 'problems').status, text).toBe('fail');
    }
  });

  it('is uncertain when section 五 was not found (the HTML fixture 001 has no sections)', () => {
    expect(statuses(results(reportFromExpected('001'), 'SEC5-EMPTY'))).toEqual(['uncertain']);
  });
});

describe('TEXT-TABLE (narrative vs tables, spec §6.4)', () => {
  it('085: the narrative says 2 行政规范性文件, table 二 says 3 — a WARN failure; 许可 and 处罚 agree', () => {
    const r = reportFromExpected('085');
    const docs = one(r, 'TEXT-TABLE', 'normative_docs');
    expect([docs.status, docs.severity, docs.actual, docs.expected]).toEqual(['fail', 'warn', 2, golden('085', 'active.art20_1.normative_docs.issued')]);
    expect(one(r, 'TEXT-TABLE', 'admin_licensing').status).toBe('pass');
    expect(one(r, 'TEXT-TABLE', 'admin_penalty').status).toBe('pass');
    // 13 requests are stated but the excerpt ends before table 三.
    expect(one(r, 'TEXT-TABLE', 'requests_received_total').status).toBe('uncertain');
  });

  it('accepts the received count as new + carried over and says which matched (210: 3607 = 3511 + 96)', () => {
    const c = one(reportFromExpected('210'), 'TEXT-TABLE', 'requests_received_total');
    expect(c.status).toBe('pass');
    expect(c.message.zh).toContain('本年新收+上年结转');
    const s = one(reportFromExpected('001'), 'TEXT-TABLE', 'requests_received_total');
    expect(s.status).toBe('pass');
    expect(s.message.en).toContain("table's new requests (859)");
  });

  it('flags real disagreements: 204 (17 vs 95 received) and 211 (复议134 / 诉讼57 vs 170 and 25+52)', () => {
    expect(one(reportFromExpected('204'), 'TEXT-TABLE', 'requests_received_total').status).toBe('fail');
    const r = reportFromExpected('211');
    const review = one(r, 'TEXT-TABLE', 'admin_review_total');
    expect([review.status, review.expected, review.actual]).toEqual(['fail', golden('211', 'review_litigation.admin_review.total'), 134]);
    const lit = one(r, 'TEXT-TABLE', 'litigation_total');
    expect(lit.expected).toBe(golden('211', 'review_litigation.litigation_direct.total') + golden('211', 'review_litigation.litigation_after_review.total'));
    expect(lit.status).toBe('fail');
  });

  it('is uncertain when the table cell is blank (001 litigation: 复议后起诉 总计 blank)', () => {
    const c = one(reportFromExpected('001'), 'TEXT-TABLE', 'litigation_total');
    expect(c.status).toBe('uncertain');
    expect(c.message.zh).toContain('review_litigation.litigation_after_review.total');
  });

  it('210: the narrative outcome counts (予以公开1191件 … 不予处理406件) agree with the row and group sums of table 三', () => {
    const r = reportFromExpected('210');
    for (const scope of ['results.granted', 'results.partially_granted', 'results.denied', 'results.unable', 'results.not_processed']) {
      expect(one(r, 'TEXT-TABLE', scope).status, scope).toBe('pass');
    }
    const denied = one(r, 'TEXT-TABLE', 'results.denied');
    expect(denied.keys).toHaveLength(8);
    const bumped = withCells(r, { 'requests.results.denied.state_secret.total': golden('210', 'requests.results.denied.state_secret.total') + 1 });
    expect(one(bumped, 'TEXT-TABLE', 'results.denied').status).toBe('fail');
    const blank = withCells(r, { 'requests.results.unable.not_held.total': null });
    expect(one(blank, 'TEXT-TABLE', 'results.unable').status).toBe('uncertain');
  });

  it('205: 其他处理14件 is compared with the sum of the three v2021 （六） sub-rows', () => {
    const c = one(reportFromExpected('205'), 'TEXT-TABLE', 'results.other');
    expect(c.status).toBe('pass');
    expect(c.keys).toEqual(['requests.results.other.no_correction.total', 'requests.results.other.fee_unpaid.total', 'requests.results.other.other.total']);
  });

  it('skips counts the narrative qualifies as another figure (现行有效规范性文件N件)', () => {
    const base = reportFromExpected('085');
    const r: Report = { ...base, sections: { ...base.sections, narrative: '现行有效行政规范性文件7件。' } };
    expect(results(r, 'TEXT-TABLE').filter((c) => c.scope === 'normative_docs')).toEqual([]);
  });
});

describe('every per-report result', () => {
  it('carries a known rule, a bilingual message and numbers or null, on every corpus fixture', () => {
    for (const id of expectedIds()) {
      for (const c of runReportChecks(reportFromExpected(id))) {
        expect(c.message.zh.length, `${id} ${c.ruleId}`).toBeGreaterThan(0);
        expect(c.message.en.length).toBeGreaterThan(0);
        expect(['pass', 'fail', 'uncertain']).toContain(c.status);
        for (const n of [c.expected, c.actual]) expect(n === null || Number.isFinite(n)).toBe(true);
      }
    }
  });
});
