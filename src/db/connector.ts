/**
 * The narrow database interface every consumer uses. The browser (DuckDB-WASM) and Node
 * (@duckdb/node-api) implementations sit behind it, so loaders, stores and tests never see
 * which engine runs the SQL.
 */

export interface QueryColumn {
  name: string;
  type: string;
}

/** Rows as plain objects; integers arrive as JS numbers (BIGINT is cast to DOUBLE). */
export interface QueryResult {
  columns: QueryColumn[];
  rows: Record<string, unknown>[];
}

export interface DbConnector {
  /**
   * Runs one statement and returns its rows; rejects with a `QueryAbortedError` when `signal` aborts.
   * `background`: work done ahead of time (prefetch, warm-up), which runs only when no other
   * statement waits and is preempted by one that arrives (see ./jobs.ts).
   * `interruptible`: the statement may run long and must stop, not only be dropped, when `signal`
   * aborts (the SQL console's arbitrary SQL). Background statements always are. The others may run
   * to completion in one call, an abort then dropping their result (see ./browser.ts).
   */
  query(sql: string, opts?: {
    signal?: AbortSignal;
    background?: boolean;
    interruptible?: boolean;
    /** For a background query: called at once with a function that makes it a foreground one, false when too late (src/db/jobs.ts). */
    promotable?: (promote: () => boolean) => void;
  }): Promise<QueryResult>;
  /** Runs statements whose result is not needed (DDL, SET, INSERT). */
  exec(sql: string): Promise<void>;
  /** Creates table `table` (it must not exist) from an Arrow IPC stream. */
  insertArrowIPC(table: string, ipc: Uint8Array): Promise<void>;
  /**
   * Makes `bytes` readable by SQL under the bare file name `name` (e.g. `read_csv('x.csv')`).
   * `transfer`: the caller gives the bytes up (a large buffer is then not copied; its view may be
   * detached afterwards).
   */
  registerFileBuffer(name: string, bytes: Uint8Array, opts?: { transfer?: boolean }): Promise<void>;
  /** Forgets a buffer registered under `name` (frees its memory); optional for connectors that cannot. */
  dropFile?(name: string): Promise<void>;
  close(): Promise<void>;
}

/** The error a cancelled query rejects with; `isAbortError` recognises it and DOM `AbortError`s. */
export class QueryAbortedError extends Error {
  override readonly name = 'AbortError';
  constructor(message = 'query cancelled') {
    super(message);
  }
}

/** True for an error that means "cancelled on purpose", which callers should not show as a failure. */
export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}
