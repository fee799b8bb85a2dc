import { describe, expect, it } from 'vitest';
import { profiledSteps, selfTimes, traceSelfTimes, type CpuProfile, type TraceEvent } from '../../bench/profile';

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
});
