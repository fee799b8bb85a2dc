/**
 * What the page does on every change of the store besides rendering it, in the order it must run:
 * the open view's statements asked ahead first, so the engine starts them while the page does the
 * rest; then the URL, written when the page is next idle (a history entry took 4 ms of a profiled
 * filter change, all of it before the statements were posted; bench/SCALE.md, round 15); then the
 * page's language. React subscribes after all of them, when the app is rendered.
 */
import type { StoreApi } from 'zustand/vanilla';
import { subscribeAhead, type AuditAhead } from '../components/ahead';
import type { AppState } from './store';
import { startUrlSync } from './urlSync';

export interface StoreEffects {
  /** Starts statements ahead of a render (`startAhead` in src/components/engine.ts). */
  readonly start: (sqls: readonly string[]) => void;
  /** The Audit view's first statements (`auditAhead`). */
  readonly audit: AuditAhead;
  readonly win: Window;
}

/** Connects the store to the engine, the URL and the document; returns a function that disconnects it. */
export function connectStore(store: StoreApi<AppState>, { start, audit, win }: StoreEffects): () => void {
  const stopAhead = subscribeAhead(store, start, audit);
  const stopUrl = startUrlSync(store, win);
  const lang = (s: AppState): void => {
    win.document.documentElement.lang = s.ui.lang === 'zh' ? 'zh-CN' : 'en';
  };
  const stopLang = store.subscribe((s, prev) => {
    if (s.ui.lang !== prev.ui.lang) lang(s);
  });
  lang(store.getState());
  return () => {
    stopLang();
    stopUrl();
    stopAhead();
  };
}
