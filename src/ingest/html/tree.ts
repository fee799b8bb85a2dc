/**
 * A small, tolerant HTML tokenizer and tree builder. No DOM: it runs in Node and in Web Workers.
 * It implements only the recovery rules these pages need (implicit closing of p/li/td/tr, void
 * elements, raw-text script/style, stray end tags ignored), not the full HTML5 algorithm.
 */
import { decodeEntities } from './entities';

export interface HtmlElement {
  readonly kind: 'element';
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: HtmlNode[];
}

export interface HtmlText {
  readonly kind: 'text';
  /** Decoded text (character references resolved), whitespace as in the source. */
  readonly text: string;
}

export type HtmlNode = HtmlElement | HtmlText;

const VOID = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'basefont', 'bgsound', 'frame', 'keygen',
]);

/** Elements whose content is not markup. */
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
const RCDATA = new Set(['title', 'textarea']);

/** Elements whose start closes an open <p> (HTML's "close a p element" rule, trimmed). */
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'main',
  'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'ul', 'li', 'dd', 'dt',
]);

const TABLE_SECTIONS = new Set(['thead', 'tbody', 'tfoot']);

function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57) || code === 45 || code === 58;
}

/** The tag name starting at `at`, or '' when no name starts there. */
function tagNameAt(html: string, at: number): string {
  if (!isNameStart(html.charCodeAt(at))) return '';
  let end = at + 1;
  while (end < html.length && isNameChar(html.charCodeAt(end))) end++;
  return html.slice(at, end);
}
const ATTR_RE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function makeElement(tag: string, attrs: Readonly<Record<string, string>>): HtmlElement {
  return { kind: 'element', tag, attrs, children: [] };
}

class TreeBuilder {
  readonly root: HtmlElement = makeElement('#root', {});
  private readonly stack: HtmlElement[] = [this.root];

  private get current(): HtmlElement {
    // The root is never popped, so the stack is never empty.
    return this.stack[this.stack.length - 1] ?? this.root;
  }

  text(text: string): void {
    if (text === '') return;
    this.current.children.push({ kind: 'text', text });
  }

  /** Index of the nearest open element named `tag`, not looking past any of `boundaries`; -1 when none. */
  private findOpen(tag: string, boundaries: ReadonlySet<string>): number {
    for (let i = this.stack.length - 1; i > 0; i--) {
      const t = this.stack[i]?.tag;
      if (t === tag) return i;
      if (t !== undefined && boundaries.has(t)) return -1;
    }
    return -1;
  }

  private popTo(index: number): void {
    if (index > 0) this.stack.length = index;
  }

  private static readonly P_SCOPE = new Set(['table', 'td', 'th', 'caption', 'button', 'li', 'dd', 'dt']);
  private static readonly LI_SCOPE = new Set(['ul', 'ol', 'table', 'td', 'th', 'menu']);
  private static readonly CELL_SCOPE = new Set(['tr', 'table']);
  private static readonly ROW_SCOPE = new Set(['table', 'thead', 'tbody', 'tfoot']);
  private static readonly SECTION_SCOPE = new Set(['table']);
  private static readonly END_SCOPE_CELL = new Set(['table']);
  private static readonly EMPTY = new Set<string>();

  start(tag: string, attrs: Readonly<Record<string, string>>, selfClosing: boolean): void {
    if (CLOSES_P.has(tag)) this.popTo(this.findOpen('p', TreeBuilder.P_SCOPE));
    if (tag === 'li') this.popTo(this.findOpen('li', TreeBuilder.LI_SCOPE));
    if (tag === 'dd' || tag === 'dt') {
      this.popTo(this.findOpen('dd', TreeBuilder.LI_SCOPE));
      this.popTo(this.findOpen('dt', TreeBuilder.LI_SCOPE));
    }
    if (tag === 'td' || tag === 'th') {
      this.popTo(this.findOpen('td', TreeBuilder.CELL_SCOPE));
      this.popTo(this.findOpen('th', TreeBuilder.CELL_SCOPE));
      // A cell straight inside a table or a section gets the row the markup forgot.
      const cur = this.current.tag;
      if (cur === 'table' || TABLE_SECTIONS.has(cur)) this.push(makeElement('tr', {}));
    }
    if (tag === 'tr') {
      this.closeCellsAndRow();
    }
    if (TABLE_SECTIONS.has(tag) || tag === 'caption' || tag === 'colgroup') {
      this.closeCellsAndRow();
      for (const s of TABLE_SECTIONS) this.popTo(this.findOpen(s, TreeBuilder.SECTION_SCOPE));
    }
    const el = makeElement(tag, attrs);
    this.current.children.push(el);
    if (!selfClosing && !VOID.has(tag)) this.stack.push(el);
  }

