/**
 * Keeps the store and the browser URL in step: state changes push (or replace) history entries,
 * back/forward restores the state. The only DOM-touching part of the store.
 *
 * The URL is written a moment later, when the page is idle, not inside the change: a history entry
 * took 4 ms of the page's main thread in a profiled view switch and kept the browser process busy
 * while the engine ran the change's statements on the same two cores (bench/SCALE.md, round 15).
 * Changes made before the write become one history entry. Code that reads `location` calls
 * `flushUrl` first.
 */
import type { StoreApi } from 'zustand/vanilla';
import { urlStateOf, type AppState } from './store';
import { formatUrlState, isNavigation, parseUrlState } from './url';

/** The running sync's pending write, if any. */
let flushPending: () => void = () => undefined;

/** Writes the URL now if a write is waiting: call before reading `location` (a copied link, a shared query). */
export function flushUrl(): void {
  flushPending();
}

/**
 * Runs `run` once `after` ms have passed and the window is then idle (within `timeout` ms more);
 * returns a function that cancels it.
 */
function whenIdle(win: Window, run: () => void, after: number, timeout: number): () => void {
  let cancelIdle = (): void => undefined;
  const timer = win.setTimeout(() => {
    if (typeof win.requestIdleCallback === 'function') {
      const id = win.requestIdleCallback(run, { timeout });
      cancelIdle = () => { win.cancelIdleCallback(id); };
    } else {
      run();
    }
  }, after);
  return () => {
    win.clearTimeout(timer);
    cancelIdle();
  };
}

/**
 * How long after a change the URL waits before it is written at the page's next idle moment: a
 * view's first idle moment can come between its render and its charts' first frames, which a
 * history entry then delayed (the filtered Overview in round 15's A/B runs, bench/SCALE.md).
 */
const WRITE_AFTER_MS = 250;
/** Longest wait for an idle moment after that before the URL is written anyway. */
const WRITE_WITHIN_MS = 500;

/** Starts syncing; returns a function that stops it. Reads the initial state from the current URL. */
export function startUrlSync(store: StoreApi<AppState>, win: Window = window): () => void {
  store.getState().applyUrlState(parseUrlState(win.location.search));
  let applying = false;
  // The state the URL shows.
  let last = urlStateOf(store.getState());
  let cancel: (() => void) | null = null;

  const write = (): void => {
    cancel?.();
    cancel = null;
    const next = urlStateOf(store.getState());
    const search = formatUrlState(next);
    if (search !== win.location.search) {
      const url = `${win.location.pathname}${search}${win.location.hash}`;
      if (isNavigation(last, next)) win.history.pushState(null, '', url);
      else win.history.replaceState(null, '', url);
    }
    last = next;
  };
  const pending = (): void => {
    if (cancel !== null) write();
  };
  flushPending = pending;

  const unsubscribe = store.subscribe(() => {
    if (applying || cancel !== null) return;
    cancel = whenIdle(win, write, WRITE_AFTER_MS, WRITE_WITHIN_MS);
  });

  const onPop = (): void => {
    // Back or forward wins over a write still waiting: the state becomes the entry's.
    cancel?.();
    cancel = null;
    applying = true;
    try {
      store.getState().applyUrlState(parseUrlState(win.location.search));
    } finally {
      applying = false;
    }
    last = urlStateOf(store.getState());
  };
  win.addEventListener('popstate', onPop);
  // A page left or reloaded keeps its last state in the URL.
  win.addEventListener('pagehide', pending);
  return () => {
    pending();
    unsubscribe();
    win.removeEventListener('popstate', onPop);
    win.removeEventListener('pagehide', pending);
    if (flushPending === pending) flushPending = () => undefined;
  };
}
