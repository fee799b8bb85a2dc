import { describe, expect, it } from 'vitest';
import { CORPUS_TABLES, HELPER_VIEWS, REPORTS } from '../../src/corpus/schema';
import { complete, completionSchema, tableCompletions } from '../../src/sqlconsole/completion';

describe('completion', () => {
  it('lists every corpus table and helper view with bilingual meanings', () => {
    expect(tableCompletions('zh').map((t) => t.label)).toEqual([...CORPUS_TABLES.map((t) => t.name), ...HELPER_VIEWS]);
    expect(tableCompletions('en').find((t) => t.label === 'checks')?.info).toMatch(/Check results/);
  });

  it('gives every column of every table its type and documented meaning', () => {
    const s = completionSchema('zh');
    for (const t of CORPUS_TABLES) expect(s[t.name]?.map((c) => c.label)).toEqual(t.columns.map((c) => c.name));
    const year = s.reports?.find((c) => c.label === 'year');
    expect(year).toEqual({ label: 'year', type: 'column', detail: 'INTEGER', info: '报告年度' });
  });

  it('v_reports has the reports columns and the wide values, report_id once', () => {
    const v = completionSchema('en').v_reports?.map((c) => c.label) ?? [];
    expect(v.filter((c) => c === 'report_id')).toHaveLength(1);
    expect(v).toEqual(expect.arrayContaining([...REPORTS.columns.map((c) => c.name), 'requests__results__total__total']));
  });

  it('v_findings has every checks column, its report\'s filter columns, and the check\'s own year apart', () => {
    const v = completionSchema('en').v_findings?.map((c) => c.label) ?? [];
    const checks = CORPUS_TABLES.find((t) => t.name === 'checks')?.columns.map((c) => c.name) ?? [];
    expect(checks.length).toBeGreaterThan(5);
    expect(v).toEqual(expect.arrayContaining(checks));
    expect(v).toEqual(expect.arrayContaining(['agency_name', 'province', 'city', 'district', 'agency_type', 'template', 'check_year']));
    expect(new Set(v).size).toBe(v.length);
    expect(completionSchema('zh').v_findings?.find((c) => c.label === 'year')?.info).toBe(REPORTS.columns.find((c) => c.name === 'year')?.zh);
  });

  it('completes a prefix: tables first, columns once; restricted to a table when given', () => {
    const r = complete('re', 'en');
    expect(r[0]).toMatchObject({ label: 'reports', type: 'table' });
    expect(r.map((x) => x.label)).toContain('region_code');
    expect(new Set(r.map((x) => `${x.type}:${x.label}`)).size).toBe(r.length);
    const onlyChecks = complete('mess', 'zh', 'checks');
    expect(onlyChecks.map((x) => x.label)).toEqual(['message_zh', 'message_en']);
  });
});
