/**
 * End-to-end: report import on the 数据 Data view of the built app in headless chromium. Three real
 * PDFs of the shared corpus, a real HTML report (one blank cell printed as `/` instead) and a damaged
 * PDF are picked, a scanned (image-only) PDF is dropped; the files parse in the worker; the review
 * shows the hand-checked values of `expected/*.json`; corrections and acceptance reach DuckDB and
 * the Compare view; the downloaded corpus holds the imports; undo restores the default corpus.
 * Expected figures come from `expected/*.json` and from SQL on native DuckDB over `data/`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { parquetReadObjects } from 'hyparquet';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CORPUS_DIR, REPO_ROOT } from '../shared';
import { parseCsvObjects } from '../../src/corpus/csv';
import type { DbConnector } from '../../src/db/connector';
import { imageOnlyPdf } from '../ingest-pdf/build-pdf';
import { downloadFrom, launchBrowser, loadTruthDb, offOrigin, openPage, serveStatic, type PageLog, type StaticServer, prepareApp } from './harness';

const SHOTS = join(REPO_ROOT, 'tmp', 'screenshots');
const WORK = join(REPO_ROOT, 'tmp', 'e2e-import');
const SLOW = 180_000;

type ExpectedValue = number | null | string | { raw: string; yuan: number };
interface Expected {
  readonly id: string;
  readonly year: number;
  readonly agency: string;
  readonly template: string;
  readonly cells: Readonly<Record<string, ExpectedValue>>;
}

const manifest = parseCsvObjects(readFileSync(join(CORPUS_DIR, 'manifest.csv'), 'utf8'));
function manifestRow(id: string): Record<string, string> {
  const r = manifest.find((m) => m.id === id);
  if (!r) throw new Error(`manifest has no ${id}`);
  return r;
}
function reportPath(id: string): string {
  return join(CORPUS_DIR, manifestRow(id).file ?? '');
}
function expected(id: string): Expected {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', `${id}.json`), 'utf8')) as Expected;
}
const received = (id: string): number => {
  const v = expected(id).cells['requests.new_received.total'];
  if (typeof v !== 'number') throw new Error(`${id}: no requests.new_received.total in expected`);
  return v;
};

/** The cell of 001.html that becomes `/` (二、上年结转, 法人：商业企业; blank in the original). */
const SLASH_KEY = 'requests.carried_over.org_commercial';
const BLANK_KEY = 'requests.new_received.org_research';
const HTML_NAME = '001-slash.html';
const DAMAGED_NAME = 'damaged.pdf';
/** The four files that parse, by report id the import gives them. */
const IMPORTED = { 'import:092': '092', 'import:203': '203', 'import:204': '204', 'import:001-slash': '001' } as const;

let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let log: PageLog;
let truth: DbConnector;
let defaultReports = 0;
const cleanups: (() => Promise<void>)[] = [];

async function sql(q: string): Promise<Record<string, unknown>[]> {
  return (await truth.query(q)).rows;
}
async function scalar(q: string): Promise<number> {
  return Number((await sql(q))[0]?.v);
}

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `import-${name}.png`) });
}

/** Changes the URL in place (as a link would) without reloading: DuckDB and the import list stay. */
async function nav(search: string): Promise<void> {
  await page.evaluate((s) => {
    history.pushState(null, '', s);
    dispatchEvent(new PopStateEvent('popstate'));
  }, search);
}

interface RowInfo { file: string; status: string; note: string; reportId: string }
async function rows(): Promise<RowInfo[]> {
  return page.getByTestId('import-row').evaluateAll((els) =>
    els.map((el) => ({
      file: el.getAttribute('data-file') ?? '',
      status: el.getAttribute('data-status') ?? '',
      note: el.querySelector('[data-testid="import-note"]')?.textContent ?? '',
      reportId: el.getAttribute('data-report-id') ?? '',
    })),
  );
}

async function openReview(file: string): Promise<void> {
  await page.locator(`[data-testid="import-row"][data-file="${file}"] [data-testid="import-open"]`).click();
  await page.locator(`[data-testid="import-review"]`).getByRole('heading', { name: new RegExp(file.replace('.', '\\.')) }).waitFor({ timeout: SLOW });
}

