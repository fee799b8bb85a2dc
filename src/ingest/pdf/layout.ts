/**
 * PDF geometry → SourceDocument, pure (no pdf.js import): positioned text items are grouped into
 * lines by baseline, split into cells at wide horizontal gaps, cleaned of page furniture, and
 * one-character-per-line vertical headers are joined. Where the page draws a table grid (ruling
 * lines, see grid.ts), its borders decide the cells instead: no two cells join across a border,
 * an empty drawn cell becomes a blank cell in its own column, and a label wrapped inside its cell
 * is one cell. The result is the same row/line stream the text and HTML front ends give, so
 * tables continued across pages simply continue in the stream.
 *
 * Coordinates are PDF user space (points, origin bottom-left), as pdf.js reports them.
 */
import type { Provenance } from '../../model/report';
import { classifyCell, isValueClass } from '../cellvalue';
import type { SourceBlock, SourceCell, SourceDocument } from '../document';
import { bandAt, boundariesAt, findGrids, gridAt, type PdfGrid } from './grid';

/** One positioned run of text as pdf.js gives it (`transform[4..5]` is the baseline origin). */
export interface PdfTextItem {
  readonly str: string;
  readonly x: number;
  /** Baseline y (for vertical text: the top of the run). */
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Vertical scale of the text matrix: the font size in points. */
  readonly fontSize: number;
}

/**
 * A ruling line the page draws, axis-aligned, in the text items' space: a horizontal rule (`h`)
 * lies at y = `at` from x = `from` to x = `to`; a vertical one (`v`) at x = `at` from y `from` to `to`.
 */
export interface PdfRule {
  readonly axis: 'h' | 'v';
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

/**
 * The text items of one page. `page` is 1-based. `rules` are the page's ruling lines when the
 * reader looked for them; without them, table columns are told from text gaps alone.
 */
export interface PdfPageItems {
  readonly page: number;
  readonly width: number;
  readonly height: number;
  readonly items: readonly PdfTextItem[];
  readonly rules?: readonly PdfRule[];
}

/** A cell under construction: merged items on one baseline. */
interface Chunk {
  text: string;
  x0: number;
  x1: number;
  y: number;
  top: number;
  bottom: number;
  fs: number;
}

interface Line {
  y: number;
  tol: number;
  chunks: Chunk[];
}

/** Text may touch a cell border by this much (points) and still be on its side of it. */
const WALL_TOL = 0.5;
/** Baselines closer than this share a line (values printed larger than their labels sit ~1pt off). */
const LINE_TOL = 0.4;
/** A gap wider than this (× font size) separates two cells; narrower gaps are inside one cell. */
const CELL_GAP = 0.8;
/** A gap at least this wide (× font size) inside a cell is a space between Latin letters or digits… */
const SPACE_GAP = 0.25;
/** …and this wide a space whatever the script (a label and a value printed close together). */
const WIDE_SPACE_GAP = 0.5;
const CJK_CHAR_RE = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/**
 * CJK typesetting puts visual spacing around Latin runs ("2024 年"); it is not a space in the text,
 * so only a wide gap (or a gap between two Latin runs) becomes one.
 */
function needsSpace(left: string, right: string, gap: number, fs: number): boolean {
  if (gap >= WIDE_SPACE_GAP * fs) return true;
  if (gap < SPACE_GAP * fs) return false;
  return !CJK_CHAR_RE.test(left.slice(-1)) && !CJK_CHAR_RE.test(right.charAt(0));
}
/** Page-number furniture: "- 4 -", "—4—", "第4页", "4/6", "第 4 页 共 6 页". */
const PAGE_NO_RE = /^(?:[-—–－~·]+\d{1,3}[-—–－~·]+|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}\/\d{1,3}|\d{1,3})$/;
const DIGIT_RE = /\d/;
const CJK_IDEOGRAPH_RE = /[\u3400-\u9fff]/;
const HAN_OR_PUNCT_RE = /^[\u3400-\u9fff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20（）、，。：；“”]+$/;

function isVertical(it: PdfTextItem): boolean {
  const n = it.str.trim().length;
  return n >= 2 && it.height > 1.6 * it.fontSize && it.width < 1.5 * it.fontSize;
}

