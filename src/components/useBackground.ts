/**
 * React side of the background plan: whenever the live corpus, the open view, the selection or the
 * Compare parameters change, the plan for the new state replaces the old one (src/queries/background.ts;
 * it starts once the view's own queries have settled, see `runInBackground`).
 */
import { useEffect } from 'react';
import { backgroundPlan } from '../queries/background';
import { useApp } from '../store/store';
import { useFilters } from '../views/common';
import { planParams } from './ahead';
import { runInBackground, stopBackground } from './engine';

export function useBackgroundPlan(): void {
  const ready = useApp((s) => s.corpus.status === 'ready');
  const generation = useApp((s) => s.corpus.generation);
  const view = useApp((s) => s.ui.view);
  // The very object the views build their SQL from (same shape, same text).
  const f = useFilters();
  const metric = useApp((s) => s.ui.params.metric);
  const dimension = useApp((s) => s.ui.params.dimension);
  const order = useApp((s) => s.ui.params.order);

  useEffect(() => {
    if (!ready) return undefined;
    const params = planParams({ metric, dimension, order });
    runInBackground(() => backgroundPlan(view, f, params), generation, { filters: f, params });
    return stopBackground;
  }, [ready, generation, view, f, metric, dimension, order]);
}
