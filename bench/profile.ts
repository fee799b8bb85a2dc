/**
 * CPU profiles of chosen benchmark steps (`npm run bench -- … --profile "open an agency,filter: province on audit"`):
 * the page's main thread, sampled by Chromium's profiler from the step's input to its end, written
 * as `.cpuprofile` files (open them in Chrome DevTools' Performance panel) and summarised as the
 * functions with the most self time. DuckDB-WASM runs in a worker, which this does not sample: a
 * profile says what the page itself spent the step on.
 */

/** The parts of a Chromium `Profiler.Profile` the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number } }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface SelfTime {
  /** Function name (or `(anonymous)`), with the file's last path segment and line. */
  readonly fn: string;
  readonly ms: number;
}

/**
 * Self time per function: each sample's time delta goes to the node it hit, nodes with the same
 * function, file and line are summed, largest first. Idle and program time are kept under their
 * own names (`(idle)`, `(program)`, `(garbage collector)`).
 */
export function selfTimes(p: CpuProfile, top = 15): SelfTime[] {
  const frame = new Map(p.nodes.map((n) => {
    const f = n.callFrame;
    const file = f.url.split('/').pop()?.split('?')[0] ?? '';
    return [n.id, file === '' ? (f.functionName || '(anonymous)') : `${f.functionName || '(anonymous)'} ${file}:${String(f.lineNumber + 1)}`];
  }));
  const us = new Map<string, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample's delta is the time since the previous one: it is charged to the sample that ends it.
    const name = frame.get(samples[i] ?? -1) ?? '(unknown)';
    us.set(name, (us.get(name) ?? 0) + (deltas[i] ?? 0));
  }
  return [...us.entries()].map(([fn, t]) => ({ fn, ms: t / 1000 })).sort((a, b) => b.ms - a.ms || (a.fn < b.fn ? -1 : 1)).slice(0, top);
}

/** Step names from a `--profile` value: comma-separated, trimmed, empty ones dropped. */
export function profiledSteps(arg: string | undefined): Set<string> {
  return new Set((arg ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''));
}

/** A Chromium trace event (the fields the summary reads). */
export interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: { readonly name?: string };
}

/**
 * Self time per trace event name on the page's main thread (`CrRendererMain`): complete events
 * (`ph: 'X'`) nest, and each one's children are subtracted from it, so `Layout` forced inside a
 * `FunctionCall` counts once, under `Layout`. Largest first. Where the CPU profile says
 * `(program)`, this says which of style, layout, paint or the task machinery it was.
 */
export function traceSelfTimes(events: readonly TraceEvent[], top = 15): SelfTime[] {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const xs = events
    .filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && (e.dur ?? 0) > 0)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  return [...selfByName(xs).entries()].map(([fn, us]) => ({ fn, ms: us / 1000 })).filter((x) => x.ms > 0).sort((a, b) => b.ms - a.ms || (a.fn < b.fn ? -1 : 1)).slice(0, top);
}

/** A task of the page's main thread or of its DuckDB worker, as `longTasks` lists them. */
export interface TraceTask {
  readonly thread: 'page' | 'worker';
  /** From the start of the first task of either thread in the trace. */
  readonly atMs: number;
  readonly ms: number;
  /** The event with the most self time inside it (the task itself included), and that time. */
  readonly mostly: string;
  readonly mostlyMs: number;
}

/** Self time per event name of complete events sorted by start (longest first at a tie): each one's children are subtracted from it. */
function selfByName(xs: readonly TraceEvent[]): Map<string, number> {
  const self = new Map<string, number>();
  const open: { end: number; name: string }[] = [];
  for (const e of xs) {
    const dur = e.dur ?? 0;
    while (open.length > 0 && (open.at(-1)?.end ?? 0) <= e.ts) open.pop();
    const parent = open.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - dur);
    self.set(e.name, (self.get(e.name) ?? 0) + dur);
    open.push({ end: e.ts + dur, name: e.name });
  }
  return self;
}

/**
 * The top-level tasks of at least `minMs` on the page's main thread (`CrRendererMain`) and on its
 * worker (`DedicatedWorker thread`, where DuckDB-WASM runs), in the order they started: which of
 * the two a step waited for, and when. The self times say what ran; this says in which order, and
 * whether the page sat idle while the engine worked.
 */
export function longTasks(events: readonly TraceEvent[], minMs = 2): TraceTask[] {
  const threads = new Map<string, 'page' | 'worker'>();
  for (const e of events) {
    if (e.ph !== 'M' || e.name !== 'thread_name') continue;
    if (e.args?.name === 'CrRendererMain') threads.set(`${String(e.pid)}:${String(e.tid)}`, 'page');
    if (e.args?.name === 'DedicatedWorker thread') threads.set(`${String(e.pid)}:${String(e.tid)}`, 'worker');
  }
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${String(e.pid)}:${String(e.tid)}`;
    if (e.ph !== 'X' || !threads.has(key) || (e.dur ?? 0) <= 0) continue;
    const xs = byThread.get(key);
    if (xs) xs.push(e);
    else byThread.set(key, [e]);
  }
  const tasks: { thread: 'page' | 'worker'; ts: number; dur: number; mostly: string; mostlyUs: number }[] = [];
  for (const [key, xs] of byThread) {
    xs.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    for (let i = 0; i < xs.length;) {
      const top = xs[i];
      if (top === undefined) break;
      const end = top.ts + (top.dur ?? 0);
      let j = i + 1;
      while (j < xs.length && (xs[j]?.ts ?? end) < end) j++;
      const [mostly, mostlyUs] = [...selfByName(xs.slice(i, j))].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? [top.name, 0];
      tasks.push({ thread: threads.get(key) ?? 'page', ts: top.ts, dur: top.dur ?? 0, mostly, mostlyUs });
      i = j;
    }
  }
  const t0 = Math.min(...tasks.map((t) => t.ts));
  return tasks
    .filter((t) => t.dur / 1000 >= minMs)
    .sort((a, b) => a.ts - b.ts || (a.thread < b.thread ? -1 : 1))
    .map((t) => ({ thread: t.thread, atMs: (t.ts - t0) / 1000, ms: t.dur / 1000, mostly: t.mostly, mostlyMs: t.mostlyUs / 1000 }));
}