interface ShownCell { text: string; semantic: string; title: string }
async function reviewCells(): Promise<Map<string, ShownCell>> {
  const list = await page.locator('[data-testid="import-review"] td[data-key]').evaluateAll((tds) =>
    tds.map((td) => [td.getAttribute('data-key') ?? '', { text: td.textContent, semantic: td.getAttribute('data-semantic') ?? '', title: td.getAttribute('title') ?? '' }] as const),
  );
  return new Map(list);
}

/** Every hand-checked cell of `id` as the review shows it: numbers as printed, blanks empty, money as printed. */
function expectCellsMatch(id: string, shown: ReadonlyMap<string, ShownCell>, except: readonly string[] = []): number {
  let n = 0;
  for (const [key, want] of Object.entries(expected(id).cells)) {
    if (except.includes(key)) continue;
    const got = shown.get(key);
    expect(got, `${id} ${key}`).toBeDefined();
    if (!got) continue;
    if (want === null) {
      expect(got.semantic, `${id} ${key}`).toBe('blank');
      expect(got.text, `${id} ${key}`).toBe('');
    } else if (want === 'na') {
      expect(got.semantic, `${id} ${key}`).toBe('na');
    } else if (typeof want === 'number') {
      expect(got.semantic, `${id} ${key}`).toBe('number');
      expect(Number(got.text.replace(/,/g, '')), `${id} ${key}`).toBe(want);
    } else if (typeof want === 'string') {
      expect(got.text, `${id} ${key}`).toBe(want);
    } else {
      expect(got.text.replace(/\s+/g, ''), `${id} ${key}`).toBe(want.raw.replace(/\s+/g, ''));
    }
    n++;
  }
  return n;
}

/** The Compare values table as member key → year → shown number (NaN for "—"). */
async function compareTable(): Promise<Map<string, Map<number, number>>> {
  // Every row, not only the first paint's screenful.
  const data = await page.locator('[data-testid="compare-table"][data-complete="true"]').evaluate((table) => {
    const years = [...table.querySelectorAll('thead th.num')].map((th) => Number(th.textContent));
    return [...table.querySelectorAll('tbody tr')].map((tr) => ({
      key: tr.getAttribute('data-key') ?? '',
      label: tr.querySelector('td')?.textContent ?? '',
      values: [...tr.querySelectorAll('td.num')].map((td, i) => [years[i] ?? 0, td.textContent] as const),
    }));
  });
  return new Map(data.map((r) => [r.key, new Map(r.values.map(([y, t]) => [y, Number(t.replace(/[,\s]/g, ''))]))]));
}

async function waitImportIdle(done: number): Promise<void> {
  const prog = page.getByTestId('import-progress');
  await expect.poll(async () => `${String(await prog.getAttribute('data-running'))}|${String(await prog.getAttribute('data-done'))}`, { timeout: SLOW }).toBe(`false|${String(done)}`);
}

const indicatorReports = (): Promise<string | null> => page.getByTestId('corpus-indicator').getAttribute('data-reports');

beforeAll(async () => {
  prepareApp();
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(WORK, { recursive: true });
  // The real 001.html with one blank cell printed as `/`, so the review has a `/` to show.
  const html = readFileSync(reportPath('001'), 'utf8');
  const row = html.indexOf('二、上年结转政府信息公开申请数量');
  const blank = html.indexOf('&nbsp;', row);
  if (row < 0 || blank < 0) throw new Error('001.html: the carried-over row was not found');
  writeFileSync(join(WORK, HTML_NAME), `${html.slice(0, blank)}/${html.slice(blank + '&nbsp;'.length)}`);
  // A PDF cut off after its first 3 kB: no cross-reference table, no pages.
  writeFileSync(join(WORK, DAMAGED_NAME), readFileSync(reportPath('092')).subarray(0, 3000));

  truth = await loadTruthDb();
  cleanups.push(() => truth.close());
  defaultReports = await scalar('SELECT count(*) AS v FROM reports');
  server = await serveStatic(join(REPO_ROOT, 'dist'));
  cleanups.push(() => server.close());
  browser = await launchBrowser();
  cleanups.push(() => browser.close());
  ({ context, page, log } = await openPage(browser));
  cleanups.push(() => context.close());
  await page.goto(`${server.origin}/?view=data`);
  await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
}, 900_000);

afterAll(async () => {
  for (const done of cleanups.reverse()) await done().catch(() => undefined);
});

