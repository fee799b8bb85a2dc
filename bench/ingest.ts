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
import { runReportChecks } from '../src/checks';
import { parseMetaCsv } from '../src/corpus/meta';
import { nodeEngine, sharedDir } from '../src/corpus/node';
import { parseReport } from '../src/ingest/parse';

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

type Pass = (s: readonly InputFile[]) => number | Promise<number>;

/** Runs `pass` over `set` until `minMs` have elapsed; `pass` returns how many reports it handled. */
async function measure(label: string, set: readonly InputFile[], pass: Pass): Promise<Measure> {
  const ok = await pass(set);
  let reports = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let elapsed: number;
  do {
    await pass(set);
    reports += set.length;
    elapsed = performance.now() - t0;
  } while (elapsed < minMs);
  const cpu = process.cpuUsage(c0);
  return { label, files: set.length, ok, reports, seconds: elapsed / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

// Text, Markdown and HTML go through the synchronous parser, as the 2,000/s target concerns them;
// PDF and DOCX need the async front ends (pdf.js), measured in their own rows.
const isBinary = (f: InputFile): boolean => /\.(pdf|docx)$/i.test(f.relPath);
const parseOnly = async (s: readonly InputFile[]): Promise<number> => {
  let ok = 0;
  for (const f of s) if ((isBinary(f) ? await nodeEngine.parse(f.bytes, { fileName: f.relPath }) : parseReport(f.bytes, { fileName: f.relPath })).ok) ok++;
  return ok;
};
const parseAndCheck = (s: readonly InputFile[]): number => {
  let ok = 0;
  for (const f of s) {
    const r = parseReport(f.bytes, { fileName: f.relPath });
    if (r.ok) {
      runReportChecks(r.report);
      ok++;
    }
  }
  return ok;
};
const wholeBatch = async (s: readonly InputFile[]): Promise<number> => {
  const result = await buildCorpus(s, nodeEngine, { meta });
  writeCorpusFiles(result, { name: 'bench', version: '0' });
  return result.reports.length;
};
const textual = files.filter((f) => !isBinary(f));

const byFormat = new Map<string, InputFile[]>();
for (const f of files) {
  const ext = extname(f.relPath).slice(1).toLowerCase();
  byFormat.set(ext, [...(byFormat.get(ext) ?? []), f]);
}

// Warm the JIT on everything first, so the first row measured is not the cold one.
for (let i = 0; i < 3; i++) await wholeBatch(files);

const rows: Measure[] = [];
for (const [ext, set] of [...byFormat].sort((a, b) => b[1].length - a[1].length)) rows.push(await measure(`parse · ${ext}`, set, parseOnly));
rows.push(await measure('parse · text + html (no pdf)', textual, parseOnly));
rows.push(await measure('parse + checks · text + html', textual, parseAndCheck));
rows.push(await measure('whole batch (→ Parquet + CSV) · all', files, wholeBatch));

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
process.stdout.write('ok = files that parsed into a report; pdf rows run pdf.js (async), the rest the synchronous parser.\n');
