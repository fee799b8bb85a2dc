/**
 * The shortcuts of the ingest throughput round (issue #2) against the definitions they replace:
 * the cell classifier's answer for plain digits and empty cells without its cache, line splitting
 * without a regular expression when there is no CR, a table cell holding one paragraph read without
 * gathering parts, additive equations summed without operand objects, and an empty cell's value read
 * without compacting it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellIndex, evaluateEquation, type Equation } from '../../src/checks/operands';
import type { Cell } from '../../src/model/report';
import { classifyCell, parseCellValue, type TokenClass } from '../../src/ingest/cellvalue';
import { htmlToDocument } from '../../src/ingest/html/frontend';
import { textLines } from '../../src/ingest/sections';

/** The classifier as spec §9 defines it, with no cache and no shortcut. */
function referenceClassify(raw: string): TokenClass {
  if (raw.length > 40) return 'text';
  const c0 = raw.charCodeAt(0);
  if (c0 >= 0x4e00 && c0 <= 0x9fff && !['无', '增', '减'].includes(raw.charAt(0))) return 'text';
  const s = raw
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/(\d)[,，](?=\d{3}(?:\D|$))/g, '$1');
  if (s === '') return 'empty';
  if (/^([+-]?)(\d[\d,]*(?:\.\d+)?|\.\d+)(亿元|万元|元)?$/.test(s)) return 'number';
  if (/^[/\\\-—–―‐－─]+$/.test(s)) return 'na';
  if (/^(?:无|(?:增加|减少|增|减)\d+(?:\.\d+)?|\d+\/\d+)$/.test(s)) return 'text_value';
  return 'text';
}

describe('classifyCell', () => {
  it('classifies as the uncached definition does, plain digits and empty cells included', () => {
    const piece = fc.constantFrom('', '0', '7', '12', '0000000000', ' ', '\u3000', ',', '，', '.', '-', '/', '１', '无', '增加', '万元', '件', '行政许可');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const s = parts.join('');
        expect(classifyCell(s)).toBe(referenceClassify(s));
      }),
      { numRuns: 3000 },
    );
    const digits = fc.stringMatching(/^\d{1,45}$/);
    fc.assert(fc.property(digits, (s) => classifyCell(s) === referenceClassify(s)), { numRuns: 1000 });
  });
});

describe('parseCellValue of an empty cell', () => {
  it('reads as a cell that compacts to nothing through the general path (blank, whatever the kind or unit)', () => {
    for (const kind of ['count', 'signed', 'money_in_cell', 'money_wan_yuan'] as const) {
      for (const unit of [undefined, '元', '万元', '亿元'] as const) {
        const general = parseCellValue(' \u3000', kind, unit);
        expect(general).toEqual({ value: null, semantic: 'blank' });
        expect(parseCellValue('', kind, unit)).toEqual(general);
      }
    }
  });
});

describe('textLines', () => {
  it('splits as /\\r?\\n/ does, with and without CR', () => {
    const piece = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '甲', 'a', ' ', '“', '、', '１');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (parts) => {
        // A distinct prefix per run: textLines keeps the last text's result.
        const s = `${String(parts.length)}${parts.join('')}`;
        expect(textLines(s).raw).toEqual(s.split(/\r?\n/));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('HTML cell holding one paragraph', () => {
  const cell = (inner: string): string => {
    const doc = htmlToDocument(`<table><tr><td>标签</td><td>${inner}</td></tr></table>`);
    return doc.blocks[0]?.cells[1]?.text ?? 'missing';
  };

  it('reads as the general path (block spaces around the text, then folded)', () => {
    const piece = fc.constantFrom(' ', '  ', '\t', '\n', '&nbsp;', '\u200b', '\u3000', '5', '本年', '新收');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), fc.constantFrom('p', 'div', 'li'), (parts, tag) => {
        const text = parts.join('');
        // An empty inline element after the paragraph shows nothing but sends the cell down the general path.
        expect(cell(`<${tag} align="center">${text}</${tag}>`)).toBe(cell(`<${tag}>${text}</${tag}><b></b>`));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps a hidden paragraph hidden', () => {
    expect(cell('<p hidden>9</p>')).toBe('');
    expect(cell('<p style="display:none">9</p>')).toBe('');
  });
});

describe('evaluateEquation', () => {
  const num = (key: string, value: number): Cell => ({ key, value, semantic: 'number', raw: String(value), provenance: {} });
  const blank = (key: string): Cell => ({ key, value: null, semantic: 'blank', raw: '', provenance: {} });
  const eq: Equation = { ruleId: 'T4-SUM', scope: 'g', total: ['t'], parts: ['a', 'b'], label: { zh: '总计=甲+乙', en: 'total = a + b' } };

  it('passes and fails on numbers, with the sums as expected and actual', () => {
    const pass = evaluateEquation(eq, new CellIndex([num('t', 0.3), num('a', 0.1), num('b', 0.2)]), 'error');
    expect([pass.status, pass.expected, pass.actual]).toEqual(['pass', 0.3, 0.3]);
    const fail = evaluateEquation(eq, new CellIndex([num('t', 4), num('a', 1), num('b', 2)]), 'error');
    expect([fail.status, fail.expected, fail.actual, fail.keys]).toEqual(['fail', 3, 4, ['t', 'a', 'b']]);
  });

  it('is uncertain when a part is blank, and still reports the printed total', () => {
    const r = evaluateEquation(eq, new CellIndex([num('t', 4), num('a', 1), blank('b')]), 'error');
    expect([r.status, r.expected, r.actual]).toEqual(['uncertain', null, 4]);
    expect(r.message.en).toBe('Cannot decide total = a + b (g): blank: b (even with blanks read as 0 it fails: parts 1, total 4)');
    const absent = evaluateEquation(eq, new CellIndex([num('a', 1), num('b', 2)]), 'error');
    expect([absent.status, absent.expected, absent.actual]).toEqual(['uncertain', 3, null]);
    expect(absent.message.en).toBe('Cannot decide total = a + b (g): not in the document: t');
  });
});
