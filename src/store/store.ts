/** The app store: four slices composed into one zustand store, plus the URL link. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { createCorpusSlice, type CorpusSlice } from './corpus';
import { createFiltersSlice, type FiltersSlice } from './filters';
import { createImportsSlice, type ImportsSlice } from './imports';
import { createUiSlice, type UiSlice } from './ui';
import type { UrlState } from './url';

export type AppState = FiltersSlice & CorpusSlice & UiSlice & ImportsSlice & {
  /** Applies a state read from the URL (initial load, back/forward) in one update. */
  applyUrlState: (u: UrlState) => void;
};

/** A fresh store; the app uses one, tests make their own. */
export function createAppStore(): StoreApi<AppState> {
  return createStore<AppState>()((...a) => ({
    ...createFiltersSlice(...a),
    ...createCorpusSlice(...a),
    ...createUiSlice(...a),
    ...createImportsSlice(...a),
    applyUrlState: (u) => {
      a[0]((s) => ({ filters: u.filters, ui: { ...s.ui, view: u.view, lang: u.lang, params: u.params } }));
    },
  }));
}

/** The state that the URL carries. */
export function urlStateOf(s: AppState): UrlState {
  return { view: s.ui.view, lang: s.ui.lang, filters: s.filters, params: s.ui.params };
}

export const appStore: StoreApi<AppState> = createAppStore();

/** React hook over the app store; select raw state and derive with useMemo. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
