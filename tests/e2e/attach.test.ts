/**
 * End-to-end: the prebuilt-database loading path. The default corpus with a `corpus.duckdb` beside
 * it (npm run corpus:database) must be attached and read by HTTP range only — never downloaded
 * whole, never decoded from Parquet — and its hot file fetched once, whole, and checked against the
 * manifest; they must give the same figures as the Parquet files; a server that does not answer
 * ranges must make the app fall back to the Parquet files (and fetch neither file).
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { REPO_ROOT } from '../shared';
import { writeCorpusDatabase } from '../../src/corpus/database-node';
import type { CorpusDatabaseEntry } from '../../src/corpus/load';
import type { DbConnector } from '../../src/db/connector';
import { launchBrowser, loadTruthDb, offOrigin, openPage, serveStatic, type StaticServer, prepareApp } from './harness';

const SLOW = 120_000;

interface Hit {
  readonly method: string;
  readonly path: string;
  readonly range: string | null;
}

let dir = '';
let entry: CorpusDatabaseEntry;
let browser: Browser;
let truth: DbConnector;
const cleanups: (() => Promise<void>)[] = [];

async function serve(ranges: boolean, manifest?: (m: Record<string, unknown>) => Record<string, unknown>): Promise<{ server: StaticServer; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = await serveStatic(join(REPO_ROOT, 'dist'), {
    mounts: { '/data/': dir },
    ranges,
    ...(manifest ? { transformJson: { '/data/manifest.json': manifest } } : {}),
    onRequest: (method, path, range) => hits.push({ method, path, range }),
  });
  cleanups.push(() => server.close());
  return { server, hits };
}

/** Where the hot file puts an agency's cell block. */
async function blockPlace(agencyId: string): Promise<{ offset: number; length: number }> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    await conn.run(`ATTACH '${join(dir, 'corpus-hot.duckdb')}' AS h (READ_ONLY)`);
    const [row] = (await conn.runAndReadAll(`SELECT byte_offset, byte_length FROM h.corpus.agency_cell_blocks WHERE agency_id = '${agencyId.replace(/'/g, "''")}'`)).getRows();
    return { offset: Number(row?.[0]), length: Number(row?.[1]) };
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

const numText = (s: string | null): number => Number((s ?? '').replace(/[,\s]/g, ''));

/** Opens the app, waits for the corpus, and returns what the indicator and the received-requests KPI show. */
async function openApp(origin: string): Promise<{ reports: string | null; received: string | null; offOrigin: string[]; errors: string[] }> {
  const { context, page, log } = await openPage(browser);
  try {
    await page.goto(`${origin}/`);
    await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
    // The KPI is on screen before its query answers: wait for a figure, not for the element.
    const kpi = page.getByTestId('kpi-value-requests_received');
    const isFigure = (t: string | null): boolean => t !== null && /\d/.test(t) && Number.isFinite(numText(t));
    await expect.poll(async () => isFigure(await kpi.textContent()), { timeout: SLOW }).toBe(true);
    const received = await kpi.textContent();
    return { reports: await page.getByTestId('corpus-indicator').getAttribute('data-reports'), received, offOrigin: offOrigin(log.requests, origin), errors: log.consoleErrors };
  } finally {
    await context.close();
  }
}

beforeAll(async () => {
  prepareApp();
  dir = mkdtempSync(join(tmpdir(), 'atlas-attach-e2e-'));
  const data = join(REPO_ROOT, 'data');
  for (const f of readdirSync(data)) if (f === 'manifest.json' || f === 'warm.json' || f.endsWith('.parquet')) copyFileSync(join(data, f), join(dir, f));
  entry = await writeCorpusDatabase(dir);
  truth = await loadTruthDb();
  cleanups.push(() => truth.close());
  browser = await launchBrowser();
  cleanups.push(() => browser.close());
}, 900_000);

afterAll(async () => {
  for (const done of cleanups.reverse()) await done().catch(() => undefined);
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});


