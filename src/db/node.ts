/**
 * The Node implementation of `DbConnector` on native DuckDB (@duckdb/node-api): for tests and the
 * CLI. One in-memory database, one connection, statements run one at a time (as in the browser
 * worker), so `interrupt()` can only ever hit the query that asked to be cancelled.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { DataType, tableFromIPC, type Field } from 'apache-arrow';
import { QueryAbortedError, type DbConnector, type QueryResult } from './connector';
import { JobQueue } from './jobs';

/** JS values as the browser connector delivers them: BIGINT/HUGEINT as numbers, nested values unwrapped. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

type SqlType = 'VARCHAR' | 'DOUBLE' | 'BIGINT' | 'BOOLEAN';

function sqlTypeOf(f: Field): SqlType {
  if (DataType.isFloat(f.type) || DataType.isDecimal(f.type)) return 'DOUBLE';
  if (DataType.isInt(f.type)) return 'BIGINT';
  if (DataType.isBool(f.type)) return 'BOOLEAN';
  return 'VARCHAR';
}

function appendValue(a: DuckDBAppender, t: SqlType, v: unknown): void {
  if (v === null || v === undefined) {
    a.appendNull();
    return;
  }
  switch (t) {
    case 'DOUBLE':
      a.appendDouble(Number(v));
      return;
    case 'BIGINT':
      a.appendBigInt(typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v))));
      return;
    case 'BOOLEAN':
      a.appendBoolean(Boolean(v));
      return;
    case 'VARCHAR':
      a.appendVarchar(typeof v === 'string' ? v : JSON.stringify(v));
      return;
  }
}

const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** A fresh in-memory DuckDB behind the `DbConnector` interface. */
export async function createNodeDb(): Promise<DbConnector> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn: DuckDBConnection = await instance.connect();
  // Registered buffers become files in a private folder that DuckDB searches for bare file names.
  const dir = await mkdtemp(join(tmpdir(), 'atlas-duckdb-'));
  await conn.run(`SET file_search_path = '${dir.replace(/'/g, "''")}'`);
  await conn.run(`SET autoinstall_known_extensions = false`);
  await conn.run(`SET autoload_known_extensions = false`);

  let closed = false;
  /** The connection executes one statement at a time; background queries yield (./jobs.ts). */
  const jobs = new JobQueue();
  const serial = <T>(job: () => Promise<T>): Promise<T> => jobs.enqueue(job);

  return {
    query(sql, opts) {
      const signal = opts?.signal;
      if (signal?.aborted) return Promise.reject(new QueryAbortedError());
      let running = false;
      const result = jobs.enqueue(async (preempt): Promise<QueryResult> => {
        const aborted = (): boolean => signal?.aborted === true || preempt.aborted;
        if (aborted()) throw new QueryAbortedError();
        running = true;
        const onPreempt = (): void => { conn.interrupt(); };
        preempt.addEventListener('abort', onPreempt, { once: true });
        try {
          const reader = await conn.runAndReadAll(sql);
          if (aborted()) throw new QueryAbortedError();
          const names = reader.columnNames();
          const types = reader.columnTypes();
          return {
            columns: names.map((name, i) => ({ name, type: types[i]?.toString() ?? 'UNKNOWN' })),
            // Built from arrays with fromEntries, so a column named `__proto__` is an own property like any other.
            rows: reader.getRowsJS().map((r) => Object.fromEntries(names.map((n, i) => [n, plain(r[i])]))),
          };
        } catch (e) {
          if (aborted()) throw new QueryAbortedError();
          throw e;
        } finally {
          running = false;
          preempt.removeEventListener('abort', onPreempt);
        }
      }, { background: opts?.background === true, ...(opts?.promotable ? { promotable: opts.promotable } : {}) });
      if (!signal) return result;
      return new Promise<QueryResult>((resolve, reject) => {
        const onAbort = (): void => {
          if (running) conn.interrupt();
          reject(new QueryAbortedError());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        result.then(
          (r) => {
            signal.removeEventListener('abort', onAbort);
            resolve(r);
          },
          (e: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(e instanceof Error ? e : new Error(String(e)));
          },
        );
      });
    },

    exec(sql) {
      return serial(async () => {
        await conn.run(sql);
      });
    },

    insertArrowIPC(table, ipc) {
      return serial(async () => {
        const t = tableFromIPC(ipc);
        const fields = t.schema.fields;
        const types = fields.map(sqlTypeOf);
        const cols = fields.map((f, i) => `${quoteIdent(f.name)} ${types[i] ?? 'VARCHAR'}`).join(', ');
        await conn.run(`CREATE TABLE ${quoteIdent(table)} (${cols})`);
        const appender = await conn.createAppender(table);
        try {
          const vectors = fields.map((_, i) => t.getChildAt(i));
          for (let r = 0; r < t.numRows; r++) {
            for (let c = 0; c < fields.length; c++) appendValue(appender, types[c] ?? 'VARCHAR', vectors[c]?.get(r));
            appender.endRow();
          }
          appender.flushSync();
        } finally {
          appender.closeSync();
        }
      });
    },

    async registerFileBuffer(name, bytes) {
      if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new Error(`registerFileBuffer: unsupported file name ${name}`);
      await writeFile(join(dir, name), bytes);
    },

    async dropFile(name) {
      if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) return;
      await rm(join(dir, name), { force: true });
    },

    close() {
      return serial(async () => {
        if (closed) return;
        closed = true;
        conn.closeSync();
        instance.closeSync();
        await rm(dir, { recursive: true, force: true });
      });
    },
  };
}
