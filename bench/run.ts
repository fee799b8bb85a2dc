/**
 * `npm run bench`: ingest speed, the built app in headless Chromium over corpora of several sizes,
 * and the app's SQL in native DuckDB on the same data. Prints a table and merges the figures into
 * bench/results.json (one entry per corpus size, corpus kind and loading strategy).
 *
 *   npm run bench -- [--sizes 10000,100000,1000000] [--strategy attach|parquet] [--corpus replicated|synthetic]
 *                    [--skip-ingest] [--timeout-s 120] [--first-chart-timeout-s 300]
 *                    [--profile "open an agency,filter: province on audit"]   (CPU profiles of those steps; bench/profile.ts)
 *                    [--trace-only]   (with --profile: the Chromium trace alone, without the sampling profiler that slows the page)
 *                    [--passes 3]   (the script run that many times, the app opened again at its start after each
 *                                    pass; each step's time is its median; bench/script.ts `combinePasses`)
 *   npm run bench -- --ingest-only     (the ingest figures alone, written into bench/results.json)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../scripts/build-lib.mjs';
import { serveStatic } from '../scripts/static-server';
import { runBrowser, type BrowserRun } from './browser';
import { addCellBlocks, addAuditColumns, addRollup, sortFindingsByStatus, writeCorpusDatabase } from '../src/corpus/database-node';
import { corpusDatabaseEntry, storedRollup } from '../src/corpus/load';
import { warmAnswers, warmPath, warmSqls } from '../src/corpus/warm';
import { writeWarmStart } from '../src/corpus/warm-node';
import { calibrate } from './calibrate';
import { median, quantile, timeNative } from './native';
import { profiledSteps } from './profile';
import type { IngestBenchRow } from './ingest';
import { replicatedCorpus } from './replicate';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const RESULTS = join(ROOT, 'bench', 'results.json');

type Strategy = 'attach' | 'parquet';
type CorpusKind = 'replicated' | 'synthetic';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * The CPU's family and model numbers and clock from /proc/cpuinfo (Linux): a virtual machine may
 * name every generation "AMD EPYC", and two generations differ by up to 2× in these figures.
 */
function cpuDetails(): Record<string, unknown> {
  if (!existsSync('/proc/cpuinfo')) return {};
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const field = (name: string): string | undefined => new RegExp(`^${name}\\s*:\\s*(.+)$`, 'm').exec(info)?.[1]?.trim();
  const num = (v: string | undefined): number | undefined => (v === undefined || !Number.isFinite(Number(v)) ? undefined : Number(v));
  return { cpu_family: num(field('cpu family')), cpu_model_number: num(field('model')), cpu_mhz: num(field('cpu MHz')) };
}

function machine(): Record<string, unknown> {
  const chromium = spawnSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' });
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    ...cpuDetails(),
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    // A machine without Chromium can still measure ingest.
    chromium: chromium.error === undefined ? chromium.stdout.trim() : 'not installed',
  };
}

const round = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** A synthetic corpus from S1's generator (src/cli/corpus-synthetic.ts), built once under tmp/bench. */
function syntheticCorpus(reports: number): string {
  const dir = join(ROOT, 'tmp', 'bench', `synthetic-${String(reports)}`);
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  const cli = join(ROOT, 'src', 'cli', 'corpus-synthetic.ts');
  if (!existsSync(cli)) throw new Error('the synthetic generator (src/cli/corpus-synthetic.ts) is not there yet: use --corpus replicated');
  // 7 years per agency (2019–2025).
  const agencies = Math.ceil(reports / 7);
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), cli, '--agencies', String(agencies), '--years', '2019-2025', '--seed', '1', '--out', dir], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`corpus-synthetic failed (${String(r.status)})`);
  return dir;
}

