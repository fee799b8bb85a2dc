/**
 * Ruling lines of a PDF page, pure (no pdf.js import): pdf.js's operator list (as plain arrays)
 * → the horizontal and vertical lines a table grid is drawn with, in page space (points, origin
 * bottom-left, the same space as the text items). Stroked segments and thin filled rectangles
 * both count: Word and WPS exports draw table borders either way.
 */
import type { PdfRule } from './layout';

/** The operator codes this reader needs (pdf.js's `OPS` table fits this shape). */
export interface PdfOperatorCodes {
  readonly save: number;
  readonly restore: number;
  readonly transform: number;
  readonly constructPath: number;
  readonly paintFormXObjectBegin: number;
  readonly paintFormXObjectEnd: number;
  readonly stroke: number;
  readonly closeStroke: number;
  readonly fill: number;
  readonly eoFill: number;
  readonly fillStroke: number;
  readonly eoFillStroke: number;
  readonly closeFillStroke: number;
  readonly closeEOFillStroke: number;
}

/** pdf.js 5 path opcodes inside a `constructPath` buffer. */
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const CLOSE = 3;

/** A segment this far off the axis (points) is still horizontal or vertical. */
const AXIS_TOL = 0.5;
/** Shorter segments are dots, dashes or glyph parts, not rules. */
const MIN_LEN = 3;
/** A filled rectangle at most this thick (points) is a rule drawn as a fill. */
const THIN = 2.5;
/** Rules this close across their axis are one line (a border drawn twice by adjacent cells). */
const SAME_LINE_TOL = 1;
/** Collinear pieces this close along their axis join (cell borders drawn cell by cell). */
const JOIN_TOL = 1.5;

type Matrix = readonly [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `cm` semantics: the new matrix applies `m` first, then the current one. */
function multiply(ctm: Matrix, m: Matrix): Matrix {
  return [
    ctm[0] * m[0] + ctm[2] * m[1],
    ctm[1] * m[0] + ctm[3] * m[1],
    ctm[0] * m[2] + ctm[2] * m[3],
    ctm[1] * m[2] + ctm[3] * m[3],
    ctm[0] * m[4] + ctm[2] * m[5] + ctm[4],
    ctm[1] * m[4] + ctm[3] * m[5] + ctm[5],
  ];
}

function asMatrix(v: unknown): Matrix | null {
  if (!(Array.isArray(v) || ArrayBuffer.isView(v))) return null;
  const a = Array.from(v as ArrayLike<unknown>);
  if (a.length < 6 || !a.slice(0, 6).every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  const n = a as number[];
  return [n[0] ?? 1, n[1] ?? 0, n[2] ?? 0, n[3] ?? 1, n[4] ?? 0, n[5] ?? 0];
}

type Point = readonly [number, number];

function apply(m: Matrix, x: number, y: number): Point {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** One subpath: its points in page space, and whether it holds curves (then it is no rectangle). */
interface Subpath {
  readonly points: Point[];
  closed: boolean;
  curved: boolean;
}

/** Decodes a pdf.js 5 path buffer (`[op, x, y, …]`) into page-space subpaths; null if it is not one. */
function subpaths(buf: unknown, ctm: Matrix): Subpath[] | null {
  if (!(buf instanceof Float32Array || Array.isArray(buf))) return null;
  const d = buf as ArrayLike<number>;
  const out: Subpath[] = [];
  let cur: Subpath | null = null;
  for (let i = 0; i < d.length; ) {
    const op = d[i];
    if (op === MOVE || op === LINE) {
      const p = apply(ctm, d[i + 1] ?? 0, d[i + 2] ?? 0);
      if (op === MOVE || cur === null) {
        cur = { points: [p], closed: false, curved: false };
        out.push(cur);
      } else {
        cur.points.push(p);
      }
      i += 3;
    } else if (op === CURVE) {
      const p = apply(ctm, d[i + 5] ?? 0, d[i + 6] ?? 0);
      if (cur === null) {
        cur = { points: [], closed: false, curved: true };
        out.push(cur);
      }
      cur.curved = true;
      cur.points.push(p);
      i += 7;
    } else if (op === CLOSE) {
      if (cur !== null) {
        cur.closed = true;
        const start: Point | undefined = cur.points[0];
        // A path continuing after a close starts again at the subpath's first point.
        cur = start === undefined ? null : { points: [start], closed: false, curved: false };
        if (cur !== null) out.push(cur);
      }
      i += 1;
    } else {
      return null;
    }
  }
  return out;
}

function segmentRule(a: Point, b: Point): PdfRule | null {
  const dx = Math.abs(a[0] - b[0]);
  const dy = Math.abs(a[1] - b[1]);
  if (dy <= AXIS_TOL && dx >= MIN_LEN) return { axis: 'h', at: (a[1] + b[1]) / 2, from: Math.min(a[0], b[0]), to: Math.max(a[0], b[0]) };
  if (dx <= AXIS_TOL && dy >= MIN_LEN) return { axis: 'v', at: (a[0] + b[0]) / 2, from: Math.min(a[1], b[1]), to: Math.max(a[1], b[1]) };
  return null;
}

/** The straight, axis-aligned edges of stroked subpaths. */
function strokedRules(paths: readonly Subpath[], out: PdfRule[]): void {
  for (const sp of paths) {
    if (sp.curved) continue;
    const pts = sp.closed && sp.points.length > 2 ? [...sp.points, sp.points[0] ?? sp.points[sp.points.length - 1] ?? [0, 0]] : sp.points;
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1];
      const b = pts[i];
      if (a === undefined || b === undefined) continue;
      const r = segmentRule(a, b);
      if (r !== null) out.push(r);
    }
  }
}

/** A filled axis-aligned rectangle thin in one direction is a rule along the other. */
function filledRules(paths: readonly Subpath[], out: PdfRule[]): void {
  for (const sp of paths) {
    if (sp.curved || sp.points.length < 4 || sp.points.length > 5) continue;
    const xs = sp.points.map((p) => p[0]);
    const ys = sp.points.map((p) => p[1]);
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs);
    const y0 = Math.min(...ys);
    const y1 = Math.max(...ys);
    const onCorners = sp.points.every((p) => (Math.abs(p[0] - x0) <= AXIS_TOL || Math.abs(p[0] - x1) <= AXIS_TOL) && (Math.abs(p[1] - y0) <= AXIS_TOL || Math.abs(p[1] - y1) <= AXIS_TOL));
    if (!onCorners) continue;
    const w = x1 - x0;
    const h = y1 - y0;
    if (h <= THIN && w >= MIN_LEN && w >= 3 * h) out.push({ axis: 'h', at: (y0 + y1) / 2, from: x0, to: x1 });
    else if (w <= THIN && h >= MIN_LEN && h >= 3 * w) out.push({ axis: 'v', at: (x0 + x1) / 2, from: y0, to: y1 });
  }
}

