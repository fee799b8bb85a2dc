/**
 * End-to-end: the SQL 查询 console of the built app in headless chromium. Expected values come from
 * the same SQL run on native DuckDB over the same corpus files.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { parquetReadObjects } from 'hyparquet';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../shared';
import { CORPUS_TABLES } from '../../src/corpus/schema';
import type { DbConnector } from '../../src/db/connector';
import { downloadFrom, launchBrowser, loadTruthDb, offOrigin, openPage, serveStatic, type PageLog, type StaticServer, prepareApp } from './harness';

const SHOTS = join(REPO_ROOT, 'tmp', 'screenshots');
const SLOW = 120_000;

let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let log: PageLog;
let truth: DbConnector;
const cleanups: (() => Promise<void>)[] = [];

async function sql(q: string): Promise<Record<string, unknown>[]> {
  return (await truth.query(q)).rows;
}

const download = (click: () => Promise<void>) => downloadFrom(page, click, SLOW);

async function openConsole(p: Page, search = '?view=sql'): Promise<void> {
  await p.goto(`${server.origin}/${search}`);
  await p.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
  await p.waitForSelector('[data-testid="sql-editor"] .cm-content', { timeout: SLOW });
}

/** Replaces the editor's text as a user would (select all, type). */
async function setSql(text: string): Promise<void> {
  await page.locator('[data-testid="sql-editor"] .cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape'); // close a completion popup, if any
}

async function editorText(p: Page): Promise<string> {
  return (await p.locator('[data-testid="sql-editor"] .cm-line').allTextContents()).join('\n');
}

/** Runs with Ctrl+Enter and waits for rows (or an error). */
async function runAndWait(): Promise<void> {
  await page.locator('[data-testid="sql-editor"] .cm-content').press('Control+Enter');
  await page.waitForSelector('[data-testid="sql-status"], [data-testid="sql-error"]', { timeout: SLOW });
}

beforeAll(async () => {
  prepareApp();
  mkdirSync(SHOTS, { recursive: true });
  truth = await loadTruthDb();
  cleanups.push(() => truth.close());
  server = await serveStatic(join(REPO_ROOT, 'dist'));
  cleanups.push(() => server.close());
  browser = await launchBrowser();
  cleanups.push(() => browser.close());
  ({ context, page, log } = await openPage(browser));
  cleanups.push(() => context.close());
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await openConsole(page);
}, 900_000);

afterAll(async () => {
  for (const done of cleanups.reverse()) await done().catch(() => undefined);
});

const TOP = `SELECT agency_name, year, requests__new_received__total AS received
FROM v_reports WHERE requests__new_received__total IS NOT NULL
ORDER BY received DESC, report_id LIMIT 15`;

