/**
 * A small, tolerant HTML tokenizer and tree builder. No DOM: it runs in Node and in Web Workers.
 * It implements only the recovery rules these pages need (implicit closing of p/li/td/tr, void
 * elements, raw-text script/style, stray end tags ignored), not the full HTML5 algorithm.
 *
 * Speed matters (the whole ingest aims at thousands of reports per second per core), so the scanner
 * walks char codes in one pass, slices only what it keeps, reads only the attributes that decide
 * what is visible and where a table cell sits, and reads a start tag's attributes once per page for
 * each distinct attribute text (generated pages repeat the same few on every cell).
 */
import { decodeEntities } from './entities';

/**
 * The attributes the front end reads; all others are skipped unread. Names are case-insensitive and,
 * as in browsers, the first occurrence of a name wins. Values have their character references resolved.
 */
export interface HtmlAttrs {
  /** The element is not rendered: a `hidden` attribute, or an inline style with display:none / visibility:hidden. */
  readonly hidden: boolean;
  readonly colspan: string | undefined;
  readonly rowspan: string | undefined;
}

export interface HtmlElement {
  readonly kind: 'element';
  readonly tag: string;
  readonly attrs: HtmlAttrs;
  readonly children: HtmlNode[];
  /** Some descendant (at any depth) is a `<table>`; set while the tree is built. */
  hasTable: boolean;
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

const HIDDEN_STYLE_RE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQ = 0x3d;
const DQ = 0x22;
const SQ = 0x27;
const BANG = 0x21;
const QUESTION = 0x3f;
const DASH = 0x2d;

function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57) || code === 45 || code === 58;
}

/** End of the tag name starting at `at` (exclusive), or `at` itself when no name starts there. */
function tagNameEnd(html: string, at: number): number {
  if (!isNameStart(html.charCodeAt(at))) return at;
  let end = at + 1;
  while (end < html.length && isNameChar(html.charCodeAt(end))) end++;
  return end;
}

/**
 * Tag names interned as lower-case constants: the page's own spelling (a fresh, often two-byte string)
 * is never sliced or lower-cased for these, and set lookups and comparisons on constants are cheap.
 */
const KNOWN_TAGS: readonly string[] = [
  ...new Set([
    ...VOID, ...RAW_TEXT, ...RCDATA, ...CLOSES_P, ...TABLE_SECTIONS,
    'html', 'head', 'body', 'table', 'caption', 'colgroup', 'tr', 'td', 'th', 'a', 'span', 'font', 'b', 'strong', 'i',
    'em', 'u', 's', 'sub', 'sup', 'small', 'big', 'label', 'o:p', 'button', 'select', 'option', 'noscript', 'template',
    'object', 'svg', 'math', 'canvas', 'map', 'audio', 'video', 'legend', 'frameset', 'center', 'st1:chsdate',
  ]),
];
/** A tag name and its `tagBits`. */
interface TagInfo {
  readonly name: string;
  readonly bits: number;
}

/** KNOWN_TAGS by length and first letter: `TAG_SLOTS[len * 26 + letter]`; filled once the bits are known (below). */
const MAX_KNOWN_LEN = 12;
const TAG_SLOTS: (TagInfo[] | undefined)[] = [];

/**
 * The lower-case name of the tag at `html[from, to)`, a name that starts with an ASCII letter, with
 * its bits: for a known name both come from its slot, without a lookup by name.
 */
function tagInfo(html: string, from: number, to: number): TagInfo {
  const len = to - from;
  if (len <= MAX_KNOWN_LEN) {
    const slot = TAG_SLOTS[len * 26 + (html.charCodeAt(from) | 0x20) - 97];
    if (slot !== undefined) for (const t of slot) if (nameIs(html, from, to, t.name)) return t;
  }
  const name = html.slice(from, to).toLowerCase();
  return { name, bits: tagBits(name) };
}

/** JavaScript's `\s`: the attribute grammar below is defined with it. */
function isJsSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** ASCII characters that are not part of an attribute name, as a lookup table. */
const ENDS_NAME_ASCII = new Uint8Array(128);
for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, DQ, SQ, GT, SLASH, EQ]) ENDS_NAME_ASCII[c] = 1;

/** Not part of an attribute name: `\s`, quotes, `>`, `/`, `=`. */
function endsAttrName(c: number): boolean {
  return c < 128 ? ENDS_NAME_ASCII[c] === 1 : isJsSpace(c);
}

