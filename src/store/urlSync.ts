/**
 * Keeps the store and the browser URL in step: state changes push (or replace) history entries,
 * back/forward restores the state. The only DOM-touching part of the store.
 */
import type { StoreApi } from 'zustand/vanilla';
import { urlStateOf, type AppState } from './store';
import { formatUrlState, isNavigation, parseUrlState } from './url';

/** Starts syncing; returns a function that stops it. Reads the initial state from the current URL. */
export function startUrlSync(store: StoreApi<AppState>, win: Window = window): () => void {
  store.getState().applyUrlState(parseUrlState(win.location.search));
  let applying = false;
  let last = urlStateOf(store.getState());

  const unsubscribe = store.subscribe((s) => {
    if (applying) return;
    const next = urlStateOf(s);
    const search = formatUrlState(next);
    if (search === win.location.search) {
      last = next;
      return;
    }
    const url = `${win.location.pathname}${search}${win.location.hash}`;
    if (isNavigation(last, next)) win.history.pushState(null, '', url);
    else win.history.replaceState(null, '', url);
    last = next;
  });

  const onPop = (): void => {
    applying = true;
    try {
      store.getState().applyUrlState(parseUrlState(win.location.search));
    } finally {
      applying = false;
    }
    last = urlStateOf(store.getState());
  };
  win.addEventListener('popstate', onPop);
  return () => {
    unsubscribe();
    win.removeEventListener('popstate', onPop);
  };
}
