/**
 * End-to-end: the 审查 Audit view of the built app in headless chromium. Expected values come from
 * SQL written here and run on native DuckDB over the same corpus files, never from `src/audit`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../shared';
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

/** Minimal RFC 4180 reader (quoted fields with commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text.charAt(i + 1) === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text.charAt(i + 1) === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

const numOrEmpty = (v: unknown): string => (v === null || v === undefined ? '' : String(Number(v)));

/** Until the findings table has all its rows: a new list paints its first rows, the rest just after. */
const tableComplete = (p: Page): Promise<void> => p.locator('[data-testid="audit-findings"][data-complete="true"]').waitFor({ timeout: SLOW });

async function openAudit(): Promise<void> {
  await page.goto(`${server.origin}/?view=audit`);
  await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
  await page.waitForSelector('[data-testid="audit-summary"]', { timeout: SLOW });
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
  await openAudit();
}, 900_000);

afterAll(async () => {
  for (const done of cleanups.reverse()) await done().catch(() => undefined);
});


/** Clicks a table's "show more" until every row is on the page; each click must add rows. */
async function showAll(page: Page, testId: string): Promise<void> {
  const button = page.getByTestId(testId);
  for (let clicks = 0; (await button.count()) > 0; clicks++) {
    expect(clicks).toBeLessThan(50);
    const label = await button.textContent();
    await button.click();
    await expect.poll(async () => (await button.count()) === 0 || (await button.textContent()) !== label).toBe(true);
  }
}

/**
 * Scrolls a lower card's heading into view and waits until its content is built: the cards below
 * the findings table render only when the reader comes near them (src/components/WhenNear.tsx).
 */
async function reveal(page: Page, titleId: string, pendingTestId: string): Promise<void> {
  await page.locator(`#${titleId}`).scrollIntoViewIfNeeded();
  await expect.poll(() => page.getByTestId(pendingTestId).count(), { timeout: SLOW }).toBe(0);
}

