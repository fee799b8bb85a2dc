/**
 * Browser side of the benchmark: drives headless Chromium through the interaction script over the
 * built app (served by scripts/static-server.ts with the corpus mounted as `data/`), and samples
 * the tab's memory.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { longTasks, selfTimes, traceSelfTimes, type TraceEvent } from './profile';
import { INPUT_TIMER, combinePasses, runScript, type CombinedStep, type StepTiming } from './script';

function ppidOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // Field 4, after the parenthesised command name (which may hold spaces).
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/** Chromium processes started by this Node process (playwright spawns the browser as our child) with their RSS in MB. */
function chromiumProcesses(): { pid: number; renderer: boolean; rssMb: number }[] {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  const parent = new Map(all.map((p) => [p, ppidOf(p)]));
  const isOurs = (pid: number): boolean => {
    for (let p = parent.get(pid) ?? -1, i = 0; p > 1 && i < 10; p = parent.get(p) ?? -1, i++) if (p === process.pid) return true;
    return false;
  };
  const out: { pid: number; renderer: boolean; rssMb: number }[] = [];
  for (const pid of all) {
    if (!isOurs(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8');
      if (!cmd.includes('chrom')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'))?.[1];
      out.push({ pid, renderer: cmd.includes('--type=renderer'), rssMb: Number(rss ?? 0) / 1024 });
    } catch {
      // the process ended between listing and reading
    }
  }
  return out;
}

export interface BrowserRun {
  ready_ms: number;
  corpus_ready_ms: number;
  /** When the warm-start answers (warm.json) were on screen; NaN when the corpus has none. */
  warm_ms: number;
  /** When the app's first background plan (prefetch of the other views, engine warm-up) was done; NaN if not within the timeout. */
  background_idle_ms: number;
  first_chart_ms: number;
  steps: CombinedStep[];
  /** Peak RSS of the tab's renderer process (holds the DuckDB worker and its wasm memory). */
  peak_renderer_rss_mb: number;
  /** Peak RSS of all the browser's processes. */
  peak_browser_rss_mb: number;
  /** Peak JS heap of the page (main thread) from CDP. */
  peak_js_heap_mb: number;
  /** DuckDB's own memory (duckdb_memory()) at the end, in MB. */
  duckdb_memory_mb: number;
  /** Queries the app ran: SQL, first (cold) time in the page, and the warm median re-run in the page. */
  queries: { sql: string; ms: number; ok: boolean; warm_ms: number; error?: string; background?: boolean }[];
  bytes_served: number;
  console_errors: string[];
}

interface Probe {
  queries: { sql: string; ms: number; ok: boolean; error?: string; background?: boolean }[];
  marks: Record<string, number>;
  inFlight: number;
  run?: (sql: string) => Promise<{ ms: number; rows: Record<string, unknown>[] }>;
}
interface MiniChart { getOption(): { series?: { data?: unknown[] }[] } }
interface BenchWindow { __atlasBench: Probe; __atlasCharts?: Record<string, MiniChart> }

/** Steps to CPU-profile (bench/profile.ts) and where to write their profiles. */
export interface ProfileRequest {
  readonly steps: ReadonlySet<string>;
  readonly dir: string;
  /** Prefix of the files' names (e.g. the corpus size). */
  readonly prefix: string;
  /**
   * Whether to run the sampling CPU profiler as well as the trace. It says which functions ran, but
   * slows the page: in a traced region audit on this project's host, starting it took 150–270 ms and
   * the page's tasks ran up to twice as long as without it (bench/SCALE.md, round 17).
   */
  readonly cpu: boolean;
}

/**
 * Drives the app at `origin` through the script; `timeoutMs` bounds each wait. With `passes` above
 * one the app is opened again at its start after each pass and the script run again, each step's time
 * being its median over the passes (`combinePasses`); start-up figures, the query log and the
 * profiles come from the first pass.
 */
export async function runBrowser(origin: string, timeoutMs: number, firstChartTimeoutMs: number, bytesServed: () => number, shotDir: string, warmRepeats = 3, profile?: ProfileRequest, passes = 1): Promise<BrowserRun> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info',
    ],
  });
  let peakRenderer = 0;
  let peakAll = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const ps = chromiumProcesses();
    peakRenderer = Math.max(peakRenderer, ...ps.filter((p) => p.renderer).map((p) => p.rssMb), 0);
    peakAll = Math.max(peakAll, ps.reduce((s, p) => s + p.rssMb, 0));
  };
  const timer = setInterval(sample, 100);
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page: Page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => { consoleErrors.push(`pageerror: ${e.message}`); });
    // tsx (esbuild keepNames) wraps the functions passed to page.evaluate in __name(): give the page one.
    await page.addInitScript(`window.__name = (f) => f;\nwindow.__atlasBench = { queries: [], marks: {}, inFlight: 0 };\n${INPUT_TIMER}`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async (): Promise<void> => {
      const m = (await cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'JSHeapUsedSize');
      if (m) peakHeap = Math.max(peakHeap, m.value / 2 ** 20);
    };
    const heapTimer = setInterval(() => { void heap().catch(() => undefined); }, 250);
    try {
      await page.goto(`${origin}/`);
      // Navigation start is the page's time origin: performance.now() there is ms since navigation.
      const firstChart = await page.evaluate(async (limit) => {
        const w = window as unknown as BenchWindow;
        for (;;) {
          const now = await new Promise<number>((r) => requestAnimationFrame(r));
          if (now > limit) return Number.NaN;
          const charts = Object.values(w.__atlasCharts ?? {});
          if (charts.some((c) => (c.getOption().series ?? []).some((s) => (s.data?.length ?? 0) > 0))) return now;
        }
      }, firstChartTimeoutMs);
      let steps: StepTiming[] = [];
      if (Number.isNaN(firstChart)) {
        // No chart in time: the script would only time out step after step; what ran so far is the result.
        await page.screenshot({ path: join(shotDir, 'first-chart.png') }).catch(() => undefined);
        consoleErrors.push(`no chart with data within ${String(firstChartTimeoutMs)} ms of navigation`);
      } else {
        await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: timeoutMs });
        // With a warm start the first chart comes before DuckDB: its marks are read once the corpus is live.
        // The script starts once the app's background plan is done, as a user who has read the first
        // screen meets it (its time is reported as background_idle_ms), then once the overview has
        // finished every card.
        await page.waitForFunction(() => (window as unknown as BenchWindow).__atlasBench.marks.backgroundIdle !== undefined, undefined, { timeout: timeoutMs, polling: 100 }).catch(() => undefined);
        await page.waitForTimeout(500);
        const profiled = (name: string): boolean => profile?.steps.has(name) === true;
        const trace: TraceEvent[] = [];
        cdp.on('Tracing.dataCollected', (d) => { trace.push(...(d.value as unknown as TraceEvent[])); });
        steps = await runScript(page, timeoutMs, async (name) => {
          await page.screenshot({ path: join(shotDir, `${name.replace(/\W+/g, '_')}.png`) }).catch(() => undefined);
        }, {
          before: async (name) => {
            if (!profiled(name)) return;
            trace.length = 0;
            await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8', transferMode: 'ReportEvents' });
            if (profile?.cpu !== true) return;
            await cdp.send('Profiler.enable');
            await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
            await cdp.send('Profiler.start');
          },
          after: async (name) => {
            if (!profile || !profiled(name)) return;
            const p = profile.cpu ? (await cdp.send('Profiler.stop')).profile : null;
            const traced = new Promise<void>((resolve) => { cdp.once('Tracing.tracingComplete', () => { resolve(); }); });
            await cdp.send('Tracing.end');
            await traced;
            const base = join(profile.dir, `${profile.prefix}-${name.replace(/\W+/g, '_')}`);
            if (p !== null) writeFileSync(`${base}.cpuprofile`, JSON.stringify(p));
            writeFileSync(`${base}.trace.json`, JSON.stringify({ traceEvents: trace }));
            console.log(`[profile] ${name}: ${p !== null ? `${base}.cpuprofile, ` : ''}${base}.trace.json`);
            if (p !== null) {
              console.log('  JS functions (self time):');
              for (const t of selfTimes(p)) console.log(`  ${t.ms.toFixed(1).padStart(7)} ms  ${t.fn}`);
            }
            console.log('  main thread by trace event (self time):');
            for (const t of traceSelfTimes(trace)) console.log(`  ${t.ms.toFixed(1).padStart(7)} ms  ${t.fn}`);
            console.log('  tasks of 2 ms or more, page and worker, in order (start, length, most self time):');
            for (const t of longTasks(trace)) console.log(`  ${t.thread.padEnd(6)} ${t.atMs.toFixed(1).padStart(8)} ms ${t.ms.toFixed(1).padStart(7)} ms  ${t.mostly} ${t.mostlyMs.toFixed(1)}`);
          },
        });
      }
      await heap();
      const marks = await page.evaluate(() => (window as unknown as BenchWindow).__atlasBench.marks);
      const log = await page.evaluate(() => (window as unknown as BenchWindow).__atlasBench.queries.map((q) => ({ sql: q.sql, ms: q.ms, ok: q.ok, ...(q.error === undefined ? {} : { error: q.error }), ...(q.background === true ? { background: true } : {}) })));
      const duckMem = await duckdbMemoryMb(page);
      sample();
      const unique = [...new Set(log.filter((q) => q.ok).map((q) => q.sql))];
      const warm = new Map<string, number>();
      const times = await timeInPage(page, unique, warmRepeats);
      unique.forEach((sql, i) => warm.set(sql, times[i] ?? Number.NaN));
      const all: StepTiming[][] = [steps];
      for (let k = 1; k < passes && !Number.isNaN(firstChart); k++) {
        // A fresh page at the start (the engine's cache and the app's state start over; a reload
        // would keep the last step's selection, which the URL holds), met as the first was.
        await page.goto(`${origin}/`);
        await page.waitForSelector('[data-testid="corpus-indicator"][data-state="ready"]', { timeout: timeoutMs });
        await page.waitForFunction(() => (window as unknown as BenchWindow).__atlasBench.marks.backgroundIdle !== undefined, undefined, { timeout: timeoutMs, polling: 100 }).catch(() => undefined);
        await page.waitForTimeout(500);
        all.push(await runScript(page, timeoutMs));
        await heap();
        sample();
      }
      return {
        ready_ms: marks.dbReady ?? Number.NaN,
        corpus_ready_ms: marks.corpusReady ?? Number.NaN,
        warm_ms: marks.warm ?? Number.NaN,
        background_idle_ms: marks.backgroundIdle ?? Number.NaN,
        first_chart_ms: firstChart,
        steps: combinePasses(all),
        peak_renderer_rss_mb: peakRenderer,
        peak_browser_rss_mb: peakAll,
        peak_js_heap_mb: peakHeap,
        duckdb_memory_mb: duckMem,
        queries: log.map((q) => ({ ...q, warm_ms: warm.get(q.sql) ?? Number.NaN })),
        bytes_served: bytesServed(),
        console_errors: consoleErrors,
      };
    } finally {
      clearInterval(heapTimer);
      await context.close();
    }
  } finally {
    clearInterval(timer);
    await browser.close();
  }
}

/** Re-times `sqls` in the page, warm: one unmeasured run, then the median of `repeats`. */
async function timeInPage(page: Page, sqls: readonly string[], repeats: number): Promise<number[]> {
  return page.evaluate(
    async ({ sqls, repeats }) => {
      const run = (window as unknown as BenchWindow).__atlasBench.run;
      if (!run) throw new Error('the app did not install the bench probe');
      const out: number[] = [];
      for (const sql of sqls) {
        await run(sql);
        const ts: number[] = [];
        for (let i = 0; i < repeats; i++) ts.push((await run(sql)).ms);
        ts.sort((a, b) => a - b);
        out.push(ts[Math.floor(ts.length / 2)] ?? Number.NaN);
      }
      return out;
    },
    { sqls, repeats },
  );
}

async function duckdbMemoryMb(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const run = (window as unknown as BenchWindow).__atlasBench.run;
    if (!run) return Number.NaN;
    const r = await run('SELECT sum(memory_usage_bytes) AS b FROM duckdb_memory()');
    return Number(r.rows[0]?.b ?? Number.NaN) / 2 ** 20;
  });
}
