/**
 * The Node adapter's UTF-8 decoder must be a drop-in for `TextDecoder('utf-8', { fatal: true })`:
 * same text for valid bytes, null exactly where TextDecoder throws, and the same parse for every report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NODE_PARSE_ENV, nodeDecodeUtf8 } from '../../src/corpus/node';
import { decodeBytes } from '../../src/ingest/decode';
import { parseReport } from '../../src/ingest/parse';
import { CORPUS_DIR } from '../shared';

const strict = new TextDecoder('utf-8', { fatal: true });

function reference(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

const reportsDir = join(CORPUS_DIR, 'reports');
const textReports = readdirSync(reportsDir)
  .filter((f) => /\.(txt|md|html?)$/i.test(f))
  .sort();

describe('nodeDecodeUtf8', () => {
  it('decodes every text, Markdown and HTML report of the corpus exactly as TextDecoder does', () => {
    expect(textReports.length).toBeGreaterThan(100);
    for (const f of textReports) {
      const bytes = new Uint8Array(readFileSync(join(reportsDir, f)));
      expect(nodeDecodeUtf8(bytes), f).toBe(reference(bytes));
    }
  });

  it.each([
    ['empty', []],
    ['GBK 规章', [0xb9, 0xe6, 0xd5, 0xc2]],
    ['lone continuation byte', [0x41, 0x80, 0x42]],
    ['overlong NUL', [0xc0, 0x80]],
    ['overlong slash', [0xe0, 0x80, 0xaf]],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['truncated 3-byte sequence at the end', [0xe8, 0xa7]],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['astral character', [0xf0, 0x9f, 0x98, 0x80]],
    ['NUL and controls', [0x00, 0x09, 0x0a, 0x7f]],
    ['a UTF-8 BOM inside the text', [0x61, 0xef, 0xbb, 0xbf, 0x62]],
  ])('agrees with TextDecoder on %s', (_name, bytes) => {
    const b = new Uint8Array(bytes);
    expect(nodeDecodeUtf8(b)).toBe(reference(b));
  });

  it('agrees with TextDecoder on random bytes and on random text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => nodeDecodeUtf8(b) === reference(b)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), (s) => nodeDecodeUtf8(new TextEncoder().encode(s)) === s),
      { numRuns: 1000 },
    );
  });

  it('reads a view into a larger buffer, not the whole buffer', () => {
    const whole = new TextEncoder().encode('前缀规章后缀');
    expect(nodeDecodeUtf8(whole.subarray(6, 12))).toBe('规章');
  });
});

describe('decodeBytes with a supplied UTF-8 decoder', () => {
  it('uses it for UTF-8 and still falls back to GB18030 when it says the bytes are not UTF-8', () => {
    const utf8 = decodeBytes(new TextEncoder().encode('规章'), nodeDecodeUtf8);
    expect(utf8.ok && [utf8.text, utf8.encoding]).toEqual(['规章', 'utf-8']);
    const gbk = decodeBytes(new Uint8Array([0xb9, 0xe6, 0xd5, 0xc2]), nodeDecodeUtf8);
    expect(gbk.ok && [gbk.text, gbk.encoding]).toEqual(['规章', 'gb18030']);
  });

  it('gives every corpus report the same parse as the default decoder', () => {
    for (const f of textReports) {
      const bytes = new Uint8Array(readFileSync(join(reportsDir, f)));
      expect(parseReport(bytes, { fileName: f }, NODE_PARSE_ENV), f).toEqual(parseReport(bytes, { fileName: f }));
    }
  });
});
