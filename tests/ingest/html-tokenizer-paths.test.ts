/**
 * The shortcuts of the HTML tokeniser (issue #2, round 5) against the readings they replace: a start
 * tag whose text after its name recurs on the page reuses what that text gave the first time (its
 * end, self-closing mark and attributes), a text with no '&' before the next tag is kept as
 * sliced, without an entity search of its own, and `&nbsp;` is read without a lookup by name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../src/ingest/html/entities';
import { fold, htmlToDocument } from '../../src/ingest/html/frontend';

/** Attribute texts as pages print them, with the edge cases of tag ends and attribute reading. */
const ATTRS = [
  '',
  ' colspan="2"',
  ' rowspan=3',
  ' COLSPAN = \'2\' colspan=5',
  ' style="width:47px;"',
  ' style="display:none"',
  ' style="display&#58;none"',
  ' hidden',
  ' nowrap="nowrap" style="width:38px;"',
  ' title="a>b"',
  " x='\"'",
  ' a="1" /',
  ' rowspan="0"',
  " align='center'",
];
const TEXTS = ['规章', '13', '', ' ', '&nbsp;', '0', '一、总体情况', 'a&amp;b', '&#x4e00;', '/'];

/** A page of table cells and paragraphs, each start tag's attributes from ATTRS by index. */
function page(parts: readonly { cell: boolean; attr: number; text: number }[], unique: boolean): string {
  let out = '<table>';
  parts.forEach((p, i) => {
    // A distinct first attribute, which the reading ignores, makes every tag's text unique: then no tag
    // text recurs and each is read afresh, which is the reading the reuse must agree with.
    const tagged = unique ? ` data-n="${String(i)}"` : '';
    const attr = `${tagged}${ATTRS[p.attr] ?? ''}`;
    const text = TEXTS[p.text] ?? '';
    out += p.cell ? `<tr><td${attr}>${text}</td><td${attr}><p${attr}>${text}</p></td></tr>` : `</table><p${attr}>${text}</p><table>`;
  });
  return `${out}</table>`;
}

describe('recurring start-tag texts', () => {
  it('read the same as when every tag text is new', () => {
    const part = fc.record({ cell: fc.boolean(), attr: fc.nat(ATTRS.length - 1), text: fc.nat(TEXTS.length - 1) });
    fc.assert(
      fc.property(fc.array(part, { maxLength: 30 }), (parts) => {
        expect(htmlToDocument(page(parts, false))).toEqual(htmlToDocument(page(parts, true)));
      }),
      { numRuns: 1500 },
    );
  });

  it('do not carry a tag end found inside a quoted value to a tag that ends at its first >', () => {
    // The first tag ends after the quoted '>', so its text up to the first '>' is not remembered.
    const doc = htmlToDocument('<p title="a>b">甲</p><p title="a>乙</p>');
    expect(doc.text).toBe('甲');
  });
});

describe('texts without an entity', () => {
  it('keep their slice, and those with one are decoded, whatever the attributes hold', () => {
    const piece = fc.constantFrom('规章', '&', '&amp;', '&nbsp;', 'a&b', '&#x4e00;', ' ', '&copy', '&ldquo;x&rdquo;', '1');
    const attr = fc.constantFrom('', ' title="a&b"', ' alt="&amp;"', ' x=&');
    fc.assert(
      fc.property(fc.array(fc.tuple(attr, fc.array(piece, { maxLength: 4 })), { maxLength: 12 }), (paras) => {
        const raws = paras.map(([, ps]) => ps.join(''));
        const html = paras.map(([a], i) => `<p${a}>${raws[i] ?? ''}</p>`).join('');
        const expected = raws.map((r) => fold(decodeEntities(r))).filter((t) => t !== '');
        expect(htmlToDocument(html).text).toBe(expected.join('\n'));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('&nbsp;', () => {
  it('reads as the named-reference rule does, in every spelling next to it', () => {
    expect(decodeEntities('a&nbsp;b&nbsp;&nbsp;')).toBe('a\u00a0b\u00a0\u00a0');
    // Without ';' only as a legacy name; another name starting with nbsp stays as printed; upper case through the lower-case lookup.
    expect(decodeEntities('&nbsp x')).toBe('\u00a0 x');
    expect(decodeEntities('&nbspx; &nbsp1;')).toBe('&nbspx; &nbsp1;');
    expect(decodeEntities('&NBSP;&Nbsp;')).toBe('\u00a0\u00a0');
    expect(decodeEntities('&nbs;&nb')).toBe('&nbs;&nb');
  });
});