/**
 * Radical code points some fonts' ToUnicode maps give for ordinary characters (Chromium's PDFs of
 * Chinese pages print 人 as ⼈ U+2F08): Kangxi radicals fold to the ideograph by NFKC; the
 * simplified-form supplement radicals have no NFKC mapping, so the common ones are listed.
 */
const SUPPLEMENT_RADICALS: Readonly<Record<string, string>> = {
  '\u2e8b': '㔾', '\u2e8c': '小', '\u2e8d': '小', '\u2e8e': '兀', '\u2e96': '忄', '\u2e97': '心', '\u2e9c': '日', '\u2e9d': '月',
  '\u2e9f': '母', '\u2ea0': '民', '\u2ea7': '牛', '\u2eab': '目', '\u2eae': '竹', '\u2eb3': '网', '\u2eb6': '羊', '\u2eb7': '羊',
  '\u2ebb': '聿', '\u2ebc': '月', '\u2ebe': '艹', '\u2ec1': '虎', '\u2ec4': '西', '\u2ec5': '见', '\u2ec6': '角', '\u2ec8': '讠',
  '\u2ec9': '贝', '\u2ecb': '车', '\u2ecd': '辶', '\u2ed0': '钅', '\u2ed3': '长', '\u2ed4': '门', '\u2ed6': '阝', '\u2ed7': '雨',
  '\u2ed8': '青', '\u2ed9': '韦', '\u2eda': '页', '\u2edb': '风', '\u2edc': '飞', '\u2edd': '食', '\u2ee0': '饣', '\u2ee2': '马',
  '\u2ee4': '鬼', '\u2ee5': '鱼', '\u2ee6': '鸟', '\u2ee8': '麦', '\u2ee9': '黄', '\u2eea': '黾', '\u2eed': '齐', '\u2eee': '齿',
  '\u2ef0': '龙', '\u2ef3': '龟',
};
const RADICAL_RE = /[\u2e80-\u2fdf]/g;

function unradical(s: string): string {
  return s.replace(RADICAL_RE, (ch) => SUPPLEMENT_RADICALS[ch] ?? ch.normalize('NFKC'));
}

function chunkOf(it: PdfTextItem): Chunk {
  const fs = it.fontSize > 0 ? it.fontSize : Math.max(it.height, 1);
  return { text: unradical(it.str.trim()), x0: it.x, x1: it.x + it.width, y: it.y, top: it.y + fs, bottom: it.y - 0.2 * fs, fs };
}

/** Groups items into lines (top to bottom) and merges close items into cells (left to right). */
function buildLines(items: readonly PdfTextItem[], grids: readonly PdfGrid[]): Line[] {
  const all = items.filter((it) => it.str.trim() !== '' && it.width > 0 && !isVertical(it)).map(chunkOf);
  const { rest: flat, runs } = takeVerticalRuns(all);
  flat.sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const lines: Line[] = [];
  for (const c of flat) {
    const last = lines[lines.length - 1];
    if (last !== undefined && Math.abs(last.y - c.y) <= Math.min(last.tol, LINE_TOL * c.fs)) {
      last.chunks.push(c);
    } else {
      lines.push({ y: c.y, tol: LINE_TOL * c.fs, chunks: [c] });
    }
  }
  const spaces = items.filter((it) => it.str !== '' && it.str.trim() === '');
  for (const line of lines) line.chunks = mergeRow(line.chunks, spaces, wallsAt(grids, line));
  for (const r of runs) insertLine(lines, { y: r.y, tol: 0, chunks: [r] });
  // Vertical-writing runs (a rotated group label) stand as their own cell at their top.
  for (const it of items) {
    if (it.str.trim() === '' || !isVertical(it)) continue;
    const c: Chunk = { text: unradical(it.str.replace(/\s+/g, '')), x0: it.x, x1: it.x + it.width, y: it.y, top: it.y, bottom: it.y - it.height, fs: it.fontSize };
    insertLine(lines, { y: c.y, tol: 0, chunks: [c] });
  }
  return lines;
}

