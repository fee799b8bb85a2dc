/**
 * Native DuckDB (@duckdb/node-api) side of the benchmark: times the SQL the app ran in the browser
 * on the same data, over the corpus's prebuilt `corpus.duckdb` and its hot file (src/corpus/database-node.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CORPUS_DB_ALIAS, attachedViewsSql, type CorpusDatabaseEntry } from '../src/corpus/load';

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A native database over `<dir>/corpus.duckdb` with the same views the app creates. */
export async function openNative(dir: string, threads: number): Promise<{ conn: DuckDBConnection; close: () => void }> {
  const file = join(dir, 'corpus.duckdb');
  if (!existsSync(file)) throw new Error(`${file} is missing: run writeCorpusDatabase first`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { database?: CorpusDatabaseEntry };
  if (!manifest.database) throw new Error('manifest.json has no database entry');
  const inst = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const conn = await inst.connect();
  await conn.run(`ATTACH ${lit(resolve(file))} AS ${CORPUS_DB_ALIAS} (READ_ONLY)`);
  const hot = manifest.database.hot ? `${CORPUS_DB_ALIAS}_hot` : undefined;
  if (manifest.database.hot && hot) await conn.run(`ATTACH ${lit(resolve(dir, manifest.database.hot.path))} AS ${hot} (READ_ONLY)`);
  for (const s of attachedViewsSql(manifest.database, CORPUS_DB_ALIAS, hot)) await conn.run(s);
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
