/**
 * End-to-end: the background plan. Once the app has been idle for a moment after the corpus is live
 * (or after the selection changed), every dashboard view's statements for the current selection
 * have run in the background, so opening the other views runs no query at all; and the background
 * queries are reported as such, never as a view's.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../shared';
import { COMPARE_CAPS, compareRankedSql } from '../../src/queries/compare';
import { EMPTY_FILTERS, queryFilters } from '../../src/queries/filters';
import { launchBrowser, openPage, serveStatic, type StaticServer, prepareApp } from './harness';

const SLOW = 120_000;
let browser: Browser;
let server: StaticServer;

interface Probe {
  queries: { sql: string; ok: boolean; background?: boolean; ms: number; at: number }[];
  marks: Record<string, number>;
  lastBackgroundPlan?: { at: number; sqls: readonly string[] };
  inFlight: number;
}

beforeAll(async () => {
  prepareApp();
  browser = await launchBrowser();
  server = await serveStatic(join(REPO_ROOT, 'dist'));
}, 900_000);

afterAll(async () => {
  await server.close().catch(() => undefined);
  await browser.close().catch(() => undefined);
});

const probe = (page: Page): Promise<Probe> => page.evaluate(() => (window as unknown as { __atlasBench: Probe }).__atlasBench);
const foreground = async (page: Page): Promise<string[]> => (await probe(page)).queries.filter((q) => q.background !== true).map((q) => q.sql);

/** Waits until the first background plan is done (the app marks it once). */
async function backgroundDone(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __atlasBench: Probe }).__atlasBench.marks.backgroundIdle !== undefined, undefined, { timeout: SLOW, polling: 50 });
}

/**
 * Waits until a background plan for the selection whose statements hold `needle` has run to its
 * end. Not "the next plan to end": a plan started by the last view switch before the selection
 * changed may end just after it, on a loaded machine, and then nothing of the new one has run.
 */
async function planDoneFor(page: Page, needle: string): Promise<void> {
  await page.waitForFunction(
    (n) => (window as unknown as { __atlasBench: Probe }).__atlasBench.lastBackgroundPlan?.sqls.some((s) => s.includes(n)) === true,
    needle,
    { timeout: SLOW, polling: 50 },
  );
}

const VIEWS: readonly [string, string][] = [
  ['nav-compare', '[data-testid="compare-table"]'],
  ['nav-requests', '[data-testid="requests-absolute"]'],
  ['nav-review', '[data-testid="review-table"], [data-testid="review-no-tables"]'],
  ['nav-disclosure', '[data-testid^="card-"]'],
  ['nav-overview', '[data-testid="echart-overview-trend"]'],
];

/** Opens each dashboard view and returns the foreground statements that ran meanwhile. */
async function visitViews(page: Page): Promise<string[]> {
  const before = (await foreground(page)).length;
  for (const [nav, shown] of VIEWS) {
    await page.getByTestId(nav).click();
    await page.waitForSelector(shown, { timeout: SLOW });
    // A statement that is not cached would start now: give it the time to show up.
    await page.waitForTimeout(300);
    expect((await probe(page)).inFlight).toBe(0);
  }
  return (await foreground(page)).slice(before);
}

