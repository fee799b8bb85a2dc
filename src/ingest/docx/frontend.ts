/**
 * DOCX front end: reads `word/document.xml` straight out of the ZIP (fflate) and turns its body into
 * a SourceDocument like the HTML front end does: each paragraph a `line` block, each table row a
 * `row` block whose cells carry grid columns after `w:gridSpan` / `w:vMerge` expansion.
 * Pure: no fs or DOM; runs in Node and the browser.
 */
import { strFromU8, unzipSync } from 'fflate';
import type { SourceBlock, SourceCell, SourceDocument } from '../document';
import { decodeEntities } from '../html/entities';
import { parseXml, type XmlElement, type XmlNode } from './xml';

export type DocxFailure = 'not_docx' | 'legacy_doc' | 'broken';

export class DocxReadError extends Error {
  constructor(
    readonly reason: DocxFailure,
    detail: string,
  ) {
    super(detail);
    this.name = 'DocxReadError';
  }
}

const DOCUMENT_XML = 'word/document.xml';
/** Zip bombs aside, a report's document.xml is a few MB at most. */
const MAX_XML_BYTES = 64 * 1024 * 1024;
const WS_RE = /[ \t\n\r\f\u00a0\u200b]+/g;

function fold(s: string): string {
  return s.replace(WS_RE, ' ').trim();
}

function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.kind === 'element' && c.name === name);
}

function child(el: XmlElement, name: string): XmlElement | undefined {
  return children(el, name)[0];
}

function attr(el: XmlElement | undefined, name: string): string | undefined {
  return el?.attrs[name];
}

/**
 * Visible text of a subtree: `w:t` text, tabs and breaks as spaces (or `\n` for breaks when
 * `breaks` is set). Deleted text (`w:delText`), field codes (`w:instrText`) and hidden runs are skipped.
 */
function textOf(node: XmlNode, out: string[], breaks: boolean): void {
  if (node.kind === 'text') return;
  switch (node.name) {
    case 'w:t':
      for (const c of node.children) if (c.kind === 'text') out.push(c.text);
      return;
    case 'w:tab':
      out.push(breaks ? '\t' : ' ');
      return;
    case 'w:br':
    case 'w:cr':
      out.push(breaks ? '\n' : ' ');
      return;
    case 'w:delText':
    case 'w:instrText':
    case 'w:del':
    case 'w:rPr':
    case 'w:pPr':
    case 'mc:Fallback':
      // (mc:Fallback: a text box is stored twice, as DrawingML and as VML; read it once.)
      return;
    case 'w:r': {
      const rPr = child(node, 'w:rPr');
      if (rPr !== undefined && child(rPr, 'w:vanish') !== undefined) return;
      break;
    }
    default:
      break;
  }
  for (const c of node.children) textOf(c, out, breaks);
}

function cellText(tc: XmlElement): string {
  const parts: string[] = [];
  for (const c of tc.children) {
    if (c.kind !== 'element' || c.name === 'w:tcPr') continue;
    // Paragraphs inside a cell read as one line, like a wrapped HTML cell.
    parts.push(' ');
    textOf(c, parts, false);
  }
  return fold(parts.join(''));
}

class Emitter {
  readonly blocks: SourceBlock[] = [];
  readonly lines: string[] = [];
  private tableCount = 0;

  private line(text: string, path: string): void {
    for (const piece of text.split('\n')) {
      const t = fold(piece.replace(/\t/g, ' '));
      if (t === '') continue;
      this.lines.push(t);
      this.blocks.push({ kind: 'line', cells: [{ text: t, prov: { line: this.lines.length, path } }] });
    }
  }

  body(el: XmlElement, path: string): void {
    let p = 0;
    for (const c of el.children) {
      if (c.kind !== 'element') continue;
      if (c.name === 'w:p') {
        p++;
        const parts: string[] = [];
        textOf(c, parts, true);
        this.line(parts.join(''), `${path}p[${String(p)}]`);
      } else if (c.name === 'w:tbl') {
        this.table(c);
      } else if (c.name === 'w:sdt' || c.name === 'w:sdtContent' || c.name === 'w:customXml' || c.name === 'w:ins') {
        this.body(c, path);
      }
    }
  }

