import { describe, expect, it } from 'vitest';
import { combinePasses, type StepTiming } from '../../bench/script';

const pass = (...ms: number[]): StepTiming[] => ms.map((x, i) => ({ name: `step ${String(i)}`, ms: x, queries: i }));

describe('the benchmark script over several passes', () => {
  it('keeps one pass as it is', () => {
    expect(combinePasses([pass(120, 80)])).toEqual(pass(120, 80));
    expect(combinePasses([])).toEqual([]);
  });

  it("gives each step its median over the passes, with every pass's time and the first pass's query count", () => {
    const second = pass(96, 79).map((s) => ({ ...s, queries: 0 }));
    expect(combinePasses([pass(120, 80), second, pass(111, 200)])).toEqual([
      { name: 'step 0', ms: 111, queries: 0, runs_ms: [120, 96, 111] },
      { name: 'step 1', ms: 80, queries: 1, runs_ms: [80, 79, 200] },
    ]);
    // An even count: the mean of the middle two.
    expect(combinePasses([pass(60), pass(78), pass(62), pass(94)])[0]?.ms).toBe(70);
  });

  it('fails a step that any pass failed, with the first error, so a median cannot hide it', () => {
    const failed: StepTiming[] = [{ name: 'step 0', ms: Number.NaN, queries: 2, error: 'step did not settle' }, { name: 'step 1', ms: 70, queries: 1 }];
    const [a, b] = combinePasses([pass(100, 80), failed, pass(90, 75)]);
    expect(a?.ms).toBeNaN();
    expect(a?.error).toBe('step did not settle');
    expect(a?.runs_ms).toEqual([100, Number.NaN, 90]);
    expect(b).toEqual({ name: 'step 1', ms: 75, queries: 1, runs_ms: [80, 70, 75] });
    // A failure with a time (a step whose query failed) fails it too, whatever the median.
    const withError: StepTiming[] = [{ name: 'step 0', ms: 90, queries: 2, error: 'a query failed' }];
    const [d] = combinePasses([pass(100), withError, pass(95), pass(97), pass(99)]);
    expect(d?.ms).toBeNaN();
    expect(d?.error).toBe('a query failed');
    expect(d?.runs_ms).toEqual([100, 90, 95, 97, 99]);
    // A pass that stopped early lacks the later steps: they are failed too.
    const [, c] = combinePasses([pass(100, 80), pass(95)]);
    expect(c?.ms).toBeNaN();
    expect(c?.error).toBe('a pass without the step step 1');
  });
});