describe('background plan', () => {
  it('prefetches every dashboard view, for the first screen and after a filter change', async () => {
    const { context, page, log } = await openPage(browser);
    try {
      await page.addInitScript('window.__atlasBench = { queries: [], marks: {}, inFlight: 0 };');
      await page.goto(`${server.origin}/`);
      await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
      await backgroundDone(page);
      const bg = (await probe(page)).queries.filter((q) => q.background === true);
      expect(bg.length).toBeGreaterThanOrEqual(7);
      expect(bg.every((q) => q.ok)).toBe(true);
      expect(await visitViews(page)).toEqual([]);

      // A new selection: its overview runs in the foreground, the other views in the background.
      const select = page.getByTestId('filter-province');
      // The province with the most reports (option labels end with the count): one whose figures chart.
      const province = await select.locator('option').evaluateAll((os) => {
        const count = (t: string | null): number => Number(/(\d[\d,]*)\D*$/.exec(t ?? '')?.[1]?.replace(/,/g, '') ?? 0);
        const opts = os.map((o) => ({ value: (o as HTMLOptionElement).value, n: count(o.textContent) })).filter((o) => o.value !== '');
        return opts.reduce((a, b) => (b.n > a.n ? b : a), opts[0] ?? { value: '', n: 0 }).value;
      });
      expect(province).toBeTruthy();
      const mark = (await foreground(page)).length;
      await select.selectOption(province);
      await page.waitForSelector('[data-testid="echart-overview-trend"]', { timeout: SLOW });
      await planDoneFor(page, `province = '${province}'`);
      // Asked ahead of the render (subscribeAhead) and by the cards: each statement ran once.
      const overview = (await foreground(page)).slice(mark);
      expect(overview.length).toBeGreaterThan(3);
      expect(overview.every((sql) => sql.includes(`province = '${province}'`))).toBe(true);
      expect(new Set(overview).size).toBe(overview.length);
      const ran = await visitViews(page);
      expect(ran).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});

describe('views warmed up out of sight', () => {
  it('renders each view not open once in the background plan, leaving nothing on the page and asking nothing of its own', async () => {
    const { context, page, log } = await openPage(browser);
    try {
      // Canvases made, with when: ECharts makes one per chart it draws.
      await page.addInitScript(`window.__atlasBench = { queries: [], marks: {}, inFlight: 0 };
        window.__canvases = [];
        const make = Document.prototype.createElement;
        Document.prototype.createElement = function (name, ...rest) {
          if (String(name).toLowerCase() === 'canvas') window.__canvases.push(performance.now());
          return make.call(this, name, ...rest);
        };
        // Every chart id ever registered as on screen, looked at each frame.
        window.__registered = new Set();
        const look = () => { for (const id of Object.keys(window.__atlasCharts ?? {})) window.__registered.add(id); requestAnimationFrame(look); };
        requestAnimationFrame(look);`);
      await page.goto(`${server.origin}/`);
      await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
      await backgroundDone(page);
      const p = await probe(page);
      const warm = await page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('atlas warm-up: ')).map((m) => ({ name: m.name, start: m.startTime, end: m.startTime + m.duration })));
      // Every dashboard view but the open one (the Overview), the console, the Audit view on the
      // province the engine's warm-up audited, and the Overview changed to the province whose Overview
      // it ran, in turn, before the plan was marked done.
      expect(warm.map((m) => m.name)).toEqual(['compare', 'requests', 'review', 'disclosure', 'sql', 'audit', 'overview filtered'].map((v) => `atlas warm-up: ${v}`));
      const from = warm[0]?.start ?? Number.NaN;
      const to = warm.at(-1)?.end ?? Number.NaN;
      expect(p.marks.viewsWarm).toBeGreaterThanOrEqual(to);
      expect(p.marks.backgroundIdle).toBeGreaterThanOrEqual(p.marks.viewsWarm ?? Number.NaN);
      // Their charts were drawn (a canvas each, at least)…
      const canvases = await page.evaluate(() => (window as unknown as { __canvases: number[] }).__canvases);
      expect(canvases.filter((t) => t >= from && t <= to).length).toBeGreaterThanOrEqual(4);
      // …and none of it is left: no element, no chart among those on screen, no query asked as a view's.
      expect(await page.locator('[data-warm-up]').count()).toBe(0);
      expect(await page.evaluate(() => Object.keys(window.__atlasCharts ?? {}).sort())).toEqual(['overview-rates', 'overview-top', 'overview-trend']);
      expect(await page.evaluate(() => [...(window as unknown as { __registered: Set<string> }).__registered].sort())).toEqual(['overview-rates', 'overview-top', 'overview-trend']);
      expect(p.queries.filter((q) => q.background !== true && q.at >= from && q.at <= to)).toEqual([]);
      // The views then open from the cache, as before.
      expect(await visitViews(page)).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});

describe('the engine warm-up', () => {
  it("runs Compare by agency for the page's selection, metric and order, once, in the background", async () => {
    const { context, page, log } = await openPage(browser);
    try {
      await page.addInitScript('window.__atlasBench = { queries: [], marks: {}, inFlight: 0 };');
      // The Overview, with a selection and Compare parameters that are not the defaults.
      await page.goto(`${server.origin}/?years=2022&metric=requests_received&dim=city&order=asc`);
      await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
      await backgroundDone(page);
      const f = queryFilters({ ...EMPTY_FILTERS, years: [2022] });
      const asked = compareRankedSql('requests_received', 'agency', f, { limit: COMPARE_CAPS.table, order: 'asc' });
      const other = compareRankedSql('requests_received', 'agency', f, { limit: COMPARE_CAPS.table, order: 'desc' });
      const queries = (await probe(page)).queries;
      expect(queries.filter((q) => q.sql === asked).map((q) => q.background === true)).toEqual([true]);
      expect(queries.filter((q) => q.sql === other)).toEqual([]);
      // Compare by agency then opens from the cache: no ranked statement (they all count the
      // members) runs in the foreground once the view shows its cities.
      await page.getByTestId('nav-compare').click();
      await page.waitForSelector('[data-testid="compare-table"]', { timeout: SLOW });
      await page.waitForTimeout(300);
      const before = (await foreground(page)).length;
      await page.getByTestId('compare-dim').selectOption('agency');
      await page.waitForSelector('[data-testid="compare-table"] button.link', { timeout: SLOW });
      await page.waitForTimeout(300);
      expect((await foreground(page)).slice(before).filter((sql) => sql.includes('total_members'))).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});

/** Compare by agency (its table lists agencies as links), with the first background plan done. */
async function openCompareByAgency(page: Page): Promise<void> {
  await page.addInitScript('window.__atlasBench = { queries: [], marks: {}, inFlight: 0 };');
  await page.goto(`${server.origin}/?view=compare&metric=reports&dim=agency&chart=ranked`);
  await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
  await backgroundDone(page);
}

/** Waits until the agency profile shows its reports, and a moment more for its last statements. */
async function agencyOpened(page: Page): Promise<void> {
  await page.getByTestId('agency-head').waitFor({ timeout: SLOW });
  await page.waitForSelector('[data-testid^="report-"]', { timeout: SLOW });
  await page.waitForTimeout(300);
}

describe('an agency opened by a click', () => {
  it('runs its reports, cells and findings once each', async () => {
    const { context, page, log } = await openPage(browser);
    try {
      await openCompareByAgency(page);
      const link = page.locator('[data-testid="compare-table"] button.link').nth(4);
      const id = (await link.getAttribute('data-agency-id')) ?? '';
      expect(id).toBeTruthy();
      const before = (await foreground(page)).length;
      // A click at once, as a keyboard or a quick hand gives it: nothing was fetched while resting.
      await link.dispatchEvent('click');
      await agencyOpened(page);
      const mine = (await foreground(page)).slice(before).filter((sql) => sql.includes(`agency_id = '${id}'`));
      expect(mine).toHaveLength(3);
      expect(new Set(mine).size).toBe(3);
      expect(log.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});

describe('an agency pressed on', () => {
  it('is fetched from the press, and the profile the click opens joins those statements: each runs once', async () => {
    const { context, page, log } = await openPage(browser);
    try {
      await openCompareByAgency(page);
      const link = page.locator('[data-testid="compare-table"] button.link').nth(6);
      const id = (await link.getAttribute('data-agency-id')) ?? '';
      expect(id).toBeTruthy();
      const mark = (await probe(page)).queries.length;
      // The press, then the click a moment later (a hand's press lasts about a tenth of a second;
      // here one task), with no pointer resting on the name before.
      await link.dispatchEvent('pointerdown');
      await page.evaluate(() => new Promise((r) => { setTimeout(r, 0); }));
      const clickAt = await page.evaluate(() => performance.now());
      await link.dispatchEvent('click');
      await agencyOpened(page);
      const mine = (await probe(page)).queries.slice(mark).filter((q) => q.sql.includes(`agency_id = '${id}'`));
      // Reports, cells and findings: each asked by the press and by the view, run by the engine once,
      // none of them stopped and started again.
      expect(mine.map((q) => q.ok)).toEqual([true, true, true]);
      expect(new Set(mine.map((q) => q.sql)).size).toBe(3);
      // The press started them: the agency's reports were asked before the click.
      const first = mine[0];
      expect(first === undefined ? Number.NaN : first.at - first.ms).toBeLessThan(clickAt);
      expect(log.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});

describe('an agency under the pointer', () => {
  it('is fetched in the background once the pointer rests on its name, and its profile then opens without a query', async () => {
    const { context, page, log } = await openPage(browser);
    try {
      await openCompareByAgency(page);
      const links = page.locator('[data-testid="compare-table"] button.link');
      await links.first().waitFor({ timeout: SLOW });
      const agencyOf = (sql: string, id: string): boolean => sql.includes(`agency_id = '${id}'`);
      const ids = await links.evaluateAll((els) => els.slice(0, 3).map((el) => el.getAttribute('data-agency-id') ?? ''));
      const fetched = (id: string) => page.waitForFunction(
        (a) => (window as unknown as { __atlasBench: Probe }).__atlasBench.queries.filter((q) => q.background === true && q.ok && q.sql.includes(`agency_id = '${a}'`)).length >= 3,
        id, { timeout: SLOW, polling: 50 },
      );
      // The pointer enters and leaves the third name at once (events dispatched in one task): nothing
      // is fetched. It enters the second and stays: its reports, cells and findings are.
      const mark = (await probe(page)).queries.length;
      await page.evaluate((n) => {
        const els = [...document.querySelectorAll('[data-testid="compare-table"] button.link')];
        const [second, third] = [els[n - 2], els[n - 1]];
        third?.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, relatedTarget: document.body }));
        third?.dispatchEvent(new PointerEvent('pointerout', { bubbles: true, relatedTarget: document.body }));
        second?.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, relatedTarget: document.body }));
      }, 3);
      await fetched(ids[1] ?? '');
      await page.waitForTimeout(300);
      expect((await probe(page)).queries.slice(mark).some((q) => agencyOf(q.sql, ids[2] ?? ''))).toBe(false);

      // A real pointer resting on the first name; then a click opens the profile from the cache.
      const id = ids[0] ?? '';
      expect(id).toBeTruthy();
      await links.first().hover();
      await fetched(id);
      const before = (await foreground(page)).length;
      await links.first().click();
      await agencyOpened(page);
      const ran = (await foreground(page)).slice(before);
      expect(ran.filter((sql) => agencyOf(sql, id))).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
