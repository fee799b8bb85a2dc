/**
 * The browser implementation of `DbConnector`: DuckDB-WASM, self-hosted (bundles are `?url`
 * assets of this app, never a CDN), started once per page however many callers ask at once.
 * Queries run in the worker one at a time; an interruptible or background query that is aborted is
 * cancelled with `cancelSent()`.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import type * as arrow from 'apache-arrow';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import { QueryAbortedError, type DbConnector, type QueryResult } from './connector';
import { appendBatchRows } from './arrow-rows';
import { JobQueue } from './jobs';

async function start(): Promise<DbConnector> {
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: new URL(mvpWasm, document.baseURI).href, mainWorker: new URL(mvpWorker, document.baseURI).href },
    eh: { mainModule: new URL(ehWasm, document.baseURI).href, mainWorker: new URL(ehWorker, document.baseURI).href },
  });
  if (!bundle.mainWorker) throw new Error('DuckDB-WASM: no worker for this browser');
  const worker = new Worker(bundle.mainWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  try {
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
    // Files registered by URL (an attached corpus.duckdb) must be read by HTTP range, never downloaded
    // whole: with the defaults DuckDB-WASM 1.32 skipped the ranged HEAD and fetched a 45 MB file in
    // one GET, which at national scale would not fit in wasm memory. Our own origin answers ranged
    // HEADs (any static server does), so the HEAD is reliable and a full read is an error, not a fallback.
    await db.open({
      query: { castBigIntToDouble: true, castDecimalToDouble: true },
      filesystem: { reliableHeadRequests: true, allowFullHTTPReads: false, forceFullHTTPReads: false },
    });
    const conn = await db.connect();
    // Extensions would come from DuckDB's host: point the repository at this origin and never autoload.
    const extRepo = new URL('duckdb-extensions', document.baseURI).href;
    for (const s of [
      `SET custom_extension_repository = '${extRepo.replace(/'/g, "''")}'`,
      'SET autoinstall_known_extensions = false',
      'SET autoload_known_extensions = false',
    ]) {
      await conn.query(s).catch(() => undefined);
    }
    rawDb = db;
    return connector(db, conn, worker);
  } catch (e) {
    await db.terminate().catch(() => undefined);
    worker.terminate();
    throw e;
  }
}

function connector(db: duckdb.AsyncDuckDB, conn: duckdb.AsyncDuckDBConnection, worker: Worker): DbConnector {
  const jobs = new JobQueue();
  const serial = <T>(job: () => Promise<T>): Promise<T> => jobs.enqueue(job);

  /**
   * A statement that need not stop mid-run: posted in its turn with `query`, which the worker runs
   * to its end and answers in one message, and the queue is free again as soon as it is posted. A
   * sent (pending) query advances only while the page polls it and fetches its batches one round
   * trip at a time, so it stalled whenever the main thread rendered the previous statement's
   * answer; now the worker runs a step's statements back to back while the page renders. At 105k
   * reports the one-province audit (eight statements) went from 346–494 ms to 299–312 ms with
   * `query` alone. `cancelSent` cannot stop such a statement: an abort drops its answer.
   */
  const whole = async (sql: string, signal: AbortSignal | undefined): Promise<QueryResult> => {
    // The answer's promise is wrapped so the queue's job ends when the statement is posted, not answered.
    const posted = await jobs.enqueue((): Promise<{ answer: Promise<arrow.Table> }> => {
      if (signal?.aborted) return Promise.reject(new QueryAbortedError());
      return Promise.resolve({ answer: conn.query(sql) });
    });
    const table = await posted.answer;
    if (signal?.aborted) throw new QueryAbortedError();
    const columns = table.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
    const rows: Record<string, unknown>[] = [];
    const names = columns.map((c) => c.name);
    for (const batch of table.batches) appendBatchRows(rows, batch, names);
    return { columns, rows };
  };

  return {
    query(sql, opts) {
      if (opts?.signal?.aborted) return Promise.reject(new QueryAbortedError());
      // Background statements (preempted by the foreground) and interruptible ones are sent, so `cancelSent` stops them.
      if (opts?.background !== true && opts?.interruptible !== true) return whole(sql, opts?.signal);
      return jobs.enqueue(async (preempt): Promise<QueryResult> => {
        const signal = opts.signal ? AbortSignal.any([opts.signal, preempt]) : preempt;
        // A call, not a property read: the flag changes while the query runs, which narrowing would forget.
        const aborted = (): boolean => signal.aborted;
        if (aborted()) throw new QueryAbortedError();
        const onAbort = (): void => {
          void conn.cancelSent().catch(() => false);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          const reader = await conn.send(sql, true);
          // The reader forgets its schema once iteration ends: read the columns first.
          await reader.open();
          const columns = reader.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
          const rows: Record<string, unknown>[] = [];
          const names = columns.map((c) => c.name);
          for await (const batch of reader) {
            if (aborted()) throw new QueryAbortedError();
            appendBatchRows(rows, batch, names);
          }
          if (aborted()) throw new QueryAbortedError();
          return { columns, rows };
        } catch (e) {
          if (aborted()) throw new QueryAbortedError();
          throw e;
        } finally {
          signal.removeEventListener('abort', onAbort);
        }
      }, { background: opts.background === true, ...(opts.promotable ? { promotable: opts.promotable } : {}) });
    },
    exec(sql) {
      return serial(async () => {
        await conn.query(sql);
      });
    },
    insertArrowIPC(table, ipc) {
      return serial(() => conn.insertArrowFromIPCStream(ipc, { name: table, create: true }));
    },
    registerFileBuffer(name, bytes, opts) {
      // The buffer is transferred to the worker: hand over a copy so the caller's bytes stay usable,
      // unless the caller gives them up.
      return db.registerFileBuffer(name, opts?.transfer === true ? bytes : bytes.slice());
    },
    async dropFile(name) {
      await db.dropFile(name);
    },
    close() {
      return serial(async () => {
        await conn.close();
        await db.terminate();
        if (rawDb === db) rawDb = null;
        worker.terminate();
      });
    },
  };
}

let instance: Promise<DbConnector> | null = null;
/** The engine behind `instance`, for what the narrow connector does not offer (URL-backed files). */
let rawDb: duckdb.AsyncDuckDB | null = null;

/**
 * Makes the file at `url` (absolute, on this page's origin) readable by SQL under `name`, read
 * with HTTP range requests as queries need its blocks (the server must answer `Range`).
 */
export async function registerFileUrl(name: string, url: string): Promise<void> {
  await getBrowserDb();
  if (rawDb === null) throw new Error('DuckDB-WASM is not running');
  await rawDb.registerFileURL(name, url, duckdb.DuckDBDataProtocol.HTTP, false);
}

/** The page's DuckDB, started on first call; concurrent and repeated calls share it, a failed start is retried. */
export function getBrowserDb(): Promise<DbConnector> {
  if (instance === null) {
    instance = start().catch((e: unknown) => {
      instance = null;
      throw e;
    });
  }
  return instance;
}
