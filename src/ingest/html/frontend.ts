/**
 * HTML front end: turns an HTML page into a SourceDocument without DOM APIs (runs in Node and Workers).
 *
 * Data tables (tables with no table inside) become one `row` block per `<tr>`, with grid columns
 * computed after rowspan/colspan expansion. Everything else becomes `line` blocks, broken at
 * block-level elements and `<br>`. Layout tables (a table holding another table, or a single cell)
 * are read as ordinary flow so that a report inside site chrome still yields its paragraphs.
 */
import type { SourceBlock, SourceCell, SourceDocument } from '../document';
import { parseHtml, type HtmlElement, type HtmlNode } from './tree';

/** Not visible, or not content. */
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'select',
  'textarea', 'button', 'xmp', 'noembed', 'noframes', 'map', 'audio', 'video',
]);

/** Elements that start and end a line of text. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup',
  'hr', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'ul', 'table', 'caption', 'tr',
  'td', 'th', 'thead', 'tbody', 'tfoot', 'title', 'body', 'html', 'head', 'legend', 'option', 'frameset',
]);

/**
 * The longest template cell (a 申请 row label or the 勾稽 header note) has about 40 characters; a
 * cell far longer than that holds running text, so its table is page layout.
 */
const MAX_DATA_CELL_CHARS = 200;
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Spans above this are markup errors; clamping keeps a bad colspan from allocating a huge grid. */
const MAX_SPAN = 200;

/** Collapsible whitespace; a no-break space renders as a space and `&nbsp;` alone counts as empty. */
const WS_RE = /[ \t\n\r\f\u00a0\u200b]+/g;
/** Whether WS_RE would change anything: a collapsible character other than a space, or two spaces in a row. */
const NEEDS_COLLAPSE_RE = /[\t\n\r\f\u00a0\u200b]| {2}/;

/**
 * Each run of collapsible whitespace becomes one space, then the ends are trimmed. Most cell and line
 * texts need no collapsing, and a regular-expression test finds that faster than a replace (or a loop).
 */
export function fold(s: string): string {
  return NEEDS_COLLAPSE_RE.test(s) ? s.replace(WS_RE, ' ').trim() : s.trim();
}

function isHidden(el: HtmlElement): boolean {
  return el.attrs.hidden;
}

function spanAttr(el: HtmlElement, name: 'colspan' | 'rowspan'): number {
  const raw = el.attrs[name];
  if (raw === undefined) return 1;
  const v = parseInt(raw, 10);
  // rowspan="0" means "to the end of the section"; one row is the safe reading for a row walker.
  if (!Number.isFinite(v) || v < 1) return 1;
  return Math.min(v, MAX_SPAN);
}

/** The rows of a table in document order (through thead/tbody/tfoot and stray wrappers, not into nested tables). */
function collectRows(el: HtmlElement, out: HtmlElement[]): HtmlElement[] {
  for (const c of el.children) {
    if (c.kind !== 'element' || c.tag === 'table' || DROPPED.has(c.tag)) continue;
    if (c.tag === 'tr') out.push(c);
    else if (c.tag !== 'td' && c.tag !== 'th') collectRows(c, out);
  }
  return out;
}

function rowCells(tr: HtmlElement): HtmlElement[] {
  const cells: HtmlElement[] = [];
  for (const c of tr.children) {
    if (c.kind === 'element' && (c.tag === 'td' || c.tag === 'th')) cells.push(c);
  }
  return cells;
}

/** Visible text of a subtree on one line: block boundaries and <br> become spaces. */
function inlineText(node: HtmlNode, parts: string[]): void {
  if (node.kind === 'text') {
    parts.push(node.text);
    return;
  }
  if (DROPPED.has(node.tag) || isHidden(node)) return;
  if (node.tag === 'br') {
    parts.push(' ');
    return;
  }
  const block = BLOCK.has(node.tag);
  if (block) parts.push(' ');
  for (const c of node.children) inlineText(c, parts);
  if (block) parts.push(' ');
}

function preText(node: HtmlNode, parts: string[]): void {
  if (node.kind === 'text') {
    parts.push(node.text);
    return;
  }
  if (DROPPED.has(node.tag) || isHidden(node)) return;
  if (node.tag === 'br') {
    parts.push('\n');
    return;
  }
  for (const c of node.children) preText(c, parts);
}

function cellText(td: HtmlElement): string {
  const only = td.children.length === 1 ? td.children[0] : undefined;
  // The usual cell holds one text node: no parts to gather.
  if (only?.kind === 'text') return fold(only.text);
  // Or one paragraph (Word's <td><p>0</p></td>) holding one text node: the spaces a block adds
  // around it are trimmed by `fold` anyway.
  if (only !== undefined && only.children.length === 1 && BLOCK.has(only.tag) && !isHidden(only) && !DROPPED.has(only.tag)) {
    const inner = only.children[0];
    if (inner?.kind === 'text') return fold(inner.text);
  }
  const parts: string[] = [];
  for (const c of td.children) inlineText(c, parts);
  return fold(parts.join(''));
}

function hasHeading(el: HtmlElement): boolean {
  for (const c of el.children) {
    if (c.kind !== 'element') continue;
    if (HEADINGS.has(c.tag) || hasHeading(c)) return true;
  }
  return false;
}

