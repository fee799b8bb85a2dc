/**
 * Blank cells in plain text (tab, pipe and markdown rows): real reports with one printed value
 * removed. The removed cell must come out blank and every other cell as the expected file says:
 * the rest of the row keeps its columns.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/ingest/parse';
import { textToDocument } from '../../src/ingest/text/frontend';
import { classifyCell, isValueClass } from '../../src/ingest/cellvalue';
import { diffCells, readExpected, readReportText } from './expected';

/**
 * The report with the `nth` value (0-based, counted among the row's values) of the first line
 * holding `label` emptied, in the line's own separator. The removed value must lie between two others.
 */
function blankOut(text: string, label: string, nth: number, sep: '\t' | '|'): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(label) && l.includes(sep));
  const line = lines[i];
  if (line === undefined) throw new Error(`no line with ${label}`);
  const parts = line.split(sep);
  const valueAt = parts.flatMap((p, j) => (isValueClass(classifyCell(p.trim())) ? [j] : []));
  const at = valueAt[nth];
  if (at === undefined || nth === 0 || nth === valueAt.length - 1) throw new Error(`value ${String(nth)} of ${label} is not between two values`);
  parts[at] = sep === '|' ? ' ' : '';
  lines[i] = parts.join(sep);
  return lines.join('\n');
}

interface Case {
  readonly id: string;
  readonly file: string;
  readonly label: string;
  readonly nth: number;
  readonly sep: '\t' | '|';
  readonly key: string;
}

const CASES: readonly Case[] = [
  { id: '000', file: '000.txt', label: '规章\t', nth: 1, sep: '\t', key: 'active.art20_1.regulations.new_published' },
  { id: '000', file: '000.txt', label: '一、本年新收政府信息公开申请数量', nth: 3, sep: '\t', key: 'requests.new_received.org_public_interest' },
  { id: '000', file: '000.txt', label: '2.其他法律行政法规禁止公开', nth: 5, sep: '\t', key: 'requests.results.denied.prohibited_by_law.org_other' },
  { id: '126', file: '126.txt', label: '行政处罚 |', nth: 1, sep: '|', key: 'active.art20_6.admin_penalty.items_change' },
  { id: '165', file: '165.txt', label: '规章 |', nth: 1, sep: '|', key: 'active.art20_1.regulations.new_published' },
  { id: '207', file: '207.txt', label: '本年新收政府信息公开申请数量', nth: 1, sep: '|', key: 'requests.new_received.org_commercial' },
  { id: '205', file: '205.md', label: '| 规范性文件 |', nth: 1, sep: '|', key: 'active.art20_1.normative_docs.repealed' },
];

describe('a blank cell between two values in plain text', () => {
  for (const c of CASES) {
    it(`${c.id}: ${c.key} removed from its ${c.sep === '\t' ? 'tab' : 'pipe'} row is blank, the rest as printed`, () => {
      const e = readExpected(c.id);
      expect(e.cells[c.key]).not.toBeNull();
      const text = blankOut(readReportText(c.file), c.label, c.nth, c.sep);
      const r = parseReport(text, { fileName: c.file, hints: { year: e.year } });
      if (!r.ok) throw new Error(r.error.code);
      expect(diffCells({ ...e.cells, [c.key]: null }, r.report.cells)).toEqual([]);
      const blank = r.report.cells.find((x) => x.key === c.key);
      expect(blank).toMatchObject({ semantic: 'blank', value: null, raw: '' });
      expect(blank?.provenance.line).toBeGreaterThan(0);
    });
  }

  it('the 15 values of table 四 in one tab row (000) keep their columns around a blank', () => {
    const e = readExpected('000');
    const text = readReportText('000.txt').replace(/^0(\t0){14}$/m, '0\t0\t0\t0\t0\t0\t0\t\t0\t0\t0\t0\t0\t0\t0');
    const r = parseReport(text, { fileName: '000.txt', hints: { year: e.year } });
    if (!r.ok) throw new Error(r.error.code);
    expect(diffCells({ ...e.cells, 'review_litigation.litigation_direct.other': null }, r.report.cells)).toEqual([]);
  });
});

describe('empty tab cells that are grid structure', () => {
  it('keeps spanned label columns and padding out of the row, and only blanks between values in it', () => {
    const doc = textToDocument('\t\t3.危及“三安全一稳定”\t0\t\t0\t\t\n行政事业性收费\t\t0\t0\n第二十条第（八）项\t\t\t\n', 'txt');
    expect(doc.blocks.map((b) => b.cells.map((c) => c.text))).toEqual([
      ['3.危及“三安全一稳定”', '0', '', '0'],
      ['行政事业性收费', '0', '0'],
      ['第二十条第（八）项'],
    ]);
  });

  it('does not read an empty cell between a label and its first value as a blank value', () => {
    const r = parseReport('2020年某局政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（八）项\n信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t\t0\t0\n', { format: 'txt' });
    if (!r.ok) throw new Error(r.error.code);
    expect(r.report.cells.filter((c) => c.key.startsWith('active.art20_8.')).map((c) => [c.key, c.semantic, c.value])).toEqual([
      ['active.art20_8.admin_fees.prev_year_items', 'number', 0],
      ['active.art20_8.admin_fees.items_change', 'number', 0],
    ]);
  });
});