  private table(tbl: XmlElement): void {
    const index = this.tableCount++;
    const tablePath = `tbl[${String(index + 1)}]`;
    // Columns still covered by a vertical merge that started above: column → the open start cell.
    const open = new Map<number, { rowspan: number }>();
    const out: (SourceCell & { rowspan: number })[][] = [];
    const rows = children(tbl, 'w:tr');
    rows.forEach((tr, r) => {
      const cells: { text: string; col: number; colspan: number; k: number; merge: 'restart' | 'continue' | null }[] = [];
      const trPr = child(tr, 'w:trPr');
      let col = Number(attr(child(trPr ?? tr, 'w:gridBefore'), 'w:val') ?? 0) || 0;
      children(tr, 'w:tc').forEach((tc, k) => {
        const tcPr = child(tc, 'w:tcPr');
        const span = Math.min(Math.max(Number(attr(child(tcPr ?? tc, 'w:gridSpan'), 'w:val') ?? 1) || 1, 1), 200);
        const vm = tcPr === undefined ? undefined : child(tcPr, 'w:vMerge');
        const merge = vm === undefined ? null : attr(vm, 'w:val') === 'restart' ? 'restart' : 'continue';
        cells.push({ text: cellText(tc), col, colspan: span, k, merge });
        col += span;
      });
      const emitted: (SourceCell & { rowspan: number })[] = [];
      for (const c of cells) {
        if (c.merge === 'continue') {
          const start = open.get(c.col);
          if (start !== undefined) {
            start.rowspan++;
            continue;
          }
        }
        const cell = { text: c.text, col: c.col, colspan: c.colspan, rowspan: 1, prov: { path: `${tablePath}/tr[${String(r + 1)}]/tc[${String(c.k + 1)}]` } };
        if (c.merge === 'restart') open.set(c.col, cell);
        else open.delete(c.col);
        emitted.push(cell);
      }
      out.push(emitted);
    });
    for (const row of out) {
      // A row made only of merge continuations has no cell of its own.
      if (row.length === 0) continue;
      this.lines.push(row.map((c) => c.text).join('\t'));
      const line = this.lines.length;
      const cells: SourceCell[] = row.map((c) => ({ ...c, prov: { ...c.prov, line } }));
      this.blocks.push({ kind: 'row', cells, table: index });
    }
  }
}

/** The text of `word/document.xml`, or a DocxReadError saying why not. */
export function readDocumentXml(bytes: Uint8Array): string {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === DOCUMENT_XML && f.originalSize <= MAX_XML_BYTES });
  } catch (e) {
    throw new DocxReadError('broken', e instanceof Error ? e.message : String(e));
  }
  const xml = files[DOCUMENT_XML];
  if (xml === undefined) throw new DocxReadError('not_docx', 'the archive has no word/document.xml');
  return strFromU8(xml);
}

/** Turns the XML of a WordprocessingML document into blocks and visible text. */
export function docxXmlToDocument(xml: string): SourceDocument {
  const root = parseXml(xml, decodeEntities);
  const doc = root.children.find((c): c is XmlElement => c.kind === 'element' && c.name === 'w:document');
  const body = doc === undefined ? undefined : child(doc, 'w:body');
  if (body === undefined) throw new DocxReadError('not_docx', 'word/document.xml has no w:body');
  const e = new Emitter();
  e.body(body, '');
  return { format: 'docx', blocks: e.blocks, text: e.lines.join('\n') };
}

/** DOCX bytes → SourceDocument. Throws DocxReadError for archives that are not readable DOCX. */
export function docxToDocument(bytes: Uint8Array): SourceDocument {
  return docxXmlToDocument(readDocumentXml(bytes));
}