function mergeRow(chunks: Chunk[], spaces: readonly PdfTextItem[], walls: readonly number[]): Chunk[] {
  chunks.sort((a, b) => a.x0 - b.x0);
  const out: Chunk[] = [];
  for (const c of chunks) {
    const prev = out[out.length - 1];
    const fs = Math.min(prev?.fs ?? c.fs, c.fs);
    const gap = prev === undefined ? Infinity : c.x0 - prev.x1;
    // Two numbers apart by a visible gap are two cells however narrow the columns ("13612 252");
    // touching digits are one number pdf.js split ("1" + "1").
    const twoValues = prev !== undefined && gap >= SPACE_GAP * fs && isValueClass(classifyCell(prev.text)) && isValueClass(classifyCell(c.text));
    // A drawn cell border between two pieces parts them, however close they are printed.
    const walled = prev !== undefined && walls.some((x) => prev.x1 <= x + WALL_TOL && c.x0 >= x - WALL_TOL);
    if (prev !== undefined && gap < CELL_GAP * fs && !twoValues && !walled) {
      const spaced = needsSpace(prev.text, c.text, gap, fs) || labelThenValue(prev, c, gap, fs, spaces);
      prev.text += (spaced ? ' ' : '') + c.text;
      prev.x1 = Math.max(prev.x1, c.x1);
      prev.top = Math.max(prev.top, c.top);
      prev.bottom = Math.min(prev.bottom, c.bottom);
      prev.fs = Math.max(prev.fs, c.fs);
    } else {
      out.push({ ...c });
    }
  }
  return out;
}

/**
 * A label overflowing its narrow cell can run up to the value beside it ("行政规范性文件" + "564").
 * When the PDF prints a real space glyph there, keep it, so that the value is read apart from the label.
 */
function labelThenValue(prev: Chunk, c: Chunk, gap: number, fs: number, spaces: readonly PdfTextItem[]): boolean {
  if (gap < 0.2 * fs || !CJK_IDEOGRAPH_RE.test(prev.text.slice(-1)) || !isValueClass(classifyCell(c.text))) return false;
  return spaces.some((sp) => Math.abs(sp.y - c.y) < LINE_TOL * fs && sp.x >= prev.x1 - 0.1 * fs && sp.x <= c.x0 + 0.1 * fs);
}

function insertLine(lines: Line[], line: Line): void {
  let i = 0;
  while (i < lines.length && (lines[i]?.y ?? 0) >= line.y) i++;
  lines.splice(i, 0, line);
}

/** Page numbers and similar furniture in the top or bottom margin. */
function isFurniture(line: Line, pageHeight: number): boolean {
  const text = line.chunks.map((c) => c.text).join('').replace(/\s+/g, '');
  if (!PAGE_NO_RE.test(text)) return false;
  const margin = pageHeight > 0 ? pageHeight : 842;
  const bare = /^\d+$/.test(text);
  // A bare number is furniture only deep in the margin; a dashed or 第N页 form anywhere outside the body.
  const band = bare ? 0.07 : 0.1;
  return line.y < margin * band || line.y > margin * (1 - band);
}

/**
 * One-character-per-line headers ("三" / "本" / "年" … stacked in one column, 092's 三、本年度办理结果):
 * short CJK pieces at the same x on regularly spaced baselines. They are taken out before lines are
 * built (each piece would otherwise join a table row) and come back as one cell on the first
 * piece's line. A piece's trailing punctuation printed beside it ("三" + "、") goes with it.
 */
