/**
 * End-to-end: the built app (dist/, default corpus from data/) in headless chromium. Expected values come
 * from SQL written here and run on native DuckDB over the same corpus files, never from the app's builders.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { parquetReadObjects } from 'hyparquet';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../shared';
import type { DbConnector } from '../../src/db/connector';
import { downloadFrom, launchBrowser, loadTruthDb, offOrigin, openPage, serveStatic, type PageLog, type StaticServer, prepareApp } from './harness';

const DATA = join(REPO_ROOT, 'data');
const SHOTS = join(REPO_ROOT, 'tmp', 'screenshots');
const XSS = '<img src=x onerror=alert(1)>';
const SLOW = 120_000;

let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let log: PageLog;
let truth: DbConnector;
const dialogs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];

async function sql(q: string): Promise<Record<string, unknown>[]> {
  return (await truth.query(q)).rows;
}

async function scalar(q: string): Promise<number | null> {
  const v = (await sql(q))[0]?.v;
  return typeof v === 'number' ? v : v === null || v === undefined ? null : Number(v);
}

async function waitReady(p: Page): Promise<void> {
  await p.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: SLOW });
}

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(1200); // let chart animations finish so the picture shows the data
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

interface ChartDump {
  series: { name?: string; data: unknown[] }[];
  xAxis: { data?: string[] }[];
  yAxis: { data?: string[] }[];
}

/** The option ECharts is drawing for chart `id` (functions dropped). Waits until that chart is on screen. */
async function chart(id: string): Promise<ChartDump> {
  await page.waitForFunction((cid) => {
    const c = window.__atlasCharts?.[cid];
    if (!c || c.isDisposed()) return false;
    const series = c.getOption().series;
    return Array.isArray(series) && series.length > 0;
  }, id, { timeout: SLOW });
  return page.evaluate((cid) => {
    const c = window.__atlasCharts?.[cid];
    const o = c?.getOption();
    return JSON.parse(JSON.stringify({ series: o?.series ?? [], xAxis: o?.xAxis ?? [], yAxis: o?.yAxis ?? [] })) as ChartDump;
  }, id);
}

/** Waits until chart `id` has painted its current option (`data-drawn`, what the benchmark's chart steps wait for). */
async function drawn(id: string): Promise<void> {
  await page.locator(`[data-testid="echart-${id}"][data-drawn="true"]`).waitFor({ timeout: SLOW });
}

function valueOf(d: unknown): number | null {
  if (typeof d === 'number') return d;
  if (d !== null && typeof d === 'object' && 'value' in d) return valueOf(d.value);
  return null;
}

function numText(s: string | null): number {
  return Number((s ?? '').replace(/[,\s]/g, ''));
}

async function goto(search: string): Promise<void> {
  await page.goto(`${server.origin}/${search}`);
  await waitReady(page);
}

/** Changes the URL in place (as a link or back/forward would) without reloading: DuckDB stays up. */
async function nav(search: string): Promise<void> {
  await page.evaluate((s) => {
    history.pushState(null, '', s === '' ? location.pathname : s);
    dispatchEvent(new PopStateEvent('popstate'));
  }, search);
}

const download = (click: () => Promise<void>) => downloadFrom(page, click, SLOW);

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
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
}, 900_000);

afterAll(async () => {
  for (const done of cleanups.reverse()) await done().catch(() => undefined);
});