/**
 * Reads the ruling lines a page draws, from pdf.js's operator list (`fnArray`/`argsArray`),
 * following `q`/`Q`/`cm` and form XObject matrices so that every line is in page space. Clipping
 * paths and filled areas (cell shading) are not lines. Unknown argument shapes are skipped, so an
 * unexpected pdf.js change yields no rules (the layout then falls back to text gaps), never wrong ones.
 */
export function rulesFromOperatorList(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, ops: PdfOperatorCodes): PdfRule[] {
  const stroked = new Set([ops.stroke, ops.closeStroke, ops.fillStroke, ops.eoFillStroke, ops.closeFillStroke, ops.closeEOFillStroke]);
  const filled = new Set([ops.fill, ops.eoFill]);
  const out: PdfRule[] = [];
  const stack: Matrix[] = [];
  let ctm = IDENTITY;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i];
    if (fn === ops.save) {
      stack.push(ctm);
    } else if (fn === ops.restore) {
      ctm = stack.pop() ?? ctm;
    } else if (fn === ops.transform) {
      const m = asMatrix(args);
      if (m !== null) ctm = multiply(ctm, m);
    } else if (fn === ops.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = Array.isArray(args) ? asMatrix(args[0]) : null;
      if (m !== null) ctm = multiply(ctm, m);
    } else if (fn === ops.paintFormXObjectEnd) {
      ctm = stack.pop() ?? ctm;
    } else if (fn === ops.constructPath && Array.isArray(args)) {
      const paint: unknown = args[0];
      if (typeof paint !== 'number' || (!stroked.has(paint) && !filled.has(paint))) continue;
      const bufs: unknown = args[1];
      if (!Array.isArray(bufs)) continue;
      const paths = subpaths(bufs[0], ctm);
      if (paths === null) continue;
      if (stroked.has(paint)) strokedRules(paths, out);
      else filledRules(paths, out);
    }
  }
  return mergeRules(out);
}

/** Joins collinear rules that touch or overlap, per axis; the result is sorted by axis, `at`, `from`. */
export function mergeRules(rules: readonly PdfRule[]): PdfRule[] {
  const out: PdfRule[] = [];
  for (const axis of ['h', 'v'] as const) {
    const sorted = rules.filter((r) => r.axis === axis).sort((a, b) => a.at - b.at || a.from - b.from);
    // Cluster by position across the axis, then join along it.
    const bands: PdfRule[][] = [];
    for (const r of sorted) {
      const band = bands[bands.length - 1];
      const first = band?.[0];
      if (band !== undefined && first !== undefined && r.at - first.at <= SAME_LINE_TOL) band.push(r);
      else bands.push([r]);
    }
    for (const band of bands) {
      const pieces = [...band].sort((a, b) => a.from - b.from);
      let cur: { at: number[]; from: number; to: number } | null = null;
      const flush = (): void => {
        if (cur !== null) out.push({ axis, at: cur.at.reduce((s, v) => s + v, 0) / cur.at.length, from: cur.from, to: cur.to });
      };
      for (const p of pieces) {
        if (cur !== null && p.from <= cur.to + JOIN_TOL) {
          cur.to = Math.max(cur.to, p.to);
          cur.at.push(p.at);
        } else {
          flush();
          cur = { at: [p.at], from: p.from, to: p.to };
        }
      }
      flush();
    }
  }
  return out;
}