function takeVerticalRuns(chunks: Chunk[]): { rest: Chunk[]; runs: Chunk[] } {
  const cand = (c: Chunk): boolean => {
    const t = c.text.replace(/\s+/g, '');
    return t.length >= 1 && t.length <= 2 && !DIGIT_RE.test(t) && HAN_OR_PUNCT_RE.test(t);
  };
  const near = (a: Chunk, b: Chunk): boolean => a !== b && Math.abs(a.y - b.y) < LINE_TOL * a.fs && b.x0 - a.x1 < CELL_GAP * a.fs && a.x0 - b.x1 < CELL_GAP * a.fs;
  // A stacked character stands alone on its line; one touching other text is part of running text.
  const alone = (c: Chunk): boolean => !chunks.some((o) => near(c, o) && (o.x0 < c.x0 || CJK_IDEOGRAPH_RE.test(o.text)));
  const byY = chunks.filter((c) => cand(c) && alone(c)).sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const used = new Set<Chunk>();
  const runs: Chunk[] = [];
  for (const start of byY) {
    if (used.has(start)) continue;
    const run: Chunk[] = [start];
    let prev = start;
    for (const c of byY) {
      if (c === start || used.has(c) || c.y >= prev.y || Math.abs(c.x0 - start.x0) > 0.3 * start.fs) continue;
      const step = prev.y - c.y;
      if (step > 2.6 * prev.fs) break;
      if (step < 0.9 * prev.fs) continue;
      run.push(c);
      prev = c;
    }
    // Two stacked pieces are an ordinary wrapped cell; three or more are a vertical header.
    if (run.length < 3) continue;
    for (const c of run) used.add(c);
    const parts: string[] = [];
    for (const m of run) {
      parts.push(m.text.replace(/\s+/g, ''));
      const tail = chunks.find((c) => !used.has(c) && cand(c) && Math.abs(c.y - m.y) < 0.2 * m.fs && c.x0 >= m.x1 - 0.1 * m.fs && c.x0 - m.x1 < 0.3 * m.fs && !CJK_IDEOGRAPH_RE.test(c.text));
      if (tail !== undefined) {
        used.add(tail);
        parts.push(tail.text.trim());
      }
    }
    runs.push({
      text: parts.join(''),
      x0: Math.min(...run.map((c) => c.x0)),
      x1: Math.max(...run.map((c) => c.x1)),
      y: start.y,
      top: start.top,
      bottom: Math.min(...run.map((c) => c.bottom)),
      fs: start.fs,
    });
  }
  return { rest: chunks.filter((c) => !used.has(c)), runs };
}

function isValueChunk(c: Chunk): boolean {
  return c.text !== '' && isValueClass(classifyCell(c.text));
}

/**
 * A blank table cell prints nothing, so a row with a blank in the middle would read as a shorter
 * row and its later values would slide left. Within a run of value rows (the same table on one
 * page) the value columns are the merged x-extents of the value cells; a row with nothing in a
 * column gets an empty cell there. Lines that hold only label text left of the values (wrapped
 * labels, group labels) do not end the run; any other line does. Runs whose columns do not line
 * up (two cells of a row in one column) are left as they are.
 */
function insertBlankCells(lines: readonly Line[], placed: ReadonlySet<Line>): void {
  let run: Line[] = [];
  let left = Infinity;
  const close = (): void => {
    if (run.length >= 2) fillRun(run);
    run = [];
    left = Infinity;
  };
  for (const line of lines) {
    if (placed.has(line)) {
      close();
      continue;
    }
    const values = line.chunks.filter(isValueChunk);
    if (values.length > 0) {
      run.push(line);
      left = Math.min(left, ...values.map((c) => c.x0));
      continue;
    }
    if (run.length > 0 && line.chunks.every((c) => c.x1 <= left)) continue;
    close();
  }
  close();
}

function fillRun(run: readonly Line[]): void {
  const spans = run
    .flatMap((l) => l.chunks.filter(isValueChunk))
    .map((c) => [c.x0, c.x1] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const cols: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = cols[cols.length - 1];
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
    else cols.push([a, b]);
  }
  const first = cols[0];
  if (first === undefined) return;
  const overlaps = (c: Chunk, col: readonly [number, number]): boolean => c.x0 < col[1] && c.x1 > col[0];
  // Every row must put at most one cell in each column, or the grid is not what it seems.
  for (const line of run) {
    for (const col of cols) if (line.chunks.filter((c) => overlaps(c, col)).length > 1) return;
  }
  for (const line of run) {
    const fs = Math.min(...line.chunks.map((c) => c.fs));
    for (const col of cols) {
      if (line.chunks.some((c) => overlaps(c, col))) continue;
      line.chunks.push({ text: '', x0: col[0], x1: col[1], y: line.y, top: line.y + fs, bottom: line.y - 0.2 * fs, fs });
    }
    line.chunks.sort((a, b) => a.x0 - b.x0);
  }
}

/** Where a line sits for grid purposes: the middle of its text, above the baseline. */
function midY(line: Line): number {
  const fs = Math.min(...line.chunks.map((c) => c.fs));
  return line.y + 0.3 * fs;
}

/** The cell borders a line crosses: the vertical rules of every grid at its height. */
function wallsAt(grids: readonly PdfGrid[], line: Line): number[] {
  if (grids.length === 0 || line.chunks.length < 2) return [];
  const y = midY(line);
  return grids.filter((g) => y >= g.y0 && y <= g.y1).flatMap((g) => boundariesAt(g, y));
}