/**
 * Whether a style value in `html[from, to)` could hide its element: both "none" and "hidden" hold an
 * 'n' (the case-insensitive match never maps a non-ASCII letter to one), and '&' could decode to one.
 * Most styles (`width:47px;`) fail this cheap test, which spares a slice and a regular expression.
 */
function mayHide(html: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = html.charCodeAt(i);
    if (c === 0x6e || c === 0x4e || c === 0x26) return true;
  }
  return false;
}

/**
 * `html[from, to)` equals `lowerName` ignoring ASCII case. `lowerName` is lower-case; its digits, '-'
 * and ':' match only themselves (their "upper case", 32 below, is a control character no name holds).
 */
function nameIs(html: string, from: number, to: number, lowerName: string): boolean {
  if (to - from !== lowerName.length) return false;
  for (let k = 0; k < lowerName.length; k++) {
    const c = html.charCodeAt(from + k);
    const want = lowerName.charCodeAt(k);
    if (c !== want && c !== want - 32) return false;
  }
  return true;
}

const NO_ATTRS: HtmlAttrs = Object.freeze({ hidden: false, colspan: undefined, rowspan: undefined });

/**
 * Reads the attributes in `html[from, to)`. The grammar is that of the regular expression
 * `([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?` applied repeatedly (characters that
 * start no name are skipped), which is how the front end has always read attributes.
 */
function scanAttrs(html: string, from: number, to: number): HtmlAttrs {
  let hidden = false;
  let styled = false;
  let hidesByStyle = false;
  let colspan: string | undefined;
  let rowspan: string | undefined;
  let any = false;
  let p = from;
  while (p < to) {
    if (endsAttrName(html.charCodeAt(p))) {
      p++;
      continue;
    }
    const nameStart = p;
    while (p < to && !endsAttrName(html.charCodeAt(p))) p++;
    const nameEnd = p;
    // Optional `\s*=\s*value`; when no value follows, the match is the bare name and scanning resumes after it.
    let valueStart = -1;
    let valueEnd = -1;
    let q = p;
    while (q < to && isJsSpace(html.charCodeAt(q))) q++;
    if (q < to && html.charCodeAt(q) === EQ) {
      q++;
      while (q < to && isJsSpace(html.charCodeAt(q))) q++;
      if (q < to) {
        const c = html.charCodeAt(q);
        let close = -1;
        if (c === DQ || c === SQ) {
          // A loop, not indexOf: the search must stop at the tag's end, and values are short.
          for (let e = q + 1; e < to; e++) {
            if (html.charCodeAt(e) === c) {
              close = e;
              break;
            }
          }
        }
        if (close >= 0) {
          valueStart = q + 1;
          valueEnd = close;
          p = close + 1;
        } else if (c !== GT && !isJsSpace(c)) {
          // Unquoted (or an unclosed quote, which then is part of the value): up to `\s` or `>`.
          let e = q + 1;
          while (e < to) {
            const d = html.charCodeAt(e);
            if (d === GT || isJsSpace(d)) break;
            e++;
          }
          valueStart = q;
          valueEnd = e;
          p = e;
        }
      }
    }
    const len = nameEnd - nameStart;
    if (len === 6 && !hidden && nameIs(html, nameStart, nameEnd, 'hidden')) {
      hidden = true;
      any = true;
    } else if (len === 5 && !styled && nameIs(html, nameStart, nameEnd, 'style')) {
      // Only the first style attribute counts; only whether it hides matters.
      styled = true;
      if (!hidden && valueStart >= 0 && mayHide(html, valueStart, valueEnd)) {
        hidesByStyle = HIDDEN_STYLE_RE.test(decodeEntities(html.slice(valueStart, valueEnd)));
      }
      any = true;
    } else if (len === 7 && colspan === undefined && nameIs(html, nameStart, nameEnd, 'colspan')) {
      colspan = valueStart < 0 ? '' : decodeEntities(html.slice(valueStart, valueEnd));
      any = true;
    } else if (len === 7 && rowspan === undefined && nameIs(html, nameStart, nameEnd, 'rowspan')) {
      rowspan = valueStart < 0 ? '' : decodeEntities(html.slice(valueStart, valueEnd));
      any = true;
    }
  }
  if (!any) return NO_ATTRS;
  if (hidesByStyle) hidden = true;
  // A visible element without spans (most styled cells) shares the empty record.
  if (!hidden && colspan === undefined && rowspan === undefined) return NO_ATTRS;
  return { hidden, colspan, rowspan };
}

