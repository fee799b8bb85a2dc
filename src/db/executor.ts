/**
 * The one place views run SQL through. Results are cached by SQL text in a bounded LRU (outside
 * React state), identical in-flight queries share one promise, every call takes an AbortSignal,
 * and a newer call in the same `slot` (e.g. one chart) cancels the stale one. `background` calls
 * (prefetch and warm-up, see src/queries/background.ts) fill the same cache but yield to every
 * foreground call in the engine's queue (src/db/jobs.ts).
 */
import { QueryAbortedError, type DbConnector, type QueryResult } from './connector';

interface InFlight {
  readonly promise: Promise<QueryResult>;
  /** Cancels the engine query; used when no caller waits for it any more. */
  readonly controller: AbortController;
  /** A background query becomes a foreground one when a view asks for it (`promote`). */
  background: boolean;
  /** Makes the background query a foreground one in the engine's queue; false when too late (or the connector cannot). */
  readonly promote: () => boolean;
  waiters: number;
}

/** Sees every query the engine runs (cache hits excluded): for benchmarks and diagnostics. */
export interface QueryObserver {
  /** `background`: a prefetch or warm-up query, which no view waits for. */
  start(sql: string, background: boolean): void;
  /** A background query that a view now waits for: from here on it is a foreground one. */
  promote?(sql: string): void;
  /** `ms` from start to settle; `ok` false when it failed or was cancelled, and then `error` says why. */
  end(sql: string, ms: number, ok: boolean, error?: unknown, background?: boolean): void;
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  /** A newer call in the same slot cancels this one. */
  readonly slot?: string;
  /**
   * Work ahead of time: yields to foreground queries (and is preempted by them, rejecting with a
   * `PreemptedError`). It also runs statements whose cached answer came from a seed (a warm-start
   * file) rather than from the engine, so the engine has run them once when the user asks for more.
   */
  readonly background?: boolean;
}

export class QueryExecutor {
  private readonly cache = new Map<string, QueryResult>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly slots = new Map<string, AbortController>();
  private readonly cacheSize: number;
  private readonly observer: QueryObserver | undefined;
  /** Bumped by clearCache so a query started before a corpus swap never fills the new cache. */
  private generation = 0;
  /** Cached answers that came from a seed, not from the engine. */
  private readonly seeded = new Set<string>();
  /** Foreground engine queries running, and when the last one settled (performance.now()). */
  private foreground = 0;
  private foregroundSettledAt = 0;

  constructor(
    private readonly db: DbConnector,
    opts?: { cacheSize?: number; observer?: QueryObserver },
  ) {
    this.cacheSize = Math.max(0, opts?.cacheSize ?? 200);
    this.observer = opts?.observer;
  }