function captionOf(table: HtmlElement): HtmlElement | null {
  for (const c of table.children) if (c.kind === 'element' && c.tag === 'caption') return c;
  return null;
}

interface DataTable {
  readonly rows: readonly (readonly HtmlElement[])[];
  readonly texts: readonly string[];
}

class Emitter {
  readonly blocks: SourceBlock[] = [];
  readonly lines: string[] = [];
  private buf: string[] = [];
  private tableCount = 0;

  flush(): void {
    if (this.buf.length === 0) return;
    const text = fold(this.buf.join(''));
    this.buf = [];
    if (text === '') return;
    this.lines.push(text);
    const line = this.lines.length;
    this.blocks.push({ kind: 'line', cells: [{ text, prov: { line } }] });
  }

  walk(node: HtmlNode): void {
    if (node.kind === 'text') {
      this.buf.push(node.text);
      return;
    }
    const tag = node.tag;
    if (DROPPED.has(tag) || isHidden(node)) return;
    if (tag === 'br') {
      this.flush();
      return;
    }
    if (tag === 'pre') {
      // Preformatted text keeps its line breaks: each source line is a line of the text.
      this.flush();
      const parts: string[] = [];
      for (const c of node.children) preText(c, parts);
      for (const l of parts.join('').split(/\r?\n/)) {
        this.buf.push(l);
        this.flush();
      }
      return;
    }
    if (tag === 'head') {
      // Of the head only the title is shown (in the tab); it often is the report's only title line.
      for (const c of node.children) if (c.kind === 'element' && c.tag === 'title') this.walk(c);
      this.flush();
      return;
    }
    if (tag === 'table') {
      const data = this.dataTable(node);
      if (data !== null) {
        this.flush();
        this.emitTable(node, data);
        return;
      }
    }
    const block = BLOCK.has(tag);
    if (block) this.flush();
    for (const c of node.children) this.walk(c);
    if (block) this.flush();
  }

  /**
   * A data table's rows (their cells) and the cells' texts in document order, or null when the table
   * is page layout. Computed once: the emitter reuses both.
   */
  private dataTable(table: HtmlElement): DataTable | null {
    if (table.hasTable) return null;
    const rows: HtmlElement[][] = [];
    const texts: string[] = [];
    for (const r of collectRows(table, [])) {
      const cells = rowCells(r);
      for (const td of cells) {
        // Prose or headings in a cell: a page laid out with a table (menu | article), not statistics.
        if (hasHeading(td)) return null;
        const text = cellText(td);
        if (text.length > MAX_DATA_CELL_CHARS) return null;
        texts.push(text);
      }
      rows.push(cells);
    }
    // A one-cell table is a frame around content, not a statistics table.
    return texts.length > 1 ? { rows, texts } : null;
  }

  private emitTable(table: HtmlElement, { rows, texts }: DataTable): void {
    const tableIndex = this.tableCount++;
    const caption = captionOf(table);
    if (caption !== null) {
      for (const c of caption.children) this.walk(c);
      this.flush();
    }
    const tablePath = `table[${String(tableIndex + 1)}]/tr[`;
    // occupied[r][c] is set when grid column c of row r is taken by a cell from an earlier row or to the left.
    const occupied: (boolean[] | undefined)[] = [];
    let t = 0;
    for (let r = 0; r < rows.length; r++) {
      const tds = rows[r] ?? [];
      const here = (occupied[r] ??= []);
      const cells: SourceCell[] = [];
      const line = this.lines.length + 1;
      const rowPath = `${tablePath}${String(r + 1)}]/`;
      let lineText = '';
      let col = 0;
      for (let k = 0; k < tds.length; k++) {
        const td = tds[k];
        if (td === undefined) continue;
        while (here[col] === true) col++;
        const colspan = spanAttr(td, 'colspan');
        const rowspan = spanAttr(td, 'rowspan');
        for (let dr = 0; dr < rowspan; dr++) {
          const taken = (occupied[r + dr] ??= []);
          for (let dc = 0; dc < colspan; dc++) taken[col + dc] = true;
        }
        const text = texts[t++] ?? '';
        cells.push({ text, prov: { line, path: `${rowPath}${td.tag}[${String(k + 1)}]` }, col, colspan, rowspan });
        lineText = k === 0 ? text : `${lineText}\t${text}`;
        col += colspan;
      }
      // A row made only of span continuations has no cell of its own: nothing to emit.
      if (cells.length === 0) continue;
      this.lines.push(lineText);
      this.blocks.push({ kind: 'row', cells, table: tableIndex });
    }
  }
}

/**
 * Parses an HTML page (already decoded to a string) into blocks and visible text.
 * Line n of `text` is the block with `prov.line === n`; table rows are their cells joined by tabs.
 * Paths are 1-based like XPath (`table[1]/tr[5]/td[2]` = first data table, fifth row, second cell);
 * the block's `table` field is the same table's 0-based index.
 */
export function htmlToDocument(html: string): SourceDocument {
  const root = parseHtml(html);
  const e = new Emitter();
  e.walk(root);
  e.flush();
  return { format: 'html', blocks: e.blocks, text: e.lines.join('\n') };
}
