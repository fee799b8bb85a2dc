/**
 * The fixed interaction script of the browser benchmark: real UI actions across the views, each
 * timed from the input event to the moment the app's queries have settled and the target element
 * is on screen (see `settle`). The same script runs on every corpus size.
 */
import type { Page } from 'playwright-core';

export interface Step {
  readonly name: string;
  /** Performs the action (clicks, selects, keys). */
  act(page: Page): Promise<void>;
  /** CSS selector that must be present when the step is done. */
  readonly done: string;
}

export interface StepTiming {
  name: string;
  ms: number;
  /** Queries the engine ran for the step (0: all answered from the cache). */
  queries: number;
  /** Why the step failed (then `ms` is NaN); the script goes on with the next step. */
  error?: string;
}

/**
 * A chart drawn with its answer (`data-drawn`, set by src/components/EChart.tsx when ECharts has
 * painted the current option). Until round 9 the chart's box was enough, and the step could end a
 * frame or two before the chart appeared in it (bench/SCALE.md, round 9).
 */
export const chartDrawn = (id: string): string => `[data-testid="echart-${id}"][data-drawn="true"]`;

async function pickOption(page: Page, testId: string, which: 'largest' | 'first'): Promise<string> {
  const sel = page.locator(`[data-testid="${testId}"]`);
  await sel.waitFor();
  // A reader reaches for a list before choosing from it: the city and district lists create their
  // options then (src/components/useReachedFor.ts), before the step's time starts.
  await sel.hover();
  const values = await sel.locator('option').evaluateAll((os) =>
    os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent })).filter((o) => o.value !== ''),
  );
  if (values.length === 0) throw new Error(`${testId}: no options to pick`);
  // Option labels end with the report count, e.g. "广东省 (1234)": the largest is the heaviest drill.
  const count = (t: string | null): number => Number(/(\d[\d,]*)\D*$/.exec(t ?? '')?.[1]?.replace(/,/g, '') ?? 0);
  const pick = which === 'first' ? values[0] : values.reduce((a, b) => (count(b.text) > count(a.text) ? b : a));
  if (!pick) throw new Error(`${testId}: no option`);
  await choose(page, testId, pick.value);
  return pick.value;
}

/**
 * Picks `value` in a select. Playwright's selectOption dispatches events the page sees as
 * untrusted, so the input timer would not see them and the step would be timed from the previous
 * click: the start is marked by hand just before.
 */
async function choose(page: Page, testId: string, value: string): Promise<void> {
  await page.evaluate(() => { (window as unknown as { __benchT0?: number }).__benchT0 = performance.now(); });
  await page.getByTestId(testId).selectOption(value);
}

const SQL = `SELECT province, year, count(*) AS reports, sum(requests__new_received__total) AS received
FROM v_reports WHERE province IS NOT NULL GROUP BY province, year ORDER BY province, year`;

/** At least 12 interactions: filter by province, drill to a city, switch metric, open an agency, audit table, a console query… */
export const SCRIPT: readonly Step[] = [
  { name: 'filter: province', act: async (p) => { await pickOption(p, 'filter-province', 'largest'); }, done: chartDrawn('overview-trend') },
  { name: 'filter: drill to city', act: async (p) => { await pickOption(p, 'filter-city', 'largest'); }, done: chartDrawn('overview-trend') },
  { name: 'filter: reset', act: (p) => p.getByTestId('filter-reset').click(), done: chartDrawn('overview-top') },
  { name: 'view: compare', act: (p) => p.getByTestId('nav-compare').click(), done: '[data-testid="compare-table"]' },
  { name: 'compare: switch metric', act: (p) => choose(p, 'compare-metric', 'requests_received'), done: '[data-testid="compare-table"]' },
  // City is the view's default dimension: province is a real change.
  { name: 'compare: dimension province', act: (p) => choose(p, 'compare-dim', 'province'), done: '[data-testid="compare-table"]' },
  { name: 'compare: dimension agency', act: (p) => choose(p, 'compare-dim', 'agency'), done: '[data-testid="compare-table"] button.link' },
  { name: 'open an agency', act: (p) => p.locator('[data-testid="compare-table"] button.link').first().click(), done: '[data-testid="agency-head"]' },
  { name: 'view: requests', act: (p) => p.getByTestId('nav-requests').click(), done: '[data-testid="requests-absolute"]' },
  { name: 'view: review', act: (p) => p.getByTestId('nav-review').click(), done: '[data-testid="review-table"], [data-testid="review-no-tables"]' },
  { name: 'view: disclosure', act: (p) => p.getByTestId('nav-disclosure').click(), done: '[data-testid^="card-"]' },
  { name: 'view: audit table', act: (p) => p.getByTestId('nav-audit').click(), done: '[data-testid="audit-summary"]' },
  { name: 'filter: province on audit', act: async (p) => { await pickOption(p, 'filter-province', 'largest'); }, done: '[data-testid="audit-summary"]' },
  {
    name: 'console query',
    act: async (p) => {
      await p.getByTestId('nav-sql').click();
      const ed = p.locator('[data-testid="sql-editor"] .cm-content');
      await ed.click();
      await p.keyboard.press('Control+A');
      await p.keyboard.insertText(SQL);
      await p.keyboard.press('Escape');
      await p.evaluate(() => { (window as unknown as { __benchT0?: number }).__benchT0 = performance.now(); });
      await ed.press('Control+Enter');
    },
    done: '[data-testid="sql-status"], [data-testid="sql-error"]',
  },
  { name: 'view: overview (filtered)', act: (p) => p.getByTestId('nav-overview').click(), done: chartDrawn('overview-trend') },
];