describe('the built app', () => {
  it('loads the default corpus and the indicator counts match the Parquet files', async () => {
    const manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as { tables: { reports: { rows: number } } };
    const reportsFromParquet = await parquetReadObjects({ file: new Uint8Array(readFileSync(join(DATA, 'reports.parquet'))).buffer });
    const agencies = new Set(reportsFromParquet.map((r) => String(r.agency_id))).size;
    expect(reportsFromParquet.length).toBe(manifest.tables.reports.rows);
    await goto('');
    const ind = page.getByTestId('corpus-indicator');
    expect(await ind.getAttribute('data-reports')).toBe(String(reportsFromParquet.length));
    expect(await ind.getAttribute('data-agencies')).toBe(String(agencies));
    expect(await ind.textContent()).toContain(`${String(reportsFromParquet.length)} 份报告`);
    expect(await page.title()).toBe('政府信息公开年报分析台');
    await expect.poll(() => page.getByTestId('kpi-value-reports').textContent(), { timeout: SLOW }).toBe(String(reportsFromParquet.length));
  }, SLOW);

  it('overview: KPIs, trend and top agencies match SQL run independently', async () => {
    const received = await scalar('SELECT sum(requests__new_received__total) AS v FROM report_values');
    await expect.poll(async () => numText(await page.getByTestId('kpi-value-requests_received').textContent()), { timeout: SLOW }).toBe(received);

    const top = await sql(`SELECT r.agency_id, sum(v.requests__new_received__total) AS s FROM reports r JOIN report_values v USING (report_id)
      GROUP BY r.agency_id HAVING s IS NOT NULL ORDER BY s DESC LIMIT 15`);
    const topChart = await chart('overview-top');
    expect(topChart.series[0]?.data.map(valueOf)).toEqual(top.map((r) => r.s));

    const byYear = await sql(`SELECT r.year, sum(v.requests__new_received__total) AS s FROM reports r JOIN report_values v USING (report_id)
      WHERE r.year IS NOT NULL GROUP BY r.year ORDER BY r.year`);
    const trend = await chart('overview-trend');
    const xs = trend.xAxis[0]?.data ?? [];
    const received0 = trend.series[0]?.data ?? [];
    for (const r of byYear) expect(valueOf(received0[xs.indexOf(String(r.year))]), String(r.year)).toBe(r.s);
    await shot('overview');
  }, SLOW);

  it('compare: the province × year heatmap and the values table match SQL', async () => {
    await nav('?view=compare&metric=requests_received&dim=province&chart=heatmap');
    const expected = await sql(`SELECT r.province, r.year, sum(v.requests__new_received__total) AS s FROM reports r JOIN report_values v USING (report_id)
      WHERE r.province IS NOT NULL AND r.year IS NOT NULL GROUP BY ALL HAVING s IS NOT NULL`);
    const h = await chart('compare');
    const xs = h.xAxis[0]?.data ?? [];
    const ys = h.yAxis[0]?.data ?? [];
    const drawn = new Map((h.series[0]?.data ?? []).map((d) => {
      const [x, y, v] = d as [number, number, number];
      return [`${ys[y] ?? ''}|${xs[x] ?? ''}`, v];
    }));
    expect(expected.length).toBeGreaterThan(0);
    for (const r of expected) {
      const province = String(r.province);
      if (!ys.includes(province)) continue; // only the top members are drawn; the table below has them all
      expect(drawn.get(`${province}|${String(r.year)}`), `${province} ${String(r.year)}`).toBe(r.s);
    }
    await page.locator('[data-testid="compare-table"][data-complete="true"]').waitFor({ timeout: SLOW });
    const rowsInTable = await page.locator('[data-testid="compare-table"] tbody tr').count();
    const provinces = await scalar(`SELECT count(DISTINCT province) AS v FROM reports WHERE province IS NOT NULL AND year IS NOT NULL`);
    expect(rowsInTable).toBe(provinces);
    await shot('compare-heatmap');
    await page.getByTestId('compare-chart-ranked').click();
    await expect.poll(() => page.url()).not.toContain('chart=heatmap');
    await chart('compare');
    await shot('compare-ranked');
  }, SLOW);

  it('compare: lowest first ranks the laggard on top, and the link keeps the order', async () => {
    await nav('?view=compare&metric=requests_received&dim=province');
    await page.getByTestId('compare-order-asc').click();
    await expect.poll(() => page.url()).toContain('order=asc');
    const lowest = await sql(`WITH p AS (
        SELECT r.province, r.year, sum(v.requests__new_received__total) AS s FROM reports r JOIN report_values v USING (report_id)
        WHERE r.province IS NOT NULL AND r.year IS NOT NULL GROUP BY ALL HAVING s IS NOT NULL)
      SELECT province FROM p WHERE year = (SELECT max(year) FROM p) AND s = (SELECT min(s) FROM p WHERE year = (SELECT max(year) FROM p))`);
    const want = lowest.map((r) => String(r.province));
    expect(want.length).toBeGreaterThan(0);
    const firstRow = (): Promise<string | null> => page.locator('[data-testid="compare-table"] tbody tr').first().locator('td').first().textContent();
    await expect.poll(async () => want.includes((await firstRow()) ?? ''), { timeout: SLOW }).toBe(true);
    const url = page.url();
    await page.goto(url);
    await waitReady(page);
    await expect.poll(async () => want.includes((await firstRow()) ?? ''), { timeout: SLOW }).toBe(true);
    await page.getByTestId('compare-order-desc').click();
    await expect.poll(() => page.url()).not.toContain('order=');
  }, SLOW);

  it('compare: a rate by agency, lowest first, draws the agencies and rates the reports give', async () => {
    // The reference from the reports themselves: each agency's pooled disclosure rate per year (the
    // reports that print granted or partly granted and the total), its name in its latest year.
    const has = `(v.requests__results__granted__total IS NOT NULL OR v.requests__results__partially_granted__total IS NOT NULL) AND v.requests__results__total__total IS NOT NULL`;
    const rows = await sql(`SELECT r.agency_id, r.year, max(r.agency_name) AS name,
        sum(coalesce(v.requests__results__granted__total, 0) + coalesce(v.requests__results__partially_granted__total, 0)) FILTER (WHERE ${has})
          / nullif(sum(v.requests__results__total__total) FILTER (WHERE ${has}), 0) AS rate
      FROM reports r JOIN report_values v USING (report_id) WHERE r.year IS NOT NULL GROUP BY ALL`);
    const rated = rows.filter((r) => r.rate !== null);
    expect(rated.length).toBeGreaterThan(3);
    const year = Math.max(...rated.map((r) => Number(r.year)));
    const agencies = new Map<string, { id: string; value: number | null; label: string; labelYear: number }>();
    for (const r of rows) {
      const id = String(r.agency_id);
      const a = agencies.get(id) ?? { id, value: null, label: '', labelYear: -1 };
      if (Number(r.year) === year) a.value = r.rate === null ? null : Number(r.rate);
      if (Number(r.year) > a.labelYear) Object.assign(a, { label: String(r.name), labelYear: Number(r.year) });
      agencies.set(id, a);
    }
    const utf8 = (x: string): Buffer => Buffer.from(x, 'utf8');
    const want = [...agencies.values()].sort((a, b) => (a.value === b.value ? 0 : a.value === null ? 1 : b.value === null ? -1 : a.value - b.value)
      || Buffer.compare(utf8(a.label), utf8(b.label)) || Buffer.compare(utf8(a.id), utf8(b.id))).slice(0, 30);
    await nav('?view=compare&metric=disclosure_rate&dim=agency&order=asc');
    await drawn('compare');
    const c = await chart('compare');
    const bars = (c.series[0]?.data ?? []) as { id?: string; value: number | null }[];
    expect(bars.map((b) => b.id)).toEqual(want.map((w) => w.id));
    for (const [i, b] of bars.entries()) {
      const w = want[i]?.value ?? null;
      expect(w === null ? b.value === null : Math.abs((b.value ?? Number.NaN) - w) < 1e-12, `${String(b.id)}: ${String(b.value)} against ${String(w)}`).toBe(true);
    }
    expect(await page.getByTestId('compare-cap').getAttribute('data-total')).toBe(String(agencies.size));
  }, SLOW);

  it('requests: outcome composition matches SQL per year', async () => {
    await page.getByTestId('nav-requests').click();
    const expected = await sql(`SELECT r.year, sum(v.requests__results__granted__total) AS s FROM reports r JOIN report_values v USING (report_id)
      WHERE r.year IS NOT NULL GROUP BY r.year HAVING s IS NOT NULL ORDER BY r.year`);
    const c = await chart('requests-outcomes');
    const xs = c.xAxis[0]?.data ?? c.yAxis[0]?.data ?? [];
    const granted = c.series.find((s) => s.name === '（一）予以公开');
    expect(granted).toBeDefined();
    for (const r of expected) expect(valueOf(granted?.data[xs.indexOf(String(r.year))]), String(r.year)).toBe(r.s);
    await shot('requests');
    await page.getByTestId('requests-share').click();
    await expect.poll(() => page.url()).toContain('share=1');
  }, SLOW);

  it('review: the 15-count table matches SQL', async () => {
    await page.getByTestId('nav-review').click();
    const expected = await sql(`SELECT r.year, sum(v.review_litigation__admin_review__total) AS s FROM reports r JOIN report_values v USING (report_id)
      WHERE r.year IS NOT NULL GROUP BY r.year HAVING s IS NOT NULL ORDER BY r.year`);
    expect(expected.length).toBeGreaterThan(0);
    for (const r of expected) {
      const cell = page.locator(`[data-cell="${String(r.year)}.admin_review.total"]`);
      await expect.poll(async () => numText(await cell.textContent()), { timeout: SLOW }).toBe(r.s);
    }
    await chart('review-admin_review');
    await shot('review');
  }, SLOW);

  it('disclosure: procurement exists only for v2019 years; other years are gaps, explained', async () => {
    await page.getByTestId('nav-disclosure').click();
    const expected = await sql(`SELECT r.year, sum(v.active__art20_9__central_procurement__total_amount_yuan) AS s FROM reports r JOIN report_values v USING (report_id)
      WHERE r.year IS NOT NULL GROUP BY r.year ORDER BY r.year`);
    const c = await chart('disclosure-procurement');
    const xs = c.xAxis[0]?.data ?? [];
    const data = c.series[0]?.data ?? [];
    for (const r of expected) {
      const i = xs.indexOf(String(r.year));
      if (i >= 0) expect(valueOf(data[i]), String(r.year)).toBe(r.s);
    }
    await page.getByTestId('gap-disclosure-procurement').waitFor({ timeout: SLOW });
    await shot('disclosure');
  }, SLOW);

  it('agency profile: official layout with printed values, blanks, "/" and failing checks on their cells', async () => {
    // A report whose own tables break a rule: its failing cells must be highlighted with the message.
    const [f] = await sql(`SELECT c.report_id, r.agency_id, c.keys FROM checks c JOIN reports r USING (report_id)
      WHERE c.status = 'fail' AND c.keys <> '' AND r.template IN ('v2019', 'v2021', 'mixed')
        AND EXISTS (SELECT 1 FROM cells x WHERE x.report_id = c.report_id AND x.key = split_part(c.keys, ' ', 1))
      ORDER BY c.report_id LIMIT 1`);
    expect(f).toBeDefined();
    const reportId = String(f?.report_id);
    await nav(`?view=agency&agency=${encodeURIComponent(String(f?.agency_id))}`);
    await page.getByTestId('agency-head').waitFor({ timeout: SLOW });
    // Reports after the first render as the reader nears them.
    const pending = page.getByTestId(`report-${reportId}-pending`);
    if ((await pending.count()) > 0) await pending.scrollIntoViewIfNeeded();
    const block = page.getByTestId(`report-${reportId}`);
    await block.waitFor({ timeout: SLOW });
    const cells = await sql(`SELECT key, semantic, raw FROM cells WHERE report_id = '${reportId}' AND NOT derived`);
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) {
      const td = block.locator(`td[data-key="${String(c.key)}"]`);
      expect(await td.count(), String(c.key)).toBe(1);
      expect(await td.getAttribute('data-semantic'), String(c.key)).toBe(c.semantic);
      const shown = (await td.locator('.v').textContent())?.trim();
      if (c.semantic === 'blank') expect(shown, String(c.key)).toBe('');
      else expect(shown, String(c.key)).toBe(String(c.raw).trim() || shown);
    }
    const firstKey = String(f?.keys).split(' ')[0] ?? '';
    const failTd = block.locator(`td[data-key="${firstKey}"]`);
    expect(await failTd.getAttribute('class')).toContain('fail');
    expect((await failTd.getAttribute('title')) ?? '').not.toBe('');
    await block.scrollIntoViewIfNeeded();
    await shot('agency');
  }, SLOW);

  it('agency profile: every report is laid out for print, those not yet scrolled to included', async () => {
    const [a] = await sql(`SELECT agency_id, list(report_id ORDER BY year NULLS LAST, report_id) AS ids FROM reports
      GROUP BY agency_id ORDER BY count(*) DESC, agency_id LIMIT 1`);
    const ids = (a?.ids as unknown[]).map(String);
    expect(ids.length).toBeGreaterThan(1);
    await nav(`?view=agency&agency=${encodeURIComponent(String(a?.agency_id))}`);
    await page.getByTestId('agency-head').waitFor({ timeout: SLOW });
    await page.getByTestId(`report-${ids[0] ?? ''}`).waitFor({ timeout: SLOW });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    for (const id of ids) expect(await page.getByTestId(`report-${id}`).count(), id).toBe(1);
    expect(await page.locator('[data-testid$="-pending"]').count()).toBe(0);
  }, SLOW);

  it('agency picker: its list is created when reached for, and choosing from it opens that agency', async () => {
    const agencies = await sql(`SELECT agency_id FROM reports GROUP BY agency_id ORDER BY agency_id`);
    expect(agencies.length).toBeGreaterThan(3);
    const current = String(agencies[0]?.agency_id);
    await nav(`?view=agency&agency=${encodeURIComponent(current)}`);
    await page.getByTestId('agency-head').waitFor({ timeout: SLOW });
    const picker = page.getByTestId('agency-picker');
    const values = (): Promise<string[]> => picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    // Before: the placeholder and the agency shown, which the select displays.
    expect(await values()).toEqual(['', current]);
    expect(await picker.inputValue()).toBe(current);
    await picker.focus();
    await expect.poll(async () => (await values()).length).toBe(agencies.length + 1);
    const other = String(agencies[1]?.agency_id);
    await picker.selectOption(other);
    await expect.poll(() => new URL(page.url()).searchParams.get('agency')).toBe(other);
    await page.getByTestId('agency-head').waitFor({ timeout: SLOW });
  }, SLOW);

  it('clicking an agency name elsewhere opens its profile', async () => {
    await nav('?view=compare&metric=reports&dim=agency&chart=ranked');
    const link = page.locator('[data-testid="compare-table"] button.link').first();
    const id = await link.getAttribute('data-agency-id');
    await link.click();
    await expect.poll(() => page.url()).toContain('view=agency');
    expect(new URL(page.url()).searchParams.get('agency')).toBe(id);
    await page.getByTestId('agency-head').waitFor({ timeout: SLOW });
  }, SLOW);

  it('clicking a bar of the top-agencies chart opens that agency; a chart follows its box when the window narrows', async () => {
    await nav('?view=overview');
    await chart('overview-top');
    await page.getByTestId('echart-overview-top').scrollIntoViewIfNeeded();
    // The first bar's middle, in viewport pixels: a real pointer click, through ECharts' own hit test.
    const target = await page.evaluate(() => {
      const c = window.__atlasCharts?.['overview-top'];
      const first = (c?.getOption().series as { data: { value: number; id?: string }[] }[] | undefined)?.[0]?.data[0];
      const host = document.querySelector('[data-testid="echart-overview-top"]')?.getBoundingClientRect();
      if (!c || !first || !host) return null;
      const [x, y] = c.convertToPixel({ seriesIndex: 0 }, [first.value / 2, 0]);
      return { id: first.id ?? null, x: host.left + (x ?? 0), y: host.top + (y ?? 0) };
    });
    expect(target?.id).toBeTruthy();
    await page.mouse.click(target?.x ?? 0, target?.y ?? 0);
    await expect.poll(() => new URL(page.url()).searchParams.get('agency'), { timeout: SLOW }).toBe(target?.id);
    await page.getByTestId('agency-head').waitFor({ timeout: SLOW });

    await nav('?view=overview');
    await chart('overview-trend');
    // What the benchmark's chart steps wait for: the chart has painted its option.
    await drawn('overview-trend');
    const widths = () => page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('[data-testid="echart-overview-trend"]');
      return [window.__atlasCharts?.['overview-trend']?.getWidth() ?? -1, host?.clientWidth ?? -2];
    });
    const [before, hostBefore] = await widths();
    expect(before).toBe(hostBefore);
    const size = page.viewportSize();
    await page.setViewportSize({ width: 900, height: size?.height ?? 800 });
    try {
      await expect.poll(async () => { const [w, h] = await widths(); return w === h && w !== before; }, { timeout: SLOW }).toBe(true);
    } finally {
      if (size) await page.setViewportSize(size);
    }
  }, SLOW);

  it('a filter change draws the new answer on the live chart: never removed, not marked drawn until it is', async () => {
    const [y] = await sql(`SELECT year FROM reports WHERE year IS NOT NULL GROUP BY year ORDER BY count(*) DESC, year LIMIT 1`);
    await nav('?view=overview');
    await chart('overview-trend');
    await drawn('overview-trend');
    const seriesOf = () => page.evaluate(() => JSON.stringify(window.__atlasCharts?.['overview-trend']?.getOption().series));
    const before = await seriesOf();
    await page.evaluate(() => {
      const w = window as unknown as { __trend?: unknown; __drawnLog: string[]; __removed: number };
      w.__trend = window.__atlasCharts?.['overview-trend'];
      w.__drawnLog = [];
      w.__removed = 0;
      const wrapper = document.querySelector('[data-testid="echart-overview-trend"]');
      new MutationObserver(() => { w.__drawnLog.push(wrapper?.getAttribute('data-drawn') ?? ''); }).observe(wrapper as Element, { attributes: true, attributeFilter: ['data-drawn'] });
      new MutationObserver((ms) => { w.__removed += ms.reduce((n, m) => n + [...m.removedNodes].filter((x) => x === wrapper).length, 0); }).observe(wrapper?.parentElement as Element, { childList: true });
    });
    await page.getByTestId(`year-${String(y?.year)}`).click();
    await expect.poll(seriesOf, { timeout: SLOW }).not.toBe(before);
    await drawn('overview-trend');
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __trend?: unknown; __drawnLog: string[]; __removed: number };
      return { same: w.__trend === window.__atlasCharts?.['overview-trend'], log: w.__drawnLog, removed: w.__removed };
    });
    // The same ECharts instance (not disposed of and made again), never taken off the page, marked
    // not drawn while it showed the previous answer, and drawn last.
    expect(seen.same).toBe(true);
    expect(seen.removed).toBe(0);
    expect(seen.log).toContain('false');
    expect(seen.log.at(-1)).toBe('true');
    await page.getByTestId(`year-${String(y?.year)}`).click();
    await expect.poll(seriesOf, { timeout: SLOW }).toBe(before);
  }, SLOW);

  it('a ranking keeps its height while its next answer loads, and is drawn once at its new size', async () => {
    // Compare's ranking is as tall as its members: by agency, reports and agencies rank the same
    // members, so its height is the same before and after, and the height of a ranking with no
    // rows (taken while the next answer loads) would show.
    await nav('?view=compare&metric=reports&dim=agency');
    await chart('compare');
    await drawn('compare');
    const before = await page.evaluate(() => {
      const w = window as unknown as { __heights: string[]; __busy: string[]; __resizes: number };
      const host = document.querySelector<HTMLElement>('[data-testid="echart-compare"] .echart-host');
      const body = host?.closest('.chart-body');
      w.__heights = [];
      w.__busy = [];
      w.__resizes = 0;
      new MutationObserver(() => { w.__heights.push(host?.style.height ?? ''); }).observe(host as Element, { attributes: true, attributeFilter: ['style'] });
      new MutationObserver(() => { w.__busy.push(body?.getAttribute('aria-busy') ?? ''); }).observe(body as Element, { attributes: true, attributeFilter: ['aria-busy'] });
      const inst = window.__atlasCharts?.compare;
      if (inst) {
        const resize = inst.resize.bind(inst);
        inst.resize = (...args: Parameters<typeof resize>) => { w.__resizes += 1; resize(...args); };
      }
      return host?.style.height ?? '';
    });
    expect(parseFloat(before)).toBeGreaterThan(320);
    await page.getByTestId('compare-metric').selectOption('agencies');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __busy: string[] }).__busy.at(-1)), { timeout: SLOW }).toBe('false');
    await drawn('compare');
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __heights: string[]; __busy: string[]; __resizes: number };
      return { heights: w.__heights, busy: w.__busy, resizes: w.__resizes, after: document.querySelector<HTMLElement>('[data-testid="echart-compare"] .echart-host')?.style.height };
    });
    // It did load (the kept chart on screen meanwhile), its box never changed height, and nothing
    // resized it.
    expect(seen.busy).toContain('true');
    expect(seen.after).toBe(before);
    expect(seen.heights.filter((h) => h !== before)).toEqual([]);
    expect(seen.resizes).toBe(0);
  }, SLOW);

  it('a long Compare table keeps its rows while the next answer loads, then paints a screenful first and the rest', async () => {
    const agencies = await scalar(`SELECT count(DISTINCT agency_id) AS v FROM reports WHERE year IS NOT NULL`);
    expect(agencies).toBeGreaterThan(30);
    await nav('?view=compare&metric=reports&dim=agency');
    const table = page.locator('[data-testid="compare-table"][data-complete="true"]');
    await table.waitFor({ timeout: SLOW });
    const all = Math.min(Number(agencies), 200);
    expect(await table.locator('tbody tr').count()).toBe(all);
    await page.evaluate(() => {
      const w = window as unknown as { __rows: [number, string][]; __busy: string[] };
      w.__rows = [];
      w.__busy = [];
      const el = document.querySelector('[data-testid="compare-table"]');
      new MutationObserver(() => { w.__rows.push([el?.querySelectorAll('tbody tr').length ?? -1, el?.getAttribute('data-complete') ?? '']); })
        .observe(el as Element, { attributes: true, childList: true, subtree: true });
      const box = document.querySelector('[data-testid="compare-table-box"]');
      new MutationObserver(() => { w.__busy.push(box?.getAttribute('aria-busy') ?? ''); }).observe(box as Element, { attributes: true, attributeFilter: ['aria-busy'] });
    });
    await page.getByTestId('compare-metric').selectOption('agencies');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __rows: [number, string][] }).__rows.at(-1)), { timeout: SLOW }).toEqual([all, 'true']);
    const seen = await page.evaluate(() => (window as unknown as { __rows: [number, string][] }).__rows);
    // While the answer loaded the table kept the previous rows (it was busy, never empty); the new
    // list was then shown with 30 rows, marked incomplete, and 30 more after each paint up to all.
    expect(await page.evaluate(() => (window as unknown as { __busy: string[] }).__busy)).toContain('true');
    expect(seen.filter(([n]) => n < 30)).toEqual([]);
    const first = seen.findIndex(([n, complete]) => n === 30 && complete === 'false');
    expect(first).toBeGreaterThan(-1);
    const counts = [...new Set(seen.slice(first).map(([n]) => n))];
    expect(counts).toEqual(Array.from({ length: Math.ceil(all / 30) }, (_, i) => Math.min(all, 30 * (i + 1))));
    expect(seen.slice(first).filter(([n, complete]) => (complete === 'true') !== (n === all))).toEqual([]);
  }, SLOW);

  it('a new answer with a new height is drawn once, at that height', async () => {
    // From agencies to provinces the ranking has fewer members and a smaller height: the option
    // and the size are applied together, so the canvas is painted once (not the new option at the
    // old size, then again once the box has followed).
    await nav('?view=compare&metric=reports&dim=agency');
    await chart('compare');
    await drawn('compare');
    const before = await page.evaluate(() => {
      const w = window as unknown as { __paints: number[] };
      w.__paints = [];
      window.__atlasCharts?.compare?.on('rendered', () => { w.__paints.push(window.__atlasCharts?.compare?.getHeight() ?? -1); });
      return window.__atlasCharts?.compare?.getHeight() ?? -1;
    });
    await page.getByTestId('compare-dim').selectOption('province');
    await drawn('compare');
    const [paints, host] = await page.evaluate(() => [
      (window as unknown as { __paints: number[] }).__paints,
      document.querySelector<HTMLElement>('[data-testid="echart-compare"] .echart-host')?.clientHeight ?? -2,
    ] as const);
    expect(host).not.toBe(before);
    expect(paints).toEqual([host]);
  }, SLOW);

  it('filters and the URL round-trip: reload reproduces the view, back and forward restore it', async () => {
    const [y] = await sql(`SELECT year, count(*) AS n FROM reports WHERE year IS NOT NULL GROUP BY year ORDER BY n DESC, year LIMIT 1`);
    const year = Number(y?.year);
    const n = Number(y?.n);
    const total = await scalar('SELECT count(*) AS v FROM reports');
    await nav('');
    await page.getByTestId(`year-${String(year)}`).click();
    await expect.poll(() => page.url()).toContain(`years=${String(year)}`);
    await expect.poll(() => page.getByTestId('kpi-value-reports').textContent(), { timeout: SLOW }).toBe(String(n));
    await page.reload();
    await waitReady(page);
    expect(await page.getByTestId(`year-${String(year)}`).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByTestId('kpi-value-reports').textContent(), { timeout: SLOW }).toBe(String(n));
    await page.getByTestId('nav-review').click();
    await expect.poll(() => page.url()).toContain('view=review');
    await page.goBack();
    await expect.poll(() => page.url()).not.toContain('view=review');
    await page.getByTestId('view-overview').waitFor();
    await page.goBack();
    await expect.poll(() => page.url()).not.toContain('years=');
    await expect.poll(() => page.getByTestId('kpi-value-reports').textContent(), { timeout: SLOW }).toBe(String(total));
    await page.goForward();
    await expect.poll(() => page.getByTestId('kpi-value-reports').textContent(), { timeout: SLOW }).toBe(String(n));
    // province → city cascade: choosing a province narrows the city list to that province
    const [p] = await sql(`SELECT province, count(DISTINCT city) AS c FROM reports WHERE province IS NOT NULL AND city IS NOT NULL GROUP BY province ORDER BY c DESC, province LIMIT 1`);
    await page.getByTestId('filter-reset').click();
    await page.getByTestId('filter-province').selectOption(String(p?.province));
    await expect.poll(() => new URL(page.url()).searchParams.get('province')).toBe(String(p?.province));
    // The city list is created when the reader reaches for it (the pointer over it), not with every
    // change of province: until then it offers only "all".
    const cityOptions = (): Promise<string[]> => page.locator('[data-testid="filter-city"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await page.getByTestId('kpi-value-reports').waitFor();
    expect(await cityOptions()).toEqual(['']);
    await page.getByTestId('filter-city').hover();
    await expect.poll(async () => (await cityOptions()).length).toBe(Number(p?.c) + 1);
    // So is the district list, for the city chosen; it keeps the chosen city shown.
    const [c] = await sql(`SELECT city, count(DISTINCT district) AS d FROM reports WHERE province = '${String(p?.province).replace(/'/g, "''")}' AND district IS NOT NULL GROUP BY city ORDER BY d DESC, city LIMIT 1`);
    expect(Number(c?.d)).toBeGreaterThan(0);
    await page.getByTestId('filter-city').selectOption(String(c?.city));
    expect(await page.getByTestId('filter-city').inputValue()).toBe(String(c?.city));
    const districtOptions = (): Promise<number> => page.locator('[data-testid="filter-district"] option').count();
    expect(await districtOptions()).toBe(1);
    await page.getByTestId('filter-district').focus();
    await expect.poll(districtOptions).toBe(Number(c?.d) + 1);
    // Another province's cities are created again only when reached for.
    await page.getByTestId('filter-reset').click();
    const [other] = await sql(`SELECT province FROM reports WHERE province IS NOT NULL AND province <> '${String(p?.province).replace(/'/g, "''")}' AND city IS NOT NULL GROUP BY province ORDER BY province LIMIT 1`);
    await page.getByTestId('filter-province').selectOption(String(other?.province));
    await expect.poll(() => new URL(page.url()).searchParams.get('province')).toBe(String(other?.province));
    expect(await cityOptions()).toEqual(['']);
    await page.getByTestId('filter-reset').click();
    // A selection with no report says so instead of drawing empty charts.
    await page.getByTestId('filter-agency').fill('没有这个机构-no-such-agency');
    await page.getByTestId('empty-selection').waitFor({ timeout: SLOW });
    await page.getByTestId('filter-reset').click();
    await expect.poll(() => page.getByTestId('kpi-value-reports').textContent(), { timeout: SLOW }).toBe(String(total));
  }, SLOW);

  it('every chart export produces a file with the right content', async () => {
    await nav('');
    await chart('overview-top');
    const top = await sql(`SELECT sum(v.requests__new_received__total) AS s FROM reports r JOIN report_values v USING (report_id)
      GROUP BY r.agency_id HAVING s IS NOT NULL ORDER BY s DESC LIMIT 15`);
    const csv = await download(() => page.getByTestId('export-csv-overview-top').click());
    expect(csv.name).toMatch(/\.csv$/);
    const text = csv.bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split(/\r?\n/);
    expect(lines).toHaveLength(top.length + 1);
    expect(lines.slice(1).map((l) => Number(l.split(',').at(-1)))).toEqual(top.map((r) => r.s));

    const xlsx = await download(() => page.getByTestId('export-xlsx-overview-top').click());
    const files = unzipSync(new Uint8Array(xlsx.bytes));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    expect(sheet).toContain('<sheetData');
    expect(sheet).toContain(`<v>${String(top[0]?.s)}</v>`);

    const png = await download(() => page.getByTestId('export-png-overview-top').click());
    expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const svg = await download(() => page.getByTestId('export-svg-overview-top').click());
    const svgText = svg.bytes.toString('utf8');
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('新收申请最多的机构');
    expect(svgText).toContain('数据来源');
  }, SLOW);

  it('exports the filtered corpus as Parquet and CSV', async () => {
    const [y] = await sql(`SELECT year, count(*) AS n FROM reports WHERE year IS NOT NULL GROUP BY year ORDER BY n DESC, year LIMIT 1`);
    await nav(`?view=data&years=${String(y?.year)}`);
    const pq = await download(() => page.getByTestId('export-reports-parquet').click());
    const rows = await parquetReadObjects({ file: new Uint8Array(pq.bytes).buffer });
    expect(rows).toHaveLength(Number(y?.n));
    expect(rows.every((r) => Number(r.year) === Number(y?.year))).toBe(true);
    const csv = await download(() => page.getByTestId('export-reports-csv').click());
    const text = csv.bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split(/\r?\n/)[0]).toMatch(/^report_id,agency_id,agency_name/);
    await shot('data');
  }, SLOW);

  it('loads a valid user CSV corpus; a broken file leaves it intact; corpus strings render as text', async () => {
    const dir = join(REPO_ROOT, 'tmp', 'e2e-upload');
    mkdirSync(dir, { recursive: true });
    const [pick] = await sql(`SELECT year, count(*) AS n FROM reports WHERE year IS NOT NULL GROUP BY year ORDER BY n DESC, year LIMIT 1`);
    const year = Number(pick?.year);
    const n = Number(pick?.n);
    const reportsCsv = join(dir, 'reports.csv');
    const valuesCsv = join(dir, 'report_values.csv');
    // A subset with one agency renamed to markup: it must show up as text, never as an element.
    await truth.exec(`COPY (SELECT * REPLACE (CASE WHEN report_id = (SELECT min(report_id) FROM reports WHERE year = ${String(year)}) THEN '${XSS}' ELSE agency_name END AS agency_name)
      FROM reports WHERE year = ${String(year)} ORDER BY report_id) TO '${reportsCsv}' (HEADER, DELIMITER ',')`);
    await truth.exec(`COPY (SELECT v.* FROM report_values v JOIN reports r USING (report_id) WHERE r.year = ${String(year)} ORDER BY report_id) TO '${valuesCsv}' (HEADER, DELIMITER ',')`);
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, 'report_id,agency_id\n1\n"unterminated');

    await nav('?view=data');
    await page.getByTestId('corpus-files').setInputFiles([reportsCsv, valuesCsv]);
    await expect.poll(() => page.getByTestId('corpus-indicator').getAttribute('data-reports'), { timeout: SLOW }).toBe(String(n));
    expect(await page.getByTestId('corpus-indicator').textContent()).toContain('reports.csv');

    await page.getByTestId('corpus-files').setInputFiles([broken]);
    await page.getByTestId('load-error').waitFor({ timeout: SLOW });
    expect(await page.getByTestId('load-error').textContent()).toContain('broken.csv');
    expect(await page.getByTestId('corpus-indicator').getAttribute('data-reports')).toBe(String(n));
    await shot('data-error');

    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-dim').selectOption('agency');
    await page.getByTestId('compare-metric').selectOption('reports');
    await page.locator('[data-testid="compare-table"]').getByText(XSS).waitFor({ timeout: SLOW });
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.evaluate(() => {
      const c = window.__atlasCharts?.compare;
      c?.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 });
    });
    await page.waitForTimeout(300);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);

    await page.getByTestId('nav-data').click();
    await page.getByTestId('reload-default').click();
    const total = await scalar('SELECT count(*) AS v FROM reports');
    await expect.poll(() => page.getByTestId('corpus-indicator').getAttribute('data-reports'), { timeout: SLOW }).toBe(String(total));
  }, SLOW);

  it('switches to English and back', async () => {
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.url()).toContain('lang=en');
    expect(await page.getByTestId('nav-overview').textContent()).toBe('Overview');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('kpis').waitFor();
    await shot('overview-en');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.url()).not.toContain('lang=en');
  }, SLOW);

  it('made no request off the page origin and logged no console error', () => {
    expect(log.requests.length).toBeGreaterThan(10);
    expect(offOrigin(log.requests, server.origin)).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
  });
});
