/**
 * The host calibration written with each benchmark entry (bench/calibrate.ts): a fixed workload
 * (the same result every time, so every run times the same work) and the median of its timings.
 */
import { describe, expect, it } from 'vitest';
import { calibrate, calibrationWorkload } from '../../bench/calibrate';

describe('calibrate', () => {
  it('times a workload that does the same work every time', () => {
    const a = calibrationWorkload();
    expect(a).toMatch(/^[0-9a-f]{64}:\d+:\d+:\d+$/);
    expect(calibrationWorkload()).toBe(a);
    const ms = calibrate(1);
    expect(ms).toBeGreaterThan(0);
    expect(Number.isFinite(ms)).toBe(true);
  });

  it('gives the median of its runs, not the mean or the first', () => {
    // Each run reads the clock twice: runs of 10, 50, 20, 90 and 30 ms.
    const durations = [10, 50, 20, 90, 30];
    let t = 0;
    const ticks: number[] = [];
    for (const d of durations) ticks.push(t, (t += d));
    const clock = (): number => ticks.shift() ?? Number.NaN;
    let runs = 0;
    expect(calibrate(5, clock, () => { runs += 1; return ''; })).toBe(30);
    // Five timed runs after one untimed (which read no clock: the ticks lined up with the timed ones).
    expect(runs).toBe(6);
    // An even number of runs: the mean of the middle two.
    const even = [40, 10, 30, 20];
    t = 0;
    for (const d of even) ticks.push(t, (t += d));
    expect(calibrate(4, clock, () => '')).toBe(25);
  });
});