describe('SQL console', () => {
  it('runs a query with Ctrl+Enter; the grid shows what DuckDB returns', async () => {
    const want = await sql(TOP);
    expect(want.length).toBeGreaterThan(0);
    await setSql(TOP);
    await runAndWait();
    expect(await page.getByTestId('sql-status').getAttribute('data-rows')).toBe(String(want.length));
    const first = await page.locator('[data-testid="sql-grid-row"][data-row="0"] [role="gridcell"]').allTextContents();
    expect(first).toEqual([String(want[0]?.agency_name), String(want[0]?.year), String(want[0]?.received)]);
    await page.getByTestId('card-sql-quick').waitFor({ timeout: SLOW });
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(SHOTS, 'sql-console.png') });
  }, SLOW);

  it('the quick chart draws the result and exports its values and picture', async () => {
    const want = await sql(TOP);
    await page.getByTestId('quick-x').selectOption('agency_name');
    await page.getByTestId('quick-y').selectOption('received');
    const csv = await download(() => page.getByTestId('export-csv-sql-quick').click());
    const text = csv.bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    // Ranked bars: repeated names (one agency, several years) keep their largest value.
    const best = new Map<string, number>();
    for (const r of want) best.set(String(r.agency_name), Math.max(best.get(String(r.agency_name)) ?? -Infinity, Number(r.received)));
    const values = text.slice(1).trim().split(/\r?\n/).slice(1).map((l) => Number(l.split(',').at(-1)));
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect([...best.values(), ...want.map((r) => Number(r.received))]).toContain(v);
    const svg = await download(() => page.getByTestId('export-svg-sql-quick').click());
    expect(svg.bytes.toString('utf8')).toContain('<svg');
  }, SLOW);

  it('completes corpus column names in the editor', async () => {
    await setSql('SELECT requests__new_rec');
    await page.keyboard.press('Control+Space');
    const popup = page.locator('.cm-tooltip-autocomplete');
    await popup.waitFor({ timeout: 20_000 });
    expect(await popup.textContent()).toContain('requests__new_received__total');
    await page.keyboard.press('Escape');
    await setSql('SELECT checks.rule');
    await page.keyboard.press('Control+Space');
    await popup.waitFor({ timeout: SLOW });
    expect(await popup.textContent()).toContain('rule_id');
    await page.keyboard.press('Escape');
    await setSql(TOP);
    await runAndWait();
  }, SLOW);

  it('exports the result as CSV (BOM), XLSX and Parquet with the same rows', async () => {
    const want = await sql(TOP);
    const csv = await download(() => page.getByTestId('sql-export-csv').click());
    const text = csv.bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe('agency_name,year,received');
    expect(lines.length).toBe(want.length + 1);
    expect(lines.slice(1).map((l) => Number(l.split(',').at(-1)))).toEqual(want.map((r) => Number(r.received)));

    const pq = await download(() => page.getByTestId('sql-export-parquet').click());
    const rows = await parquetReadObjects({ file: new Uint8Array(pq.bytes).buffer });
    expect(rows.map((r) => [String(r.agency_name), Number(r.year), Number(r.received)])).toEqual(want.map((r) => [String(r.agency_name), Number(r.year), Number(r.received)]));

    const xlsx = await download(() => page.getByTestId('sql-export-xlsx').click());
    const files = unzipSync(new Uint8Array(xlsx.bytes));
    const xml = Object.entries(files).filter(([k]) => k.startsWith('xl/')).map(([, v]) => strFromU8(v)).join('');
    for (const r of want) expect(xml).toContain(String(r.agency_name).replace(/&/g, '&amp;'));
  }, SLOW);

  it('keeps a 100,000-row result virtual: few rows in the DOM, the last one reachable', async () => {
    await setSql('SELECT i, i * 2 AS doubled FROM range(100000) t(i) ORDER BY i');
    await runAndWait();
    await expect.poll(() => page.getByTestId('sql-status').getAttribute('data-rows'), { timeout: SLOW }).toBe('100000');
    expect(await page.getByTestId('sql-grid-row').count()).toBeLessThan(100);
    await page.getByTestId('sql-grid').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    const last = page.locator('[data-testid="sql-grid-row"][data-row="99999"]');
    await last.waitFor({ timeout: SLOW });
    expect(await last.locator('[role="gridcell"]').allTextContents()).toEqual(['99999', '199998']);
    expect(await page.getByTestId('sql-grid-row').count()).toBeLessThan(100);
  }, SLOW);

  it('shows DuckDB’s own error message next to the query', async () => {
    await setSql('SELECT no_such_column FROM reports');
    await runAndWait();
    const err = page.getByTestId('sql-error');
    expect(await err.getAttribute('data-refused')).toBe('false');
    expect(await err.textContent()).toMatch(/no_such_column/);
    expect(await err.textContent()).toMatch(/Binder Error|not found|找不到/i);
  }, SLOW);

  it('refuses DROP and leaves the corpus intact', async () => {
    const n = Number((await sql('SELECT count(*) AS n FROM reports'))[0]?.n);
    await setSql('DROP TABLE reports');
    await runAndWait();
    const err = page.getByTestId('sql-error');
    expect(await err.getAttribute('data-refused')).toBe('true');
    expect(await err.textContent()).toContain('DROP');
    await setSql('SELECT count(*) AS n FROM reports');
    await runAndWait();
    expect(await page.locator('[data-testid="sql-grid-row"][data-row="0"] [role="gridcell"]').allTextContents()).toEqual([String(n)]);
  }, SLOW);

  it('cancels a long query and keeps working afterwards', async () => {
    // 4×10^11 rows: hours if the engine kept running it, so the next answer comes only if it stopped.
    await setSql('SELECT sum(hash(a.i * b.i)) AS h FROM range(200000) a(i), range(2000000) b(i)');
    await page.getByTestId('sql-run').click();
    await page.getByTestId('sql-running').waitFor({ timeout: SLOW });
    await page.getByTestId('sql-cancel').click();
    await page.getByTestId('sql-cancelled').waitFor({ timeout: SLOW });
    await setSql('SELECT 41 + 1 AS answer');
    await runAndWait();
    expect(await page.locator('[data-testid="sql-grid-row"][data-row="0"] [role="gridcell"]').allTextContents()).toEqual(['42']);
  }, SLOW);

  it('a share link carries the SQL and reopens it in a new page', async () => {
    await setSql(TOP);
    await page.getByTestId('sql-share').click();
    const link = (await page.getByTestId('sql-share-link').inputValue());
    expect(new URL(link).origin).toBe(server.origin);
    const fresh = await context.newPage();
    try {
      await openConsole(fresh, link.slice(server.origin.length + 1));
      expect(await editorText(fresh)).toBe(TOP);
    } finally {
      await fresh.close();
    }
  }, SLOW);

  it('saves a query in local storage and lists it after a reload', async () => {
    await setSql('SELECT count(*) AS n FROM checks');
    await page.getByTestId('sql-save-name').fill('检查数量');
    await page.getByTestId('sql-save').click();
    await page.reload();
    await page.waitForSelector('[data-testid="sql-saved"]', { timeout: SLOW });
    expect(await page.getByTestId('sql-saved').textContent()).toContain('检查数量');
  }, SLOW);

  it('renders corpus-like strings as text in the grid and the quick chart', async () => {
    const xss = '<img src=x onerror=alert(1)>';
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
    await setSql(`SELECT '${xss}' AS name, 7 AS v`);
    await runAndWait();
    const cells = page.locator('[data-testid="sql-grid-row"][data-row="0"] [role="gridcell"]');
    expect(await cells.allTextContents()).toEqual([xss, '7']);
    expect(await page.locator('[data-testid="sql-grid"] img, [data-testid="card-sql-quick"] img').count()).toBe(0);
    await page.getByTestId('card-sql-quick').hover();
    await page.waitForTimeout(300);
    expect(dialogs).toBe(0);
  }, SLOW);

  it('restores the corpus from its source in one click', async () => {
    const n = Number((await sql('SELECT count(*) AS n FROM reports'))[0]?.n);
    await page.getByTestId('sql-restore').click();
    await page.getByText('语料已重新载入').waitFor({ timeout: SLOW });
    await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
    await setSql('SELECT count(*) AS n FROM reports');
    await runAndWait();
    expect(await page.locator('[data-testid="sql-grid-row"][data-row="0"] [role="gridcell"]').allTextContents()).toEqual([String(n)]);
  }, SLOW);

  it('restores files the user loaded from their kept bytes, not the default corpus', async () => {
    // The user's corpus: the default one limited to 2024, written as Parquet by native DuckDB.
    const dir = join(REPO_ROOT, 'tmp', 'e2e-user-corpus');
    mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    for (const t of CORPUS_TABLES) {
      const path = join(dir, `${t.name}.parquet`);
      const where = t.name === 'reports' ? 'year = 2024' : 'report_id IN (SELECT report_id FROM reports WHERE year = 2024)';
      await truth.exec(`COPY (SELECT * FROM ${t.name} WHERE ${where}) TO '${path.replace(/'/g, "''")}' (FORMAT parquet)`);
      files.push(path);
    }
    const n2024 = String((await sql('SELECT count(*) AS n FROM reports WHERE year = 2024'))[0]?.n);
    await page.goto(`${server.origin}/?view=data`);
    await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
    await page.getByTestId('corpus-files').setInputFiles(files);
    await page.getByTestId('loaded-label').filter({ hasText: 'reports.parquet' }).waitFor({ timeout: SLOW });
    // Within the app (a page load would start a new DuckDB with the default corpus).
    await page.getByTestId('nav-sql').click();
    await page.waitForSelector('[data-testid="sql-editor"] .cm-content', { timeout: SLOW });
    await page.getByTestId('sql-restore').click();
    await page.getByText('语料已重新载入').waitFor({ timeout: SLOW });
    await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
    await setSql('SELECT count(*) AS n, min(year) AS lo, max(year) AS hi FROM reports');
    await runAndWait();
    expect(await page.locator('[data-testid="sql-grid-row"][data-row="0"] [role="gridcell"]').allTextContents()).toEqual([n2024, '2024', '2024']);
  }, SLOW);

  it('made no request off the page origin and logged no console error', () => {
    expect(offOrigin(log.requests, server.origin)).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
  });
});