function makeElement(tag: string, attrs: HtmlAttrs): HtmlElement {
  return { kind: 'element', tag, attrs, children: [], hasTable: false };
}

/**
 * Per-tag facts as bits: the builder and the tokeniser ask several of them for every tag, and bit
 * tests on a number found with the tag's name (its slot, for a known name) are much cheaper than a
 * Set lookup per question. A scope is the set of open elements a search for an open element stops at.
 */
const IS_VOID = 1;
const IS_CLOSES_P = 2;
const IS_SECTION = 4;
const IN_P_SCOPE = 8;
const IN_LI_SCOPE = 16;
const IN_CELL_SCOPE = 32;
const IN_ROW_SCOPE = 64;
/** The one-element scope {table} (sections, and end tags of cells, rows and sections). */
const IS_TABLE = 128;
const IS_RAW_TEXT = 256;
const IS_RCDATA = 512;

const TAG_BITS = new Map<string, number>();
function addBits(tags: Iterable<string>, bit: number): void {
  for (const t of tags) TAG_BITS.set(t, (TAG_BITS.get(t) ?? 0) | bit);
}
addBits(VOID, IS_VOID);
addBits(CLOSES_P, IS_CLOSES_P);
addBits(TABLE_SECTIONS, IS_SECTION);
addBits(['table', 'td', 'th', 'caption', 'button', 'li', 'dd', 'dt'], IN_P_SCOPE);
addBits(['ul', 'ol', 'table', 'td', 'th', 'menu'], IN_LI_SCOPE);
addBits(['tr', 'table'], IN_CELL_SCOPE);
addBits(['table', 'thead', 'tbody', 'tfoot'], IN_ROW_SCOPE);
addBits(['table'], IS_TABLE);
addBits(RAW_TEXT, IS_RAW_TEXT);
addBits(RCDATA, IS_RCDATA);

function tagBits(tag: string): number {
  return TAG_BITS.get(tag) ?? 0;
}

for (const name of KNOWN_TAGS) {
  const slot = name.length * 26 + name.charCodeAt(0) - 97;
  (TAG_SLOTS[slot] ??= []).push({ name, bits: tagBits(name) });
}

const SECTION_TAGS: readonly string[] = [...TABLE_SECTIONS];

class TreeBuilder {
  readonly root: HtmlElement = makeElement('#root', NO_ATTRS);
  private readonly stack: HtmlElement[] = [this.root];
  /** `tagBits` of each element of `stack`, index for index. */
  private readonly bits: number[] = [0];

  private get current(): HtmlElement {
    // The root is never popped, so the stack is never empty.
    return this.stack[this.stack.length - 1] ?? this.root;
  }

  text(text: string): void {
    if (text === '') return;
    this.current.children.push({ kind: 'text', text });
  }

  /** Index of the nearest open element named `tag`, not looking past any element with a bit of `scope`; -1 when none. */
  private findOpen(tag: string, scope: number): number {
    for (let i = this.stack.length - 1; i > 0; i--) {
      if (this.stack[i]?.tag === tag) return i;
      if (((this.bits[i] ?? 0) & scope) !== 0) return -1;
    }
    return -1;
  }

  private popTo(index: number): void {
    if (index <= 0) return;
    // pop() rather than setting length: much cheaper in V8 for the usual one or two elements.
    while (this.stack.length > index) {
      this.stack.pop();
      this.bits.pop();
    }
  }

