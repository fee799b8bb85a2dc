/**
 * Table grids from ruling lines, pure geometry. Rules that cross or touch one another form one
 * grid; a lone line (a rule under the title, an underline) or a bare frame is no table. At a
 * given height, the grid's cell boundaries are the vertical rules that reach that height, so a
 * header cell spanning several columns and the rows below it each get their own boundaries.
 */
import type { PdfRule } from './layout';

/** A drawn table: its box and vertical rules (page space, origin bottom-left). */
export interface PdfGrid {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly verticals: readonly PdfRule[];
  readonly horizontals: readonly PdfRule[];
}

/** How far (points) a rule may stop short of the one it meets and still join it. */
const TOUCH = 2;
/** Vertical rules closer than this are one boundary. */
const SAME_X = 1.5;

function crosses(h: PdfRule, v: PdfRule): boolean {
  return v.at >= h.from - TOUCH && v.at <= h.to + TOUCH && h.at >= v.from - TOUCH && h.at <= v.to + TOUCH;
}

/**
 * Groups a page's rules into grids. A grid needs at least two columns (three vertical rules) and
 * two horizontal rules: fewer is a frame or decoration, not a table.
 */
export function findGrids(rules: readonly PdfRule[]): PdfGrid[] {
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while ((parent[r] ?? r) !== r) r = parent[r] ?? r;
    parent[i] = r;
    return r;
  };
  rules.forEach((a, i) => {
    if (a.axis !== 'h') return;
    rules.forEach((b, j) => {
      if (b.axis === 'v' && crosses(a, b)) parent[find(i)] = find(j);
    });
  });
  const groups = new Map<number, PdfRule[]>();
  rules.forEach((r, i) => {
    const k = find(i);
    const g = groups.get(k) ?? [];
    g.push(r);
    groups.set(k, g);
  });
  const grids: PdfGrid[] = [];
  for (const g of groups.values()) {
    const hs = g.filter((r) => r.axis === 'h');
    const vs = g.filter((r) => r.axis === 'v');
    if (hs.length < 2 || distinct(vs.map((v) => v.at)).length < 3) continue;
    grids.push({
      x0: Math.min(...hs.map((h) => h.from), ...vs.map((v) => v.at)),
      x1: Math.max(...hs.map((h) => h.to), ...vs.map((v) => v.at)),
      y0: Math.min(...vs.map((v) => v.from), ...hs.map((h) => h.at)),
      y1: Math.max(...vs.map((v) => v.to), ...hs.map((h) => h.at)),
      verticals: vs,
      horizontals: hs,
    });
  }
  return grids;
}

function distinct(xs: readonly number[]): number[] {
  const out: number[] = [];
  for (const x of [...xs].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last === undefined || x - last > SAME_X) out.push(x);
  }
  return out;
}

/** The grid (the smallest, if nested) whose box holds the point. */
export function gridAt(grids: readonly PdfGrid[], x: number, y: number): PdfGrid | null {
  let best: PdfGrid | null = null;
  for (const g of grids) {
    if (x < g.x0 || x > g.x1 || y < g.y0 || y > g.y1) continue;
    if (best === null || (g.x1 - g.x0) * (g.y1 - g.y0) < (best.x1 - best.x0) * (best.y1 - best.y0)) best = g;
  }
  return best;
}

/** The cell boundaries (x, ascending) of a grid at height `y`: the vertical rules that reach it. */
export function boundariesAt(grid: PdfGrid, y: number): number[] {
  return distinct(grid.verticals.filter((v) => v.from <= y && v.to >= y).map((v) => v.at));
}

/**
 * The drawn cell row around (x, y): the nearest horizontal rules below and above the point that
 * pass over x. Null when the point is not boxed in.
 */
export function bandAt(grid: PdfGrid, x: number, y: number): { lo: number; hi: number } | null {
  let lo = -Infinity;
  let hi = Infinity;
  for (const h of grid.horizontals) {
    if (h.from > x || h.to < x) continue;
    if (h.at < y) lo = Math.max(lo, h.at);
    else hi = Math.min(hi, h.at);
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? { lo, hi } : null;
}
