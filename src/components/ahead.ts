/**
 * The open view's statements asked the moment the store changes (the selection, the view or the
 * Compare parameters), before React renders the change: `start` is the engine's `startAhead`. Pure
 * of React and of the engine, so it is tested with a plain store.
 */
import type { StoreApi } from 'zustand';
import { auditStatuses, type FindingStatus } from '../audit/findings';
import { PREFETCH_VIEWS, viewSqls, type PrefetchParams, type PrefetchView } from '../queries/background';
import { queryFilters, type Filters } from '../queries/filters';
import { findMetric } from '../queries/metrics';
import type { AppState } from '../store/store';
import { DEFAULT_PARAMS, type ViewParams } from '../store/ui';

/** The Compare parameters as the Compare view resolves them: an unknown metric in the URL shows the default one. */
export function planParams(p: Pick<ViewParams, 'metric' | 'dimension' | 'order'>): PrefetchParams {
  return { metric: findMetric(p.metric)?.id ?? DEFAULT_PARAMS.metric, dimension: p.dimension, order: p.order };
}

const isPrefetchView = (v: string): v is PrefetchView => (PREFETCH_VIEWS as readonly string[]).includes(v);

/** The Audit view's first statements for a selection, the corpus generation and the statuses it lists (`auditAheadSqls`). */
export type AuditAhead = (f: Filters, generation: number, statuses: readonly FindingStatus[]) => readonly string[];

/**
 * Calls `start` with the open view's statements (`viewSqls`, the very text its cards build) whenever
 * the selection, the view or the Compare parameters change while a corpus is live, and the view is
 * one whose statements depend on those alone. On the Audit view, whose statements also depend on
 * what its audit learnt of the corpus, `audit` gives its first ones for the selection, the corpus
 * generation and the statuses its findings list shows (`auditAheadSqls`). Returns the unsubscribe
 * function.
 */
export function subscribeAhead(store: StoreApi<AppState>, start: (sqls: readonly string[]) => void, audit?: AuditAhead): () => void {
  return store.subscribe((s, prev) => {
    const p = s.ui.params;
    const q = prev.ui.params;
    const changed = s.filters !== prev.filters || s.ui.view !== prev.ui.view || p.metric !== q.metric || p.dimension !== q.dimension || p.order !== q.order;
    if (!changed || s.corpus.status !== 'ready') return;
    const view = s.ui.view;
    if (!isPrefetchView(view) && !(view === 'audit' && audit)) return;
    // As `useFilters` builds it: the same values, so the same SQL text.
    const f = queryFilters(s.filters);
    if (isPrefetchView(view)) start(viewSqls(view, f, planParams(p)));
    else if (audit) start(audit(f, s.corpus.generation, auditStatuses(p.audit.uncertain)));
  });
}