describe('audit view', () => {
  it('paints a new list\'s first rows first, then the rest of its first hundred', async () => {
    const failed = Number(await page.getByTestId('audit-summary').getAttribute('data-findings'));
    // With the undecided findings the default corpus's list is longer than a first paint's rows.
    await page.getByTestId('audit-uncertain').check();
    await expect.poll(() => page.getByTestId('audit-summary').getAttribute('data-findings'), { timeout: SLOW }).not.toBe(String(failed));
    const total = Number(await page.getByTestId('audit-summary').getAttribute('data-findings'));
    expect(total).toBeGreaterThan(30);
    await tableComplete(page);
    expect(await page.getByTestId('finding-row').count()).toBe(Math.min(100, total));
    await page.getByTestId('audit-uncertain').uncheck();
    await expect.poll(() => page.getByTestId('audit-summary').getAttribute('data-findings'), { timeout: SLOW }).toBe(String(failed));
    await tableComplete(page);
    expect(await page.getByTestId('finding-row').count()).toBe(Math.min(100, failed));
  }, SLOW);

  it('lists every failed check of the corpus with agency, year, expected and actual', async () => {
    const want = await sql(`SELECT c.rule_id, c.report_id, r.year, c.expected, c.actual
      FROM checks c JOIN reports r ON r.report_id = c.report_id WHERE c.status = 'fail'`);
    expect(want.length).toBeGreaterThan(0);
    await page.getByTestId('audit-source').selectOption('check');
    await expect.poll(() => page.getByTestId('audit-summary').getAttribute('data-findings'), { timeout: SLOW }).toBe(String(want.length));
    await tableComplete(page);
    const rows = await page.getByTestId('finding-row').evaluateAll((trs) =>
      trs.map((tr) => ({
        rule: tr.getAttribute('data-rule') ?? '',
        report: tr.getAttribute('data-report') ?? '',
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
      })),
    );
    const got = rows.map((r) => `${r.rule}|${r.report}|${r.cells[5] ?? ''}|${r.cells[7] ?? ''}|${r.cells[8] ?? ''}`).sort();
    const expected = want.map((w) => `${String(w.rule_id)}|${String(w.report_id)}|${String(w.year)}|${numOrEmpty(w.expected)}|${numOrEmpty(w.actual)}`).sort();
    expect(got).toEqual(expected);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SHOTS, 'audit-findings.png') });
  }, SLOW);

  it('filters by severity and groups by rule, with group sizes that match SQL', async () => {
    const perRule = await sql(`SELECT rule_id, count(*) AS n FROM checks WHERE status = 'fail' AND severity = 'error' GROUP BY rule_id`);
    await page.getByTestId('audit-severity').selectOption('error');
    await page.getByTestId('audit-group').selectOption('rule');
    const total = perRule.reduce((s, r) => s + Number(r.n), 0);
    await expect.poll(() => page.getByTestId('audit-summary').getAttribute('data-findings'), { timeout: SLOW }).toBe(String(total));
    await tableComplete(page);
    const groups = await page.getByTestId('finding-group').evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-group') ?? '', g.querySelectorAll('[data-testid="finding-row"]').length] as const));
    expect(Object.fromEntries(groups)).toEqual(Object.fromEntries(perRule.map((r) => [String(r.rule_id), Number(r.n)])));
    // The table's filters are in the URL (written when the page is idle): the link reopens the same list in a fresh page.
    await expect.poll(() => new URL(page.url()).searchParams.get('agroup')).toBe('rule');
    const url = page.url();
    expect(new URL(url).searchParams.get('asev')).toBe('error');
    const second = await openPage(browser);
    try {
      await second.page.goto(url);
      await expect.poll(() => second.page.getByTestId('audit-summary').getAttribute('data-findings'), { timeout: SLOW }).toBe(String(total));
      expect(await second.page.getByTestId('audit-severity').inputValue()).toBe('error');
      expect(await second.page.getByTestId('finding-group').count()).toBe(perRule.length);
    } finally {
      await second.context.close();
    }
    await page.getByTestId('audit-severity').selectOption('');
    await page.getByTestId('audit-group').selectOption('');
  }, SLOW);

  it('exports the findings as CSV (BOM, one row per finding) and XLSX', async () => {
    const want = await sql(`SELECT c.rule_id, r.agency_name, r.year, c.message_zh, c.expected, c.actual
      FROM checks c JOIN reports r ON r.report_id = c.report_id WHERE c.status = 'fail'`);
    await page.getByTestId('audit-source').selectOption('check');
    await expect.poll(() => page.getByTestId('audit-summary').getAttribute('data-findings'), { timeout: SLOW }).toBe(String(want.length));
    const csv = await download(() => page.getByTestId('audit-export-csv').click());
    expect(csv.name).toMatch(/\.csv$/);
    const text = csv.bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [head, ...body] = parseCsv(text.slice(1)).filter((r) => r.length > 1);
    expect(head).toEqual(expect.arrayContaining(['机构', '年度', '规则编号', '说明', '应为', '实为']));
    const col = (name: string): number => head?.indexOf(name) ?? -1;
    const got = body.map((r) => [r[col('规则编号')], r[col('机构')], r[col('年度')], r[col('说明')], r[col('应为')], r[col('实为')]].join('|')).sort();
    const expected = want
      .map((w) => [String(w.rule_id), String(w.agency_name), String(w.year), String(w.message_zh), numOrEmpty(w.expected), numOrEmpty(w.actual)].join('|'))
      .sort();
    expect(got).toEqual(expected);

    const xlsx = await download(() => page.getByTestId('audit-export-xlsx').click());
    const files = unzipSync(new Uint8Array(xlsx.bytes));
    const sheet = Object.entries(files).find(([k]) => /xl\/worksheets\/sheet1\.xml$/.test(k));
    expect(sheet).toBeDefined();
    const shared = files['xl/sharedStrings.xml'];
    const xml = strFromU8(sheet?.[1] ?? new Uint8Array()) + (shared ? strFromU8(shared) : '');
    for (const w of want) expect(xml).toContain(String(w.rule_id));
    expect((strFromU8(sheet?.[1] ?? new Uint8Array()).match(/<row /g) ?? []).length).toBe(want.length + 1);
    await page.getByTestId('audit-source').selectOption('');
  }, SLOW);

  it('coverage grid: one row per agency, a cell per year, missing exactly where the corpus has no report', async () => {
    const agencies = await sql(`SELECT count(DISTINCT agency_id) AS n, min(year) AS lo, max(year) AS hi FROM reports WHERE year IS NOT NULL`);
    const have = await sql(`SELECT DISTINCT agency_id, year FROM reports WHERE year IS NOT NULL`);
    const a = agencies[0] ?? {};
    const years = Number(a.hi) - Number(a.lo) + 1;
    await reveal(page, 'audit-coverage-title', 'coverage-pending');
    const grid = page.getByTestId('coverage-grid');
    await grid.waitFor({ timeout: SLOW });
    // The grid shows its first 100 agencies, and the rest on demand.
    expect(await grid.locator('tbody tr').count()).toBe(Math.min(100, Number(a.n)));
    await showAll(page, 'coverage-more');
    const cells = await grid.locator('tbody tr').evaluateAll((trs) =>
      trs.flatMap((tr) => [...tr.querySelectorAll('td')].map((td) => `${tr.getAttribute('data-agency') ?? ''}|${td.getAttribute('data-year') ?? ''}|${td.getAttribute('data-status') ?? ''}`)),
    );
    expect(await grid.locator('tbody tr').count()).toBe(Number(a.n));
    expect(cells.length).toBe(Number(a.n) * years);
    const present = new Set(have.map((r) => `${String(r.agency_id)}|${String(r.year)}`));
    for (const c of cells) {
      const [agency, year, status] = c.split('|');
      expect(status === 'missing', c).toBe(!present.has(`${agency ?? ''}|${year ?? ''}`));
    }
    const missing = cells.filter((c) => c.endsWith('|missing')).length;
    expect(await page.getByTestId('coverage-count-missing').textContent()).toContain(String(missing));
    await grid.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'audit-coverage.png') });
  }, SLOW);

  it('explains the score, ranks every agency and says whether narratives were compared', async () => {
    const n = Number((await sql(`SELECT count(DISTINCT agency_id) AS n FROM reports`))[0]?.n);
    await reveal(page, 'audit-ranking-title', 'ranking-pending');
    await reveal(page, 'audit-copies-title', 'copies-pending');
    expect(await page.getByTestId('score-formula').textContent()).toContain('100');
    await showAll(page, 'ranking-more');
    const scores = await page.getByTestId('ranking-score').allTextContents();
    expect(scores.length).toBe(n);
    const nums = scores.map(Number);
    expect(nums.every((s) => s >= 0 && s <= 100)).toBe(true);
    expect([...nums].sort((x, y) => y - x)).toEqual(nums);
    await page.getByTestId('ranking-worst-first').check();
    await showAll(page, 'ranking-more');
    const worst = (await page.getByTestId('ranking-score').allTextContents()).map(Number);
    expect(worst).toEqual([...nums].reverse());
    await page.getByTestId('ranking-worst-first').uncheck();
    await showAll(page, 'ranking-more');
    // SCORE_FORMULA: 10 points per failed error rule, counted once per report and rule (other deductions only lower it).
    const errs = await sql(`SELECT r.agency_id, count(DISTINCT c.report_id || '|' || c.rule_id) AS n
      FROM checks c JOIN reports r ON r.report_id = c.report_id
      WHERE c.status = 'fail' AND c.severity = 'error' AND c.rule_id <> 'TIMELINESS' GROUP BY r.agency_id`);
    expect(errs.length).toBeGreaterThan(0);
    for (const e of errs) {
      const cell = page.locator(`[data-testid="ranking-row"][data-agency="${String(e.agency_id)}"] [data-testid="ranking-score"]`);
      expect(Number(await cell.textContent())).toBeLessThanOrEqual(Math.max(0, 100 - 10 * Number(e.n)));
    }
    // The loader takes the narratives with the rest: they are compared, and no default-corpus agency copies its previous report.
    expect(Number((await sql(`SELECT count(*) AS n FROM report_texts`))[0]?.n)).toBeGreaterThan(100);
    expect(await page.getByTestId('copies-no-narratives').count()).toBe(0);
    expect(await page.getByTestId('copies-none').count()).toBe(1);
    await page.getByTestId('ranking').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'audit-ranking.png') });
  }, SLOW);

  it('prints an agency audit sheet: a static, escaped HTML document with print CSS', async () => {
    const worst = await sql(`SELECT r.agency_id, any_value(r.agency_name) AS name, count(*) AS n
      FROM checks c JOIN reports r ON r.report_id = c.report_id WHERE c.status = 'fail' AND c.severity = 'error'
      GROUP BY r.agency_id ORDER BY n DESC, r.agency_id LIMIT 1`);
    const w = worst[0];
    expect(w).toBeDefined();
    await reveal(page, 'audit-sheet-title', 'sheet-pending');
    await page.getByTestId('sheet-agency').selectOption(String(w?.agency_id));
    const frame = page.getByTestId('sheet-frame');
    await expect.poll(async () => (await frame.getAttribute('srcdoc')) ?? '', { timeout: SLOW }).toContain(String(w?.name));
    const doc = (await frame.getAttribute('srcdoc')) ?? '';
    expect(doc).toContain('@page');
    expect(doc).not.toMatch(/<script/i);
    const rules = await sql(`SELECT DISTINCT c.rule_id FROM checks c JOIN reports r ON r.report_id = c.report_id WHERE c.status = 'fail' AND r.agency_id = '${String(w?.agency_id).replace(/'/g, "''")}'`);
    for (const r of rules) expect(doc).toContain(String(r.rule_id));
  }, SLOW);

  it('a finding opens the agency profile with the failing cells highlighted', async () => {
    const f = (await sql(`SELECT c.report_id, r.agency_id, c.keys FROM checks c JOIN reports r ON r.report_id = c.report_id
      WHERE c.status = 'fail' AND c.keys IS NOT NULL AND c.keys <> '' ORDER BY c.report_id, c.rule_id LIMIT 1`))[0];
    expect(f).toBeDefined();
    const row = page.locator(`[data-testid="finding-row"][data-report="${String(f?.report_id)}"]`).first();
    await row.locator('button.link').click();
    await page.waitForSelector('[data-testid="view-agency"]', { timeout: SLOW });
    await expect.poll(() => new URL(page.url()).searchParams.get('agency')).toBe(String(f?.agency_id));
    await page.getByTestId(`failed-checks-${String(f?.report_id)}`).waitFor({ timeout: SLOW });
    expect(await page.locator('table.official td.fail').count()).toBeGreaterThan(0);
  }, SLOW);

  it('English labels, and no request off the origin nor console error', async () => {
    await page.goto(`${server.origin}/?view=audit&lang=en`);
    await page.waitForSelector('[data-testid="audit-summary"]', { timeout: SLOW });
    expect(await page.getByTestId('audit-summary').textContent()).toMatch(/findings/);
    expect(offOrigin(log.requests, server.origin)).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
  }, SLOW);
});
