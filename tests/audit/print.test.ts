import { describe, expect, it } from 'vitest';
import { findRule, ruleCatalogue, ruleTitle, type Finding } from '../../src/audit/findings';
import { agencySheetHtml } from '../../src/audit/print';
import type { AgencySheet } from '../../src/audit/run';
import { SCORE_FORMULA } from '../../src/audit/score';

const f: Finding = {
  source: 'check', reportId: '203', agencyId: 'h', agencyName: '淮安市洪泽区人民政府', province: '江苏省', city: '淮安市', district: '洪泽区',
  agencyType: 'government', year: 2023, ruleId: 'T4-SUM', severity: 'error', status: 'fail', scope: 'admin_review',
  message: { zh: '行政复议总计应为11，实为0', en: 'Administrative review total should be 11, is 0' }, expected: 11, actual: 0,
  keys: ['review_litigation.admin_review.total'],
};
const sheet: AgencySheet = {
  agency: { agencyId: 'h', agencyName: '淮安市洪泽区人民政府', score: 90, rank: 3, deductions: [{ category: 'error', count: 1, points: 10 }] },
  scoreLine: '100 − 1×10 = 90',
  findingsByYear: [{ year: 2023, findings: [f] }],
  coverage: [{ year: 2023, status: 'present', reportId: '203' }, { year: 2024, status: 'missing', reportId: null }],
};

describe('agencySheetHtml', () => {
  it('prints the agency, score, coverage, findings and formula in the chosen language', () => {
    const zh = agencySheetHtml(sheet, { lang: 'zh', date: '2026-11-26', region: '江苏省 淮安市 洪泽区' });
    expect(zh).toMatch(/^<!doctype html>/);
    expect(zh).toContain('<h1>政府信息公开年报审查单：淮安市洪泽区人民政府</h1>');
    expect(zh).toContain('100 − 1×10 = 90');
    expect(zh).toContain('复议诉讼合计');
    expect(zh).toContain('行政复议总计应为11，实为0');
    expect(zh).toContain('<td>缺失</td>');
    expect(zh).toContain(SCORE_FORMULA.zh);
    expect(zh).toContain('@page { size: A4 portrait');
    expect(zh).not.toContain('<script');
    const en = agencySheetHtml(sheet, { lang: 'en', date: '2026-11-26' });
    expect(en).toContain('Review and litigation totals');
    expect(en).toContain('<td>missing</td>');
  });

  it('escapes corpus strings', () => {
    const evil = { ...sheet, agency: sheet.agency ? { ...sheet.agency, agencyName: '<img src=x onerror=alert(1)>' } : undefined, findingsByYear: [{ year: 2023, findings: [{ ...f, message: { zh: '<script>x</script>', en: '' } }] }] };
    const html = agencySheetHtml(evil, { lang: 'zh', date: '2026-11-26' });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('says so when there is nothing to report', () => {
    expect(agencySheetHtml({ ...sheet, findingsByYear: [] }, { lang: 'en', date: 'd' })).toContain('No findings.');
  });
});

describe('rule catalogue', () => {
  it('knows the check rules and the audit rules, each with bilingual title and definition, ids unique', () => {
    const ids = ruleCatalogue().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['T4-SUM', 'XY-CARRY', 'TIMELINESS', 'COPY-TEXT', 'COPY-TABLES', 'COVERAGE-MISSING', 'COVERAGE-NO-TABLES']));
    for (const r of ruleCatalogue()) expect(r.definition.zh.length * r.definition.en.length).toBeGreaterThan(0);
    expect(findRule('NO-SUCH-RULE')).toBeUndefined();
    expect(ruleTitle('NO-SUCH-RULE', 'zh')).toBe('NO-SUCH-RULE');
  });
});
