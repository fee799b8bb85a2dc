/**
 * Long tables paint a screenful first: until a new list has been painted once, a table renders
 * only its first `FIRST_PAINT_ROWS` rows, and the rest in the task after that paint. A 768-pixel
 * screen shows about a dozen rows; laying out a hundred findings or two hundred Compare rows before
 * anything appeared was most of those steps' layout (bench/SCALE.md, rounds 10 and 11). Tables mark
 * themselves `data-complete` once every row is there (end-to-end tests wait on it).
 */
import { useEffect, useState } from 'react';

export const FIRST_PAINT_ROWS = 30;

/** Whether `list` (compared by identity) has been painted; false for a new one until its first paint. */
export function usePaintedOnce(list: object): boolean {
  const [painted, setPainted] = useState<{ readonly list: object } | null>(null);
  const done = painted !== null && painted.list === list;
  useEffect(() => {
    if (done) return undefined;
    // A frame callback runs before the paint; a task it queues runs after it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => { timer = setTimeout(() => { setPainted({ list }); }, 0); });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [list, done]);
  return done;
}
