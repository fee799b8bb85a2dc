/**
 * End-to-end harness: a plain static file server over dist/ (scripts/static-server.ts: proving the
 * build works without vite), Debian's chromium through playwright-core, and a page that records every request and console error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadCorpusFiles } from '../../src/corpus/load';
import { CORPUS_TABLES } from '../../src/corpus/schema';
import type { DbConnector } from '../../src/db/connector';
import { createNodeDb } from '../../src/db/node';
import { REPO_ROOT } from '../shared';
import { ensureBuilt, ensureCorpus } from '../../scripts/build-lib.mjs';

export { serveStatic, type StaticServer } from '../../scripts/static-server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Playwright's launch gives every browser a fresh temporary profile. */
/** What every e2e file needs first: Chromium present, data/ built, dist/ built and current. */
export function prepareApp(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  ensureCorpus(REPO_ROOT);
  ensureBuilt(REPO_ROOT);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

export interface PageLog {
  readonly requests: string[];
  readonly consoleErrors: string[];
}

/** A 1366×768 page that logs every request and every console error / uncaught exception. */
export async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; log: PageLog }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'zh-CN' });
  const page = await context.newPage();
  const log: PageLog = { requests: [], consoleErrors: [] };
  context.on('request', (r) => { log.requests.push(r.url()); });
  page.on('console', (m) => { if (m.type() === 'error') log.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => { log.consoleErrors.push(`pageerror: ${e.message}`); });
  return { context, page, log };
}

/** Requests that left the page's origin (data: and blob: URLs are local). */
export function offOrigin(requests: readonly string[], origin: string): string[] {
  return requests.filter((u) => !u.startsWith(`${origin}/`) && u !== origin && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** The default corpus (data/*.parquet) in native DuckDB: the independent truth the app's screens are compared with. */
export async function loadTruthDb(): Promise<DbConnector> {
  const db = await createNodeDb();
  const dir = join(REPO_ROOT, 'data');
  const loaded = await loadCorpusFiles(db, CORPUS_TABLES.map((t) => ({ name: `${t.name}.parquet`, bytes: new Uint8Array(readFileSync(join(dir, `${t.name}.parquet`))) })));
  if (!loaded.ok) {
    await db.close();
    throw new Error(`truth corpus: ${loaded.error.en}`);
  }
  return db;
}

/** Clicks and returns the file the page downloads in response. */
export async function downloadFrom(page: Page, click: () => Promise<void>, timeout: number): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout }), click()]);
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}