  /** `bits` is `tagBits(tag)`. */
  start(tag: string, bits: number, attrs: HtmlAttrs, selfClosing: boolean): void {
    if ((bits & IS_CLOSES_P) !== 0) this.popTo(this.findOpen('p', IN_P_SCOPE));
    if (tag === 'li') this.popTo(this.findOpen('li', IN_LI_SCOPE));
    if (tag === 'dd' || tag === 'dt') {
      this.popTo(this.findOpen('dd', IN_LI_SCOPE));
      this.popTo(this.findOpen('dt', IN_LI_SCOPE));
    }
    if (tag === 'td' || tag === 'th') {
      this.popTo(this.findOpen('td', IN_CELL_SCOPE));
      this.popTo(this.findOpen('th', IN_CELL_SCOPE));
      // A cell straight inside a table or a section gets the row the markup forgot.
      if (((this.bits[this.bits.length - 1] ?? 0) & (IS_TABLE | IS_SECTION)) !== 0) this.push(makeElement('tr', NO_ATTRS), tagBits('tr'));
    }
    if (tag === 'tr') {
      this.closeCellsAndRow();
    }
    if ((bits & IS_SECTION) !== 0 || tag === 'caption' || tag === 'colgroup') {
      this.closeCellsAndRow();
      for (const s of SECTION_TAGS) this.popTo(this.findOpen(s, IS_TABLE));
    }
    if (tag === 'table') {
      // Every open element is an ancestor of the new table. Marking stops at the first one already
      // marked: its own ancestors were marked with it.
      for (let i = this.stack.length - 1; i >= 0; i--) {
        const a = this.stack[i];
        if (a === undefined || a.hasTable) break;
        a.hasTable = true;
      }
    }
    const el = makeElement(tag, attrs);
    this.current.children.push(el);
    if (!selfClosing && (bits & IS_VOID) === 0) {
      this.stack.push(el);
      this.bits.push(bits);
    }
  }

  private push(el: HtmlElement, bits: number): void {
    this.current.children.push(el);
    this.stack.push(el);
    this.bits.push(bits);
  }

  private closeCellsAndRow(): void {
    this.popTo(this.findOpen('td', IN_CELL_SCOPE));
    this.popTo(this.findOpen('th', IN_CELL_SCOPE));
    this.popTo(this.findOpen('tr', IN_ROW_SCOPE));
  }

  /** `bits` is `tagBits(tag)`. */
  end(tag: string, bits: number): void {
    if (tag === 'br') {
      this.current.children.push(makeElement('br', NO_ATTRS));
      return;
    }
    let scope = 0;
    if (tag === 'td' || tag === 'th' || tag === 'tr' || (bits & IS_SECTION) !== 0) scope = IS_TABLE;
    else if (tag === 'p') scope = IN_P_SCOPE;
    else if (tag === 'li') scope = IN_LI_SCOPE;
    const i = this.findOpen(tag, scope);
    if (i > 0) this.popTo(i);
    // A stray end tag (no open element of that name) is ignored, as browsers do.
  }
}

/**
 * What a start tag's text after its name, up to and including its closing '>', gives. Both depend
 * on that text alone: `tagEnd` looks back at most two characters, which for the first ones are the
 * tag name's (never '=' or a space), and `scanAttrs` reads only between the name and the '>'.
 */
interface SeenTag {
  readonly selfClosing: boolean;
  readonly attrs: HtmlAttrs;
}

/** Longer tag texts are not remembered: they are rare, and a long key costs its hashing. */
const MAX_SEEN_CHARS = 200;

/** End of a tag whose attributes start at `from`: the index of its '>' outside quotes, or -1. */
function tagEnd(html: string, from: number): number {
  const n = html.length;
  let quote = 0;
  for (let i = from; i < n; i++) {
    const c = html.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === GT) {
      return i;
    } else if (c === DQ || c === SQ) {
      // Quotes only delimit attribute values (after '='); elsewhere they are ordinary characters.
      const before = html.charCodeAt(i - 1);
      if (before === EQ || (before === 0x20 && html.charCodeAt(i - 2) === EQ)) quote = c;
    }
  }
  return -1;
}

/**
 * Where `</tag` (ASCII case-insensitive; `tag` is lower-case letters) next starts at or after `from`, or -1.
 * Equivalent to searching the lower-cased page, given `html` has no character whose lower case is longer
 * (only U+0130 in practice: the caller falls back to the lower-cased page then).
 */
function findEndTag(html: string, tag: string, from: number): number {
  let at = html.indexOf('</', from);
  while (at >= 0) {
    if (at + 2 + tag.length <= html.length && nameIs(html, at + 2, at + 2 + tag.length, tag)) return at;
    at = html.indexOf('</', at + 2);
  }
  return -1;
}

