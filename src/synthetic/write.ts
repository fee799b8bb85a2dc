/**
 * Writing a synthetic corpus (Node only): reports are generated in file order and streamed, a chunk
 * at a time, into CSV part files (per table, year and shard; shards may run in child processes),
 * joined in report id order into the CSV of every table (the bytes the corpus writer would give);
 * native DuckDB then turns each CSV into Parquet (zstd) without holding it in JS memory. The manifest
 * is the corpus writer's, with `synthetic: true`; `violations.csv` is the ground truth beside it.
 */
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { toCsvText } from '../corpus/csv';
import { Manifest, type ManifestTable, type ManifestTables } from '../corpus/manifest';
import { reportToRows, type Row } from '../corpus/rows';
import { CORPUS_TABLES, SCHEMA_VERSION, type ColumnSpec, type TableSpec } from '../corpus/schema';
import { generateCorpus, type SyntheticOptions } from './generate';
import { renderReportDocument } from './render';
import { VIOLATION_RULES } from './violations';

export interface WriteOptions extends Omit<SyntheticOptions, 'contentHash' | 'range'> {
  readonly out: string;
  readonly generator: { readonly name: string; readonly version: string };
  /** Reports per write to the CSV files (default 200). */
  readonly chunk?: number;
  /** Rows per Parquet row group. */
  readonly rowGroupSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * CSV files plain (`<table>.csv`, as the corpus writer) or gzip-compressed (`<table>.csv.gz`, a
   * stream of gzip members; for national-scale runs whose CSV would not fit on disk). Default: plain.
   */
  readonly csv?: 'plain' | 'gzip';
  /** content_sha256 = SHA-256 of each report's rendering (default); false: a seeded placeholder (faster). */
  readonly renderHash?: boolean;
  /** Processes generating in parallel (contiguous agency ranges); the output is the same bytes. */
  readonly jobs?: number;
}

export interface WriteSummary {
  readonly reports: number;
  readonly agencies: number;
  readonly violations: number;
  readonly violationsByRule: Readonly<Record<string, number>>;
  /** Failures the model produced without inserting them (should be 0; listed in violations.csv as unplanned). */
  readonly unplanned: number;
  readonly rows: Readonly<Record<string, number>>;
  readonly seconds: { readonly generate: number; readonly parquet: number };
  readonly manifest: Manifest;
}

/** Columns of `violations.csv`. */
export const VIOLATION_COLUMNS = ['report_id', 'agency_id', 'year', 'rule_id', 'keys', 'description'] as const;

// Only the columns matter to the CSV formatter; the name is a placeholder of the right type.
const VIOLATIONS_SPEC = {
  name: 'reports',
  zh: '',
  en: '',
  columns: VIOLATION_COLUMNS.map((name): ColumnSpec => ({ name, type: name === 'year' ? 'INTEGER' : 'VARCHAR', nullable: false, zh: name, en: name })),
} satisfies TableSpec;

/** An append-only file with a running SHA-256 of its bytes; with `gzip`, each write is one gzip member. */
class HashedFile {
  private readonly fd: number;
  private readonly hash = createHash('sha256');
  bytes = 0;
  constructor(
    readonly path: string,
    private readonly gzip = false,
  ) {
    this.fd = openSync(path, 'w');
  }
  write(text: string): void {
    if (text === '') return;
    const plain = Buffer.from(text, 'utf8');
    // Level 1: the CSV is repetitive enough that speed costs little size.
    this.writeRaw(this.gzip ? gzipSync(plain, { level: 1 }) : plain);
  }
  /** UTF-8 pieces written as one (one gzip member when gzipped). */
  writeParts(parts: readonly Buffer[]): void {
    if (parts.length === 0) return;
    if (this.gzip) this.writeRaw(gzipSync(parts.length === 1 ? (parts[0] ?? Buffer.alloc(0)) : Buffer.concat(parts), { level: 1 }));
    else for (const p of parts) this.writeRaw(p);
  }
  /** Bytes as they are (already compressed, when appending a gzipped part). */
  writeRaw(buf: Buffer): void {
    this.hash.update(buf);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off);
    this.bytes += buf.length;
  }
  close(): string {
    closeSync(this.fd);
    return this.hash.digest('hex');
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * CSV rows as `toCsvText` formats them, without its BOM and header: the same field rules (null
 * empty, '' quoted, RFC 4180 quoting, shortest number form); a test compares the bytes.
 */
function csvBody(spec: TableSpec, rows: readonly Row[]): string {
  const names = spec.columns.map((c) => c.name);
  let out = '';
  for (const r of rows) {
    let line = '';
    for (let i = 0; i < names.length; i++) {
      const v = r[names[i] ?? ''] ?? null;
      if (i > 0) line += ',';
      if (v === null) continue;
      if (typeof v === 'string') line += v === '' || NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
      else if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw new Error(`cannot write ${String(v)} to CSV`);
        line += String(v);
      } else line += v ? 'true' : 'false';
    }
    out += line + '\r\n';
  }
  return out;
}

