/**
 * Text and markdown front end: one source line → one block. Lines whose cells the source
 * separates (tabs from PDF extraction, `a | b | c` pipes, `pdftotext -layout` space alignment)
 * become `row` blocks; every other line is a `line` block. Provenance is the 1-based line.
 */
import { classifyCell, isValueClass } from '../cellvalue';
import type { SourceBlock, SourceCell, SourceDocument } from '../document';

const LINE_SPLIT_RE = /\r\n|\r|\n/;
/** A markdown table rule such as `|---|:--:|`. */
const MD_RULE_RE = /^\|?[\s:|-]*-{3,}[\s:|-]*\|?$/;
/** Two or more spaces between visible text: a `-layout` column gap. */
const LAYOUT_GAP_RE = /[ \u3000\u00a0]{2,}/;
/** String.prototype.trim removes every Unicode space, the ideographic space U+3000 included. */
function trimAll(s: string): string {
  return s.trim();
}

function pipeCells(trimmed: string, line: number): SourceCell[] {
  const parts = trimmed.split('|');
  // `| a | b |` opens and closes with a pipe: the outer empty pieces are not cells.
  if (trimmed.startsWith('|')) parts.shift();
  if (trimmed.endsWith('|') && parts.length > 0) parts.pop();
  return parts.map((p) => ({ text: trimAll(p), prov: { line } }));
}

function isValue(text: string): boolean {
  return isValueClass(classifyCell(text));
}

/**
 * Cells of a tab-separated line. Empty cells before the values (spanned label columns, 000) and
 * after them (grid padding) are structure and dropped; an empty cell with a value on either side
 * is a blank cell of the row and kept, so that the values after it stay in their columns.
 */
function tabCells(raw: string, line: number): SourceCell[] {
  const parts = raw.split('\t').map(trimAll);
  const cells: SourceCell[] = [];
  let leftIsValue = false;
  parts.forEach((text, i) => {
    if (text !== '') {
      leftIsValue = isValue(text);
      cells.push({ text, prov: { line } });
      return;
    }
    if (!leftIsValue) return;
    const right = parts.slice(i + 1).find((x) => x !== '');
    if (right !== undefined && isValue(right)) cells.push({ text: '', prov: { line } });
  });
  return cells;
}

/** Splits plain text or markdown into a SourceDocument (pure; never throws). */
export function textToDocument(text: string, format: 'txt' | 'md'): SourceDocument {
  // Without a CR the split on one character gives the same lines, several times faster.
  const lines = text.includes('\r') ? text.split(LINE_SPLIT_RE) : text.split('\n');
  const blocks: SourceBlock[] = [];
  let mdTable = -1;
  let inMdTable = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = i + 1;
    const trimmed = trimAll(raw);
    if (trimmed === '') {
      inMdTable = false;
      continue;
    }
    if (trimmed.includes('|') && MD_RULE_RE.test(trimmed)) continue;
    if (raw.includes('\t')) {
      const cells = tabCells(raw, line);
      if (cells.length > 0) blocks.push({ kind: cells.length > 1 ? 'row' : 'line', cells });
      inMdTable = false;
      continue;
    }
    if (trimmed.includes('|')) {
      const cells = pipeCells(trimmed, line);
      if (format === 'md') {
        if (!inMdTable) mdTable++;
        inMdTable = true;
        blocks.push({ kind: 'row', cells, table: mdTable });
      } else {
        blocks.push({ kind: 'row', cells });
      }
      continue;
    }
    inMdTable = false;
    if (LAYOUT_GAP_RE.test(trimmed)) {
      const cells = trimmed.split(LAYOUT_GAP_RE).map((c) => ({ text: c, prov: { line } }));
      blocks.push({ kind: 'row', cells });
      continue;
    }
    blocks.push({ kind: 'line', cells: [{ text: trimmed, prov: { line } }] });
  }
  return { format, blocks, text: lines.join('\n') };
}
