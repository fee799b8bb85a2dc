import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceBlock, SourceDocument } from '../../src/ingest/document';
import { htmlToDocument } from '../../src/ingest/html/frontend';
import { sniffHtmlCharset } from '../../src/ingest/html/charset';
import { REQUEST_COLUMNS, REQUEST_ROWS_V2019, REQUEST_ROWS_V2021, REVIEW_GROUPS, REVIEW_OUTCOMES } from '../../src/model/template';
import { CORPUS_DIR } from '../shared';

type Expected = { cells: Record<string, unknown>; year: number };

function load(id: string): { doc: SourceDocument; expected: Expected } {
  const html = readFileSync(join(CORPUS_DIR, 'reports', `${id}.html`), 'utf8');
  const expected = JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', `${id}.json`), 'utf8')) as Expected;
  return { doc: htmlToDocument(html), expected };
}

/** The printed form of an expected value: blank cells are '' (the corpus writes them as null). */
function printed(v: unknown): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  throw new Error(`unexpected expected value ${JSON.stringify(v)}`);
}

function rowsOfTable(doc: SourceDocument, containing: string): SourceBlock[] {
  const first = doc.blocks.find((b) => b.kind === 'row' && b.cells.some((c) => c.text.includes(containing)));
  if (first?.table === undefined) throw new Error(`no table with ${containing}`);
  return doc.blocks.filter((b) => b.kind === 'row' && b.table === first.table);
}

/**
 * Table 三 data rows in template order: rows whose value cells sit in grid columns 3..9 (three label
 * columns, then seven value columns). Checks that the span-aware grid puts every value in its column.
 */
function checkRequestTable(doc: SourceDocument, expected: Expected, rows: readonly { key: string }[]): void {
  const tableRows = rowsOfTable(doc, '本年新收');
  const start = tableRows.findIndex((b) => b.cells.some((c) => c.text.includes('本年新收')));
  const dataRows = tableRows.slice(start);
  expect(dataRows.map((b) => b.cells.filter((c) => (c.col ?? -1) >= 3).length)).toEqual(rows.map(() => 7));
  dataRows.forEach((b, i) => {
    const rowKey = rows[i]!.key;
    const values = b.cells.filter((c) => (c.col ?? -1) >= 3);
    values.forEach((c, j) => {
      expect(c.col).toBe(3 + j);
      const key = `requests.${rowKey}.${REQUEST_COLUMNS[j]!.key}`;
      expect({ key, text: c.text }).toEqual({ key, text: printed(expected.cells[key]) });
    });
  });
}

function checkReviewTable(doc: SourceDocument, expected: Expected): void {
  const rows = rowsOfTable(doc, '复议后起诉');
  const data = rows.at(-1)!;
  expect(data.cells.map((c) => c.col)).toEqual([...Array(15).keys()]);
  const keys = REVIEW_GROUPS.flatMap((g) => REVIEW_OUTCOMES.map((o) => `review_litigation.${g.key}.${o.key}`));
  expect(data.cells.map((c) => c.text)).toEqual(keys.map((k) => printed(expected.cells[k])));
}

describe('htmlToDocument on 001 (上海市政府办公厅 2019, blanks are &nbsp;)', () => {
  const { doc, expected } = load('001');

  it('puts every table 三 value in its grid column, blanks as empty cells', () => {
    checkRequestTable(doc, expected, REQUEST_ROWS_V2019);
  });

  it('reads table 四 as 15 cells in grid order with &nbsp; blanks empty', () => {
    checkReviewTable(doc, expected);
  });

  it('keeps the money cell as printed and joins <br>-split header labels with a space', () => {
    const row = doc.blocks.find((b) => b.cells[0]?.text === '政府集中采购')!;
    expect(row.cells.map((c) => c.text)).toEqual(['政府集中采购', '6', '251000元']);
    const header = doc.blocks.find((b) => b.kind === 'row' && b.cells.some((c) => c.text.startsWith('本年新')))!;
    expect(header.cells.map((c) => c.text)).toEqual(['信息内容', '本年新 制作数量', '本年新 公开数量', '对外公开总数量']);
    expect(header.cells.map((c) => c.col)).toEqual([0, 1, 2, 4]);
  });

  it('gives rows a CSS-like path and table index, and lines their line number in the text', () => {
    const lines = doc.text.split('\n');
    expect(lines).toHaveLength(doc.blocks.length);
    doc.blocks.forEach((b, i) => {
      for (const c of b.cells) expect(c.prov.line).toBe(i + 1);
      const expectedLine = b.kind === 'row' ? b.cells.map((c) => c.text).join('\t') : b.cells[0]!.text;
      expect(lines[i]).toBe(expectedLine);
    });
    const first = doc.blocks.find((b) => b.kind === 'row')!;
    expect(first.table).toBe(0);
    expect(first.cells[0]!.prov.path).toBe('table[1]/tr[1]/td[1]');
    const tables = new Set(doc.blocks.filter((b) => b.kind === 'row').map((b) => b.table));
    expect([...tables]).toEqual([0, 1, 2]);
  });

  it('turns paragraphs into lines: title, published date, headings', () => {
    const lines = doc.text.split('\n');
    expect(lines[0]).toBe('2019年上海市人民政府办公厅政府信息公开工作年度报告');
    expect(lines[1]).toBe('发布日期：2020-01-31');
    expect(lines).toContain('一、总体情况');
    expect(lines).toContain('四、政府信息公开行政复议、行政诉讼情况');
    expect(lines.at(-1)).toBe('无。');
    // Entities in running text are decoded (&lt;长江三角洲…&gt;).
    expect(doc.text).toContain('《上海市贯彻<长江三角洲区域一体化发展规划纲要>实施方案》');
  });
});

