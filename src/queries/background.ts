/**
 * What the app asks the engine ahead of time, while the user reads the screen: the statements of
 * the dashboard views for the current selection, so switching views is answered from the cache,
 * and so the engine has run each kind of statement once over the whole corpus before the user
 * narrows it.
 *
 * Why: in DuckDB-WASM the first run of a statement shape over a corpus costs 4–10× its later runs
 * (the wasm code tiers up and the hot file's blocks are loaded on first use; bench/SCALE.md, round
 * 5): at 105k reports the first province filter took 1.1 s of engine time, 0.2 s after these
 * statements had run once. Pure: the engine side is `runInBackground` in src/components/engine.ts.
 */
import { agencyPickerSql } from './agency';
import { compareRankedSql, COMPARE_CAPS, type CompareDimension, type RankOrder } from './compare';
import { disclosureSql } from './disclosure';
import type { Filters } from './filters';
import { findMetric } from './metrics';
import { overviewSqls, trendByYearSql } from './overview';
import { applicantMixSql, carryOverSql, requestOutcomesSql } from './requests';
import { reviewOutcomesSql, REVIEW_RATES } from './review';

/**
 * The views whose statements depend only on the selection and the view parameters (the Agency
 * view's: its picker; an agency's own statements follow the user's choice).
 */
export const PREFETCH_VIEWS = ['overview', 'compare', 'requests', 'review', 'disclosure', 'agency'] as const;
export type PrefetchView = (typeof PREFETCH_VIEWS)[number];

/** The view parameters the statements depend on (the Compare view's metric, dimension and order). */
export interface PrefetchParams {
  /** The metric Compare shows: an id of the catalogue (an unknown id plans no Compare statement). */
  readonly metric: string;
  readonly dimension: CompareDimension;
  readonly order: RankOrder;
}

/**
 * Every statement `view` runs when it opens on `f`, in the order its cards ask: the very builder
 * calls of the view, so the SQL text (the cache key) is the same. An e2e test switches views after
 * the prefetch and checks that no statement is left to run.
 */
export function viewSqls(view: PrefetchView, f: Filters, p: PrefetchParams): string[] {
  switch (view) {
    case 'overview':
      return overviewSqls(f);
    case 'compare':
      return findMetric(p.metric) ? [compareRankedSql(p.metric, p.dimension, f, { limit: COMPARE_CAPS.table, order: p.order })] : [];
    case 'requests':
      return [carryOverSql(f), requestOutcomesSql(f, 'year'), applicantMixSql(f)];
    case 'review':
      return [reviewOutcomesSql(f), trendByYearSql(REVIEW_RATES, f)];
    case 'disclosure':
      return [disclosureSql(f)];
    case 'agency':
      return [agencyPickerSql(f)];
  }
}

/**
 * The background plan for the selection `f` with `current` open: the open view's statements first
 * (a no-op for those already answered by the engine; those answered from a warm-start file run
 * once, to warm the engine), then the other views' in the navigation order. Duplicates are dropped.
 */
export function backgroundPlan(current: string, f: Filters, p: PrefetchParams): string[] {
  const views = [...PREFETCH_VIEWS].sort((a, b) => Number(b === current) - Number(a === current));
  return [...new Set(views.flatMap((v) => viewSqls(v, f, p)))];
}