/** Parses an HTML string into a tree. Never throws: malformed markup is recovered or kept as text. */
export function parseHtml(html: string): HtmlElement {
  const b = new TreeBuilder();
  // Lower-casing can lengthen a string (U+0130 → "i̇"), which shifts the indices the raw-text search
  // returns; only then is the whole page lower-cased, to find the same end tags as it always has.
  let lower: string | null = null;
  let shifty: boolean | null = null;
  // The next '&' at or after `pos` (n when none), found once for many texts: most hold none, and
  // then their slice is their text without a search of its own.
  let amp = -1;
  // Pages repeat the same attributes on tag after tag (`<td nowrap="nowrap" style="width:47px;">`):
  // what a tag's text up to its first '>' gave is reused when that text recurs.
  const seen = new Map<string, SeenTag>();
  let pos = 0;
  const n = html.length;
  while (pos < n) {
    // Markup is mostly tag after tag: look at the next character before searching.
    const lt = html.charCodeAt(pos) === LT ? pos : html.indexOf('<', pos);
    if (lt < 0) {
      b.text(decodeEntities(html.slice(pos)));
      break;
    }
    if (lt > pos) {
      if (amp < pos) {
        amp = html.indexOf('&', pos);
        if (amp < 0) amp = n;
      }
      const raw = html.slice(pos, lt);
      b.text(amp < lt ? decodeEntities(raw) : raw);
    }
    const next = html.charCodeAt(lt + 1);
    if (next === BANG && html.charCodeAt(lt + 2) === DASH && html.charCodeAt(lt + 3) === DASH) {
      const close = html.indexOf('-->', lt + 4);
      pos = close < 0 ? n : close + 3;
      continue;
    }
    if (next === BANG || next === QUESTION) {
      const close = html.indexOf('>', lt + 2);
      pos = close < 0 ? n : close + 1;
      continue;
    }
    if (next === SLASH) {
      const nameEnd = tagNameEnd(html, lt + 2);
      // The name holds no '>', so one right after it is the first; usually it is there.
      const close = html.charCodeAt(nameEnd) === GT ? nameEnd : html.indexOf('>', nameEnd);
      // "</ >" or "</3" is not a tag; browsers drop it as a bogus comment.
      if (nameEnd > lt + 2) {
        const info = tagInfo(html, lt + 2, nameEnd);
        b.end(info.name, info.bits);
      }
      pos = close < 0 ? n : close + 1;
      continue;
    }
    const nameEnd = tagNameEnd(html, lt + 1);
    if (nameEnd === lt + 1) {
      b.text('<');
      pos = lt + 1;
      continue;
    }
    const info = tagInfo(html, lt + 1, nameEnd);
    const tag = info.name;
    const bits = info.bits;
    // The tag's text up to its first '>': when it was seen before, the end and attributes are known.
    const gt = html.indexOf('>', nameEnd);
    const key = gt > nameEnd && gt - nameEnd < MAX_SEEN_CHARS ? html.slice(nameEnd, gt + 1) : null;
    const known = key === null ? undefined : seen.get(key);
    let end: number;
    let selfClosing: boolean;
    let attrs: HtmlAttrs;
    if (gt === nameEnd) {
      // `<p>`: no attributes, and the '>' right after the name ends the tag.
      end = gt;
      selfClosing = false;
      attrs = NO_ATTRS;
    } else if (known !== undefined) {
      end = gt;
      selfClosing = known.selfClosing;
      attrs = known.attrs;
    } else {
      end = tagEnd(html, nameEnd);
      if (end < 0) {
        // An unterminated tag at the end of the input: nothing visible follows.
        break;
      }
      selfClosing = end > nameEnd && html.charCodeAt(end - 1) === SLASH;
      attrs = scanAttrs(html, nameEnd, selfClosing ? end - 1 : end);
      // Only a tag that ends at its first '>' is known by that text (a quoted '>' ends none).
      if (key !== null && end === gt) seen.set(key, { selfClosing, attrs });
    }
    pos = end + 1;
    if ((bits & (IS_RCDATA | IS_RAW_TEXT)) !== 0) {
      const rcdata = (bits & IS_RCDATA) !== 0;
      let closeAt: number;
      if (selfClosing) closeAt = pos;
      else if ((shifty ??= html.includes('\u0130'))) closeAt = (lower ??= html.toLowerCase()).indexOf(`</${tag}`, pos);
      else closeAt = findEndTag(html, tag, pos);
      const contentEnd = closeAt < 0 ? n : closeAt;
      b.start(tag, bits, attrs, false);
      if (rcdata) b.text(decodeEntities(html.slice(pos, contentEnd)));
      b.end(tag, bits);
      if (closeAt < 0) {
        pos = n;
      } else {
        const gt = html.indexOf('>', closeAt);
        pos = gt < 0 ? n : gt + 1;
      }
      continue;
    }
    b.start(tag, bits, attrs, selfClosing);
  }
  return b.root;
}
