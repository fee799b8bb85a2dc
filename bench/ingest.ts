/**
 * `npm run bench:ingest [-- --min-seconds N] [--warm-seconds N] [--json <file>] [--no-batch]`: reports per second over
 * the shared corpus on one core (the main thread only), per source format, for the parser alone and
 * for the parser plus the per-report checks (what ingest does per report), against the target of
 * 2,000 reports per second for text and HTML. Not a test: the figures depend on the machine.
 *
 * Each row runs its set repeatedly in five slices of at least `minSeconds / 5` each, after warm-up,
 * and reports the median slice: the machine is shared, and the median resists a neighbour's burst.
 * "per CPU-s" divides by this process's CPU time (user + system, garbage collection included), which
 * a busy machine inflates less than wall time; compare figures only between runs made in the same
 * conditions.
 *
 * Steady state (see bench/README.md, round 4): the targeted text and HTML rows are measured first,
 * each after warming its own set until its rate settles (at least `warmSeconds`), and before pdf.js
 * is ever loaded; the pdf and batch rows, which load pdf.js (and leave its heap behind), come after.
 *
 * Rows: txt, md, html (the corpus files), html-synthetic (the text reports rendered as simple HTML
 * pages by bench/synthetic-html.ts, because the corpus has only two HTML reports), text+html (every
 * corpus file the synchronous parser reads), pdf (pdf.js, far slower, not part of the target), and
 * the whole batch of `npm run corpus:build` in memory (parse, checks, rows, Parquet and CSV).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCorpus, writeCorpusFiles, type InputFile } from '../src/corpus/build';
import { runReportChecks } from '../src/checks';
import { parseMetaCsv } from '../src/corpus/meta';
import { NODE_PARSE_ENV, nodeEngine, sharedDir } from '../src/corpus/node';
import { parseReport } from '../src/ingest/parse';
import { textToSyntheticHtml } from './synthetic-html';

/** Reports per CPU-second that text and HTML ingest (parse + checks) must reach. */
export const TARGET_PER_S = 2000;

/** One row of the benchmark: rates are reports per second, median of five slices. */
export interface IngestBenchRow {
  /** txt, md, html, html-synthetic, text+html, pdf, or batch (whole corpus build). */
  readonly format: string;
  readonly files: number;
  /** Files that parsed into a report. */
  readonly ok: number;
  /** Reports processed in the timed parse + checks slices. */
  readonly reports: number;
  readonly parse_per_s: number;
  readonly parse_per_cpu_s: number;
  readonly parse_checks_per_s: number;
  readonly parse_checks_per_cpu_s: number;
  /** Whether the row is held to the target (text and HTML formats). */
  readonly targeted: boolean;
  /** parse + checks per CPU-second ≥ target; null for rows outside the target. */
  readonly pass: boolean | null;
}

export interface IngestBenchOptions {
  /** Seconds of work per measurement (split into five slices). Default 2. */
  readonly minSeconds?: number;
  /** Include the whole-batch row (corpus build in memory). Default true. */
  readonly batch?: boolean;
  /** Least seconds of warm-up per targeted set before it is measured. Default 1. */
  readonly warmSeconds?: number;
}

interface Rate {
  readonly reports: number;
  readonly perS: number;
  readonly perCpuS: number;
}

type Pass = (s: readonly InputFile[]) => number | Promise<number>;

const SLICES = 5;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? 0;
}

/** Runs `pass` over the whole `set` again and again for at least `ms`: reports processed and wall ms taken. */
async function runFor(set: readonly InputFile[], pass: Pass, ms: number): Promise<{ n: number; elapsed: number }> {
  const t0 = performance.now();
  let n = 0;
  let elapsed: number;
  do {
    await pass(set);
    n += set.length;
    elapsed = performance.now() - t0;
  } while (elapsed < ms);
  return { n, elapsed };
}

/** Runs `pass` over `set` in slices of at least `sliceMs`; returns the median slice rates. */
async function measure(set: readonly InputFile[], pass: Pass, sliceMs: number): Promise<Rate> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let reports = 0;
  for (let k = 0; k < SLICES; k++) {
    const c0 = process.cpuUsage();
    const { n, elapsed } = await runFor(set, pass, sliceMs);
    const c = process.cpuUsage(c0);
    reports += n;
    wall.push(n / (elapsed / 1000));
    cpu.push(n / ((c.user + c.system) / 1e6));
  }
  return { reports, perS: median(wall), perCpuS: median(cpu) };
}

/** Warm-up windows: the rate has settled when two windows in a row agree within this fraction. */
const SETTLE_WINDOW_MS = 250;
const SETTLE_TOLERANCE = 0.05;
/** Warm-up never runs longer than this many times its least duration. */
const SETTLE_MAX_FACTOR = 4;

