/**
 * The views the user has not opened yet, rendered once out of sight while they read the first
 * screen, so the first visit to each runs code the browser has already compiled.
 *
 * Why: a view opened for the second time in a session comes up much faster than the first time,
 * with the same answers from the cache: at 105k reports the Requests view 127 → 78 ms, Compare
 * 96 → 79, the SQL console 78 → 58 (medians of the benchmark's first pass against its later ones,
 * bench/SCALE.md round 13). The difference is the page's own code (React's, ECharts', the views'),
 * compiled on first use. The engine's warm-up (src/corpus/warmup.ts) does the same for DuckDB.
 *
 * How: each view is rendered in turn into a closed shadow root of a hidden element, with answers
 * the background plan has cached (the user's selection; for the Audit view the province the
 * engine's warm-up audited; the Overview is also changed to the province whose Overview that
 * warm-up ran, so a filter's chart updates are compiled too); its charts are created and drawn,
 * then it is removed. Inside, `useWarmingUp()` is true: queries run as background ones (they yield to the
 * user's and never count as a view's) and charts stay out of the registry of charts on screen.
 * Nothing of it is visible, focusable or reachable by selectors from the page. It stops as soon as
 * the background plan is dropped (the user changed the view or the selection).
 */
import { createContext, useContext, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Filters } from '../queries/filters';

/** Inside a view rendered for warm-up: the selection it shows, when not the user's. */
interface WarmUp {
  readonly filters: Filters | null;
}

const WarmUpContext = createContext<WarmUp | null>(null);

/** True inside a view rendered for warm-up. */
export function useWarmingUp(): boolean {
  return useContext(WarmUpContext) !== null;
}

/** The selection a view rendered for warm-up shows instead of the user's (null: the user's). */
export function useWarmUpFilters(): Filters | null {
  return useContext(WarmUpContext)?.filters ?? null;
}

/**
 * A view to warm up: its name (for the performance timeline), what to render, the selection it
 * shows if not the user's, and a selection to show next (a change of selection, as the filters
 * make it, which updates the view's charts instead of creating them).
 */
export interface WarmUpView {
  readonly name: string;
  readonly render: () => ReactNode;
  readonly filters?: Filters;
  readonly then?: Filters;
}

/** Frames a view is given to lay out, create its charts (on their first resize) and draw them. */
const FRAMES_PER_VIEW = 4;

/** Resolves in the task after the next frame's paint. */
function afterFrame(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => { setTimeout(resolve, 0); });
  });
}

/**
 * Renders each of `views` in turn out of sight (with its own selection where it has one), then
 * removes everything; stops early when `signal` aborts. Each view's time is a `performance.measure`
 * named `atlas warm-up: <name>`.
 */
export async function warmUpViews(views: readonly WarmUpView[], signal: AbortSignal): Promise<void> {
  if (typeof document === 'undefined' || views.length === 0 || signal.aborted) return;
  const host = document.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  host.setAttribute('data-warm-up', '');
  host.inert = true;
  // Laid out at a screen's size (so charts get a size and draw), painted nowhere.
  host.style.cssText = 'position:fixed;left:-20000px;top:0;width:1366px;height:768px;overflow:hidden;visibility:hidden;pointer-events:none;contain:strict';
  document.body.appendChild(host);
  const mount = document.createElement('div');
  host.attachShadow({ mode: 'closed' }).appendChild(mount);
  const root = createRoot(mount);
  // Read afresh after every wait (the plan may be dropped meanwhile).
  const stopped = (): boolean => signal.aborted;
  try {
    for (const view of views) {
      if (stopped()) break;
      const start = performance.now();
      for (const filters of view.then === undefined ? [view.filters ?? null] : [view.filters ?? null, view.then]) {
        if (stopped()) break;
        root.render(<WarmUpContext.Provider value={{ filters }}>{view.render()}</WarmUpContext.Provider>);
        for (let i = 0; i < FRAMES_PER_VIEW && !stopped(); i++) await afterFrame();
      }
      performance.measure(`atlas warm-up: ${view.name}`, { start, end: performance.now() });
    }
  } finally {
    root.unmount();
    host.remove();
  }
}
