/** A small XML well-formedness checker and element reader for tests (no XML parser is installed). */

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function decode(s: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bare & in ${s}`);
  if (s.includes('<')) throw new Error(`bare < in ${s}`);
  return s.replace(ENTITY, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** Parses XML into elements; throws on anything not well-formed (unbalanced tags, bad attributes, bare & or <). */
export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const top = stack[stack.length - 1];
    if (!top) throw new Error('stack underflow');
    const textEnd = lt < 0 ? body.length : lt;
    if (textEnd > i) {
      const text = body.slice(i, textEnd);
      if (stack.length === 1 && text.trim() !== '') throw new Error('text outside the root element');
      top.text += decode(text);
    }
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) throw new Error(`malformed tag at ${lt}: ${body.slice(lt, lt + 40)}`);
    const [, close, name = '', attrText = '', selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? ''}>`);
    } else {
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) {
        const key = a[1] ?? '';
        if (key in attrs) throw new Error(`duplicate attribute ${key}`);
        attrs[key] = decode(a[2] ?? '');
      }
      const el: XmlElement = { name, attrs, children: [], text: '' };
      top.children.push(el);
      if (!selfClose) stack.push(el);
    }
    i = tag.lastIndex;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]?.name ?? ''}>`);
  if (root.children.length !== 1) throw new Error('exactly one root element expected');
  return root.children[0]!;
}

/** All descendants with this name, in document order. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}
