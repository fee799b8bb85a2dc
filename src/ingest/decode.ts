/**
 * Byte input → text. Reports come as UTF-8 or GBK/GB18030 (older county portals); PDFs and DOCX
 * are recognised by their magic bytes so that the caller can say they are not supported yet.
 */
import type { ParseError } from '../model/report';

export type DecodeResult =
  | { readonly ok: true; readonly text: string; readonly encoding: string }
  | { readonly ok: false; readonly error: ParseError };

const META_CHARSET_RE = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i;
const SNIFF_BYTES = 2048;

/** `pdf` for `%PDF`, `zip` for `PK\x03\x04` (DOCX), otherwise null. */
export function sniffBinary(bytes: Uint8Array): 'pdf' | 'zip' | null {
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05 || bytes[2] === 0x07)) return 'zip';
  return null;
}

function declaredCharset(bytes: Uint8Array): string | null {
  const head = bytes.subarray(0, SNIFF_BYTES);
  let s = '';
  for (const b of head) s += String.fromCharCode(b);
  const m = META_CHARSET_RE.exec(s);
  return m?.[1] !== undefined ? m[1].toLowerCase() : null;
}

/**
 * A strict UTF-8 decoder: the text of `bytes` (which hold no byte-order mark), or null when they are
 * not valid UTF-8; it must give exactly what `new TextDecoder('utf-8', { fatal: true })` gives.
 * Callers may supply a faster one than TextDecoder (Node 20's converts at about 0.5 GB/s; see
 * `nodeDecodeUtf8` in `corpus/node.ts`).
 */
export type Utf8Decoder = (bytes: Uint8Array) => string | null;

/**
 * Strict UTF-8 is tried on every input: one decoder serves them all (a call without `stream`
 * starts afresh, even after a failure).
 */
let strictUtf8: TextDecoder | null = null;

function tryDecode(bytes: Uint8Array, label: string, fatal: boolean): string | null {
  try {
    if (fatal && label === 'utf-8') return (strictUtf8 ??= new TextDecoder('utf-8', { fatal: true })).decode(bytes);
    return new TextDecoder(label, { fatal }).decode(bytes);
  } catch {
    return null;
  }
}

const GB_LABELS = new Set(['gbk', 'gb2312', 'gb18030', 'x-gbk', 'cp936', 'euc-cn']);

/**
 * Decodes report bytes: BOM first, then strict UTF-8 (by `utf8` when given), then a declared HTML
 * charset, then GB18030 (a superset of GBK and GB2312). Never throws.
 */
export function decodeBytes(bytes: Uint8Array, utf8?: Utf8Decoder): DecodeResult {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { ok: true, text: tryDecode(bytes.subarray(3), 'utf-8', false) ?? '', encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: tryDecode(bytes.subarray(2), 'utf-16le', false) ?? '', encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: tryDecode(bytes.subarray(2), 'utf-16be', false) ?? '', encoding: 'utf-16be' };
  }
  const text = utf8 === undefined ? tryDecode(bytes, 'utf-8', true) : utf8(bytes);
  if (text !== null) return { ok: true, text, encoding: 'utf-8' };
  const declared = declaredCharset(bytes);
  if (declared !== null && !GB_LABELS.has(declared) && declared !== 'utf-8' && declared !== 'utf8') {
    const t = tryDecode(bytes, declared, false);
    if (t !== null) return { ok: true, text: t, encoding: declared };
  }
  const gb = tryDecode(bytes, 'gb18030', true);
  if (gb !== null) return { ok: true, text: gb, encoding: 'gb18030' };
  return {
    ok: false,
    error: {
      code: 'undecodable',
      message: {
        zh: '无法识别文件的字符编码（既不是 UTF-8，也不是 GBK/GB18030）。',
        en: 'The file’s character encoding could not be recognised (neither UTF-8 nor GBK/GB18030).',
      },
    },
  };
}