/**
 * Runs `pass` over `set` for at least `warmMs`, then until two consecutive windows of
 * {@link SETTLE_WINDOW_MS} give rates within {@link SETTLE_TOLERANCE} of each other (the JIT has
 * finished with the set), or until `SETTLE_MAX_FACTOR × warmMs`. Returns the warm-up's duration in ms.
 */
async function warmUntilSettled(set: readonly InputFile[], pass: Pass, warmMs: number): Promise<number> {
  const t0 = performance.now();
  let previous = 0;
  for (;;) {
    const { n, elapsed } = await runFor(set, pass, SETTLE_WINDOW_MS);
    const rate = n / elapsed;
    const total = performance.now() - t0;
    if (total >= warmMs && previous > 0 && Math.abs(rate - previous) <= SETTLE_TOLERANCE * previous) return total;
    if (total >= SETTLE_MAX_FACTOR * warmMs) return total;
    previous = rate;
  }
}

const isBinary = (f: InputFile): boolean => /\.(pdf|docx)$/i.test(f.relPath);

/** Parser only; PDF and DOCX through the async front ends (pdf.js), the rest through the synchronous parser. */
async function parseOnly(s: readonly InputFile[]): Promise<number> {
  let ok = 0;
  for (const f of s) if ((isBinary(f) ? await nodeEngine.parse(f.bytes, { fileName: f.relPath }) : parseReport(f.bytes, { fileName: f.relPath }, NODE_PARSE_ENV)).ok) ok++;
  return ok;
}

/** Parser plus the per-report checks: what ingest does for every report. */
async function parseAndCheck(s: readonly InputFile[]): Promise<number> {
  let ok = 0;
  for (const f of s) {
    const r = isBinary(f) ? await nodeEngine.parse(f.bytes, { fileName: f.relPath }) : parseReport(f.bytes, { fileName: f.relPath }, NODE_PARSE_ENV);
    if (r.ok) {
      runReportChecks(r.report);
      ok++;
    }
  }
  return ok;
}