/** A value line inside a drawn grid: its cell borders and which cell each chunk is in. */
interface Placement {
  readonly line: Line;
  readonly grid: PdfGrid;
  readonly bounds: readonly number[];
  readonly slots: readonly (readonly Chunk[])[];
  /** Chunks of label text left of the line's first value. */
  readonly labels: readonly Chunk[];
}

function slotOf(bounds: readonly number[], c: Chunk): number {
  const cx = (c.x0 + c.x1) / 2;
  for (let i = 0; i + 1 < bounds.length; i++) if (cx >= (bounds[i] ?? 0) && cx < (bounds[i + 1] ?? 0)) return i;
  return -1;
}

function placeLine(grids: readonly PdfGrid[], line: Line): Placement | null {
  const values = line.chunks.filter(isValueChunk);
  const first = values[0];
  if (first === undefined) return null;
  const y = midY(line);
  const grid = gridAt(grids, (first.x0 + first.x1) / 2, y);
  if (grid === null) return null;
  const bounds = boundariesAt(grid, y);
  if (bounds.length < 3) return null;
  const slots: Chunk[][] = bounds.slice(1).map(() => []);
  for (const c of line.chunks) {
    const slot = slots[slotOf(bounds, c)];
    if (slot === undefined) return null;
    slot.push(c);
  }
  // Two values in one drawn cell: the grid is not what the text says; leave the line to the text gaps.
  if (slots.some((s) => s.filter(isValueChunk).length > 1)) return null;
  return { line, grid, bounds, slots, labels: line.chunks.filter((c) => c.x0 < first.x0 && !isValueChunk(c)) };
}

/**
 * Lines inside a drawn table take their columns from its vertical rules: a value line gets a blank
 * cell in every empty drawn cell right of its label, so even a column blank in every row keeps
 * its place. Label columns are the cells that hold a row's label on any value line of the grid;
 * a value line whose label is printed on another line gets no blanks there. Returns the lines
 * placed this way (the text-gap logic leaves them alone).
 */
function placeInGrids(lines: readonly Line[], grids: readonly PdfGrid[]): Set<Line> {
  if (grids.length === 0) return new Set();
  const place = (): Placement[] => lines.map((l) => placeLine(grids, l)).filter((p): p is Placement => p !== null);
  let placements = place();
  let labelEdge = labelEdges(placements);
  if (joinWrappedLabels(lines, placements, labelEdge)) {
    placements = place();
    labelEdge = labelEdges(placements);
  }
  for (const p of placements) {
    const edge = labelEdge.get(p.grid) ?? -Infinity;
    const lastLabel = Math.max(-1, ...p.slots.map((s, i) => (s.some((c) => p.labels.includes(c)) ? i : -1)));
    const fs = Math.min(...p.line.chunks.map((c) => c.fs));
    p.slots.forEach((s, i) => {
      const x0 = p.bounds[i] ?? 0;
      const x1 = p.bounds[i + 1] ?? 0;
      if (s.length > 0 || i <= lastLabel || x0 < edge - WALL_TOL) return;
      p.line.chunks.push({ text: '', x0, x1, y: p.line.y, top: p.line.y + fs, bottom: p.line.y - 0.2 * fs, fs });
    });
    p.line.chunks.sort((a, b) => a.x0 - b.x0);
  }
  return new Set(placements.map((p) => p.line));
}

/** Per grid, the right border of its label cells: the rightmost cell holding a label on a value line. */
function labelEdges(placements: readonly Placement[]): Map<PdfGrid, number> {
  const edges = new Map<PdfGrid, number>();
  for (const p of placements) {
    p.slots.forEach((s, i) => {
      if (s.some((c) => p.labels.includes(c))) edges.set(p.grid, Math.max(edges.get(p.grid) ?? -Infinity, p.bounds[i + 1] ?? -Infinity));
    });
  }
  return edges;
}

/**
 * A row label wrapped inside its drawn cell prints as lines above and below the row's values
 * ("（二）部分公开（区分处理的，只计这一情" / values / "形，不计其他情形）"). The text of the label
 * cell (the cell left of the first value, bounded by the horizontal rules around the values) is
 * joined into one cell on the value line, so the row reads as one row. Lines left empty are
 * emptied in place (the document skips them). Returns whether anything was joined.
 */
