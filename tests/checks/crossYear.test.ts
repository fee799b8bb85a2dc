import { describe, expect, it } from 'vitest';
import { crossYearInput, runCrossYearChecks, type CrossYearInput, type CrossYearResult } from '../../src/checks';
import type { Report } from '../../src/model/report';
import { REQUEST_COLUMNS } from '../../src/model/template';
import { loadExpected, reportFromExpected, withCells } from './fixtures';

function input(id: string, agencyId: string, report: Report = reportFromExpected(id)): CrossYearInput {
  return crossYearInput(id, agencyId, report);
}

function golden(id: string, key: string): number {
  const v = loadExpected(id).cells[key];
  if (typeof v !== 'number') throw new Error(`${id} ${key} is not a number in expected/`);
  return v;
}

const of = (rs: readonly CrossYearResult[], ruleId: string): CrossYearResult[] => rs.filter((r) => r.ruleId === ruleId);
const scoped = (rs: readonly CrossYearResult[], ruleId: string, scope: string): CrossYearResult | undefined => of(rs, ruleId).find((r) => r.scope === scope);

describe('XY-CARRY on 宿迁市人民政府 2023 (210) → 2024 (211)', () => {
  const rs = runCrossYearChecks([input('210', 'suqian'), input('211', 'suqian')]);

  it('attaches every result to the 2024 report', () => {
    expect(rs.length).toBeGreaterThan(0);
    expect(new Set(rs.map((r) => r.reportId))).toEqual(new Set(['211']));
  });

  it("finds 2024's 上年结转 equal to 2023's 结转下年度 in all seven columns", () => {
    const carry = of(rs, 'XY-CARRY');
    expect(carry.map((c) => c.scope)).toEqual(REQUEST_COLUMNS.map((c) => c.key));
    for (const c of carry) {
      expect(c.status, c.scope).toBe('pass');
      expect(c.expected).toBe(golden('210', `requests.carried_forward.${c.scope}`));
      expect(c.actual).toBe(golden('211', `requests.carried_over.${c.scope}`));
      expect(c.severity).toBe('warn');
    }
  });

  it('fails when the 2024 carry-over is changed, and is uncertain when it is blank or missing', () => {
    const r211 = reportFromExpected('211');
    const changed = runCrossYearChecks([input('210', 's'), input('211', 's', withCells(r211, { 'requests.carried_over.total': 122 }))]);
    expect(scoped(changed, 'XY-CARRY', 'total')?.status).toBe('fail');
    expect(scoped(changed, 'XY-CARRY', 'natural_person')?.status).toBe('pass');
    const blank = runCrossYearChecks([input('210', 's'), input('211', 's', withCells(r211, { 'requests.carried_over.total': null }))]);
    expect(scoped(blank, 'XY-CARRY', 'total')?.status).toBe('uncertain');
    expect(scoped(blank, 'XY-CARRY', 'total')?.message.zh).toContain('requests.carried_over.total@2024');
    const gone = runCrossYearChecks([input('210', 's', withCells(reportFromExpected('210'), { 'requests.carried_forward.org_other': undefined })), input('211', 's')]);
    expect(scoped(gone, 'XY-CARRY', 'org_other')?.status).toBe('uncertain');
    expect(scoped(gone, 'XY-CARRY', 'org_other')?.message.en).toContain('not in the document');
  });

  it('XY-STOCK-2021 holds for both rows: in force(2024) = in force(2023) + issued − repealed', () => {
    for (const row of ['regulations', 'normative_docs']) {
      const c = scoped(rs, 'XY-STOCK-2021', row);
      const k = (col: string): string => `active.art20_1.${row}.${col}`;
      expect(c?.status, row).toBe('pass');
      expect(c?.expected).toBe(golden('210', k('in_force')) + golden('211', k('issued')) - golden('211', k('repealed')));
    }
    const broken = runCrossYearChecks([input('210', 's'), input('211', 's', withCells(reportFromExpected('211'), { 'active.art20_1.normative_docs.repealed': 3 }))]);
    expect(scoped(broken, 'XY-STOCK-2021', 'normative_docs')?.status).toBe('fail');
  });

  it('XY-JUMP sees no jump beyond ×5 or ÷5 between the two Suqian years', () => {
    const jumps = of(rs, 'XY-JUMP');
    expect(jumps.length).toBeGreaterThan(3);
    expect(jumps.every((j) => j.status === 'pass')).toBe(true);
  });
});

