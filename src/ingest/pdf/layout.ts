/**
 * PDF geometry → SourceDocument, pure (no pdf.js import): positioned text items are grouped into
 * lines by baseline, split into cells at wide horizontal gaps, cleaned of page furniture, and
 * one-character-per-line vertical headers are joined. The result is the same row/line stream the
 * text and HTML front ends give, so tables continued across pages simply continue in the stream.
 *
 * Coordinates are PDF user space (points, origin bottom-left), as pdf.js reports them.
 */
import type { Provenance } from '../../model/report';
import { classifyCell, isValueClass } from '../cellvalue';
import type { SourceBlock, SourceCell, SourceDocument } from '../document';

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

/** The text items of one page. `page` is 1-based. */
export interface PdfPageItems {
  readonly page: number;
  readonly width: number;
  readonly height: number;
  readonly items: readonly PdfTextItem[];
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
function buildLines(items: readonly PdfTextItem[]): Line[] {
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
  for (const line of lines) line.chunks = mergeRow(line.chunks, spaces);
  for (const r of runs) insertLine(lines, { y: r.y, tol: 0, chunks: [r] });
  // Vertical-writing runs (a rotated group label) stand as their own cell at their top.
  for (const it of items) {
    if (it.str.trim() === '' || !isVertical(it)) continue;
    const c: Chunk = { text: unradical(it.str.replace(/\s+/g, '')), x0: it.x, x1: it.x + it.width, y: it.y, top: it.y, bottom: it.y - it.height, fs: it.fontSize };
    insertLine(lines, { y: c.y, tol: 0, chunks: [c] });
  }
  return lines;
}

function mergeRow(chunks: Chunk[], spaces: readonly PdfTextItem[]): Chunk[] {
  chunks.sort((a, b) => a.x0 - b.x0);
  const out: Chunk[] = [];
  for (const c of chunks) {
    const prev = out[out.length - 1];
    const fs = Math.min(prev?.fs ?? c.fs, c.fs);
    const gap = prev === undefined ? Infinity : c.x0 - prev.x1;
    // Two numbers apart by a visible gap are two cells however narrow the columns ("13612 252");
    // touching digits are one number pdf.js split ("1" + "1").
    const twoValues = prev !== undefined && gap >= SPACE_GAP * fs && isValueClass(classifyCell(prev.text)) && isValueClass(classifyCell(c.text));
    if (prev !== undefined && gap < CELL_GAP * fs && !twoValues) {
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
function insertBlankCells(lines: readonly Line[]): void {
  let run: Line[] = [];
  let left = Infinity;
  const close = (): void => {
    if (run.length >= 2) fillRun(run);
    run = [];
    left = Infinity;
  };
  for (const line of lines) {
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

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * Builds the SourceDocument of a PDF from its pages' text items. Each cell carries `page` and
 * `bbox` ([x0, y0, x1, y1], PDF points, origin bottom-left) plus the line of `text` it is on.
 */
export function pdfPagesToDocument(pages: readonly PdfPageItems[]): SourceDocument {
  const blocks: SourceBlock[] = [];
  const textLines: string[] = [];
  for (const p of pages) {
    const lines = buildLines(p.items).filter((l) => !isFurniture(l, p.height));
    insertBlankCells(lines);
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