function csvHead(spec: TableSpec): string {
  return toCsvText(spec, []);
}

async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** CSV → Parquet through native DuckDB, types from the schema, row order kept. */
async function csvToParquet(tables: readonly TableSpec[], dir: string, rowGroupSize: number, csvName: (t: TableSpec) => string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', preserve_insertion_order: 'true' });
  const conn = await instance.connect();
  try {
    for (const t of tables) {
      const cols = t.columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ');
      const src = sqlString(join(dir, csvName(t)));
      const dst = sqlString(join(dir, `${t.name}.parquet`));
      await conn.run(
        `COPY (SELECT * FROM read_csv(${src}, header = true, columns = {${cols}}, allow_quoted_nulls = false, delim = ',', quote = '"', escape = '"', auto_detect = false)) ` +
          `TO ${dst} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${String(rowGroupSize)})`,
      );
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** SHA-256 of the report rendered in its own format: what `source_file` (synthetic://…/<id>.txt|html) would hold. */
export const renderedTextHash: NonNullable<SyntheticOptions['contentHash']> = (report) =>
  createHash('sha256').update(renderReportDocument(report, report.meta.sourceFormat === 'html' ? 'html' : 'text'), 'utf8').digest('hex');

/** What one shard wrote. */
export interface ShardResult {
  readonly reports: number;
  readonly agencies: number;
  readonly rows: Record<string, number>;
  readonly byRule: Record<string, number>;
  readonly violations: number;
  readonly unplanned: number;
}

/** Options a shard needs (plain data: they cross into a child process as JSON). */
export type ShardOptions = Omit<WriteOptions, 'onProgress' | 'generator'>;

const partName = (table: string, year: number, shard: number): string => `${table}.${String(year)}.${String(shard).padStart(3, '0')}`;

function shardOf(opts: ShardOptions): SyntheticOptions {
  return { ...opts, ...(opts.renderHash === false ? {} : { contentHash: renderedTextHash }) };
}

/**
 * Generates agencies `range` of the run and writes, per year, one part file per table (CSV rows
 * without header; gzip members when gzipped) under `partsDir`. Runs in-process or in a child.
 */
export function writeShard(opts: ShardOptions, shard: number, range: { from: number; to: number }, partsDir: string, onProgress?: (done: number) => void): ShardResult {
  const chunk = opts.chunk ?? 200;
  const gzip = opts.csv === 'gzip';
  const rows: Record<string, number> = Object.fromEntries(CORPUS_TABLES.map((t) => [t.name, 0]));
  const byRule: Record<string, number> = Object.fromEntries(VIOLATION_RULES.map((r) => [r, 0]));
  let files: Map<string, HashedFile> | null = null;
  let year: number | null = null;
  // Rows become UTF-8 bytes right away: holding row objects, or concatenating long strings, costs
  // more (GC, rope flattening) than the CSV itself.
  const pending = new Map<string, Buffer[]>();
  let n = 0;
  let violations = 0;
  let unplanned = 0;
  const agencies = new Set<string>();
  const flush = (): void => {
    if (files === null) return;
    for (const [name, list] of pending) files.get(name)?.writeParts(list);
    pending.clear();
  };
  const close = (): void => {
    flush();
    if (files !== null) for (const f of files.values()) f.close();
    files = null;
  };
  const add = (name: string, spec: TableSpec, rs: readonly Row[]): void => {
    if (rs.length === 0) return;
    const list = pending.get(name) ?? [];
    list.push(Buffer.from(csvBody(spec, rs), 'utf8'));
    pending.set(name, list);
  };
  for (const s of generateCorpus({ ...shardOf(opts), range })) {
    if (s.identity.year !== year) {
      close();
      year = s.identity.year ?? 0;
      const y = year;
      files = new Map([...CORPUS_TABLES.map((t) => t.name), 'violations'].map((name) => [name, new HashedFile(join(partsDir, partName(name, y, shard)), gzip && name !== 'violations')]));
    }
    const r = reportToRows(s);
    for (const t of CORPUS_TABLES) {
      const rs = r[t.name];
      rows[t.name] = (rows[t.name] ?? 0) + rs.length;
      add(t.name, t, rs);
    }
    agencies.add(s.identity.agencyId);
    const base = { report_id: s.identity.reportId, agency_id: s.identity.agencyId, year: s.identity.year };
    const vrows: Row[] = [];
    if (s.violation) {
      violations++;
      byRule[s.violation.ruleId] = (byRule[s.violation.ruleId] ?? 0) + 1;
      vrows.push({ ...base, rule_id: s.violation.ruleId, keys: s.violation.keys.join(' '), description: `${s.violation.description.zh} / ${s.violation.description.en}` });
    }
    for (const rule of s.unplanned) {
      unplanned++;
      vrows.push({ ...base, rule_id: rule, keys: '', description: '模型自身产生、非有意插入 / arose from the model, not inserted' });
    }
    add('violations', VIOLATIONS_SPEC, vrows);
    n++;
    if (n % chunk === 0) {
      flush();
      onProgress?.(n);
    }
  }
  close();
  onProgress?.(n);
  return { reports: n, agencies: agencies.size, rows, byRule, violations, unplanned };
}

/** Runs one shard in a child process (`shard-main.ts`), so shards use separate cores. */
function runChild(opts: ShardOptions, shard: number, range: { from: number; to: number }, partsDir: string): Promise<ShardResult> {
  const script = fileURLToPath(new URL('./shard-main.ts', import.meta.url));
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify({ opts, shard, range, partsDir })], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`shard ${String(shard)} exited with ${String(code)}`));
        return;
      }
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as ShardResult);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** Appends a file's bytes to a hashed output, streaming. */
async function appendFile(into: HashedFile, path: string): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) into.writeRaw(chunk as Buffer);
}