  /**
   * Runs `sql` (or answers from the cache). Rejects with a `QueryAbortedError` when `signal` aborts
   * or a newer call with the same `slot` arrives first.
   */
  run(sql: string, opts?: RunOptions): Promise<QueryResult> {
    const background = opts?.background === true;
    const local = new AbortController();
    const signals = [local.signal];
    if (opts?.signal) signals.push(opts.signal);
    const stale = opts?.slot === undefined ? undefined : this.slots.get(opts.slot);
    if (opts?.slot !== undefined) this.slots.set(opts.slot, local);
    const signal = AbortSignal.any(signals);
    const release = (): void => {
      if (opts?.slot !== undefined && this.slots.get(opts.slot) === local) this.slots.delete(opts.slot);
    };
    if (signal.aborted) {
      stale?.abort();
      release();
      return Promise.reject(new QueryAbortedError());
    }

    const hit = background && this.seeded.has(sql) ? undefined : this.cache.get(sql);
    if (hit) {
      // Refresh recency: Map iteration order is insertion order.
      this.cache.delete(sql);
      this.cache.set(sql, hit);
      stale?.abort();
      release();
      return Promise.resolve(hit);
    }

    // A foreground call joins a background query of the same SQL by making it a foreground one, so
    // no other foreground query preempts it (an agency fetched when the pointer pressed on its name
    // is the one the click opens); where that is too late (preempted already, or the connector
    // cannot), it starts its own, which preempts the background one.
    const current = this.inFlight.get(sql);
    const shared = current !== undefined && (background || !current.background || this.promote(sql, current)) ? current : this.start(sql, background);
    shared.waiters++;
    // Cancel the slot's previous request only now: when it asked for the same SQL (a re-render),
    // this call has already joined it and the engine query keeps running.
    stale?.abort();
    return new Promise<QueryResult>((resolve, reject) => {
      let settled = false;
      const finish = (): void => {
        settled = true;
        signal.removeEventListener('abort', onAbort);
        release();
      };
      const onAbort = (): void => {
        if (settled) return;
        finish();
        shared.waiters--;
        // Cancel the engine work only when nobody else is waiting for the same SQL.
        if (shared.waiters === 0) {
          shared.controller.abort();
          if (this.inFlight.get(sql) === shared) this.inFlight.delete(sql);
        }
        reject(new QueryAbortedError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (r) => {
          if (settled) return;
          finish();
          shared.waiters--;
          resolve(r);
        },
        (e: unknown) => {
          if (settled) return;
          finish();
          shared.waiters--;
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  /**
   * Forgets cached results (call after the corpus changes); queries still running will not be
   * cached. `seed`: answers already known for the new corpus (its warm-start file), cached as if run.
   */
  clearCache(seed?: ReadonlyMap<string, QueryResult>): void {
    this.cache.clear();
    this.seeded.clear();
    this.inFlight.clear();
    this.generation++;
    for (const [sql, r] of seed ?? []) {
      this.remember(sql, r);
      this.seeded.add(sql);
    }
  }

  /**
   * Resolves once no foreground query has run for `quietMs`, counted from `since` at the earliest
   * (performance.now(); e.g. when the user acted, before the view has asked anything); rejects with
   * a `QueryAbortedError` when `signal` aborts. Background work waits for this before each
   * statement, so it starts in the pauses between the user's actions, not between a view's queries.
   */
  async whenIdle(quietMs: number, signal?: AbortSignal, since = 0): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new QueryAbortedError();
      const wait = this.foreground > 0 ? quietMs : Math.max(this.foregroundSettledAt, since) + quietMs - performance.now();
      if (wait <= 0) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, wait);
        function done(): void {
          clearTimeout(t);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  private promote(sql: string, entry: InFlight): boolean {
    if (!entry.promote()) return false;
    entry.background = false;
    this.foreground++;
    this.observer?.promote?.(sql);
    return true;
  }

  private start(sql: string, background: boolean): InFlight {
    const controller = new AbortController();
    const gen = this.generation;
    const obs = this.observer;
    const t0 = performance.now();
    obs?.start(sql, background);
    if (!background) this.foreground++;
    let promote: (() => boolean) | null = null;
    const promise = this.db.query(sql, { signal: controller.signal, background, ...(background ? { promotable: (p: () => boolean) => { promote = p; } } : {}) });
    const entry: InFlight = { promise, controller, background, promote: () => promote?.() ?? false, waiters: 0 };
    this.inFlight.set(sql, entry);
    // As it ends: a promoted query ends as a foreground one.
    const done = (): void => {
      if (this.inFlight.get(sql) === entry) this.inFlight.delete(sql);
      if (!entry.background) {
        this.foreground--;
        this.foregroundSettledAt = performance.now();
      }
    };
    promise.then(
      (r) => {
        done();
        obs?.end(sql, performance.now() - t0, true, undefined, entry.background);
        if (gen === this.generation) this.remember(sql, r);
      },
      (e: unknown) => {
        done();
        obs?.end(sql, performance.now() - t0, false, e, entry.background);
      },
    );
    return entry;
  }

  private remember(sql: string, r: QueryResult): void {
    if (this.cacheSize === 0) return;
    this.seeded.delete(sql);
    this.cache.delete(sql);
    this.cache.set(sql, r);
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
      this.seeded.delete(oldest.value);
    }
  }
}