interface Probe {
  /** `background`: the app's prefetch and warm-up, which no view waits for: not a step's work. */
  queries: { at: number; background?: boolean }[];
  /** Foreground queries running. */
  inFlight: number;
}

/**
 * Waits until the step is done and returns its time: from the last user input event (click,
 * change, keydown; or `__benchT0` when the step sets it) to the moment the first animation frame
 * at which no query is running and `done` is present has been laid out and painted (the start of
 * the next frame), once no query has run for two more frames.
 *
 * The frame after, not the frame itself: an animation-frame callback runs before its frame's style,
 * layout and paint, so the frame's own timestamp left out the layout of what the step rendered
 * (224 ms for the region audit's page at 105k reports, bench/SCALE.md round 6).
 */
export async function settle(page: Page, done: string, before: number, timeoutMs: number): Promise<number> {
  return page.evaluate(
    async ({ done, before, timeoutMs }) => {
      const w = window as unknown as { __atlasBench: Probe; __benchInputAt?: number; __benchT0?: number };
      const p = w.__atlasBench;
      const t0 = w.__benchT0 ?? w.__benchInputAt ?? performance.now();
      const frame = (): Promise<number> => new Promise((r) => requestAnimationFrame(r));
      let quiet = 0;
      // When the first quiet frame of the current run, and of the step, had been painted.
      let shownAt = 0;
      let firstShownAt = 0;
      for (;;) {
        const now = await frame();
        if (now - t0 > timeoutMs) throw new Error(`step did not settle within ${String(timeoutMs)} ms (waiting for ${done})`);
        if (document.querySelector(done) === null || p.inFlight > 0) {
          quiet = 0;
          continue;
        }
        quiet++;
        if (quiet === 2) {
          // This callback runs after the previous (first quiet) frame's layout and paint.
          shownAt = performance.now();
          if (firstShownAt === 0) firstShownAt = shownAt;
        }
        if (quiet < 3) continue;
        const ran = p.queries.filter((q) => q.background !== true).length > before;
        // A step answered wholly from the cache runs no query: done once the element shows and stays.
        if (ran || now - firstShownAt > 250) return (ran ? shownAt : firstShownAt) - t0;
      }
    },
    { done, before, timeoutMs },
  );
}

/**
 * The median of a list, the mean of the middle two for an even count (NaN for none): what a few
 * repeated timings are summed up by (`combinePasses`, bench/calibrate.ts). The percentiles of an
 * entry's steps are nearest-rank instead (`quantile` in ./native.ts).
 */
export function middle(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] ?? Number.NaN : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** A step over several passes of the script: the median time, and each pass's. */
export interface CombinedStep extends StepTiming {
  /** Each pass's time (NaN where the step failed), in pass order; absent for a single pass. */
  runs_ms?: number[];
}

/**
 * The steps of several passes of the script as one list: each step's median over the passes (the
 * mean of the middle two for an even count) and the first pass's query count. A step that any pass
 * failed is failed (NaN, with the first error): a median must not hide a failure. One pass is
 * returned as it is. Step times end at a frame and vary by a frame or two from run to run
 * (bench/SCALE.md, round 13): a median of three passes tells apart what a single pass cannot.
 */
export function combinePasses(passes: readonly (readonly StepTiming[])[]): CombinedStep[] {
  const first = passes[0] ?? [];
  if (passes.length <= 1) return first.map((s) => ({ ...s }));
  return first.map((s, i) => {
    const mine = passes.map((p) => { const t = p[i]; return t !== undefined && t.name === s.name ? t : undefined; });
    const runs = mine.map((t) => t?.ms ?? Number.NaN);
    const error = mine.map((t) => (t === undefined ? `a pass without the step ${s.name}` : t.error)).find((e) => e !== undefined);
    const ms = error !== undefined || runs.some((x) => !Number.isFinite(x)) ? Number.NaN : middle(runs);
    return { name: s.name, ms, queries: s.queries, ...(error === undefined ? {} : { error }), runs_ms: runs };
  });
}

/** Records the time of every user input event, so a step is timed from the input, not from playwright's bookkeeping. */
export const INPUT_TIMER = `(() => {
  const rec = (e) => { if (e.isTrusted) { window.__benchInputAt = e.timeStamp; window.__benchT0 = undefined; } };
  for (const t of ['pointerdown', 'change', 'keydown']) addEventListener(t, rec, { capture: true });
})();`;

/** Called around a step (e.g. to profile it): `before` just ahead of its input, `after` once it has settled or failed. */
export interface StepHooks {
  before?(step: string): Promise<void>;
  after?(step: string): Promise<void>;
}

/** Runs the script; each step's time in ms. */
export async function runScript(page: Page, timeoutMs: number, onFail?: (step: string) => Promise<void>, hooks: StepHooks = {}): Promise<StepTiming[]> {
  const out: StepTiming[] = [];
  const count = (): Promise<number> => page.evaluate(() => (window as unknown as { __atlasBench: Probe }).__atlasBench.queries.filter((q) => q.background !== true).length);
  for (const step of SCRIPT) {
    const before = await count();
    try {
      await hooks.before?.(step.name);
      let ms: number;
      try {
        await step.act(page);
        ms = await settle(page, step.done, before, timeoutMs);
      } finally {
        await hooks.after?.(step.name);
      }
      out.push({ name: step.name, ms, queries: (await count()) - before });
    } catch (e) {
      await onFail?.(step.name);
      out.push({ name: step.name, ms: Number.NaN, queries: (await count()) - before, error: e instanceof Error ? e.message.split('\n')[0] ?? '' : String(e) });
    }
  }
  return out;
}