/**
 * Generates and writes the corpus under `opts.out`; returns counts, timings and the manifest.
 * With `jobs` > 1, contiguous ranges of agencies are generated by child processes and their parts
 * concatenated in (year, range) order, which is report id order: the files are the same bytes.
 */
export async function writeSyntheticCorpus(opts: WriteOptions): Promise<WriteSummary> {
  const dir = opts.out;
  mkdirSync(dir, { recursive: true });
  const partsDir = join(dir, '.parts');
  rmSync(partsDir, { recursive: true, force: true });
  mkdirSync(partsDir, { recursive: true });
  const total = opts.agencies * opts.years.length;
  const t0 = performance.now();
  const gzip = opts.csv === 'gzip';
  const csvName = (t: TableSpec): string => `${t.name}.csv${gzip ? '.gz' : ''}`;
  const jobs = Math.max(1, Math.min(opts.jobs ?? 1, opts.agencies));
  const ranges = Array.from({ length: jobs }, (_, i) => ({ from: Math.floor((i * opts.agencies) / jobs), to: Math.floor(((i + 1) * opts.agencies) / jobs) }));
  const { onProgress, generator: _g, ...shardOpts } = opts;
  const results =
    jobs === 1
      ? [writeShard(shardOpts, 0, ranges[0] ?? { from: 0, to: opts.agencies }, partsDir, (done) => onProgress?.(done, total))]
      : await Promise.all(ranges.map((r, i) => runChild(shardOpts, i, r, partsDir)));
  const rows: Record<string, number> = Object.fromEntries(CORPUS_TABLES.map((t) => [t.name, results.reduce((s, r) => s + (r.rows[t.name] ?? 0), 0)]));
  const byRule: Record<string, number> = Object.fromEntries(VIOLATION_RULES.map((k) => [k, results.reduce((s, r) => s + (r.byRule[k] ?? 0), 0)]));
  const n = results.reduce((s, r) => s + r.reports, 0);
  const years = [...new Set(opts.years)].sort((a, b) => a - b);
  const csvHashes = new Map<string, { sha: string; bytes: number }>();
  for (const spec of [...CORPUS_TABLES, VIOLATIONS_SPEC]) {
    const name = spec === VIOLATIONS_SPEC ? 'violations' : spec.name;
    const z = gzip && name !== 'violations';
    const f = new HashedFile(join(dir, name === 'violations' ? 'violations.csv' : csvName(spec)), z);
    f.write(csvHead(spec));
    for (const y of years) for (let i = 0; i < jobs; i++) await appendFile(f, join(partsDir, partName(name, y, i)));
    csvHashes.set(name, { sha: f.close(), bytes: f.bytes });
  }
  rmSync(partsDir, { recursive: true, force: true });
  const t1 = performance.now();
  await csvToParquet(CORPUS_TABLES, dir, opts.rowGroupSize ?? 100_000, csvName);
  const t2 = performance.now();
  const entries: Partial<Record<keyof ManifestTables, ManifestTable>> = {};
  for (const t of CORPUS_TABLES) {
    const pq = join(dir, `${t.name}.parquet`);
    const csv = csvHashes.get(t.name) ?? { sha: '', bytes: 0 };
    const { size } = statSync(pq);
    entries[t.name] = {
      rows: rows[t.name] ?? 0,
      columns: t.columns.map((c) => c.name),
      parquet: { path: `${t.name}.parquet`, bytes: size, sha256: await fileSha256(pq) },
      csv: { path: csvName(t), bytes: csv.bytes, sha256: csv.sha },
    };
  }
  const manifest = Manifest.parse({
    schemaVersion: SCHEMA_VERSION,
    generator: opts.generator,
    synthetic: true,
    inputs: { files: n, reports: n, failed: 0 },
    tables: entries,
    failures: [],
  });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return {
    reports: n,
    agencies: results.reduce((s, r) => s + r.agencies, 0),
    violations: results.reduce((s, r) => s + r.violations, 0),
    violationsByRule: byRule,
    unplanned: results.reduce((s, r) => s + r.unplanned, 0),
    rows,
    seconds: { generate: (t1 - t0) / 1000, parquet: (t2 - t1) / 1000 },
    manifest,
  };
}

/** Removes a corpus folder written by {@link writeSyntheticCorpus} (tests). */
export function removeCorpus(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
