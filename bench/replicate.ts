/**
 * BENCH-ONLY: a volume corpus made by replicating the real default corpus (data/) k times with
 * native DuckDB. Every copy gets new ids (`<report_id>~r<k>`, `<agency_id>~r<k>`) and
 * `synthetic = true`; the figures are the real ones repeated, so it measures loading and query
 * cost, not analysis. Use S1's generator (src/cli/corpus-synthetic.ts) for realistic variety.
 *
 * Writes every table as Parquet (zstd) and CSV, a manifest of the usual shape, and `corpus.duckdb`
 * (see `writeCorpusDatabase`).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CORPUS_TABLES } from '../src/corpus/schema';
import { writeCorpusDatabase } from '../src/corpus/database-node';

/** Corpora larger than this get no CSV files (see `replicateCorpus`). */
export const CSV_MAX_REPORTS = 20_000;

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Replicates `srcDir` (a corpus with manifest.json) into `outDir` with at least `reports` reports; returns the real count. */
export async function replicateCorpus(srcDir: string, outDir: string, reports: number): Promise<number> {
  const manifest = JSON.parse(readFileSync(join(srcDir, 'manifest.json'), 'utf8')) as {
    inputs: { reports: number };
    tables: Record<string, { rows: number; columns: string[] } | undefined>;
  } & Record<string, unknown>;
  const base = manifest.inputs.reports;
  const copies = Math.max(1, Math.ceil(reports / base));
  const withCsv = copies * base <= CSV_MAX_REPORTS;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await inst.connect();
  await c.run(`CREATE TABLE k AS SELECT range AS k FROM range(${String(copies)})`);
  const tables: Record<string, unknown> = {};
  let total = 0;
  for (const t of CORPUS_TABLES) {
    const entry = manifest.tables[t.name];
    if (!entry) continue;
    const src = lit(resolve(srcDir, `${t.name}.parquet`));
    const cols = new Set(entry.columns);
    const repl = ['report_id', 'agency_id']
      .filter((col) => cols.has(col))
      .map((col) => `CASE WHEN k = 0 THEN s.${col} ELSE s.${col} || '~r' || k END AS ${col}`);
    if (cols.has('synthetic')) repl.push('(s.synthetic OR k > 0) AS synthetic');
    if (cols.has('agency_name')) repl.push(`CASE WHEN k = 0 THEN s.agency_name ELSE s.agency_name || ' #' || k END AS agency_name`);
    const select = `SELECT s.* ${repl.length > 0 ? `REPLACE (${repl.join(', ')})` : ''} FROM read_parquet(${src}) s, k`;
    const pq = join(outDir, `${t.name}.parquet`);
    let csv = join(outDir, `${t.name}.csv`);
    // Rows grouped by copy then report, as a generator writing agency by agency would lay them out.
    await c.run(`CREATE TABLE t AS ${select} ORDER BY k, ${cols.has('report_id') ? 's.report_id' : '1'}`);
    await c.run(`COPY t TO ${lit(pq)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
    if (withCsv) await c.run(`COPY t TO ${lit(csv)} (FORMAT csv, HEADER true)`);
    // Above CSV_MAX_REPORTS the CSV twins (for people, never read by the app) are left out to save
    // minutes and gigabytes: the manifest then names an empty `<table>.csv.omitted`.
    else writeFileSync(csv = `${csv}.omitted`, '');
    const rows = Number((await c.runAndReadAll('SELECT count(*) FROM t')).getRows()[0]?.[0] ?? 0);
    await c.run('DROP TABLE t');
    if (t.name === 'reports') total = rows;
    tables[t.name] = {
      rows,
      columns: entry.columns,
      parquet: { path: `${t.name}.parquet`, bytes: statSync(pq).size, sha256: await sha256File(pq) },
      csv: { path: basename(csv), bytes: statSync(csv).size, sha256: await sha256File(csv) },
    };
  }
  c.closeSync();
  inst.closeSync();
  const out = { ...manifest, synthetic: true, inputs: { files: total, reports: total, failed: 0 }, tables, failures: [] };
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(out, null, 2));
  return total;
}

/** Replicated corpus of `reports` under tmp/bench/replicated-<reports>, built once and reused. */
export async function replicatedCorpus(root: string, reports: number): Promise<string> {
  const dir = join(root, 'tmp', 'bench', `replicated-${String(reports)}`);
  if (!existsSync(join(dir, 'manifest.json'))) {
    await replicateCorpus(join(root, 'data'), dir, reports);
  }
  if (!existsSync(join(dir, 'corpus.duckdb'))) await writeCorpusDatabase(dir);
  return dir;
}
