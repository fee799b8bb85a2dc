import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/format/escape';
import { formatDate, formatExact, formatNumber, formatRate, formatValue, formatValueExact, formatYuan } from '../../src/format/number';

describe('formatNumber', () => {
  it('uses 万 and 亿 in Chinese from 10,000 up, plain with separators below', () => {
    expect(formatNumber(12_345, 'zh')).toBe('1.23万');
    expect(formatNumber(123_456_789, 'zh')).toBe('1.23亿');
    // 淮安市 2024 行政处罚 decisions (092): 3,985,758
    expect(formatNumber(3_985_758, 'zh')).toBe('399万');
    expect(formatNumber(9_999, 'zh')).toBe('9,999');
    expect(formatNumber(859, 'zh')).toBe('859');
    expect(formatNumber(0, 'zh')).toBe('0');
    expect(formatNumber(-3, 'zh')).toBe('-3');
    expect(formatNumber(-45_000, 'zh')).toBe('-4.5万');
  });

  it('moves to the next unit when rounding reaches it', () => {
    expect(formatNumber(99_995_000, 'zh')).toBe('1亿');
    expect(formatNumber(999_950, 'en')).toBe('1M');
  });

  it('uses k / M / bn in English', () => {
    expect(formatNumber(12_345, 'en')).toBe('12.3k');
    expect(formatNumber(123_456_789, 'en')).toBe('123M');
    expect(formatNumber(2_500_000_000, 'en')).toBe('2.5bn');
    expect(formatNumber(9_999, 'en')).toBe('9,999');
  });

  it('gives "—" for null, undefined and non-finite values, never 0', () => {
    for (const v of [null, undefined, NaN, Infinity]) {
      expect(formatNumber(v, 'zh')).toBe('—');
      expect(formatYuan(v, 'en')).toBe('—');
      expect(formatRate(v, 'zh')).toBe('—');
      expect(formatExact(v, 'zh')).toBe('—');
    }
  });

  it('formats exact values with separators', () => {
    expect(formatExact(3_985_758, 'zh')).toBe('3,985,758');
    expect(formatExact(96_171.6, 'en')).toBe('96,171.6');
    expect(formatValueExact(3_985_758, 'count', 'zh')).toBe('3,985,758');
  });
});

describe('formatYuan', () => {
  it('shows money in 元, 万元 and 亿元', () => {
    // 001 上海市政府办公厅 2019 procurement: 251000元
    expect(formatYuan(251_000, 'zh')).toBe('25.1万元');
    // 092 淮安市 2024 fees: 96171.6 万元
    expect(formatYuan(96_171.6 * 10_000, 'zh')).toBe('9.62亿元');
    expect(formatYuan(4_360_000, 'zh')).toBe('436万元');
    expect(formatYuan(9_500, 'zh')).toBe('9,500元');
  });

  it('shows CNY with k / M / bn in English', () => {
    expect(formatYuan(251_000, 'en')).toBe('CNY 251k');
    expect(formatYuan(961_716_000, 'en')).toBe('CNY 962M');
    expect(formatYuan(9_500, 'en')).toBe('CNY 9,500');
  });
});

describe('formatRate and formatValue', () => {
  it('shows fractions as percent with one decimal', () => {
    // 092: (1362 + 454) / 3050
    expect(formatRate((1362 + 454) / 3050, 'zh')).toBe('59.5%');
    expect(formatRate(0, 'en')).toBe('0.0%');
    expect(formatRate(1, 'en')).toBe('100.0%');
  });

  it('dispatches on the metric format', () => {
    expect(formatValue(0.25, 'rate', 'zh')).toBe('25.0%');
    expect(formatValue(251_000, 'yuan', 'zh')).toBe('25.1万元');
    expect(formatValue(12_345, 'count', 'en')).toBe('12.3k');
    expect(formatValue(null, 'rate', 'en')).toBe('—');
  });
});

describe('formatDate', () => {
  it('writes dates the way each language expects', () => {
    expect(formatDate('2025-01-31', 'zh')).toBe('2025年1月31日');
    expect(formatDate('2025-01-31', 'en')).toBe('31 Jan 2025');
    expect(formatDate('2024-12', 'zh')).toBe('2024年12月');
    expect(formatDate('2024', 'en')).toBe('2024');
  });

  it('gives "—" for missing and returns what it cannot read unchanged', () => {
    expect(formatDate(null, 'zh')).toBe('—');
    expect(formatDate(undefined, 'en')).toBe('—');
    expect(formatDate('', 'en')).toBe('—');
    expect(formatDate('2023-02-30', 'zh')).toBe('2023-02-30');
    expect(formatDate('二〇二四年', 'zh')).toBe('二〇二四年');
  });
});

describe('escapeHtml', () => {
  it('makes markup inert', () => {
    expect(escapeHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(`"a" & 'b' \``)).toBe('&quot;a&quot; &amp; &#39;b&#39; &#96;');
    expect(escapeHtml('淮安市人民政府')).toBe('淮安市人民政府');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('formatNumber beyond the largest unit', () => {
  it('groups the digits instead of inventing a unit', () => {
    expect(formatNumber(1.2e12, 'zh')).toBe('12,000亿');
    expect(formatNumber(1.2e13, 'en')).toBe('12,000bn');
  });
});
