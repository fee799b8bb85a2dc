import { describe, expect, it } from 'vitest';
import { codeLabel, filterSummary } from '../../src/i18n/summary';
import { NO_FILTERS } from '../../src/store/filters';

describe('filter summary (chart subtitles, export notes)', () => {
  it('says "all reports" when nothing is filtered', () => {
    expect(filterSummary(NO_FILTERS, 'zh')).toBe('全部报告');
    expect(filterSummary(NO_FILTERS, 'en')).toBe('All reports');
  });

  it('lists years (ranges when contiguous), region, types, name and template', () => {
    const f = {
      ...NO_FILTERS,
      years: [2021, 2022, 2023],
      province: '江苏省',
      city: '淮安市',
      agencyTypes: ['government', 'department'],
      agencyQuery: ' 财政局 ',
      templates: ['v2021'],
    };
    expect(filterSummary(f, 'zh')).toBe('2021–2023 · 江苏省 淮安市 · 政府、部门 · “财政局” · 2021版');
    expect(filterSummary({ ...f, years: [2019, 2024] }, 'en')).toBe('2019, 2024 · 江苏省 淮安市 · Government, Department · "财政局" · v2021');
  });

  it('unknown codes fall back to the code itself', () => {
    expect(codeLabel('zh', 'type', 'township')).toBe('乡镇街道');
    expect(codeLabel('zh', 'template', 'v2031')).toBe('v2031');
  });
});
