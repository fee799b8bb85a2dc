/**
 * End-to-end harness: a plain static file server over dist/ (proving the build works without vite),
 * Debian's chromium through playwright-core, and a page that records every request and console error.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadCorpusFiles } from '../../src/corpus/load';
import { CORPUS_TABLES } from '../../src/corpus/schema';
import type { DbConnector } from '../../src/db/connector';
import { createNodeDb } from '../../src/db/node';
import { REPO_ROOT } from '../shared';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.parquet': 'application/octet-stream',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves `root` like nginx would: real 404s for missing files (unlike vite preview's HTML fallback). */
export async function serveStatic(root: string): Promise<StaticServer> {
  const base = resolve(root);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${String(port)}`,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => { ok(); }); }),
  };
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Playwright's launch gives every browser a fresh temporary profile. */
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
