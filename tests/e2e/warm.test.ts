/**
 * End-to-end: the warm start. With DuckDB-WASM held back (its .wasm request does not answer), the
 * built app must still show the first screen from data/warm.json, with the database's figures,
 * and then go live with the same figures once DuckDB starts; a warm-start file that belongs to
 * another corpus must be ignored (nothing shown until the database answers).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../shared';
import type { DbConnector } from '../../src/db/connector';
import { launchBrowser, loadTruthDb, offOrigin, openPage, serveStatic, type StaticServer, prepareApp } from './harness';

const SLOW = 120_000;
let browser: Browser;
let truth: DbConnector;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  prepareApp();
  truth = await loadTruthDb();
  cleanups.push(() => truth.close());
  browser = await launchBrowser();
  cleanups.push(() => browser.close());
}, 900_000);

afterAll(async () => {
  for (const done of cleanups.reverse()) await done().catch(() => undefined);
});

async function serve(transformJson?: Record<string, (v: Record<string, unknown>) => Record<string, unknown>>): Promise<StaticServer> {
  const server = await serveStatic(join(REPO_ROOT, 'dist'), transformJson ? { transformJson } : {});
  cleanups.push(() => server.close());
  return server;
}

const numText = (s: string | null): number => Number((s ?? '').replace(/[,\s]/g, ''));
const isFigure = (t: string | null): boolean => t !== null && /\d/.test(t) && Number.isFinite(numText(t));

/** Charts on the page that draw at least one data point. */
const chartsWithData = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const charts = Object.values((window as unknown as { __atlasCharts?: Record<string, { getOption: () => { series?: { data?: unknown[] }[] } }> }).__atlasCharts ?? {});
    return charts.filter((c) => (c.getOption().series ?? []).some((s) => (s.data?.length ?? 0) > 0)).length;
  });

/** Opens the app with every .wasm request held until `release` is called. */
async function openHeld(origin: string) {
  const opened = await openPage(browser);
  let release = (): void => undefined;
  const gate = new Promise<void>((r) => { release = r; });
  const held: string[] = [];
  // On the context, so the DuckDB worker's fetch of its .wasm is held too.
  await opened.context.route('**/*.wasm', async (route) => {
    held.push(route.request().url());
    await gate;
    await route.continue();
  });
  await opened.page.goto(`${origin}/`);
  return { ...opened, release, held };
}

describe('the warm start', () => {
  it('shows the overview from warm.json before DuckDB starts, then the same figures live', async () => {
    const server = await serve();
    const { context, page, log, release, held } = await openHeld(server.origin);
    try {
      const received = Number((await truth.query('SELECT sum(requests__new_received__total) AS v FROM report_values')).rows[0]?.v);
      const reports = Number((await truth.query('SELECT count(*) AS n FROM reports')).rows[0]?.n);
      const kpi = page.getByTestId('kpi-value-requests_received');
      await expect.poll(async () => isFigure(await kpi.textContent()), { timeout: SLOW }).toBe(true);
      await expect.poll(() => chartsWithData(page), { timeout: SLOW }).toBeGreaterThan(0);
      // DuckDB cannot have started: its .wasm is asked for (the worker may ask after the warm
      // answers are on screen) and held, and the indicator still says loading.
      await expect.poll(() => held.length, { timeout: SLOW }).toBeGreaterThan(0);
      const indicator = page.getByTestId('corpus-indicator');
      expect(await indicator.getAttribute('data-state')).toBe('loading');
      expect(await indicator.getAttribute('data-reports')).toBe(String(reports));
      const warmText = await kpi.textContent();
      expect(numText(warmText)).toBe(received);

      release();
      await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
      expect(await kpi.textContent()).toBe(warmText);
      expect(offOrigin(log.requests, server.origin)).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
    } finally {
      release();
      await context.close();
    }
  }, SLOW);

  it('ignores a warm-start file of another corpus: figures wait for the database', async () => {
    const server = await serve({
      '/data/warm.json': (w) => ({ ...w, corpus: { ...(w.corpus as Record<string, string>), cells: '0'.repeat(64) } }),
    });
    const { context, page, log, release } = await openHeld(server.origin);
    try {
      const kpi = page.getByTestId('kpi-value-requests_received');
      // The manifest and the warm file have been read (the app fetches them before DuckDB's .wasm answers)…
      await expect.poll(() => log.requests.some((u) => u.endsWith('/data/warm.json')), { timeout: SLOW }).toBe(true);
      await page.waitForTimeout(1500);
      // …and nothing from it is on screen.
      // allTextContents does not wait for the card (textContent would, 30 s, while DuckDB is held).
      expect((await kpi.allTextContents()).some((x) => isFigure(x))).toBe(false);
      expect(await chartsWithData(page)).toBe(0);
      release();
      await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
      await expect.poll(async () => isFigure(await kpi.textContent()), { timeout: SLOW }).toBe(true);
      expect(log.consoleErrors).toEqual([]);
    } finally {
      release();
      await context.close();
    }
  }, SLOW);
});