function loadCorpus(): { files: InputFile[]; meta: ReturnType<typeof parseMetaCsv>['index'] } {
  const corpus = join(sharedDir(), 'corpus');
  const dir = join(corpus, 'reports');
  const files = readdirSync(dir)
    .sort()
    .map((name) => ({ relPath: name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
  return { files, meta: parseMetaCsv(readFileSync(join(corpus, 'manifest.csv'), 'utf8')).index };
}

/**
 * Runs the benchmark and returns one row per format (see the module comment). Used by the CLI
 * below and by `npm run bench` (bench/run.ts).
 */
export async function runIngestBench(opts: IngestBenchOptions = {}): Promise<IngestBenchRow[]> {
  const sliceMs = ((opts.minSeconds ?? 2) * 1000) / SLICES;
  const { files, meta } = loadCorpus();
  const byExt = (ext: string): InputFile[] => files.filter((f) => extname(f.relPath).slice(1).toLowerCase() === ext);
  const txt = byExt('txt');
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  // SYNTHETIC: the text reports as HTML pages, named .html so the HTML front end reads them.
  const synthetic: InputFile[] = txt.map((f) => ({
    relPath: f.relPath.replace(/\.txt$/, '.synthetic.html'),
    bytes: encoder.encode(textToSyntheticHtml(decoder.decode(f.bytes))),
  }));
  const sets: { format: string; set: InputFile[]; targeted: boolean }[] = [
    { format: 'txt', set: txt, targeted: true },
    { format: 'md', set: byExt('md'), targeted: true },
    { format: 'html', set: byExt('html'), targeted: true },
    { format: 'html-synthetic', set: synthetic, targeted: true },
    { format: 'text+html', set: files.filter((f) => !isBinary(f)), targeted: true },
    { format: 'pdf', set: byExt('pdf'), targeted: false },
  ].filter((s) => s.set.length > 0);

  const wholeBatch = async (s: readonly InputFile[]): Promise<number> => {
    const result = await buildCorpus(s, nodeEngine, { meta });
    writeCorpusFiles(result, { name: 'bench', version: '0' });
    return result.reports.length;
  };
  const warmMs = (opts.warmSeconds ?? 1) * 1000;

  // Phase 1, the targeted rows, in steady state: each set is warmed on its own (parse + checks, then
  // parse alone) until its rate settles, and pdf.js has not been loaded yet, so its heap (≈ 220 MB
  // kept after three PDFs) does not slow every garbage collection of the rows that never use it.
  // Phase 2, the pdf row and the batch row, which load pdf.js.
  const rows: IngestBenchRow[] = [];
  const ordered = [...sets.filter((s) => s.targeted), ...sets.filter((s) => !s.targeted)];
  for (const { format, set, targeted } of ordered) {
    if (targeted) {
      await warmUntilSettled(set, parseAndCheck, warmMs);
      await warmUntilSettled(set, parseOnly, warmMs / 2);
    } else {
      // Untargeted rows (pdf): a few passes warm pdf.js; they are not held to the target.
      for (let i = 0; i < 3; i++) await parseAndCheck(set);
    }
    const ok = await parseOnly(set);
    const parse = await measure(set, parseOnly, sliceMs);
    const checked = await measure(set, parseAndCheck, sliceMs);
    rows.push({
      format,
      files: set.length,
      ok,
      reports: checked.reports,
      parse_per_s: Math.round(parse.perS),
      parse_per_cpu_s: Math.round(parse.perCpuS),
      parse_checks_per_s: Math.round(checked.perS),
      parse_checks_per_cpu_s: Math.round(checked.perCpuS),
      targeted,
      pass: targeted ? checked.perCpuS >= TARGET_PER_S : null,
    });
  }
  // The rows in the order of `sets` (txt, md, html, html-synthetic, text+html, pdf).
  rows.sort((a, b) => sets.findIndex((s) => s.format === a.format) - sets.findIndex((s) => s.format === b.format));
  if (opts.batch ?? true) {
    // Warm the whole batch (PDFs included, as a corpus build mixes them) before measuring it.
    let batchOk = 0;
    for (let i = 0; i < 3; i++) batchOk = await wholeBatch(files);
    const b = await measure(files, wholeBatch, sliceMs);
    rows.push({
      format: 'batch',
      files: files.length,
      ok: batchOk,
      reports: b.reports,
      parse_per_s: 0,
      parse_per_cpu_s: 0,
      parse_checks_per_s: Math.round(b.perS),
      parse_checks_per_cpu_s: Math.round(b.perCpuS),
      targeted: false,
      pass: null,
    });
  }
  return rows;
}

/** The rows as the printed table. */
export function formatIngestTable(rows: readonly IngestBenchRow[], minSeconds: number): string {
  const pad = (s: string, n: number): string => s.padEnd(n);
  const lpad = (s: string, n: number): string => s.padStart(n);
  const num = (x: number): string => (x === 0 ? '—' : x.toLocaleString('en-US'));
  const out: string[] = [
    `ingest benchmark: ../shared/corpus, one core, ${String(minSeconds)} s per measurement (median of ${String(SLICES)} slices), node ${process.version}, ${String(cpus().length)} cores`,
    'text and HTML rows first, each after warming its set until its rate settles, before pdf.js is loaded; then pdf and batch',
    '',
    `${pad('format', 16)}${lpad('files', 6)}${lpad('ok', 5)}${lpad('reports', 9)}${lpad('parse/s', 10)}${lpad('parse/CPU-s', 13)}${lpad('+checks/s', 11)}${lpad('+checks/CPU-s', 15)}${lpad('vs 2000', 9)}  target`,
  ];
  for (const r of rows) {
    const verdict = r.pass === null ? '—' : r.pass ? 'PASS' : 'MISS';
    const ratio = r.targeted ? `${(r.parse_checks_per_cpu_s / TARGET_PER_S).toFixed(2)}×` : '';
    out.push(
      `${pad(r.format === 'batch' ? 'batch (build)' : r.format, 16)}${lpad(String(r.files), 6)}${lpad(String(r.ok), 5)}${lpad(String(r.reports), 9)}` +
        `${lpad(num(r.parse_per_s), 10)}${lpad(num(r.parse_per_cpu_s), 13)}${lpad(num(r.parse_checks_per_s), 11)}${lpad(num(r.parse_checks_per_cpu_s), 15)}${lpad(ratio, 9)}  ${verdict}`,
    );
  }
  out.push(
    '',
    '/s is wall clock; /CPU-s divides by this process\'s CPU time (GC included). target: parse + checks per CPU-s ≥ 2,000 for text and HTML.',
    'html-synthetic: the corpus text reports rendered as HTML by bench/synthetic-html.ts (synthetic input, not corpus data).',
    'batch: what npm run corpus:build does in memory (parse with PDFs, per-report and cross-year checks, rows, Parquet, CSV), per report.',
  );
  return out.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'min-seconds': { type: 'string' }, 'warm-seconds': { type: 'string' }, json: { type: 'string' }, 'no-batch': { type: 'boolean' } },
  });
  const minSeconds = Number(values['min-seconds'] ?? '2');
  const warmSeconds = Number(values['warm-seconds'] ?? '1');
  const rows = await runIngestBench({ minSeconds, warmSeconds, batch: values['no-batch'] !== true });
  process.stdout.write(`${formatIngestTable(rows, minSeconds)}\n`);
  if (values.json !== undefined) {
    const file = resolve(values.json);
    const doc = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, min_seconds: minSeconds, target_per_cpu_s: TARGET_PER_S, rows };
    writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    process.stdout.write(`figures written to ${file}\n`);
  }
}

// Run as a script (npm run bench:ingest), not when bench/run.ts imports runIngestBench.
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) await main();
