import { describe, expect, it } from 'vitest';
import { longTasks, profiledSteps, selfTimes, traceSelfTimes, type CpuProfile, type TraceEvent } from '../../bench/profile';

describe('bench CPU profiles', () => {
  it('charge each sample to the function it hit, summed by function, file and line, largest first', () => {
    const p: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: 'render', url: 'http://127.0.0.1:5173/assets/index-abc.js?v=1', lineNumber: 9 } },
        { id: 3, callFrame: { functionName: '', url: 'http://127.0.0.1:5173/assets/index-abc.js', lineNumber: 41 } },
        // The same function reached by another path: one entry.
        { id: 4, callFrame: { functionName: 'render', url: 'http://127.0.0.1:5173/assets/index-abc.js', lineNumber: 9 } },
        { id: 5, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      ],
      samples: [2, 3, 4, 5, 2],
      timeDeltas: [1000, 2500, 1500, 4000, 500],
    };
    expect(selfTimes(p)).toEqual([
      { fn: '(idle)', ms: 4 },
      { fn: 'render index-abc.js:10', ms: 3 },
      { fn: '(anonymous) index-abc.js:42', ms: 2.5 },
    ]);
    expect(selfTimes(p, 1)).toEqual([{ fn: '(idle)', ms: 4 }]);
    expect(selfTimes({ nodes: [] })).toEqual([]);
  });

  it('read the steps to profile from a comma-separated list', () => {
    expect([...profiledSteps(' open an agency, filter: province on audit ,,')]).toEqual(['open an agency', 'filter: province on audit']);
    expect(profiledSteps(undefined).size).toBe(0);
  });

  it('give each trace event its own time on the page\'s main thread, children subtracted', () => {
    const main = { pid: 1, tid: 7 };
    const ev: TraceEvent[] = [
      { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 7, args: { name: 'CrRendererMain' } },
      { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 9, args: { name: 'DedicatedWorker thread' } },
      { name: 'RunTask', ph: 'X', ts: 100, dur: 1000, ...main },
      { name: 'FunctionCall', ph: 'X', ts: 150, dur: 600, ...main },
      { name: 'Layout', ph: 'X', ts: 200, dur: 300, ...main },
      { name: 'Paint', ph: 'X', ts: 900, dur: 150, ...main },
      // Another thread's work and instant events are not the page's.
      { name: 'FunctionCall', ph: 'X', ts: 100, dur: 5000, pid: 1, tid: 9 },
      { name: 'Mark', ph: 'I', ts: 300, ...main },
    ];
    expect(traceSelfTimes(ev)).toEqual([
      { fn: 'FunctionCall', ms: 0.3 },
      { fn: 'Layout', ms: 0.3 },
      { fn: 'RunTask', ms: 0.25 },
      { fn: 'Paint', ms: 0.15 },
    ]);
    expect(traceSelfTimes(ev.filter((e) => e.ph !== 'M'))).toEqual([]);
  });

  it('list the page\'s and the worker\'s long tasks in the order they started, each with what took most of it', () => {
    const page = { pid: 1, tid: 7 };
    const worker = { pid: 1, tid: 9 };
    const ev: TraceEvent[] = [
      { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 7, args: { name: 'CrRendererMain' } },
      { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 9, args: { name: 'DedicatedWorker thread' } },
      { name: 'thread_name', ph: 'M', ts: 0, pid: 2, tid: 3, args: { name: 'CrBrowserMain' } },
      // The page: a change (JS, 3 ms), a short task, then the answer's render with a layout inside.
      { name: 'RunTask', ph: 'X', ts: 10_000, dur: 3_000, ...page },
      { name: 'FunctionCall', ph: 'X', ts: 10_100, dur: 2_800, ...page },
      { name: 'RunTask', ph: 'X', ts: 14_000, dur: 500, ...page },
      { name: 'RunTask', ph: 'X', ts: 40_000, dur: 9_000, ...page },
      { name: 'FunctionCall', ph: 'X', ts: 40_000, dur: 4_000, ...page },
      { name: 'Layout', ph: 'X', ts: 44_000, dur: 5_000, ...page },
      // The worker: one statement of 25 ms, started after the change.
      { name: 'RunTask', ph: 'X', ts: 13_500, dur: 25_000, ...worker },
      { name: 'HandlePostMessage', ph: 'X', ts: 13_600, dur: 24_800, ...worker },
      // The browser process is neither.
      { name: 'RunTask', ph: 'X', ts: 5_000, dur: 50_000, pid: 2, tid: 3 },
    ];
    expect(longTasks(ev)).toEqual([
      { thread: 'page', atMs: 0, ms: 3, mostly: 'FunctionCall', mostlyMs: 2.8 },
      { thread: 'worker', atMs: 3.5, ms: 25, mostly: 'HandlePostMessage', mostlyMs: 24.8 },
      { thread: 'page', atMs: 30, ms: 9, mostly: 'Layout', mostlyMs: 5 },
    ]);
    // The threshold keeps the short task out by default and in at a lower one.
    expect(longTasks(ev, 0.5).map((t) => t.atMs)).toEqual([0, 3.5, 4, 30]);
    expect(longTasks(ev.filter((e) => e.ph !== 'M'))).toEqual([]);
  });
});
