/**
 * `npm run bench:ingest`: reports per second over the shared corpus, on one core (this runs on
 * the main thread only), against the target of 2,000 reports/s. Each measurement repeats the
 * corpus until at least `--min-seconds` (default 2) of work, after one warm-up pass.
 *
 * Rows: parse only, per format and overall; parse + per-report checks; and the whole batch
 * (parse, checks, cross-year checks, rows, Parquet and CSV bytes). Not a test: numbers vary.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCorpus, writeCorpusFiles, type InputFile } from '../src/corpus/build';
import { defaultEngine } from '../src/corpus/engine';
import { parseMetaCsv } from '../src/corpus/meta';
import { sharedDir } from '../src/corpus/node';

const TARGET = 2000;

const { values } = parseArgs({ options: { 'min-seconds': { type: 'string' } } });
const minMs = Number(values['min-seconds'] ?? '2') * 1000;

const corpus = join(sharedDir(), 'corpus');
const dir = join(corpus, 'reports');
const files: InputFile[] = readdirSync(dir)
  .sort()
  .map((name) => ({ relPath: name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
const meta = parseMetaCsv(readFileSync(join(corpus, 'manifest.csv'), 'utf8')).index;

interface Measure {
  readonly label: string;
  readonly files: number;
  readonly ok: number;
  readonly reports: number;
  readonly seconds: number;
  /** User + system CPU time of this process: what the rate would be with the core to ourselves. */
  readonly cpuSeconds: number;
}

/** Runs `pass` over `set` until `minMs` have elapsed; `pass` returns how many reports it handled. */
function measure(label: string, set: readonly InputFile[], pass: (s: readonly InputFile[]) => number): Measure {
  const ok = pass(set);
  let reports = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let elapsed: number;
  do {
    pass(set);
    reports += set.length;
    elapsed = performance.now() - t0;
  } while (elapsed < minMs);
  const cpu = process.cpuUsage(c0);
  return { label, files: set.length, ok, reports, seconds: elapsed / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

const parseOnly = (s: readonly InputFile[]): number => s.filter((f) => defaultEngine.parse(f.bytes, { fileName: f.relPath }).ok).length;
const parseAndCheck = (s: readonly InputFile[]): number => {
  let ok = 0;
  for (const f of s) {
    const r = defaultEngine.parse(f.bytes, { fileName: f.relPath });
    if (r.ok) {
      defaultEngine.reportChecks(r.report);
      ok++;
    }
  }
  return ok;
};
const wholeBatch = (s: readonly InputFile[]): number => {
  const result = buildCorpus(s, defaultEngine, { meta });
  writeCorpusFiles(result, { name: 'bench', version: '0' });
  return result.reports.length;
};

const byFormat = new Map<string, InputFile[]>();
for (const f of files) {
  const ext = extname(f.relPath).slice(1).toLowerCase();
  byFormat.set(ext, [...(byFormat.get(ext) ?? []), f]);
}

// Warm the JIT on everything first, so the first row measured is not the cold one.
for (let i = 0; i < 3; i++) wholeBatch(files);

const rows: Measure[] = [];
for (const [ext, set] of [...byFormat].sort((a, b) => b[1].length - a[1].length)) rows.push(measure(`parse · ${ext}`, set, parseOnly));
rows.push(measure('parse · all', files, parseOnly));
rows.push(measure('parse + checks · all', files, parseAndCheck));
rows.push(measure('whole batch (→ Parquet + CSV) · all', files, wholeBatch));

const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);
process.stdout.write(`ingest benchmark: ${files.length} reports from ../shared/corpus, one core, ≥ ${minMs / 1000} s per row, node ${process.version}\n\n`);
process.stdout.write(
  `${pad('measure', 38)}${lpad('files', 6)}${lpad('ok', 6)}${lpad('reports run', 13)}${lpad('reports/s', 11)}${lpad('vs 2000/s', 11)}${lpad('per CPU-s', 11)}${lpad('vs 2000/s', 11)}\n`,
);
for (const r of rows) {
  const rate = r.reports / r.seconds;
  const cpuRate = r.reports / r.cpuSeconds;
  process.stdout.write(
    `${pad(r.label, 38)}${lpad(String(r.files), 6)}${lpad(String(r.ok), 6)}${lpad(String(r.reports), 13)}${lpad(rate.toFixed(0), 11)}${lpad(`${(rate / TARGET).toFixed(2)}×`, 11)}` +
      `${lpad(cpuRate.toFixed(0), 11)}${lpad(`${(cpuRate / TARGET).toFixed(2)}×`, 11)}\n`,
  );
}
process.stdout.write('\nreports/s is wall clock; per CPU-s divides by this process\'s CPU time (includes GC; robust to a busy machine).\n');
process.stdout.write('ok = files that parsed into a report (pdf answers format_unsupported for now, so its rate measures the refusal).\n');
