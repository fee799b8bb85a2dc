/**
 * Native DuckDB (@duckdb/node-api) side of the benchmark: writes the prebuilt `corpus.duckdb` a
 * corpus folder can carry (the loading strategy the app attaches read-only over HTTP range reads),
 * and times the SQL the app ran in the browser on the same data.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CORPUS_TABLES } from '../src/corpus/schema';
import { CORPUS_DB_ALIAS, CORPUS_DB_SCHEMA, CORPUS_DB_WIDE, VIEWS_SQL, attachedViewsSql, type CorpusDatabaseEntry } from '../src/corpus/load';

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Writes `<dir>/corpus.duckdb` from the corpus's Parquet files: every table in schema `corpus`,
 * plus `reports_wide` (reports ⨝ report_values, what `v_reports` is) sorted by region so the
 * filters skip row groups, in storage format v1.0.0 (readable by DuckDB-WASM 1.32's engine).
 * Adds the optional `database` entry to manifest.json.
 */
export async function writeCorpusDatabase(dir: string): Promise<CorpusDatabaseEntry> {
  const file = join(dir, 'corpus.duckdb');
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { tables: Record<string, { rows: number } | undefined> } & Record<string, unknown>;
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await inst.connect();
  await c.run(`ATTACH ${lit(resolve(file))} AS out (STORAGE_VERSION 'v1.0.0')`);
  await c.run(`CREATE SCHEMA out.${CORPUS_DB_SCHEMA}`);
  const tables: string[] = [];
  for (const t of CORPUS_TABLES) {
    if (!manifest.tables[t.name]) continue;
    const order = t.columns.some((col) => col.name === 'report_id') ? ' ORDER BY report_id' : '';
    await c.run(`CREATE TABLE out.${CORPUS_DB_SCHEMA}.${t.name} AS SELECT * FROM read_parquet(${lit(resolve(dir, `${t.name}.parquet`))})${order}`);
    tables.push(t.name);
  }
  // The wide view materialised once: every dashboard query reads it, and a join per query costs more than the table.
  await c.run(`USE out.${CORPUS_DB_SCHEMA}`);
  await c.run(VIEWS_SQL.replace('CREATE OR REPLACE VIEW v_reports', 'CREATE TEMP VIEW v_reports_tmp'));
  await c.run(`CREATE TABLE out.${CORPUS_DB_SCHEMA}.${CORPUS_DB_WIDE} AS SELECT * FROM v_reports_tmp ORDER BY province, city, agency_id, year`);
  await c.run('USE memory');
  await c.run('DETACH out');
  c.closeSync();
  inst.closeSync();
  const entry: CorpusDatabaseEntry = { path: 'corpus.duckdb', bytes: statSync(file).size, sha256: await sha256File(file), tables, wide: CORPUS_DB_WIDE };
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, database: entry }, null, 2));
  return entry;
}

/** A native database over `<dir>/corpus.duckdb` with the same views the app creates. */
export async function openNative(dir: string, threads: number): Promise<{ conn: DuckDBConnection; close: () => void }> {
  const file = join(dir, 'corpus.duckdb');
  if (!existsSync(file)) throw new Error(`${file} is missing: run writeCorpusDatabase first`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { database?: CorpusDatabaseEntry };
  if (!manifest.database) throw new Error('manifest.json has no database entry');
  const inst = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const conn = await inst.connect();
  await conn.run(`ATTACH ${lit(resolve(file))} AS ${CORPUS_DB_ALIAS} (READ_ONLY)`);
  for (const s of attachedViewsSql(manifest.database)) await conn.run(s);
  return {
    conn,
    close: () => {
      conn.closeSync();
      inst.closeSync();
    },
  };
}

export interface NativeTiming {
  sql: string;
  /** Median over the repeats, warm (after one unmeasured run). */
  native_ms: number;
}

/** Times each SQL `repeats` times after a warm-up run; medians in ms. */
export async function timeNative(dir: string, sqls: readonly string[], threads: number, repeats = 5): Promise<NativeTiming[]> {
  const { conn, close } = await openNative(dir, threads);
  const out: NativeTiming[] = [];
  try {
    for (const sql of sqls) {
      await conn.runAndReadAll(sql);
      const times: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const t0 = performance.now();
        await conn.runAndReadAll(sql);
        times.push(performance.now() - t0);
      }
      out.push({ sql, native_ms: median(times) });
    }
  } finally {
    close();
  }
  return out;
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Nearest-rank quantile (p in 0..1) of a non-empty list; NaN for an empty one. */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1));
  return s[i] ?? Number.NaN;
}