describe('the prebuilt corpus database', () => {
  it('is attached and read by byte range only, with the figures of the Parquet files', async () => {
    const { server, hits } = await serve(true);
    const shown = await openApp(server.origin);
    const reports = Number((await truth.query('SELECT count(*) AS n FROM reports')).rows[0]?.n);
    const received = Number((await truth.query('SELECT sum(requests__new_received__total) AS v FROM report_values')).rows[0]?.v);
    expect(shown.reports).toBe(String(reports));
    expect(numText(shown.received)).toBe(received);
    expect(shown.offOrigin).toEqual([]);
    expect(shown.errors).toEqual([]);

    const db = hits.filter((h) => h.path === `/data/${entry.path}`);
    const gets = db.filter((h) => h.method === 'GET');
    expect(gets.length).toBeGreaterThan(0);
    // Every read of the database names a range: the file is never downloaded whole.
    expect(gets.filter((h) => h.range === null)).toEqual([]);
    expect(hits.filter((h) => h.path.endsWith('.parquet'))).toEqual([]);
    // The hot file (the wide table and the findings) is fetched once, whole.
    expect(entry.hot?.path).toBe('corpus-hot.duckdb');
    expect(hits.filter((h) => h.path === `/data/${entry.hot?.path ?? ''}` && h.method === 'GET')).toEqual([{ method: 'GET', path: '/data/corpus-hot.duckdb', range: null }]);
  }, SLOW);

  it('refuses a hot file that is not the one the manifest describes, in Chinese and English', async () => {
    const { server } = await serve(true, (m) => ({ ...m, database: { ...(m.database as Record<string, unknown>), hot: { ...entry.hot, sha256: '0'.repeat(64) } } }));
    const { context, page, log } = await openPage(browser);
    try {
      await page.goto(`${server.origin}/`);
      await page.waitForSelector('[data-testid="corpus-indicator"][data-state="error"]', { timeout: SLOW });
      const toast = await page.getByTestId('toast-error').first().textContent();
      expect(toast).toContain('corpus-hot.duckdb');
      expect(toast).toMatch(/无法读取.*SHA-256|could not be read.*SHA-256/);
      expect(offOrigin(log.requests, server.origin)).toEqual([]);
    } finally {
      await context.close();
    }
  }, SLOW);

  it('runs the audit from the attached files (stored copy checks included) as from the Parquet files', async () => {
    const audit = async (ranges: boolean): Promise<{ findings: string | null; text: string | null; errors: string[] }> => {
      const { server } = await serve(ranges);
      const { context, page, log } = await openPage(browser);
      try {
        await page.goto(`${server.origin}/`);
        await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
        await page.getByTestId('nav-audit').click();
        const summary = page.getByTestId('audit-summary');
        await summary.waitFor({ timeout: SLOW });
        return { findings: await summary.getAttribute('data-findings'), text: await summary.textContent(), errors: log.consoleErrors };
      } finally {
        await context.close();
      }
    };
    const attached = await audit(true);
    const staged = await audit(false);
    expect(Number(attached.findings)).toBeGreaterThan(0);
    expect(attached).toEqual(staged);
    expect(attached.errors).toEqual([]);
  }, SLOW);

  it('opens an agency with one range request of its cell block, and shows what the cells statement gives without it', async () => {
    const [a] = (await truth.query(`SELECT r.agency_id, min(r.report_id) FILTER (WHERE r.year = (SELECT min(year) FROM reports x WHERE x.agency_id = r.agency_id)) AS first_report
      FROM cells c JOIN reports r USING (report_id) GROUP BY r.agency_id ORDER BY count(*) DESC, r.agency_id LIMIT 1`)).rows;
    const agencyId = String(a?.agency_id);
    const blocks = entry.hot?.cell_blocks;
    expect(blocks?.path).toBe('agency-cells.bin');
    const open = async (manifest?: (m: Record<string, unknown>) => Record<string, unknown>): Promise<{ cells: string[][]; hits: Hit[]; errors: string[] }> => {
      const { server, hits } = await serve(true, manifest);
      const { context, page, log } = await openPage(browser);
      try {
        await page.goto(`${server.origin}/`);
        await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
        const from = hits.length;
        await page.goto(`${server.origin}/?view=agency&agency=${encodeURIComponent(agencyId)}`);
        const block = page.getByTestId(`report-${String(a?.first_report)}`);
        await block.waitFor({ timeout: SLOW });
        const cells = await block.locator('td[data-key]').evaluateAll((tds) =>
          tds.map((td) => [td.getAttribute('data-key') ?? '', td.getAttribute('data-semantic') ?? '', td.textContent, td.getAttribute('title') ?? '']));
        return { cells, hits: hits.slice(from), errors: log.consoleErrors };
      } finally {
        await context.close();
      }
    };
    const packed = await open();
    expect(packed.errors).toEqual([]);
    expect(packed.cells.filter(([, semantic]) => semantic !== 'absent').length).toBeGreaterThan(20);
    // One GET of the blocks file, for exactly the agency's block.
    const place = await blockPlace(agencyId);
    expect(packed.hits.filter((h) => h.path === '/data/agency-cells.bin')).toEqual([
      { method: 'GET', path: '/data/agency-cells.bin', range: `bytes=${String(place.offset)}-${String(place.offset + place.length - 1)}` },
    ]);
    // A blocks file that cannot be read (here: not there) leaves the cells to the statement, with the same page.
    const missing = await open((m) => {
      const database = m.database as { hot: Record<string, unknown> };
      return { ...m, database: { ...database, hot: { ...database.hot, cell_blocks: { ...blocks, path: 'no-such-cells.bin' } } } };
    });
    expect(missing.hits.filter((h) => h.path === '/data/no-such-cells.bin').length).toBeGreaterThan(0);
    expect(missing.cells).toEqual(packed.cells);
  }, SLOW);

  it('reads no cell block once files the user loads replace the attached corpus, and shows the same cells', async () => {
    const [a] = (await truth.query(`SELECT r.agency_id, min(r.report_id) AS first_report FROM reports r
      WHERE r.year = (SELECT min(year) FROM reports x WHERE x.agency_id = r.agency_id) GROUP BY r.agency_id ORDER BY count(*) DESC, r.agency_id LIMIT 1`)).rows;
    const agencyId = String(a?.agency_id);
    const { server, hits } = await serve(true);
    const { context, page } = await openPage(browser);
    try {
      // The app's query log (src/components/engine.ts), to see which statements ran.
      await page.addInitScript('window.__atlasBench = { queries: [], marks: {}, inFlight: 0 };');
      const blockStatements = (): Promise<number> => page.evaluate(() => (window as unknown as { __atlasBench: { queries: { sql: string }[] } }).__atlasBench.queries.filter((q) => q.sql.includes('v_agency_cell_blocks')).length);
      await page.goto(`${server.origin}/`);
      await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
      // In-app navigation (a reload would bring the default corpus back).
      const go = (search: string): Promise<void> => page.evaluate((s) => {
        history.pushState(null, '', s);
        dispatchEvent(new PopStateEvent('popstate'));
      }, search);
      const cellsShown = async (): Promise<string[][]> => {
        const block = page.getByTestId(`report-${String(a?.first_report)}`);
        await block.waitFor({ timeout: SLOW });
        return block.locator('td[data-key]').evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-key') ?? '', td.getAttribute('data-semantic') ?? '', td.textContent]));
      };
      await go(`?view=agency&agency=${encodeURIComponent(agencyId)}`);
      const attached = await cellsShown();
      expect(hits.filter((h) => h.path === '/data/agency-cells.bin')).toHaveLength(1);
      const asked = await blockStatements();
      expect(asked).toBeGreaterThan(0);
      await go('?view=data');
      const files = readdirSync(dir).filter((f) => f.endsWith('.parquet')).map((f) => join(dir, f));
      await page.getByTestId('corpus-files').setInputFiles(files);
      await expect.poll(() => page.getByTestId('corpus-indicator').textContent(), { timeout: SLOW }).toContain('reports.parquet');
      await go('?view=overview');
      await go(`?view=agency&agency=${encodeURIComponent(agencyId)}`);
      expect(await cellsShown()).toEqual(attached);
      expect(attached.filter(([, semantic]) => semantic !== 'absent').length).toBeGreaterThan(20);
      // Still the one read of the attached corpus, and no block looked for: the loaded files have none.
      expect(hits.filter((h) => h.path === '/data/agency-cells.bin')).toHaveLength(1);
      expect(await blockStatements()).toBe(asked);
    } finally {
      await context.close();
    }
  }, SLOW);

  it('falls back to the Parquet files when the server does not answer byte ranges', async () => {
    const { server, hits } = await serve(false);
    const shown = await openApp(server.origin);
    const reports = Number((await truth.query('SELECT count(*) AS n FROM reports')).rows[0]?.n);
    expect(shown.reports).toBe(String(reports));
    expect(shown.errors).toEqual([]);
    expect(hits.filter((h) => (h.path === `/data/${entry.path}` || h.path === `/data/${entry.hot?.path ?? ''}`) && h.method === 'GET')).toEqual([]);
    expect(hits.filter((h) => h.path === '/data/reports.parquet' && h.method === 'GET')).toHaveLength(1);
  }, SLOW);
});
