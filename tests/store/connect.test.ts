/**
 * `connectStore`: on a change the open view's statements are asked at once and the URL is written
 * when the page is next idle (a history entry is slow enough to delay them), changes made before it
 * in one history entry; back or forward wins over a waiting write; `flushUrl` writes it for code
 * that reads the location; the page's language follows the chosen one; disconnecting stops all
 * three. A window of plain objects records the order and runs its idle callbacks when told.
 */
import { describe, expect, it } from 'vitest';
import { viewSqls } from '../../src/queries/background';
import { EMPTY_FILTERS } from '../../src/queries/filters';
import { connectStore } from '../../src/store/connect';
import { flushUrl } from '../../src/store/urlSync';
import { createAppStore } from '../../src/store/store';
import { DEFAULT_PARAMS } from '../../src/store/ui';

const INFO = { label: 'default', reports: 144, agencies: 120, years: [2019, 2020], synthetic: false, sources: ['data/'] };

/** A window with what the connection touches, writing what happens into `log`; `idle()` runs its timers and idle callbacks. */
function fakeWindow(log: string[]) {
  const location = { pathname: '/', search: '', hash: '' };
  const write = (kind: string) => (_: unknown, __: string, url: string): void => {
    log.push(`${kind} ${url}`);
    location.search = url.slice(location.pathname.length);
  };
  const listeners = new Map<string, () => void>();
  const waiting = new Map<number, () => void>();
  const timers = new Map<number, () => void>();
  let next = 0;
  return {
    location,
    history: { pushState: write('push'), replaceState: write('replace') },
    document: { documentElement: { lang: '' } },
    addEventListener: (type: string, f: () => void) => { listeners.set(type, f); },
    removeEventListener: (type: string) => { listeners.delete(type); },
    setTimeout: (f: () => void) => { timers.set(++next, f); return next; },
    clearTimeout: (id: number) => { timers.delete(id); },
    requestIdleCallback: (f: () => void) => { waiting.set(++next, f); return next; },
    cancelIdleCallback: (id: number) => { waiting.delete(id); },
    /** Runs the timers and idle callbacks, and those they ask for, until none is left. */
    idle: () => {
      for (let fs = [...timers.values(), ...waiting.values()]; fs.length > 0; fs = [...timers.values(), ...waiting.values()]) {
        timers.clear();
        waiting.clear();
        for (const f of fs) f();
      }
    },
    /** Timers and idle callbacks waiting. */
    waitingCount: () => timers.size + waiting.size,
    /** Back or forward to `search`, as the browser does it: the location first, then the event. */
    pop: (search: string) => { location.search = search; listeners.get('popstate')?.(); },
    listeners,
  };
}

describe('connectStore', () => {
  it('asks the statements ahead at once, writes the URL when the page is idle, follows the language, and stops when disconnected', () => {
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
    win.idle();
    log.length = 0;

    store.getState().setProvince('上海市');
    const sqls = viewSqls('overview', { ...EMPTY_FILTERS, province: '上海市' }, { metric: DEFAULT_PARAMS.metric, dimension: DEFAULT_PARAMS.dimension, order: DEFAULT_PARAMS.order });
    // The statements now, the URL not yet (a timer, then the page's next idle moment).
    expect(log).toEqual([`ahead ${String(sqls.length)}`]);
    expect(win.waitingCount()).toBe(1);
    win.idle();
    expect(log).toHaveLength(2);
    expect(log[1]).toMatch(/^(push|replace) \/\?.*province=/);
    expect(win.location.search).toContain('province=');

    // Two changes before the page is idle: one history entry with both.
    store.getState().setView('audit');
    store.getState().toggleYear(2020);
    expect(win.waitingCount()).toBe(1);
    win.idle();
    expect(log.slice(2)).toEqual(['ahead 1', 'ahead 1', expect.stringMatching(/^push \/\?.*view=audit.*years=2020|^push \/\?.*years=2020.*view=audit/) as unknown]);

    // A write still waiting is made when the location is to be read.
    store.getState().setProvince('江苏省');
    flushUrl();
    expect(win.location.search).toContain(encodeURIComponent('江苏省'));
    expect(win.waitingCount()).toBe(0);

    // Back wins over a write still waiting: the state becomes the entry's, and nothing is written.
    const before = log.length;
    store.getState().setProvince('浙江省');
    win.pop('?province=%E4%B8%8A%E6%B5%B7%E5%B8%82');
    win.idle();
    expect(store.getState().filters.province).toBe('上海市');
    expect(log.slice(before).filter((x) => !x.startsWith('ahead'))).toEqual([]);

    // A page left keeps its last state in the URL.
    store.getState().setProvince('浙江省');
    win.listeners.get('pagehide')?.();
    expect(win.location.search).toContain(encodeURIComponent('浙江省'));

    store.getState().setLang('en');
    expect(win.document.documentElement.lang).toBe('en');
    win.idle();

    stop();
    const after = log.length;
    store.getState().setProvince('江苏省');
    store.getState().setLang('zh');
    win.idle();
    expect(log.length).toBe(after);
    expect(win.document.documentElement.lang).toBe('en');
    expect(win.listeners.has('popstate')).toBe(false);
    expect(win.listeners.has('pagehide')).toBe(false);
  });
});
