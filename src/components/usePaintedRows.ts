/**
 * Long tables paint a screenful first: a new list renders its first `FIRST_PAINT_ROWS` rows, and a
 * screenful more in the task after each paint until every row is there. A 768-pixel screen shows
 * about a dozen rows; laying out a hundred findings or two hundred Compare rows before anything
 * appeared was most of those steps' layout (bench/SCALE.md, rounds 10 and 11). The rest came in one
 * task right after the first paint: 21 ms of React and 32 ms of layout in a traced region audit at
 * 105k, a long task just when the reader starts to read and scroll, and the frame after the paint
 * waited for it (bench/SCALE.md, round 16). Tables mark themselves `data-complete` once every row is
 * there (end-to-end tests wait on it).
 */
import { useEffect, useState } from 'react';

export const FIRST_PAINT_ROWS = 30;

/**
 * How many of `total` rows of `list` (compared by identity) to render: `FIRST_PAINT_ROWS` for a new
 * list, then `FIRST_PAINT_ROWS` more in the task after each paint, up to `total`.
 */
export function usePaintedRows(list: object, total: number): number {
  const [painted, setPainted] = useState<{ readonly list: object; readonly rows: number } | null>(null);
  const rows = Math.min(total, painted !== null && painted.list === list ? painted.rows : FIRST_PAINT_ROWS);
  useEffect(() => {
    if (rows >= total) return undefined;
    // A frame callback runs before the paint; a task it queues runs after it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => { timer = setTimeout(() => { setPainted({ list, rows: rows + FIRST_PAINT_ROWS }); }, 0); });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [list, rows, total]);
  return rows;
}
