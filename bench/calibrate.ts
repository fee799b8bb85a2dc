/**
 * How fast the host is at the moment of a run: a fixed single-threaded workload (hashing a fixed
 * buffer and sorting fixed numbers), timed before and after the browser run and written with the
 * entry (`host_calibration_ms`). Runs of one code on the benchmark's virtual machine drifted by a
 * third within minutes (p95 114 and 151 ms at 105k, bench/SCALE.md round 14): two entries whose
 * calibrations differ as much were not measured on an equally fast host, whatever their code.
 */
import { createHash } from 'node:crypto';
import { middle } from './script';

/** The workload: SHA-256 of 8 MiB of a fixed pattern, then a sort of 200,000 fixed pseudo-random numbers. Returns a checksum of both. */
export function calibrationWorkload(): string {
  const buf = Buffer.alloc(8 * 2 ** 20);
  for (let i = 0; i < buf.length; i++) buf[i] = (i * 31 + (i >> 8)) & 0xff;
  const hash = createHash('sha256').update(buf).digest('hex');
  const xs = new Float64Array(200_000);
  let x = 12345;
  for (let i = 0; i < xs.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    xs[i] = x;
  }
  xs.sort();
  return `${hash}:${String(xs[0])}:${String(xs[xs.length >> 1])}:${String(xs[xs.length - 1])}`;
}

/**
 * The median time of `reps` runs of the workload, in ms, after one run untimed (the code compiled
 * first); `now` is the clock (a test passes its own).
 */
export function calibrate(reps = 5, now: () => number = () => performance.now(), work: () => string = calibrationWorkload): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < Math.max(1, Math.floor(reps)); i++) {
    const t = now();
    work();
    times.push(now() - t);
  }
  return middle(times);
}