describe('htmlToDocument on 209 (anonymised 2025 city report)', () => {
  const { doc, expected } = load('209');

  it('puts every table 三 value in its grid column under the 3×3 header note', () => {
    checkRequestTable(doc, expected, REQUEST_ROWS_V2021);
  });

  it('reads table 四 under a three-row header', () => {
    checkReviewTable(doc, expected);
  });

  it('keeps the colspan of single-value table 二 cells', () => {
    const row = doc.blocks.find((b) => b.cells[0]?.text === '行政许可')!;
    expect(row.cells.map((c) => [c.text, c.col, c.colspan])).toEqual([
      ['行政许可', 0, 1],
      [printed(expected.cells['active.art20_5.admin_licensing.decisions']), 1, 3],
    ]);
  });

  it('keeps empty header cells so the grid stays aligned', () => {
    const row = doc.blocks.find((b) => b.cells.some((c) => c.text === '商业企业'))!;
    expect(row.cells.map((c) => c.text)).toEqual(['', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '']);
    expect(row.cells.map((c) => c.col)).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('shows the <title> as the first line (the page prints no other title)', () => {
    expect(doc.text.split('\n')[0]).toBe('测试市2025年政府信息公开工作年度报告');
  });
});

describe('htmlToDocument on hand-written markup', () => {
  it('expands rowspan and colspan into grid columns and emits only origin cells', () => {
    const doc = htmlToDocument(
      '<table><tr><td rowspan="2">A</td><td colspan="2">B</td><td>C</td></tr>' +
        '<tr><td>d</td><td rowspan="2">e</td><td>f</td></tr>' +
        '<tr><td>g</td><td>h</td></tr></table>',
    );
    const rows = doc.blocks.map((b) => b.cells.map((c) => `${c.text}@${c.col ?? '?'}`));
    expect(rows).toEqual([['A@0', 'B@1', 'C@3'], ['d@1', 'e@2', 'f@3'], ['g@0', 'h@1']]);
    expect(doc.blocks[1]!.cells[1]!.rowspan).toBe(2);
    expect(doc.text).toBe('A\tB\tC\nd\te\tf\ng\th');
  });

  it('drops scripts, styles, comments and hidden elements, and breaks lines at blocks and <br>', () => {
    const doc = htmlToDocument(
      '<html><head><style>p{}</style><script>var a = "<p>x</p>";</script></head><body>' +
        '<div class="nav">首页 | 政务公开</div><!-- <p>comment</p> -->' +
        '<p>第一行<br>第二行</p><div style="display: none">隐藏</div><p>a&nbsp;&amp;&#x4E00;&#19968;</p>' +
        '<ul><li>甲<li>乙</ul></body></html>',
    );
    expect(doc.text.split('\n')).toEqual(['首页 | 政务公开', '第一行', '第二行', 'a &一一', '甲', '乙']);
    expect(doc.blocks.every((b) => b.kind === 'line')).toBe(true);
  });

  it('reads a layout table around the report as flow, and the inner data table as rows', () => {
    const doc = htmlToDocument(
      '<table><tr><td>菜单</td><td><p>一、总体情况</p><p>正文</p>' +
        '<table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>',
    );
    expect(doc.text).toBe('菜单\n一、总体情况\n正文\n规章\t1');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['line', 'line', 'line', 'row']);
    expect(doc.blocks[3]!.table).toBe(0);
  });

  it('reads a table-laid-out page (menu cell | article cell) as flow, not as one huge row', () => {
    const article = '本年度报告根据《中华人民共和国政府信息公开条例》编制。'.repeat(10);
    const doc = htmlToDocument(`<table><tr><td>首页<br>信息公开</td><td><h2>2020年报告</h2><p>${article}</p></td></tr></table>`);
    expect(doc.blocks.every((b) => b.kind === 'line')).toBe(true);
    expect(doc.text.split('\n')).toEqual(['首页', '信息公开', '2020年报告', article]);
  });

  it('keeps the line breaks of <pre> text', () => {
    const doc = htmlToDocument('<p>前</p><pre>一、总体情况\n  正文 &amp; 说明\n</pre><p>后</p>');
    expect(doc.text).toBe('前\n一、总体情况\n正文 & 说明\n后');
  });

  it('recovers from unclosed cells and rows and from a cell outside any row', () => {
    const doc = htmlToDocument('<table><tbody><tr><td>a<td>b<tr><td>c</td></tbody></table><table><td>x</td><td>y</td></table>');
    expect(doc.blocks.map((b) => [b.table, b.cells.map((c) => c.text)])).toEqual([
      [0, ['a', 'b']],
      [0, ['c']],
      [1, ['x', 'y']],
    ]);
    expect(doc.blocks[1]!.cells[0]!.prov.path).toBe('table[1]/tr[2]/td[1]');
  });

  it('never throws on truncated markup', () => {
    expect(htmlToDocument('<p>正文<table><tr><td>1</td><td').text).toBe('正文\n1');
    expect(htmlToDocument('').blocks).toEqual([]);
    expect(htmlToDocument('a < b and c<3').text).toBe('a < b and c<3');
  });
});

describe('htmlToDocument on arbitrary markup (property)', () => {
  const piece = fc.oneof(
    fc.constantFrom(
      '<table>', '</table>', '<tr>', '</tr>', '<td>', '</td>', '<th colspan="2">', '<td rowspan="3">', '<td colspan=0>',
      '<p>', '</p>', '<br>', '<div>', '</div>', '<li>', '<ul>', '</ul>', '<script>', '</script>', '<!--', '-->',
      '&nbsp;', '&amp;', '&#x4e00;', '<', '>', '"', "'", '<tbody>', '<caption>', '<pre>', '</pre>', '\n', '\t', ' ',
    ),
    fc.string({ maxLength: 6 }),
    fc.constantFrom('规章', '0', '12', '一、总体情况'),
  );

  it('never throws, and line n of the text is the block with prov.line n', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const doc = htmlToDocument(pieces.join(''));
        const lines = doc.text === '' ? [] : doc.text.split('\n');
        expect(lines).toHaveLength(doc.blocks.length);
        doc.blocks.forEach((b, i) => {
          expect(b.cells.length).toBeGreaterThan(0);
          for (const c of b.cells) expect(c.prov.line).toBe(i + 1);
          if (b.kind === 'row') {
            expect(lines[i]).toBe(b.cells.map((c) => c.text).join('\t'));
            // Grid columns strictly increase along a row.
            const cols = b.cells.map((c) => c.col ?? -1);
            expect(cols.every((c, k) => k === 0 || c > cols[k - 1]!)).toBe(true);
          } else {
            expect(lines[i]).toBe(b.cells[0]!.text);
            expect(lines[i]!.trim()).not.toBe('');
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('sniffHtmlCharset', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('reads <meta charset> and http-equiv declarations', () => {
    expect(sniffHtmlCharset(bytes('<html><head><meta charset="utf-8"></head>'))).toBe('utf-8');
    expect(sniffHtmlCharset(bytes('<meta http-equiv="Content-Type" content="text/html; charset=GB2312" />'))).toBe('gb2312');
    expect(sniffHtmlCharset(bytes("<META CHARSET='gbk'>"))).toBe('gbk');
  });

  it('reads the fixture declaration and BOMs, and returns null when nothing is declared', () => {
    expect(sniffHtmlCharset(readFileSync(join(CORPUS_DIR, 'reports', '001.html')))).toBe('utf-8');
    expect(sniffHtmlCharset(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c]))).toBe('utf-8');
    expect(sniffHtmlCharset(bytes('<html><body>无声明</body></html>'))).toBeNull();
  });

  it('looks only at the first 2 KB', () => {
    expect(sniffHtmlCharset(bytes(`<html>${' '.repeat(3000)}<meta charset="gbk">`))).toBeNull();
  });
});
