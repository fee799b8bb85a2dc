import { describe, expect, it } from 'vitest';
import { zh } from '../../src/i18n/zh';
import { en } from '../../src/i18n/en';
import { bilingual, translate } from '../../src/i18n';

describe('i18n', () => {
  it('both dictionaries have the same keys and no empty strings', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [k, v] of [...Object.entries(zh), ...Object.entries(en)]) expect(v.trim(), k).not.toBe('');
  });

  it('placeholders match between languages', () => {
    const ph = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) expect(ph(en[k]), k).toEqual(ph(zh[k]));
  });

  it('Chinese is the default title and placeholders are filled', () => {
    expect(translate('zh', 'app.title')).toBe('政府信息公开年报分析台');
    expect(translate('zh', 'corpus.indicator', { label: '内置', reports: 144, agencies: 120, years: '2011–2025' })).toBe(
      '内置：144 份报告 · 120 个机构 · 2011–2025',
    );
    expect(translate('en', 'agency.notFound', {})).toContain('{id}');
    expect(bilingual('link.copied')).toEqual({ zh: '链接已复制', en: 'Link copied' });
  });

  it('the Chinese UI strings are Chinese (at least one CJK character each, except codes and symbols)', () => {
    const exempt = new Set(['lang.switch', 'export.png', 'export.svg', 'export.csv', 'export.xlsx', 'export.parquet', 'value.dash', 'value.na', 'template.v2019', 'template.v2021']);
    for (const [k, v] of Object.entries(zh)) if (!exempt.has(k)) expect(/[\u4e00-\u9fff]/.test(v), k).toBe(true);
  });
});