async function corpusDir(kind: CorpusKind, reports: number): Promise<string> {
  if (kind === 'replicated') return replicatedCorpus(ROOT, reports);
  const dir = syntheticCorpus(reports);
  // What `npm run corpus:database` writes, redone when missing or written before the current layout.
  const manifest = (): unknown => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const db = corpusDatabaseEntry(manifest());
  if (!existsSync(join(dir, 'corpus.duckdb')) || db?.agency_cells !== true || db.hot?.identical_min_cells === undefined || db.hot.audit_region !== true) await writeCorpusDatabase(dir);
  else {
    // Written before the agencies' cell blocks, or before the audit's latest columns (the narrative
    // pairs' regions, the identical flags' key numbers): only those are added (the rest takes half an hour at 10^6).
    if (db.hot.cell_blocks === undefined || !existsSync(join(dir, db.hot.cell_blocks.path))) await addCellBlocks(dir);
    if ((db.hot.narratives === true && db.hot.narrative_region !== true) || db.hot.identical_key_ids !== true) await addAuditColumns(dir);
    // Findings sorted by region alone (before round 22): by status first.
    if (db.hot.findings_reports === true && db.hot.findings_by_status !== true) await sortFindingsByStatus(dir);
    // Before the rollup, or before the catalogue's current metrics.
    const now = corpusDatabaseEntry(manifest());
    if (now && !storedRollup(now)) await addRollup(dir);
  }
  // Written again when missing, or when it answers not every statement the first screen asks now
  // (a builder's text changed): the page would otherwise wait for the engine on those cards.
  const warm = warmPath(manifest());
  const answers = warm !== null && existsSync(join(dir, warm)) ? warmAnswers(JSON.parse(readFileSync(join(dir, warm), 'utf8')), manifest())?.answers : undefined;
  if (!answers || warmSqls().some((sql) => !answers.has(sql))) await writeWarmStart(dir);
  return dir;
}

interface IngestFigures {
  /** Reports per second (wall clock, one core, parse + per-report checks) by source format. */
  reports_per_s: Record<string, number>;
  rows: readonly IngestBenchRow[];
  note: string;
  measured_at: string;
  /** One-minute load average before and after: a busy machine lowers every per-CPU-s figure. */
  load_avg_1m: readonly [number, number];
  machine: Record<string, unknown>;
}

/**
 * Ingest figures: `npm run bench:ingest` (bench/ingest.ts) in a process of its own, so that they are
 * the figures that command gives; in this process, beside the browser harness and the native DuckDB
 * module, its html row varied twice as much between runs.
 */
function ingest(): IngestFigures {
  const load0 = loadavg()[0] ?? 0;
  const out = join(ROOT, 'tmp', 'bench', 'ingest.json');
  mkdirSync(join(ROOT, 'tmp', 'bench'), { recursive: true });
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'bench', 'ingest.ts'), '--json', out], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`bench:ingest failed (${String(r.status)})`);
  const rows = (JSON.parse(readFileSync(out, 'utf8')) as { rows: IngestBenchRow[] }).rows;
  const load1 = loadavg()[0] ?? 0;
  return {
    reports_per_s: Object.fromEntries(rows.map((row) => [row.format, Math.round(row.parse_checks_per_s)])),
    rows,
    note: 'npm run bench:ingest (bench/ingest.ts, 2 s per row, median of 5 slices): main thread only; rows also give parse alone and per CPU-second',
    measured_at: new Date().toISOString(),
    load_avg_1m: [round2(load0), round2(load1)],
    machine: machine(),
  };
}

