import { describe, expect, it } from 'vitest';
import {
  NO_FILTERS,
  isUnfiltered,
  withAgencyTypeToggled,
  withCity,
  withDistrict,
  withProvince,
  withTemplateToggled,
  withYearToggled,
} from '../../src/store/filters';
import { INITIAL_CORPUS, corpusFailed, corpusLoaded, corpusLoading, corpusWarm, type CorpusInfo } from '../../src/store/corpus';
import { INITIAL_UI, withAgencyOpened, withToast, withoutToast } from '../../src/store/ui';
import { createAppStore, urlStateOf } from '../../src/store/store';
import { parseUrlState } from '../../src/store/url';

const SHANGHAI: CorpusInfo = { label: 'default', reports: 144, agencies: 120, years: [2019, 2020], synthetic: false, sources: ['data/'] };

describe('filter reducers', () => {
  it('resets city and district when the province changes, keeps them when it does not', () => {
    const f = withDistrict(withCity(withProvince(NO_FILTERS, '江苏省'), '淮安市'), '洪泽区');
    expect(f).toMatchObject({ province: '江苏省', city: '淮安市', district: '洪泽区' });
    expect(withProvince(f, '江苏省')).toBe(f);
    expect(withProvince(f, '上海市')).toMatchObject({ province: '上海市', city: null, district: null });
    expect(withCity(f, '宿迁市')).toMatchObject({ province: '江苏省', city: '宿迁市', district: null });
  });

  it('toggles years in sorted order and types in the canonical order', () => {
    let f = withYearToggled(NO_FILTERS, 2024);
    f = withYearToggled(f, 2019);
    f = withYearToggled(f, 2021);
    expect(f.years).toEqual([2019, 2021, 2024]);
    expect(withYearToggled(f, 2021).years).toEqual([2019, 2024]);
    const t = withAgencyTypeToggled(withAgencyTypeToggled(NO_FILTERS, 'township'), 'government');
    expect(t.agencyTypes).toEqual(['government', 'township']);
    expect(withTemplateToggled(withTemplateToggled(NO_FILTERS, 'v2021'), 'v2019').templates).toEqual(['v2019', 'v2021']);
  });

  it('knows when nothing is filtered', () => {
    expect(isUnfiltered(NO_FILTERS)).toBe(true);
    expect(isUnfiltered({ ...NO_FILTERS, agencyQuery: '  ' })).toBe(true);
    expect(isUnfiltered(withYearToggled(NO_FILTERS, 2020))).toBe(false);
  });
});

describe('corpus reducers', () => {
  it('a failed load keeps the live corpus and its generation', () => {
    const loaded = corpusLoaded(corpusLoading(INITIAL_CORPUS), SHANGHAI);
    expect(loaded).toMatchObject({ status: 'ready', generation: 1, info: SHANGHAI });
    const replacing = corpusLoading(loaded);
    expect(replacing).toMatchObject({ status: 'ready', replacing: true, info: SHANGHAI });
    const failed = corpusFailed(replacing, { zh: '缺少列 report_id', en: 'missing column report_id', file: 'bad.csv' });
    expect(failed.info).toBe(SHANGHAI);
    expect(failed.status).toBe('ready');
    expect(failed.generation).toBe(1);
    expect(failed.error?.file).toBe('bad.csv');
  });

  it('warm-start answers show the corpus while loading; its load keeps them, any other load re-runs the views', () => {
    const warm = corpusWarm(corpusLoading(INITIAL_CORPUS), SHANGHAI);
    expect(warm).toMatchObject({ status: 'loading', warm: true, info: SHANGHAI, generation: 1, replacing: false });
    // Dropped files while warm are no replacement of a live corpus.
    expect(corpusLoading(warm)).toMatchObject({ status: 'loading', replacing: false });
    expect(corpusLoaded(warm, SHANGHAI, true)).toMatchObject({ status: 'ready', warm: false, generation: 1 });
    expect(corpusLoaded(warm, SHANGHAI)).toMatchObject({ status: 'ready', warm: false, generation: 2 });
    // Not over a live corpus, and never again after one is live.
    const live = corpusLoaded(corpusLoading(INITIAL_CORPUS), SHANGHAI);
    expect(corpusWarm(live, { ...SHANGHAI, reports: 1 })).toBe(live);
    expect(corpusLoaded(live, SHANGHAI, true).generation).toBe(2);
  });

  it('a failed load after warm-start answers leaves no corpus: the answers were not a live one', () => {
    const failed = corpusFailed(corpusWarm(corpusLoading(INITIAL_CORPUS), SHANGHAI), { zh: '无法读取', en: 'unreadable' });
    expect(failed).toMatchObject({ status: 'error', info: null, warm: false, generation: 2 });
  });

  it('a failed first load is an error state with the message', () => {
    const failed = corpusFailed(corpusLoading(INITIAL_CORPUS), { zh: '无法读取', en: 'unreadable' });
    expect(failed.status).toBe('error');
    expect(failed.info).toBeNull();
  });
});

describe('ui reducers', () => {
  it('opening an agency switches to its profile', () => {
    const s = withAgencyOpened(INITIAL_UI, 'a1b2');
    expect(s.view).toBe('agency');
    expect(s.params.agency).toBe('a1b2');
  });

  it('toasts get increasing ids, are capped and can be dismissed', () => {
    let s = INITIAL_UI;
    for (let i = 0; i < 6; i++) s = withToast(s, 'error', { zh: `错误${i}`, en: `error ${i}` });
    expect(s.toasts.map((t) => t.id)).toEqual([3, 4, 5, 6]);
    expect(withoutToast(s, 4).toasts.map((t) => t.id)).toEqual([3, 5, 6]);
  });
});

describe('composed store', () => {
  it('slices work together and the URL state reflects them', () => {
    const store = createAppStore();
    const st = store.getState();
    st.setProvince('江苏省');
    st.setCity('淮安市');
    st.toggleYear(2024);
    st.setParams({ metric: 'disclosure_rate', dimension: 'agency', chart: 'heatmap' });
    st.setView('compare');
    st.markCorpusLoaded(SHANGHAI);
    const u = urlStateOf(store.getState());
    expect(u).toMatchObject({ view: 'compare', filters: { province: '江苏省', city: '淮安市', years: [2024] } });
    expect(store.getState().corpus.generation).toBe(1);
  });

  it('applyUrlState replaces filters, view and params in one update', () => {
    const store = createAppStore();
    let updates = 0;
    store.subscribe(() => { updates++; });
    store.getState().applyUrlState(parseUrlState('?view=requests&share=1&years=2020&lang=en'));
    expect(updates).toBe(1);
    const s = store.getState();
    expect(s.ui.view).toBe('requests');
    expect(s.ui.lang).toBe('en');
    expect(s.ui.params.share).toBe(true);
    expect(s.filters.years).toEqual([2020]);
  });
});
