/**
 * `connectStore`: on a change the open view's statements are asked before the URL is written (a
 * history entry is slow enough to delay them), the URL follows the state and the page's language
 * the chosen one, and disconnecting stops all three. A window of plain objects records the order.
 */
import { describe, expect, it } from 'vitest';
import { viewSqls } from '../../src/queries/background';
import { EMPTY_FILTERS } from '../../src/queries/filters';
import { connectStore } from '../../src/store/connect';
import { createAppStore } from '../../src/store/store';
import { DEFAULT_PARAMS } from '../../src/store/ui';

const INFO = { label: 'default', reports: 144, agencies: 120, years: [2019, 2020], synthetic: false, sources: ['data/'] };

/** A window with what the connection touches, writing what happens into `log`. */
function fakeWindow(log: string[]) {
  const location = { pathname: '/', search: '', hash: '' };
  const write = (kind: string) => (_: unknown, __: string, url: string): void => {
    log.push(`${kind} ${url}`);
    location.search = url.slice(location.pathname.length);
  };
  const listeners = new Set<string>();
  return {
    location,
    history: { pushState: write('push'), replaceState: write('replace') },
    document: { documentElement: { lang: '' } },
    addEventListener: (type: string) => { listeners.add(type); },
    removeEventListener: (type: string) => { listeners.delete(type); },
    listeners,
  };
}

describe('connectStore', () => {
  it('asks the statements ahead before it writes the URL, follows the language, and stops when disconnected', () => {
    const log: string[] = [];
    const win = fakeWindow(log);
    const store = createAppStore();
    const stop = connectStore(store, {
      start: (sqls) => { log.push(`ahead ${String(sqls.length)}`); },
      audit: () => ['SELECT 1'],
      win: win as unknown as Window,
    });
    expect(win.document.documentElement.lang).toBe('zh-CN');
    expect(win.listeners.has('popstate')).toBe(true);
    store.getState().markCorpusLoading();
    store.getState().markCorpusLoaded(INFO);
    log.length = 0;

    store.getState().setProvince('上海市');
    const sqls = viewSqls('overview', { ...EMPTY_FILTERS, province: '上海市' }, { metric: DEFAULT_PARAMS.metric, dimension: DEFAULT_PARAMS.dimension, order: DEFAULT_PARAMS.order });
    expect(log).toHaveLength(2);
    expect(log[0]).toBe(`ahead ${String(sqls.length)}`);
    expect(log[1]).toMatch(/^(push|replace) \/\?.*province=/);
    expect(win.location.search).toContain('province=');

    store.getState().setView('audit');
    expect(log.slice(2)).toEqual(['ahead 1', expect.stringMatching(/^push \/\?.*view=audit/) as unknown]);

    store.getState().setLang('en');
    expect(win.document.documentElement.lang).toBe('en');

    stop();
    const before = log.length;
    store.getState().setProvince('江苏省');
    store.getState().setLang('zh');
    expect(log.length).toBe(before);
    expect(win.document.documentElement.lang).toBe('en');
    expect(win.listeners.has('popstate')).toBe(false);
  });
});
