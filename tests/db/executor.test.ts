import { describe, expect, it } from 'vitest';
import { isAbortError, type DbConnector, type QueryResult } from '../../src/db/connector';
import { QueryExecutor } from '../../src/db/executor';
import { createNodeDb } from '../../src/db/node';

interface Call {
  sql: string;
  signal: AbortSignal | undefined;
  background: boolean;
  resolve: (r: QueryResult) => void;
  reject: (e: Error) => void;
}

/** A connector whose queries finish only when the test says so. */
function fakeDb(): { db: DbConnector; calls: Call[] } {
  const calls: Call[] = [];
  const db: DbConnector = {
    query(sql, opts) {
      return new Promise<QueryResult>((resolve, reject) => {
        calls.push({ sql, signal: opts?.signal, background: opts?.background === true, resolve, reject });
      });
    },
    exec: () => Promise.resolve(),
    insertArrowIPC: () => Promise.resolve(),
    registerFileBuffer: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { db, calls };
}

const result = (n: number): QueryResult => ({ columns: [{ name: 'n', type: 'INTEGER' }], rows: [{ n }] });
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('QueryExecutor', () => {
  it('tells its observer about every engine query, not about cache hits, and which failed', async () => {
    const { db, calls } = fakeDb();
    const seen: string[] = [];
    const ex = new QueryExecutor(db, {
      observer: {
        start: (sql) => { seen.push(`start ${sql}`); },
        end: (sql, ms, ok) => { seen.push(`end ${sql} ${String(ok)}`); expect(ms).toBeGreaterThanOrEqual(0); },
      },
    });
    const a = ex.run('SELECT 1');
    const shared = ex.run('SELECT 1');
    expect(seen).toEqual(['start SELECT 1']);
    calls[0]?.resolve(result(1));
    await a;
    await shared;
    await ex.run('SELECT 1');
    const bad = ex.run('SELECT broken');
    calls[1]?.reject(new Error('syntax'));
    await expect(bad).rejects.toThrow('syntax');
    await tick();
    expect(seen).toEqual(['start SELECT 1', 'end SELECT 1 true', 'start SELECT broken', 'end SELECT broken false']);
  });

  it('answers repeated SQL from the cache and shares an in-flight query', async () => {
    const { db, calls } = fakeDb();
    const ex = new QueryExecutor(db);
    const a = ex.run('SELECT 1');
    const b = ex.run('SELECT 1');
    expect(calls).toHaveLength(1);
    calls[0]?.resolve(result(1));
    expect(await a).toEqual(result(1));
    expect(await b).toBe(await a);
    expect(await ex.run('SELECT 1')).toEqual(result(1));
    expect(calls).toHaveLength(1);
    ex.clearCache();
    const c = ex.run('SELECT 1');
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(result(2));
    expect(await c).toEqual(result(2));
  });

  it('clearCache with a seed answers those statements without the engine, and only those', async () => {
    const { db, calls } = fakeDb();
    const ex = new QueryExecutor(db);
    const old = ex.run('SELECT 1');
    calls[0]?.resolve(result(1));
    await old;
    ex.clearCache(new Map([['SELECT 2', result(20)]]));
    expect(await ex.run('SELECT 2')).toEqual(result(20));
    expect(calls).toHaveLength(1);
    // The seed replaced the old cache: the statement cached before is asked again.
    const again = ex.run('SELECT 1');
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(result(10));
    expect(await again).toEqual(result(10));
  });

  it('evicts the least recently used result beyond cacheSize', async () => {
    const { db, calls } = fakeDb();
    const ex = new QueryExecutor(db, { cacheSize: 2 });
    for (const [i, sql] of ['A', 'B', 'C'].entries()) {
      const p = ex.run(sql);
      calls[i]?.resolve(result(i));
      await p;
    }
    await ex.run('B'); // cached
    await ex.run('C'); // cached
    expect(calls).toHaveLength(3);
    const a = ex.run('A'); // evicted: runs again
    expect(calls).toHaveLength(4);
    calls[3]?.resolve(result(9));
    expect(await a).toEqual(result(9));
  });

  it('a newer run in the same slot cancels the stale one', async () => {
    const { db, calls } = fakeDb();
    const ex = new QueryExecutor(db);
    const stale = ex.run('SELECT old', { slot: 'chart-1' });
    const fresh = ex.run('SELECT new', { slot: 'chart-1' });
    const other = ex.run('SELECT other', { slot: 'chart-2' });
    await expect(stale).rejects.toSatisfy(isAbortError);
    expect(calls[0]?.signal?.aborted).toBe(true);
    expect(calls[1]?.signal?.aborted).toBe(false);
    calls[1]?.resolve(result(1));
    calls[2]?.resolve(result(2));
    expect(await fresh).toEqual(result(1));
    expect(await other).toEqual(result(2));
  });

  it('a repeated run of the same SQL in a slot keeps the engine query running', async () => {
    const { db, calls } = fakeDb();
    const ex = new QueryExecutor(db);
    const first = ex.run('SELECT same', { slot: 'chart' });
    const second = ex.run('SELECT same', { slot: 'chart' });
    await expect(first).rejects.toSatisfy(isAbortError);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.signal?.aborted).toBe(false);
    calls[0]?.resolve(result(5));
    expect(await second).toEqual(result(5));
  });

  it('an abort cancels the engine query only when no other caller waits for it', async () => {
    const { db, calls } = fakeDb();
    const ex = new QueryExecutor(db);
    const c1 = new AbortController();
    const c2 = new AbortController();
    const p1 = ex.run('SELECT shared', { signal: c1.signal });
    const p2 = ex.run('SELECT shared', { signal: c2.signal });
    c1.abort();
    await expect(p1).rejects.toSatisfy(isAbortError);
    expect(calls[0]?.signal?.aborted).toBe(false);
    c2.abort();
    await expect(p2).rejects.toSatisfy(isAbortError);
    expect(calls[0]?.signal?.aborted).toBe(true);
    // A later caller starts afresh instead of joining the cancelled query.
    const p3 = ex.run('SELECT shared');
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(result(3));
    expect(await p3).toEqual(result(3));
  });

  it('rejects at once for an already aborted signal and does not cache failures', async () => {
    const { db, calls } = fakeDb();
    const ex = new QueryExecutor(db);
    await expect(ex.run('SELECT 1', { signal: AbortSignal.abort() })).rejects.toSatisfy(isAbortError);
    expect(calls).toHaveLength(0);
    const p = ex.run('SELECT broken');
    calls[0]?.reject(new Error('Binder Error'));
    await expect(p).rejects.toThrow('Binder Error');
    const again = ex.run('SELECT broken');
    await tick();
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(result(1));
    await again;
  });

  it('does not cache a result that arrives after clearCache (a corpus swap)', async () => {
    const { db, calls } = fakeDb();
    const ex = new QueryExecutor(db);
    const p = ex.run('SELECT n FROM reports');
    ex.clearCache();
    calls[0]?.resolve(result(1));
    await p;
    const q = ex.run('SELECT n FROM reports');
    expect(calls).toHaveLength(2);
    calls[1]?.resolve(result(2));
    expect(await q).toEqual(result(2));
  });

  it('background runs fill the cache, pass the flag on, and rerun only answers that came from a seed', async () => {
    const { db, calls } = fakeDb();
    const seen: string[] = [];
    const ex = new QueryExecutor(db, {
      observer: { start: (sql, bg) => { seen.push(`${bg ? 'bg' : 'fg'} ${sql}`); }, end: () => undefined },
    });
    ex.clearCache(new Map([['SELECT 1', result(1)]]));
    // The foreground takes the seeded answer; the background runs it once on the engine.
    expect(await ex.run('SELECT 1')).toEqual(result(1));
    expect(calls).toHaveLength(0);
    const warmed = ex.run('SELECT 1', { background: true });
    expect(calls.map((c) => [c.sql, c.background])).toEqual([['SELECT 1', true]]);
    calls[0]?.resolve(result(1));
    await warmed;
    // Now an engine answer: a second background run is a cache hit.
    await ex.run('SELECT 1', { background: true });
    const pre = ex.run('SELECT 2', { background: true });
    calls[1]?.resolve(result(2));
    await pre;
    expect(await ex.run('SELECT 2')).toEqual(result(2));
    expect(calls).toHaveLength(2);
    expect(seen).toEqual(['bg SELECT 1', 'bg SELECT 2']);
  });

  it('a foreground run does not wait on a background query of the same SQL that the connector cannot promote', async () => {
    const { db, calls } = fakeDb();
    const ex = new QueryExecutor(db);
    const bg = ex.run('SELECT 3', { background: true });
    const fg = ex.run('SELECT 3');
    expect(calls.map((c) => c.background)).toEqual([true, false]);
    calls[1]?.resolve(result(3));
    expect(await fg).toEqual(result(3));
    calls[0]?.reject(new Error('preempted'));
    await expect(bg).rejects.toThrow('preempted');
    // The foreground answer stays cached.
    expect(await ex.run('SELECT 3')).toEqual(result(3));
    expect(calls).toHaveLength(2);
    // A background run joins a foreground query in flight.
    const fg4 = ex.run('SELECT 4');
    const bg4 = ex.run('SELECT 4', { background: true });
    expect(calls).toHaveLength(3);
    calls[2]?.resolve(result(4));
    expect(await bg4).toBe(await fg4);
  });

  it('a foreground run joins a background query of the same SQL by promoting it, unless that is too late', async () => {
    const { db, calls } = fakeDb();
    const promoted: string[] = [];
    // The engine's queue answers as src/db/jobs.ts does: true while the job may still be promoted.
    let canPromote = true;
    const promotable: DbConnector = {
      ...db,
      query(sql, opts) {
        opts?.promotable?.(() => { promoted.push(sql); return canPromote; });
        return db.query(sql, opts);
      },
    };
    const seen: string[] = [];
    let inFlight = 0;
    const ex = new QueryExecutor(promotable, {
      observer: {
        start: (sql, background) => { if (!background) inFlight++; seen.push(`${background ? 'bg' : 'fg'} ${sql}`); },
        promote: (sql) => { inFlight++; seen.push(`promote ${sql}`); },
        end: (sql, _ms, _ok, _e, background) => { if (background !== true) inFlight--; seen.push(`end ${background === true ? 'bg' : 'fg'} ${sql}`); },
      },
    });
    const bg = ex.run('SELECT 5', { background: true });
    const fg = ex.run('SELECT 5');
    // One engine query, now a foreground one: a view waits for it.
    expect(calls).toHaveLength(1);
    expect(promoted).toEqual(['SELECT 5']);
    expect(inFlight).toBe(1);
    let idle = false;
    const quiet = ex.whenIdle(5).then(() => { idle = true; });
    await tick();
    expect(idle).toBe(false);
    calls[0]?.resolve(result(5));
    expect(await fg).toEqual(result(5));
    expect(await bg).toEqual(result(5));
    await quiet;
    expect(inFlight).toBe(0);
    expect(seen).toEqual(['bg SELECT 5', 'promote SELECT 5', 'end fg SELECT 5']);
    // Too late (the queue preempted it already): the foreground run starts its own.
    canPromote = false;
    const bg6 = ex.run('SELECT 6', { background: true });
    const fg6 = ex.run('SELECT 6');
    expect(calls.map((c) => c.background)).toEqual([true, true, false]);
    calls[2]?.resolve(result(6));
    expect(await fg6).toEqual(result(6));
    calls[1]?.reject(new Error('preempted'));
    await expect(bg6).rejects.toThrow('preempted');
  });

  it('whenIdle waits until no foreground query has run for the quiet time', async () => {
    const { db, calls } = fakeDb();
    const ex = new QueryExecutor(db);
    const q = ex.run('SELECT 5');
    let idle = false;
    const t0 = performance.now();
    const waiting = ex.whenIdle(30).then(() => { idle = true; });
    await new Promise((r) => setTimeout(r, 60));
    expect(idle).toBe(false);
    calls[0]?.resolve(result(5));
    await q;
    const settled = performance.now();
    await waiting;
    expect(performance.now() - settled).toBeGreaterThanOrEqual(25);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(85);
    // Background queries do not count as activity; an abort rejects the wait.
    const bg = ex.run('SELECT 6', { background: true });
    await ex.whenIdle(0);
    const c = new AbortController();
    const w = ex.whenIdle(10_000, c.signal, performance.now());
    c.abort();
    await expect(w).rejects.toSatisfy(isAbortError);
    calls[1]?.resolve(result(6));
    await bg;
  });

  it('cancels a running query on native DuckDB', async () => {
    const db = await createNodeDb();
    try {
      const ex = new QueryExecutor(db);
      const c = new AbortController();
      const slow = ex.run('SELECT count(*) AS n FROM range(10000000000) a', { signal: c.signal });
      setTimeout(() => {
        c.abort();
      }, 200);
      const t0 = Date.now();
      await expect(slow).rejects.toSatisfy(isAbortError);
      expect(Date.now() - t0).toBeLessThan(10_000);
      // The connection is usable afterwards.
      expect((await ex.run('SELECT 42 AS n')).rows).toEqual([{ n: 42 }]);
    } finally {
      await db.close();
    }
  });
});