describe('淮安市洪泽区 2023 (203) → 2024 (204), both mixed', () => {
  const rs = runCrossYearChecks([input('204', 'hongze'), input('203', 'hongze')]);

  it('XY-CARRY passes (0 carried forward, 0 carried over) and XY-STOCK-2021 uses their v2021 table 二', () => {
    expect(of(rs, 'XY-CARRY').every((c) => c.status === 'pass')).toBe(true);
    expect(of(rs, 'XY-STOCK-2021').map((c) => c.status)).toEqual(['pass', 'pass']);
  });

  it('infers the v2021 table 二 of a mixed report from its keys when no per-table layout is given', () => {
    const bare = (id: string): CrossYearInput => {
      const r = reportFromExpected(id);
      return { reportId: id, agencyId: 'h', year: r.meta.year, template: r.meta.template, cells: r.cells };
    };
    expect(of(runCrossYearChecks([bare('203'), bare('204')]), 'XY-STOCK-2021')).toHaveLength(2);
  });

  it('XY-JUMP flags 行政许可 550 → 9487 and calls 0 → n undecidable rather than a jump', () => {
    const lic = scoped(rs, 'XY-JUMP', 'active.art20_5.admin_licensing.decisions');
    expect([lic?.status, lic?.expected, lic?.actual]).toEqual(['fail', golden('203', 'active.art20_5.admin_licensing.decisions'), golden('204', 'active.art20_5.admin_licensing.decisions')]);
    const review = scoped(rs, 'XY-JUMP', 'review_litigation.admin_review.total');
    expect(review?.status).toBe('uncertain');
    const requests = scoped(rs, 'XY-JUMP', 'requests.new_received.total');
    expect(requests?.status).toBe('pass'); // 21 → 95 is ×4.5, under the ×5 line
  });
});

describe('XY-ITEMS-2019', () => {
  // The corpus holds no agency with two v2019 years, so the 2019 side is 000 itself relabelled.
  const seed = reportFromExpected('000');
  const prev: Report = { ...seed, meta: { ...seed.meta, year: 2019 } };
  const row = 'active.art20_5.admin_licensing';

  it("passes when this year's 上一年项目数量 = last year's items + change, and fails otherwise", () => {
    const lastYear = withCells(prev, { [`${row}.prev_year_items`]: 2, [`${row}.items_change`]: 0 });
    const ok = runCrossYearChecks([input('p', 'a', lastYear), input('c', 'a', seed)]);
    expect(scoped(ok, 'XY-ITEMS-2019', 'art20_5.admin_licensing')?.status).toBe('pass');
    const grew = withCells(prev, { [`${row}.prev_year_items`]: 2, [`${row}.items_change`]: 3 });
    const bad = runCrossYearChecks([input('p', 'a', grew), input('c', 'a', seed)]);
    const c = scoped(bad, 'XY-ITEMS-2019', 'art20_5.admin_licensing');
    expect([c?.status, c?.expected, c?.actual]).toEqual(['fail', 5, golden('000', `${row}.prev_year_items`)]);
  });

  it('is uncertain when last year printed the change as text', () => {
    const text = withCells(prev, { [`${row}.items_change`]: '增加5' });
    const rs = runCrossYearChecks([input('p', 'a', text), input('c', 'a', seed)]);
    expect(scoped(rs, 'XY-ITEMS-2019', 'art20_5.admin_licensing')?.status).toBe('uncertain');
  });

  it('does not run between a v2019 and a v2021 table 二', () => {
    const v2021: Report = { ...reportFromExpected('210'), meta: { ...reportFromExpected('210').meta, year: 2020 } };
    const rs = runCrossYearChecks([input('p', 'a', prev), input('c', 'a', v2021)]);
    expect(of(rs, 'XY-ITEMS-2019')).toEqual([]);
    expect(of(rs, 'XY-STOCK-2021')).toEqual([]);
  });
});

describe('pairing', () => {
  it('pairs only the same agency and consecutive years, and skips reports without a year', () => {
    expect(runCrossYearChecks([input('210', 'a'), input('211', 'b')])).toEqual([]);
    const r211 = reportFromExpected('211');
    expect(runCrossYearChecks([input('210', 'a'), input('211', 'a', { ...r211, meta: { ...r211.meta, year: 2025 } })])).toEqual([]);
    expect(runCrossYearChecks([input('210', 'a'), input('211', 'a', { ...r211, meta: { ...r211.meta, year: null } })])).toEqual([]);
  });

  it('chains three years: each result lands on its own year', () => {
    const r211 = reportFromExpected('211');
    const third = input('212', 'a', { ...r211, meta: { ...r211.meta, year: 2025 } });
    const ids = new Set(runCrossYearChecks([input('210', 'a'), input('211', 'a'), third]).map((r) => r.reportId));
    expect(ids).toEqual(new Set(['211', '212']));
  });

  it('runs no table rule on a text-only report', () => {
    const r211 = reportFromExpected('211');
    const rs = runCrossYearChecks([input('210', 'a'), input('211', 'a', { ...r211, meta: { ...r211.meta, template: 'text_only' }, cells: [] })]);
    expect(of(rs, 'XY-CARRY')).toEqual([]);
  });
});