  private push(el: HtmlElement): void {
    this.current.children.push(el);
    this.stack.push(el);
  }

  private closeCellsAndRow(): void {
    this.popTo(this.findOpen('td', TreeBuilder.CELL_SCOPE));
    this.popTo(this.findOpen('th', TreeBuilder.CELL_SCOPE));
    this.popTo(this.findOpen('tr', TreeBuilder.ROW_SCOPE));
  }

  end(tag: string): void {
    if (tag === 'br') {
      this.current.children.push(makeElement('br', {}));
      return;
    }
    let boundaries: ReadonlySet<string> = TreeBuilder.EMPTY;
    if (tag === 'td' || tag === 'th' || tag === 'tr' || TABLE_SECTIONS.has(tag)) boundaries = TreeBuilder.END_SCOPE_CELL;
    else if (tag === 'p') boundaries = TreeBuilder.P_SCOPE;
    else if (tag === 'li') boundaries = TreeBuilder.LI_SCOPE;
    const i = this.findOpen(tag, boundaries);
    if (i > 0) this.popTo(i);
    // A stray end tag (no open element of that name) is ignored, as browsers do.
  }
}

const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze({});

function parseAttrs(src: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  ATTR_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR_RE.exec(src)) !== null) {
    const name = (m[1] ?? '').toLowerCase();
    if (name === '' || name in attrs) continue;
    attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** End of a tag whose attributes start at `from`: the index of its '>' outside quotes, or -1. */
function tagEnd(html: string, from: number): number {
  const gt = html.indexOf('>', from);
  if (gt < 0) return -1;
  // Fast path: no quote before the first '>', so that '>' ends the tag.
  const dq = html.indexOf('"', from);
  const sq = html.indexOf("'", from);
  if ((dq < 0 || dq > gt) && (sq < 0 || sq > gt)) return gt;
  let quote = '';
  for (let i = from; i < html.length; i++) {
    const c = html[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      // Quotes only delimit attribute values (after '='); elsewhere they are ordinary characters.
      if (html[i - 1] === '=' || (html[i - 1] === ' ' && html[i - 2] === '=')) quote = c;
    } else if (c === '>') {
      return i;
    }
  }
  return -1;
}

/** Parses an HTML string into a tree. Never throws: malformed markup is recovered or kept as text. */
export function parseHtml(html: string): HtmlElement {
  const b = new TreeBuilder();
  const lower = html.toLowerCase();
  let pos = 0;
  const n = html.length;
  while (pos < n) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) {
      b.text(decodeEntities(html.slice(pos)));
      break;
    }
    if (lt > pos) b.text(decodeEntities(html.slice(pos, lt)));
    const next = html[lt + 1];
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      pos = close < 0 ? n : close + 3;
      continue;
    }
    if (next === '!' || next === '?') {
      const close = html.indexOf('>', lt + 2);
      pos = close < 0 ? n : close + 1;
      continue;
    }
    if (next === '/') {
      const name = tagNameAt(html, lt + 2);
      const close = html.indexOf('>', lt + 2);
      // "</ >" or "</3" is not a tag; browsers drop it as a bogus comment.
      if (name !== '') b.end(name.toLowerCase());
      pos = close < 0 ? n : close + 1;
      continue;
    }
    const name = tagNameAt(html, lt + 1);
    if (name === '') {
      b.text('<');
      pos = lt + 1;
      continue;
    }
    const tag = name.toLowerCase();
    const end = tagEnd(html, lt + 1 + name.length);
    if (end < 0) {
      // An unterminated tag at the end of the input: nothing visible follows.
      break;
    }
    let attrSrc = html.slice(lt + 1 + name.length, end);
    const selfClosing = attrSrc.endsWith('/');
    if (selfClosing) attrSrc = attrSrc.slice(0, -1);
    const attrs = attrSrc.trim() === '' ? NO_ATTRS : parseAttrs(attrSrc);
    pos = end + 1;
    if (RAW_TEXT.has(tag) || RCDATA.has(tag)) {
      const closeAt = selfClosing ? pos : lower.indexOf(`</${tag}`, pos);
      const contentEnd = closeAt < 0 ? n : closeAt;
      b.start(tag, attrs, false);
      if (RCDATA.has(tag)) b.text(decodeEntities(html.slice(pos, contentEnd)));
      b.end(tag);
      if (closeAt < 0) {
        pos = n;
      } else {
        const gt = html.indexOf('>', closeAt);
        pos = gt < 0 ? n : gt + 1;
      }
      continue;
    }
    b.start(tag, attrs, selfClosing);
  }
  return b.root;
}
