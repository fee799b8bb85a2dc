/** Charset sniffing for HTML bytes: BOM, `<meta charset>`, `http-equiv` Content-Type or an XML declaration in the first 2 KB. */

const SNIFF_BYTES = 2048;
const META_RE = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i;
const XML_RE = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']/i;

/** Returns the declared charset (lower-case, as written, e.g. `gb2312`), or null when the first 2 KB declare none. */
export function sniffHtmlCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = bytes.subarray(0, SNIFF_BYTES);
  // Latin-1 maps every byte to one char, so ASCII markup reads the same in any ASCII-compatible charset.
  let s = '';
  for (const b of head) s += String.fromCharCode(b);
  const m = META_RE.exec(s) ?? XML_RE.exec(s);
  return m?.[1] !== undefined ? m[1].toLowerCase() : null;
}
