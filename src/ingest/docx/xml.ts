/**
 * A small non-validating XML reader for WordprocessingML: elements (with their qualified names as
 * written, e.g. `w:tc`), attributes and text. Comments, processing instructions and doctype are
 * skipped; CDATA is text. Malformed input never throws: unclosed elements close at the end.
 */

export interface XmlText {
  readonly kind: 'text';
  readonly text: string;
}

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlNode[];
}

export type XmlNode = XmlText | XmlElement;

const ATTR_RE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function parseAttrs(s: string, decode: (s: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(ATTR_RE)) {
    const name = m[1];
    if (name !== undefined) out[name] = decode(m[2] ?? m[3] ?? '');
  }
  return out;
}

/** Parses XML text into a root element named `#document`. `decode` resolves character references. */
export function parseXml(xml: string, decode: (s: string) => string): XmlElement {
  const root: XmlElement = { kind: 'element', name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const top = stack[stack.length - 1] ?? root;
    if (lt === -1) {
      pushText(top, xml.slice(i), decode);
      break;
    }
    if (lt > i) pushText(top, xml.slice(i, lt), decode);
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      top.children.push({ kind: 'text', text: xml.slice(lt + 9, end === -1 ? n : end) });
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (xml.startsWith('<?', lt) || xml.startsWith('<!', lt)) {
      const end = xml.indexOf('>', lt + 2);
      i = end === -1 ? n : end + 1;
      continue;
    }
    const gt = findTagEnd(xml, lt + 1);
    if (gt === -1) break;
    const body = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (body.startsWith('/')) {
      const name = body.slice(1).trim();
      // Close up to the matching element; a stray end tag is ignored.
      for (let k = stack.length - 1; k > 0; k--) {
        if (stack[k]?.name === name) {
          stack.length = k;
          break;
        }
      }
      continue;
    }
    const selfClosing = body.endsWith('/');
    const inner = selfClosing ? body.slice(0, -1) : body;
    const m = /^\s*([^\s/>]+)/.exec(inner);
    if (m?.[1] === undefined) continue;
    const el: XmlElement = { kind: 'element', name: m[1], attrs: parseAttrs(inner.slice(m[0].length), decode), children: [] };
    top.children.push(el);
    if (!selfClosing) stack.push(el);
  }
  return root;
}

/** The `>` ending a tag that starts at `from`, skipping quoted attribute values. */
function findTagEnd(xml: string, from: number): number {
  let q: string | null = null;
  for (let k = from; k < xml.length; k++) {
    const ch = xml.charAt(k);
    if (q !== null) {
      if (ch === q) q = null;
    } else if (ch === '"' || ch === "'") q = ch;
    else if (ch === '>') return k;
  }
  return -1;
}

function pushText(el: XmlElement, raw: string, decode: (s: string) => string): void {
  if (raw === '') return;
  el.children.push({ kind: 'text', text: raw.includes('&') ? decode(raw) : raw });
}