function writeResults(results: Record<string, unknown>): void {
  writeFileSync(RESULTS, `${JSON.stringify(results, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
}

interface Entry {
  reports: number;
  corpus: CorpusKind;
  strategy: Strategy;
  ready_ms: number;
  first_chart_ms: number;
  p50_ms: number;
  p95_ms: number;
  peak_memory_mb: number;
  wasm_native_ratio_median: number;
  [k: string]: unknown;
}

/** The step each logged query ran in (the log is chronological and the steps count their queries; the first ones ran before the script). */
function stepOfQueries(run: BrowserRun): string[] {
  // Background queries (prefetch, warm-up) belong to no step; the others are the steps' in order.
  const fg = run.queries.flatMap((q, n) => (q.background === true ? [] : [n]));
  const stepOf: string[] = run.queries.map((q) => (q.background === true ? 'background' : 'before the script'));
  let k = Math.max(0, fg.length - run.steps.reduce((n, s) => n + s.queries, 0));
  for (const step of run.steps) {
    for (let q = 0; q < step.queries; q++) {
      const n = fg[k++];
      if (n !== undefined) stepOf[n] = step.name;
    }
  }
  return stepOf;
}

/**
 * Writes the run's chronological query log, each query with the step it ran in, its cold time and
 * why it failed, to tmp/bench/runs/ (not committed): where a slow step spent its time.
 */
function writeRunLog(reports: number, kind: CorpusKind, strategy: Strategy, run: BrowserRun): void {
  const dir = join(ROOT, 'tmp', 'bench', 'runs');
  mkdirSync(dir, { recursive: true });
  const stepOf = stepOfQueries(run);
  const log = run.queries.map((q, n) => ({ step: stepOf[n], cold_ms: round(q.ms), warm_ms: round(q.warm_ms), ok: q.ok, ...(q.error === undefined ? {} : { error: q.error }), ...(q.background === true ? { background: true } : {}), sql: q.sql }));
  writeFileSync(join(dir, `${String(reports)}-${kind}-${strategy}.json`), `${JSON.stringify({ steps: run.steps, log }, null, 2)}\n`);
}

/**
 * A step during which one of the app's queries failed (not cancelled) showed an error, not its
 * answer: it gets the error and counts as not finished.
 */
function failStepsWithFailedQueries(run: BrowserRun): void {
  const stepOf = stepOfQueries(run);
  run.queries.forEach((q, n) => {
    const step = run.steps.find((s) => s.name === stepOf[n]);
    if (q.error === undefined || step === undefined || step.error !== undefined) return;
    step.error = `a query failed: ${q.error.split('\n')[0] ?? ''}`;
    step.ms = Number.NaN;
  });
}

async function benchSize(kind: CorpusKind, reports: number, strategy: Strategy, timeoutMs: number, firstChartTimeoutMs: number, passes: number): Promise<Entry> {
  const dir = await corpusDir(kind, reports);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { inputs: { reports: number } };
  const load0 = loadavg()[0] ?? 0;
  const speed0 = calibrate();
  const server = await serveStatic(join(ROOT, 'dist'), {
    mounts: { '/data/': dir },
    ...(strategy === 'parquet' ? { transformJson: { '/data/manifest.json': (m: Record<string, unknown>) => { const { database: _omit, ...rest } = m; return rest; } } } : {}),
  });
  let run: BrowserRun;
  try {
    const shots = join(ROOT, 'tmp', 'bench', 'failed-steps', `${String(reports)}-${strategy}`);
    mkdirSync(shots, { recursive: true });
    const steps = profiledSteps(arg('profile'));
    const profiles = join(ROOT, 'tmp', 'bench', 'profiles');
    if (steps.size > 0) mkdirSync(profiles, { recursive: true });
    run = await runBrowser(server.origin, timeoutMs, firstChartTimeoutMs, server.bytesServed, shots, 3, steps.size > 0 ? { steps, dir: profiles, prefix: String(reports), cpu: !process.argv.includes('--trace-only') } : undefined, passes);
  } finally {
    await server.close();
  }
  const load1 = loadavg()[0] ?? 0;
  const speed1 = calibrate();
  writeRunLog(reports, kind, strategy, run);
  failStepsWithFailedQueries(run);
  const sqls = [...new Set(run.queries.filter((q) => q.ok).map((q) => q.sql))];
  const native1 = strategy === 'attach' ? await timeNative(dir, sqls, 1) : [];
  const native2 = strategy === 'attach' ? await timeNative(dir, sqls, cpus().length) : [];
  const per = sqls.map((sql, i) => {
    const wasm = run.queries.find((q) => q.sql === sql)?.warm_ms ?? Number.NaN;
    const n1 = native1[i]?.native_ms ?? Number.NaN;
    const n2 = native2[i]?.native_ms ?? Number.NaN;
    return { sql, wasm_warm_ms: round(wasm), native_1t_ms: round(n1), native_ms: round(n2), ratio: wasm / Math.max(n2, 0.05), ratio_1t: wasm / Math.max(n1, 0.05) };
  });
  // A failed step counts as slower than any finished one: it cannot improve the percentiles.
  const stepMs = run.steps.map((s) => (Number.isFinite(s.ms) ? s.ms : Number.POSITIVE_INFINITY));
  return {
    reports: manifest.inputs.reports,
    corpus: kind,
    strategy,
    ready_ms: round(run.ready_ms),
    corpus_ready_ms: round(run.corpus_ready_ms),
    warm_start_ms: round(run.warm_ms),
    background_idle_ms: round(run.background_idle_ms),
    first_chart_ms: round(run.first_chart_ms),
    p50_ms: round(median(stepMs)),
    p95_ms: round(quantile(stepMs, 0.95)),
    steps_failed: run.steps.filter((s) => s.error !== undefined).length,
    peak_memory_mb: round(run.peak_renderer_rss_mb),
    peak_browser_rss_mb: round(run.peak_browser_rss_mb),
    peak_js_heap_mb: round(run.peak_js_heap_mb),
    duckdb_memory_mb: round(run.duckdb_memory_mb),
    wasm_native_ratio_median: per.length > 0 ? round2(median(per.map((p) => p.ratio))) : Number.NaN,
    wasm_native_1t_ratio_median: per.length > 0 ? round2(median(per.map((p) => p.ratio_1t))) : Number.NaN,
    bytes_served_mb: round(run.bytes_served / 2 ** 20),
    load_average: [round(load0), round(load1)],
    // The host's speed before and after the run (bench/calibrate.ts): entries are comparable where these are.
    host_calibration_ms: [round(speed0), round(speed1)],
    passes,
    steps: run.steps.map((s) => ({ ...s, ms: round(s.ms), ...(s.runs_ms ? { runs_ms: s.runs_ms.map(round) } : {}) })),
    queries: per.map((p) => ({ ...p, ratio: round2(p.ratio), ratio_1t: round2(p.ratio_1t), sql: p.sql.length > 160 ? `${p.sql.slice(0, 160)}…` : p.sql })),
    console_errors: run.console_errors.slice(0, 10),
    measured_at: new Date().toISOString(),
    // Entries of earlier runs may come from another host: each says which machine measured it.
    machine: machine(),
  };
}

/** Targets of issue #6 and how far each entry is from them. */
function verdicts(e: Entry): string[] {
  const out: string[] = [];
  const check = (what: string, v: number, limit: number, unit: string): void => {
    if (v === Number.POSITIVE_INFINITY) out.push(`${what}: MISSED (some steps did not finish within the step timeout; see steps)`);
    else if (!Number.isFinite(v)) out.push(`${what}: not measured`);
    else out.push(v <= limit ? `${what} ${String(v)}${unit} ≤ ${String(limit)}${unit}: met` : `${what} ${String(v)}${unit} > ${String(limit)}${unit}: MISSED by ${String(round(v - limit))}${unit} (${String(round(v / limit))}×)`);
  };
  if (e.reports >= 1_000_000) {
    check('first chart', e.first_chart_ms, 5000, ' ms');
    check('p95', e.p95_ms, 300, ' ms');
    check('peak memory', e.peak_memory_mb, 2048, ' MB');
  } else if (e.reports >= 100_000) {
    check('p95', e.p95_ms, 100, ' ms');
  }
  if (e.strategy === 'attach') check('wasm/native median', e.wasm_native_ratio_median, 4, '×');
  return out;
}

async function main(): Promise<void> {
  const sizes = (arg('sizes') ?? '10000,100000,1000000').split(',').map(Number);
  const strategy = (arg('strategy') ?? 'attach') as Strategy;
  const kind = (arg('corpus') ?? 'replicated') as CorpusKind;
  const timeoutMs = Number(arg('timeout-s') ?? 120) * 1000;
  const firstChartTimeoutMs = Number(arg('first-chart-timeout-s') ?? 300) * 1000;
  const profiling = profiledSteps(arg('profile')).size > 0;
  const passes = Math.max(1, Math.floor(Number(arg('passes') ?? 1)) || 1);
  const prior = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as { ingest?: unknown; browser?: Entry[] }) : {};
  const results: Record<string, unknown> = { ...prior, machine: machine() };
  if (!process.argv.includes('--skip-ingest')) {
    console.log('[bench] ingest…');
    results.ingest = ingest();
  }
  if (process.argv.includes('--ingest-only')) {
    writeResults(results);
    console.log(`[bench] wrote the ingest figures to ${RESULTS}`);
    return;
  }
  if (arg('not-measured') === undefined) ensureBuilt(ROOT);
  const entries = new Map((prior.browser ?? []).map((e) => [`${String(e.reports)}/${e.corpus}/${e.strategy}`, e]));
  // `--not-measured N --reason "…"` records that a size was not run and why, so the file never implies a figure.
  const skipped = arg('not-measured');
  if (skipped !== undefined) {
    const e: Entry = { reports: Number(skipped), corpus: kind, strategy, ready_ms: Number.NaN, first_chart_ms: Number.NaN, p50_ms: Number.NaN, p95_ms: Number.NaN, peak_memory_mb: Number.NaN, wasm_native_ratio_median: Number.NaN, error: `not measured: ${arg('reason') ?? 'no reason given'}`, measured_at: new Date().toISOString() };
    e.targets = verdicts(e);
    entries.set(`${skipped}/${kind}/${strategy}`, e);
    sizes.length = 0;
  }
  for (const n of sizes) {
    if (!Number.isFinite(n) || n <= 0) continue;
    console.log(`[bench] ${String(n)} reports (${kind}, ${strategy})…`);
    let e: Entry;
    try {
      e = await benchSize(kind, n, strategy, timeoutMs, firstChartTimeoutMs, passes);
    } catch (err) {
      // A crash or timeout is a result too: recorded, not hidden.
      e = { reports: n, corpus: kind, strategy, ready_ms: Number.NaN, first_chart_ms: Number.NaN, p50_ms: Number.NaN, p95_ms: Number.NaN, peak_memory_mb: Number.NaN, wasm_native_ratio_median: Number.NaN, error: err instanceof Error ? err.message : String(err), measured_at: new Date().toISOString() };
    }
    e.targets = verdicts(e);
    // A profiled run is slowed by the profiler: its figures are printed, not recorded.
    if (!profiling) {
      entries.set(`${String(e.reports)}/${e.corpus}/${e.strategy}`, e);
      results.browser = [...entries.values()].sort((a, b) => a.reports - b.reports || a.strategy.localeCompare(b.strategy));
      writeResults(results);
    }
    console.table([{ reports: e.reports, corpus: e.corpus, strategy: e.strategy, ready_ms: e.ready_ms, first_chart_ms: e.first_chart_ms, p50_ms: e.p50_ms, p95_ms: e.p95_ms, peak_mb: e.peak_memory_mb, ratio: e.wasm_native_ratio_median }]);
    for (const t of e.targets as string[]) console.log(`  ${t}`);
    if (typeof e.error === 'string') console.log(`  error: ${e.error}`);
  }
  if (profiling) {
    console.log('[bench] profiled run: bench/results.json left as it was; the profiles are in tmp/bench/profiles/');
    return;
  }
  results.browser = [...entries.values()].sort((a, b) => a.reports - b.reports || a.strategy.localeCompare(b.strategy));
  writeResults(results);
  console.log(`[bench] wrote ${RESULTS}`);
}

await main();