function joinWrappedLabels(lines: readonly Line[], placements: readonly Placement[], labelEdge: ReadonlyMap<PdfGrid, number>): boolean {
  let joined = false;
  const valueLines = new Set(placements.map((p) => p.line));
  for (const p of placements) {
    const firstValue = p.slots.findIndex((s) => s.some(isValueChunk));
    // The label cell ends where the grid's labels end (its first value column may be blank here).
    const edge = labelEdge.get(p.grid);
    const atEdge = edge === undefined ? -1 : p.bounds.findIndex((b) => Math.abs(b - edge) <= WALL_TOL);
    const end = atEdge > 0 && atEdge <= firstValue ? atEdge : firstValue;
    const x0 = p.bounds[end - 1];
    const x1 = p.bounds[end];
    if (x0 === undefined || x1 === undefined) continue;
    const inCell = (c: Chunk): boolean => (c.x0 + c.x1) / 2 >= x0 && (c.x0 + c.x1) / 2 < x1;
    const y = midY(p.line);
    const band = bandAt(p.grid, (x0 + x1) / 2, y);
    if (band === null) continue;
    const inBand = (l: Line): boolean => l.chunks.length > 0 && midY(l) > band.lo && midY(l) < band.hi;
    // Two value lines in one drawn row: which label text goes with which is not clear.
    if (placements.some((o) => o !== p && o.grid === p.grid && inBand(o.line))) continue;
    const wraps = lines.filter((l) => l !== p.line && !valueLines.has(l) && l.tol > 0 && inBand(l) && l.chunks.some(inCell) && !l.chunks.some(isValueChunk));
    if (wraps.length === 0) continue;
    const pieces = [...wraps, p.line].sort((a, b) => b.y - a.y).flatMap((l) => l.chunks.filter((c) => c.text !== '' && inCell(c)));
    const fs = Math.min(...pieces.map((c) => c.fs));
    const label: Chunk = {
      text: pieces.map((c) => c.text).join(''),
      x0: Math.min(...pieces.map((c) => c.x0)),
      x1: Math.max(...pieces.map((c) => c.x1)),
      y: p.line.y,
      top: Math.max(...pieces.map((c) => c.top)),
      bottom: Math.min(...pieces.map((c) => c.bottom)),
      fs,
    };
    for (const l of wraps) l.chunks = l.chunks.filter((c) => !inCell(c));
    p.line.chunks = [...p.line.chunks.filter((c) => !inCell(c)), label].sort((a, b) => a.x0 - b.x0);
    joined = true;
  }
  return joined;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * True when a page's text has a table row: a line of two or more cells, one of them a value.
 * Reading a page's ruling lines is costly, and only pages with table rows need them.
 */
export function hasTableRows(p: PdfPageItems): boolean {
  return buildLines(p.items, [])
    .filter((l) => !isFurniture(l, p.height))
    .some((l) => l.chunks.length >= 2 && l.chunks.some(isValueChunk));
}

/**
 * Builds the SourceDocument of a PDF from its pages' text items. Each cell carries `page` and
 * `bbox` ([x0, y0, x1, y1], PDF points, origin bottom-left) plus the line of `text` it is on.
 */
export function pdfPagesToDocument(pages: readonly PdfPageItems[]): SourceDocument {
  const blocks: SourceBlock[] = [];
  const textLines: string[] = [];
  for (const p of pages) {
    const grids = findGrids(p.rules ?? []);
    const lines = buildLines(p.items, grids).filter((l) => !isFurniture(l, p.height));
    insertBlankCells(lines, placeInGrids(lines, grids));
    for (const l of lines) {
      if (l.chunks.length === 0) continue;
      const lineNo = textLines.length + 1;
      const cells: SourceCell[] = l.chunks.map((c) => {
        const prov: Provenance = { line: lineNo, page: p.page, bbox: [round(c.x0), round(c.bottom), round(c.x1), round(c.top)] };
        return { text: c.text, prov };
      });
      textLines.push(cells.map((c) => c.text).join('\t'));
      blocks.push({ kind: cells.length > 1 ? 'row' : 'line', cells });
    }
  }
  return { format: 'pdf', blocks, text: textLines.join('\n') };
}