describe('report import', () => {
  it('parses picked PDFs and HTML in the worker; the damaged file gets its reason and blocks nothing', async () => {
    expect(await indicatorReports()).toBe(String(defaultReports));
    const files = [reportPath('092'), reportPath('203'), reportPath('204'), join(WORK, HTML_NAME), join(WORK, DAMAGED_NAME)];
    await page.getByTestId('import-files').setInputFiles(files);
    await waitImportIdle(5);
    const got = await rows();
    expect(got.map((r) => r.file)).toEqual(['092.pdf', '203.pdf', '204.pdf', HTML_NAME, DAMAGED_NAME]);
    const byFile = new Map(got.map((r) => [r.file, r]));
    const damaged = byFile.get(DAMAGED_NAME);
    expect(damaged?.status).toBe('error');
    expect(damaged?.note.length).toBeGreaterThan(4);
    expect(damaged?.note).toMatch(/[\u4e00-\u9fff]/);
    for (const f of ['092.pdf', '203.pdf', '204.pdf', HTML_NAME]) expect(['ok', 'warn'], f).toContain(byFile.get(f)?.status);
    // 203 prints 行政复议 10/1/0/0 with 总计 0: its own table fails T4-SUM.
    expect(byFile.get('203.pdf')?.status).toBe('warn');
    expect(byFile.get('092.pdf')?.reportId).toBe('import:092');
    const summary = page.getByTestId('import-summary');
    expect(await summary.getAttribute('data-error')).toBe('1');
    expect(await summary.getAttribute('data-total')).toBe('5');
    await shot('list');
  }, SLOW);

  it('a scanned PDF dropped on the zone (image only, no text layer) is refused as such; nothing else changes', async () => {
    const bytes = [...imageOnlyPdf(1)];
    await page.evaluate((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'scan.pdf', { type: 'application/pdf' }));
      const zone = document.querySelector('[data-testid="import-dropzone"]');
      if (!zone) throw new Error('no drop zone');
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await waitImportIdle(1);
    const got = await rows();
    const scan = got.find((r) => r.file === 'scan.pdf');
    expect(scan?.status).toBe('error');
    expect(scan?.note).toContain('扫描件，无文字层');
    expect(got.filter((r) => r.status === 'error').map((r) => r.file).sort()).toEqual([DAMAGED_NAME, 'scan.pdf']);
    expect(got).toHaveLength(6);
    await shot('scan');
  }, SLOW);

  it('reviews 092: detected identity and every hand-checked cell as printed; the tooltip names page and line', async () => {
    await openReview('092.pdf');
    const want = expected('092');
    expect(await page.getByTestId('detected-agency').textContent()).toBe(want.agency);
    expect(await page.getByTestId('detected-year').textContent()).toBe(String(want.year));
    expect(await page.getByTestId('detected-template').textContent()).toBe(want.template === 'v2021' ? '2021版' : want.template);
    const shown = await reviewCells();
    expect(expectCellsMatch('092', shown)).toBe(Object.keys(want.cells).length);
    const td = page.locator('[data-testid="import-review"] td[data-key="requests.new_received.total"]');
    await td.hover();
    const title = await td.getAttribute('title');
    expect(title).toMatch(/^第 \d+ 页 第 \d+ 行 · 原文：“3,?119”/);
    expect(String(received('092'))).toBe('3119');
    await shot('review-092');
  }, SLOW);

  it('reviews the HTML report: `/` shown as `/`, blank as blank, the rest as hand-checked', async () => {
    await openReview(HTML_NAME);
    const shown = await reviewCells();
    expect(expected('001').cells[SLASH_KEY]).toBeNull();
    expect(shown.get(SLASH_KEY)).toMatchObject({ text: '/', semantic: 'na' });
    expect(shown.get(BLANK_KEY)).toMatchObject({ text: '', semantic: 'blank' });
    expect(shown.get(BLANK_KEY)?.title).toContain('空白');
    expect(shown.get(BLANK_KEY)?.title).toMatch(/位置 \S+/);
    expect(expectCellsMatch('001', shown, [SLASH_KEY])).toBe(Object.keys(expected('001').cells).length - 1);
    await shot('review-html');
  }, SLOW);

  it('corrects agency type and region of the HTML report and the region of 092 before accepting', async () => {
    const m001 = manifestRow('001');
    await openReview(HTML_NAME);
    expect(await page.getByTestId('import-edit-agencyType').inputValue()).not.toBe(m001.agency_type);
    await page.getByTestId('import-edit-agencyType').selectOption(m001.agency_type ?? '');
    await page.getByTestId('import-edit-province').fill(m001.province ?? '');
    await page.getByTestId('import-edit-city').fill(m001.city ?? '');
    // A year typed half-way is refused on screen and never reaches the report.
    await page.getByTestId('import-edit-year').fill('20');
    await page.getByText('年度应为 1990–2100 之间的整数').waitFor({ timeout: SLOW });
    await page.getByTestId('import-edit-year').fill(String(expected('001').year));
    expect(await page.getByText('年度应为 1990–2100 之间的整数').count()).toBe(0);
    await expect.poll(() => page.locator(`[data-testid="import-row"][data-file="${HTML_NAME}"] .import-agency`).textContent(), { timeout: SLOW }).toContain('政府');

    const m092 = manifestRow('092');
    await openReview('092.pdf');
    await page.getByTestId('import-edit-province').fill(m092.province ?? '');
    await page.getByTestId('import-edit-city').fill(m092.city ?? '');
    await shot('review-edited');
  }, SLOW);

  it('accepts every usable report: the corpus grows by four, the failures stay listed', async () => {
    await page.getByTestId('import-accept-all').click();
    await expect.poll(() => page.getByTestId('import-notice').textContent(), { timeout: SLOW }).toContain('已加入 4 份报告');
    await expect.poll(indicatorReports, { timeout: SLOW }).toBe(String(defaultReports + 4));
    expect((await rows()).map((r) => r.file).sort()).toEqual([DAMAGED_NAME, 'scan.pdf']);
    expect(await page.getByTestId('import-undo').isEnabled()).toBe(true);
    await shot('accepted');
  }, SLOW);

  it('shows the imported reports in Compare: by agency type and by agency, truth + hand-checked figures', async () => {
    await nav('?view=compare&metric=requests_received&dim=agency_type&chart=ranked');
    const base = await sql(`SELECT r.agency_type, r.year, sum(v.requests__new_received__total) AS s FROM reports r JOIN report_values v USING (report_id)
      WHERE r.year IS NOT NULL GROUP BY ALL`);
    const want = new Map<string, number>();
    for (const r of base) if (r.s !== null) want.set(`${String(r.agency_type)}|${String(r.year)}`, Number(r.s));
    // After the corrections every import is a government report.
    for (const id of Object.values(IMPORTED)) {
      const k = `government|${String(expected(id).year)}`;
      want.set(k, (want.get(k) ?? 0) + received(id));
    }
    await expect.poll(async () => (await compareTable()).get('government')?.get(2024), { timeout: SLOW }).toBe(want.get('government|2024'));
    const table = await compareTable();
    for (const [k, v] of want) {
      const [type, year] = k.split('|');
      expect(table.get(type ?? '')?.get(Number(year)), k).toBe(v);
    }
    await shot('compare-type');

    await nav('?view=compare&metric=requests_received&dim=agency&chart=ranked');
    const [huaian] = await sql(`SELECT agency_id FROM reports WHERE report_id = '092'`);
    const huaianId = String(huaian?.agency_id);
    const huaian2024 = await scalar(`SELECT sum(v.requests__new_received__total) AS v FROM reports r JOIN report_values v USING (report_id) WHERE r.agency_id = '${huaianId}' AND r.year = 2024`);
    // 092 corrected to its region pairs with the corpus' 淮安市人民政府; 203 keeps the name it prints, new to the corpus.
    await expect.poll(async () => (await compareTable()).get(huaianId)?.get(2024), { timeout: SLOW }).toBe(huaian2024 + received('092'));
    const names = await page.locator('[data-testid="compare-table"][data-complete="true"] tbody tr td:first-child').allTextContents();
    expect(names).toContain('洪泽区人民政府');
    expect(await sql(`SELECT 1 FROM reports WHERE agency_name = '洪泽区人民政府'`)).toEqual([]);
    await shot('compare-agency');
  }, SLOW);

  it('downloads the enlarged corpus (zip and per-table files) with the imported reports in it', async () => {
    await nav('?view=data');
    const zip = await downloadFrom(page, () => page.getByTestId('import-download-zip').click(), SLOW);
    expect(zip.name).toMatch(/\.zip$/);
    const files = unzipSync(new Uint8Array(zip.bytes));
    const man = JSON.parse(strFromU8(files['manifest.json'] ?? new Uint8Array())) as { tables: Record<string, { rows: number }> };
    const reportsPq = files['reports.parquet'];
    const cellsPq = files['cells.parquet'];
    if (!reportsPq || !cellsPq) throw new Error('zip lacks reports.parquet or cells.parquet');
    const reports = await parquetReadObjects({ file: reportsPq.slice().buffer });
    expect(reports).toHaveLength(defaultReports + 4);
    expect(man.tables.reports?.rows).toBe(defaultReports + 4);
    const ids = reports.map((r) => String(r.report_id));
    for (const id of Object.keys(IMPORTED)) expect(ids).toContain(id);
    const imported001 = reports.find((r) => r.report_id === 'import:001-slash');
    expect(imported001).toMatchObject({ agency_type: 'government', province: manifestRow('001').province, city: manifestRow('001').city, year: expected('001').year });

    const cells = await parquetReadObjects({ file: cellsPq.slice().buffer });
    const defaultCells = await scalar('SELECT count(*) AS v FROM cells');
    expect(cells.filter((c) => !String(c.report_id).startsWith('import:'))).toHaveLength(defaultCells);
    for (const [rid, id] of Object.entries(IMPORTED)) {
      const mine = new Map(cells.filter((c) => c.report_id === rid).map((c) => [String(c.key), c]));
      for (const [key, v] of Object.entries(expected(id).cells)) {
        if (typeof v === 'number' && !(id === '001' && key === SLASH_KEY)) expect(Number(mine.get(key)?.value), `${rid} ${key}`).toBe(v);
      }
    }
    expect(cells.find((c) => c.report_id === 'import:001-slash' && c.key === SLASH_KEY)).toMatchObject({ semantic: 'na', raw: '/' });
    expect(cells.length).toBe(man.tables.cells?.rows);

    const perTable = await downloadFrom(page, () => page.getByTestId('export-reports-parquet').click(), SLOW);
    const exported = await parquetReadObjects({ file: new Uint8Array(perTable.bytes).buffer });
    expect(exported).toHaveLength(defaultReports + 4);
    // The per-table CSV is the corpus CSV: a printed "-3" stays "-3" (no spreadsheet quote in front).
    const csv = await downloadFrom(page, () => page.getByTestId('export-cells-csv').click(), SLOW);
    const text = csv.bytes.toString('utf8');
    const negatives = await sql(`SELECT raw FROM cells WHERE starts_with(raw, '-')`);
    expect(negatives.length).toBeGreaterThan(0);
    for (const r of negatives) expect(text).toContain(`,${String(r.raw)},`);
    expect(text).not.toContain(`'-`);
    await shot('downloaded');
  }, SLOW);

  it('undoes the import: back to the default corpus everywhere', async () => {
    await page.getByTestId('import-undo').click();
    await expect.poll(indicatorReports, { timeout: SLOW }).toBe(String(defaultReports));
    expect(await page.getByTestId('import-notice').textContent()).toContain('已撤销导入');
    expect(await page.getByTestId('import-undo').isDisabled()).toBe(true);
    await nav('?view=compare&metric=requests_received&dim=agency_type&chart=ranked');
    const gov2024 = await scalar(`SELECT sum(v.requests__new_received__total) AS v FROM reports r JOIN report_values v USING (report_id) WHERE r.agency_type = 'government' AND r.year = 2024`);
    await expect.poll(async () => (await compareTable()).get('government')?.get(2024), { timeout: SLOW }).toBe(gov2024);
    await nav('?view=data');
    await shot('undone');
  }, SLOW);

  it('in English, the list and the review speak English', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByText('Import reports').first().waitFor({ timeout: SLOW });
    const scan = (await rows()).find((r) => r.file === 'scan.pdf');
    expect(scan?.note).toContain('Scanned PDF with no text layer');
    await shot('english');
    await page.getByTestId('lang-switch').click();
  }, SLOW);

  it('made no request off the origin and logged no console error', () => {
    expect(offOrigin(log.requests, server.origin)).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
  });
});
