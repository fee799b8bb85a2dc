/**
 * The hand-written fast paths of the HTML front end (character loops that replaced regular
 * expressions) against the plain definitions they replace, plus the one deliberate behaviour change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../src/ingest/html/entities';
import { fold, htmlToDocument } from '../../src/ingest/html/frontend';

describe('fold', () => {
  // The definition it replaced: collapse runs of collapsible whitespace, then String.prototype.trim.
  const reference = (s: string): string => s.replace(/[ \t\n\r\f\u00a0\u200b]+/g, ' ').trim();
  const ch = fc.constantFrom(' ', '  ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u200b', '\u3000', '\ufeff', '\u2028', '\u2002', 'a', '中', '/');

  it('equals collapse-then-trim on whitespace-heavy strings', () => {
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 20 }), (parts) => {
        const s = parts.join('');
        expect(fold(s)).toBe(reference(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps an ideographic space inside a line and trims it at the ends', () => {
    expect(fold('\u3000 本年\u3000新收\u00a0\u00a0数量 \u200b')).toBe('本年\u3000新收 数量');
  });
});

describe('decodeEntities', () => {
  it('decodes numeric, named and legacy no-semicolon references as before', () => {
    expect(decodeEntities('a&nbsp;b&amp;c&lt;&#x4E00;&#19968;&#150;&copy&ldquo;x&rdquo;')).toBe('a\u00a0b&c<一一\u2013©\u201cx\u201d');
    // Unknown names, names needing a ';', and bare '&' stay as printed; '&#0;' and out-of-range become U+FFFD.
    expect(decodeEntities('&foo; &ldquo x & y &#0; &#x110000; &#;')).toBe('&foo; &ldquo x & y \ufffd \ufffd &#;');
  });

  it('does not resolve Object.prototype members as entity names (the old lookup did)', () => {
    expect(decodeEntities('&constructor; &toString; &valueOf; &hasOwnProperty;')).toBe('&constructor; &toString; &valueOf; &hasOwnProperty;');
  });
});

describe('attribute reading', () => {
  it('hides an element whose style, once decoded, says display:none, and only the first style counts', () => {
    const doc = htmlToDocument(
      '<p style="display&#58;none">甲</p><p STYLE="color:red" style="display:none">乙</p><p style="width:40px">丙</p><p HIDDEN>丁</p>',
    );
    expect(doc.text).toBe('乙\n丙');
  });

  it('reads spans in any case and quoting, ignores later duplicates, and keeps a self-closed cell empty', () => {
    const doc = htmlToDocument("<table><tr><td COLSPAN = '2' colspan=5>a</td><td rowspan=2/>b<td>c</td></tr><tr><td>d</td></tr></table>");
    expect(doc.blocks.map((b) => b.cells.map((c) => [c.text, c.col, c.colspan, c.rowspan]))).toEqual([
      [['a', 0, 2, 1], ['', 2, 1, 2], ['c', 3, 1, 1]],
      [['d', 0, 1, 1]],
    ]);
  });
});
