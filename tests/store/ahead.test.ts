/**
 * The statements asked ahead of a render (`subscribeAhead`): on each change of the selection, the
 * view or the Compare parameters, exactly the open view's statements, built as its cards build
 * them (`viewSqls`), and nothing while no corpus is live, for views without such statements, or for
 * changes that do not touch what the statements read.
 */
import { describe, expect, it } from 'vitest';
import { auditAheadSqls } from '../../src/audit/run';
import { subscribeAhead } from '../../src/components/ahead';
import { viewSqls } from '../../src/queries/background';
import { EMPTY_FILTERS } from '../../src/queries/filters';
import { createAppStore } from '../../src/store/store';
import { DEFAULT_PARAMS } from '../../src/store/ui';

const INFO = { label: 'default', reports: 144, agencies: 120, years: [2019, 2020], synthetic: false, sources: ['data/'] };

describe('subscribeAhead', () => {
  it('asks for the open view\'s statements on each change that alters them, and for nothing else', () => {
    const store = createAppStore();
    const asked: (readonly string[])[] = [];
    const stop = subscribeAhead(store, (sqls) => { asked.push(sqls); });
    const params = { metric: DEFAULT_PARAMS.metric, dimension: DEFAULT_PARAMS.dimension, order: DEFAULT_PARAMS.order };

    // No live corpus yet: nothing.
    store.getState().setProvince('江苏省');
    expect(asked).toEqual([]);
    store.getState().markCorpusLoading();
    store.getState().markCorpusLoaded(INFO);
    asked.length = 0;

    store.getState().setProvince('上海市');
    expect(asked).toEqual([viewSqls('overview', { ...EMPTY_FILTERS, province: '上海市' }, params)]);
    expect(asked[0]?.length).toBeGreaterThan(3);

    store.getState().toggleYear(2020);
    expect(asked[1]).toEqual(viewSqls('overview', { ...EMPTY_FILTERS, province: '上海市', years: [2020] }, params));

    store.getState().setView('compare');
    expect(asked[2]).toEqual(viewSqls('compare', { ...EMPTY_FILTERS, province: '上海市', years: [2020] }, params));
    store.getState().setParams({ dimension: 'agency' });
    expect(asked[3]).toEqual(viewSqls('compare', { ...EMPTY_FILTERS, province: '上海市', years: [2020] }, { ...params, dimension: 'agency' }));
    // An unknown metric (a hand-edited URL) plans the default one, as the view shows it.
    store.getState().setParams({ metric: 'no-such-metric' });
    expect(asked[4]).toEqual(asked[3]);

    // What the statements do not read, and views whose statements are not the selection's alone.
    const before = asked.length;
    store.getState().setLang('en');
    store.getState().setView('audit');
    store.getState().setProvince('江苏省');
    store.getState().setView('sql');
    expect(asked.length).toBe(before);

    stop();
    store.getState().setView('overview');
    expect(asked.length).toBe(before);
  });

  it('on the Audit view asks for the audit\'s first statements, as the corpus it knows makes them', () => {
    const store = createAppStore();
    const asked: (readonly string[])[] = [];
    const generations: number[] = [];
    const knows = { narratives: 'stored' as const, regional: true };
    const stop = subscribeAhead(store, (sqls) => { asked.push(sqls); }, (f, generation, statuses) => { generations.push(generation); return auditAheadSqls(f, knows, undefined, statuses); });
    store.getState().markCorpusLoading();
    store.getState().markCorpusLoaded(INFO);
    store.getState().setView('audit');
    const f = { ...EMPTY_FILTERS, province: '江苏省' };
    store.getState().setProvince('江苏省');
    expect(asked.at(-1)).toEqual(auditAheadSqls(f, knows));
    expect(asked.at(-1)).toHaveLength(3);
    expect(generations.at(-1)).toBe(store.getState().corpus.generation);
    // With the undecided findings listed, the next change asks for them too, as the view will.
    store.getState().setParams({ audit: { ...store.getState().ui.params.audit, uncertain: true } });
    store.getState().setProvince('浙江省');
    expect(asked.at(-1)).toEqual(auditAheadSqls({ ...EMPTY_FILTERS, province: '浙江省' }, knows, undefined, ['fail', 'uncertain']));
    expect(asked.at(-1)?.[2]).toContain("'uncertain'");
    store.getState().setProvince('江苏省');
    // Not on other views' changes that leave the audit's selection alone, nor after unsubscribing.
    const before = asked.length;
    store.getState().setLang('en');
    stop();
    store.getState().setProvince('上海市');
    expect(asked.length).toBe(before);
    // What a cache that knows nothing of the corpus gives: the count alone.
    expect(auditAheadSqls(f, {})).toHaveLength(1);
  });
});
