import { describe, expect, it } from 'vitest';
import { isAbortError } from '../../src/db/connector';
import { JobQueue, PreemptedError } from '../../src/db/jobs';
import { createNodeDb } from '../../src/db/node';

/** A job that finishes when the test says so, or rejects when its signal aborts. */
function gate(log: string[], name: string): { job: (signal: AbortSignal) => Promise<string>; open: () => void } {
  let open = (): void => undefined;
  const job = (signal: AbortSignal): Promise<string> => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve, reject) => {
      open = () => { resolve(name); };
      signal.addEventListener('abort', () => { reject(new Error(`${name} stopped`)); }, { once: true });
    });
  };
  return { job, open: () => { open(); } };
}
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('JobQueue', () => {
  it('runs one job at a time, foreground before background, each class in order', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const a = gate(log, 'fg1');
    const b = gate(log, 'bg1');
    const c = gate(log, 'fg2');
    const d = gate(log, 'bg2');
    const pa = q.enqueue(a.job);
    const pb = q.enqueue(b.job, { background: true });
    const pc = q.enqueue(c.job);
    const pd = q.enqueue(d.job, { background: true });
    expect(log).toEqual(['start fg1']);
    expect(q.waiting).toEqual({ foreground: 1, background: 2 });
    a.open();
    expect(await pa).toBe('fg1');
    await tick();
    // fg2 was queued after bg1 but runs first.
    expect(log).toEqual(['start fg1', 'start fg2']);
    c.open();
    await pc;
    await tick();
    b.open();
    await pb;
    await tick();
    d.open();
    await pd;
    expect(log).toEqual(['start fg1', 'start fg2', 'start bg1', 'start bg2']);
  });

  it('a foreground job preempts the running background job, which rejects with PreemptedError', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const bg = gate(log, 'bg');
    const fg = gate(log, 'fg');
    const pbg = q.enqueue(bg.job, { background: true });
    expect(log).toEqual(['start bg']);
    const pfg = q.enqueue(fg.job);
    await expect(pbg).rejects.toBeInstanceOf(PreemptedError);
    await expect(pbg).rejects.toSatisfy(isAbortError);
    await tick();
    expect(log).toEqual(['start bg', 'start fg']);
    fg.open();
    expect(await pfg).toBe('fg');
  });

  it('a promoted background job is a foreground one: running, it is not preempted; waiting, it queues with them', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const bg = gate(log, 'bg');
    let promote = (): boolean => false;
    const pbg = q.enqueue(bg.job, { background: true, promotable: (p) => { promote = p; } });
    expect(log).toEqual(['start bg']);
    expect(promote()).toBe(true);
    const fg = gate(log, 'fg');
    const pfg = q.enqueue(fg.job);
    await tick();
    // Not preempted: the foreground job waits for it.
    expect(log).toEqual(['start bg']);
    bg.open();
    expect(await pbg).toBe('bg');
    await tick();
    expect(log).toEqual(['start bg', 'start fg']);
    // Waiting behind a running foreground job: promoted, it runs before the background jobs queued before it.
    const other = gate(log, 'other');
    const waiting = gate(log, 'waiting');
    const pother = q.enqueue(other.job, { background: true });
    let promoteWaiting = (): boolean => false;
    const pwaiting = q.enqueue(waiting.job, { background: true, promotable: (p) => { promoteWaiting = p; } });
    expect(promoteWaiting()).toBe(true);
    expect(q.waiting).toEqual({ foreground: 1, background: 1 });
    fg.open();
    await pfg;
    await tick();
    expect(log.at(-1)).toBe('start waiting');
    waiting.open();
    await pwaiting;
    await tick();
    other.open();
    await pother;
    await tick();
    // Promoted in the task that asked for a foreground job (a view asks for several statements, the
    // running one among them): it runs on, and the foreground job waits for it.
    const same = gate(log, 'same');
    let promoteSame = (): boolean => false;
    const psame = q.enqueue(same.job, { background: true, promotable: (p) => { promoteSame = p; } });
    expect(log.at(-1)).toBe('start same');
    const after = gate(log, 'after');
    const pafter = q.enqueue(after.job);
    expect(promoteSame()).toBe(true);
    await tick();
    expect(log.at(-1)).toBe('start same');
    same.open();
    expect(await psame).toBe('same');
    await tick();
    expect(log.at(-1)).toBe('start after');
    after.open();
    await pafter;
    await tick();
    // Too late once preempted, a microtask after the foreground job was asked for: promotion says so.
    const late = gate(log, 'late');
    let promoteLate = (): boolean => true;
    const plate = q.enqueue(late.job, { background: true, promotable: (p) => { promoteLate = p; } });
    expect(log.at(-1)).toBe('start late');
    const now = gate(log, 'now');
    const pnow = q.enqueue(now.job);
    await Promise.resolve();
    expect(promoteLate()).toBe(false);
    await expect(plate).rejects.toBeInstanceOf(PreemptedError);
    now.open();
    await pnow;
  });

  it('a background job never preempts, and a foreground job never is preempted', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const fg = gate(log, 'fg');
    const bg = gate(log, 'bg');
    const fg2 = gate(log, 'fg2');
    const pfg = q.enqueue(fg.job);
    const pbg = q.enqueue(bg.job, { background: true });
    const pfg2 = q.enqueue(fg2.job);
    fg.open();
    expect(await pfg).toBe('fg');
    await tick();
    fg2.open();
    expect(await pfg2).toBe('fg2');
    await tick();
    bg.open();
    expect(await pbg).toBe('bg');
    expect(log).toEqual(['start fg', 'start fg2', 'start bg']);
  });

  it('a job that throws synchronously rejects and the queue goes on', async () => {
    const q = new JobQueue();
    const bad = q.enqueue(() => { throw new Error('boom'); });
    const good = q.enqueue(() => Promise.resolve(7));
    await expect(bad).rejects.toThrow('boom');
    expect(await good).toBe(7);
  });

  it('on native DuckDB a foreground query interrupts a running background one', async () => {
    const db = await createNodeDb();
    try {
      const slow = db.query('SELECT count(*) AS n FROM range(10000000000) a', { background: true });
      const stopped = expect(slow).rejects.toBeInstanceOf(PreemptedError);
      await new Promise((r) => setTimeout(r, 200));
      const t0 = Date.now();
      const fast = await db.query('SELECT 42 AS n');
      expect(fast.rows).toEqual([{ n: 42 }]);
      expect(Date.now() - t0).toBeLessThan(10_000);
      await stopped;
    } finally {
      await db.close();
    }
  });
});
