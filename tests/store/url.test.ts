import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_URL_STATE, formatUrlState, isNavigation, parseUrlState, type UrlState } from '../../src/store/url';
import { AUDIT_GROUPS, AUDIT_SEVERITIES, AUDIT_SOURCES, COMPARE_CHARTS, RANK_ORDERS, DIMENSIONS, VIEWS } from '../../src/store/ui';

describe('URL state', () => {
  it('defaults give an empty query string and parse back to defaults', () => {
    expect(formatUrlState(DEFAULT_URL_STATE)).toBe('');
    expect(parseUrlState('')).toEqual(DEFAULT_URL_STATE);
  });

  it('round-trips a full state, Chinese names and quotes included', () => {
    const s: UrlState = {
      view: 'compare',
      lang: 'en',
      filters: {
        years: [2019, 2020],
        province: '江苏省',
        city: '淮安市',
        district: '洪泽区',
        agencyTypes: ['government', 'department'],
        agencyQuery: "财政局 & 'x'",
        templates: ['v2019'],
      },
      params: {
        metric: 'disclosure_rate', dimension: 'agency_type', chart: 'heatmap', order: 'asc', share: true, agency: 'ag-123',
        audit: { rule: 'T3-BAL', severity: 'error', source: 'check', agencyType: 'department', groupBy: 'city', uncertain: true },
      },
    };
    const q = formatUrlState(s);
    expect(q).toContain('view=compare');
    expect(q).toContain('order=asc');
    expect(parseUrlState(q)).toEqual(s);
  });

  it('invalid values fall back to defaults instead of failing', () => {
    const s = parseUrlState('?view=admin&lang=fr&years=abc,2019,1800&dim=planet&chart=pie&order=sideways&metric=DROP%20TABLE&share=yes&arule=1;DROP&asev=fatal&asrc=x&atype=Robert%27)&agroup=mood&aunc=2');
    expect(s.view).toBe('overview');
    expect(s.lang).toBe('zh');
    expect(s.filters.years).toEqual([2019]);
    expect(s.params).toEqual(DEFAULT_URL_STATE.params);
  });

  it('a city without a province is dropped (the cascade cannot produce it)', () => {
    expect(parseUrlState('?city=淮安市&district=洪泽区').filters).toMatchObject({ province: null, city: null, district: null });
  });

  it('typing in the agency search is not a navigation; changing view or filters is', () => {
    const a = DEFAULT_URL_STATE;
    expect(isNavigation(a, { ...a, filters: { ...a.filters, agencyQuery: '财政' } })).toBe(false);
    expect(isNavigation(a, { ...a, view: 'review' })).toBe(true);
    expect(isNavigation(a, { ...a, filters: { ...a.filters, years: [2021] } })).toBe(true);
  });

  it('round-trips arbitrary valid states (property)', () => {
    const name = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && !s.includes(','));
    const state = fc.record({
      view: fc.constantFrom(...VIEWS),
      lang: fc.constantFrom('zh' as const, 'en' as const),
      filters: fc.record({
        years: fc.uniqueArray(fc.integer({ min: 2000, max: 2030 }), { maxLength: 4 }).map((ys) => ys.sort((a, b) => a - b)),
        province: fc.option(name, { nil: null }),
        city: fc.constant(null),
        district: fc.constant(null),
        agencyTypes: fc.subarray(['government', 'department', 'township', 'other']),
        agencyQuery: fc.string({ maxLength: 20 }),
        templates: fc.subarray(['mixed', 'v2019', 'v2021']),
      }),
      params: fc.record({
        metric: fc.stringMatching(/^[a-z0-9_]{1,20}$/),
        dimension: fc.constantFrom(...DIMENSIONS),
        chart: fc.constantFrom(...COMPARE_CHARTS),
        order: fc.constantFrom(...RANK_ORDERS),
        share: fc.boolean(),
        agency: fc.option(name, { nil: null }),
        audit: fc.record({
          rule: fc.constantFrom('', 'T3-BAL', 'XY-CARRY', 'COVERAGE-MISSING', 'COPY-NARRATIVE'),
          severity: fc.constantFrom(...(['', ...AUDIT_SEVERITIES] as const)),
          source: fc.constantFrom(...(['', ...AUDIT_SOURCES] as const)),
          agencyType: fc.constantFrom('', 'government', 'department', 'township', 'other'),
          groupBy: fc.constantFrom(...AUDIT_GROUPS),
          uncertain: fc.boolean(),
        }),
      }),
    });
    fc.assert(fc.property(state, (s) => { expect(parseUrlState(formatUrlState(s))).toEqual(s); }));
  });
});
