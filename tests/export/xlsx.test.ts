import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { columnLetter, safeSheetNames, toXlsx, xmlText } from '../../src/export/xlsx';
import { loadExpected, valueOf, XSS } from '../charts/fixtures';
import { findAll, parseXml, type XmlElement } from './xml';

const KEYS = ['requests.new_received.total', 'requests.results.granted.total', 'active.art20_9.central_procurement.total_amount'];

function sheetRows(sheet: XmlElement): (string | number | boolean | null)[][] {
  return findAll(sheet, 'row').map((row) =>
    findAll(row, 'c').map((c) => {
      const t = c.attrs.t;
      if (t === 'inlineStr') return findAll(c, 't')[0]?.text ?? '';
      const v = findAll(c, 'v')[0]?.text;
      if (v === undefined) return null;
      return t === 'b' ? v === '1' : Number(v);
    }),
  );
}

describe('toXlsx', () => {
  // 001 上海市政府办公厅 2019 (granted total is blank in the report) and 092 淮安市 2024.
  const rows = ['001', '092'].map((id) => {
    const e = loadExpected(id);
    return { agency: e.agency, year: e.year, received: valueOf(e, KEYS[0] ?? ''), granted: valueOf(e, KEYS[1] ?? ''), procurement: valueOf(e, KEYS[2] ?? '') };
  });
  rows.push({ agency: XSS, year: 2024, received: -3, granted: null, procurement: null });
  const columns = [
    { key: 'agency', label: '机构 & <名称>' },
    { key: 'year', label: '年度' },
    { key: 'received', label: '新收申请' },
    { key: 'granted', label: '予以公开' },
    { key: 'procurement', label: '集中采购（元）' },
  ];
  const bytes = toXlsx([
    { name: '依申请公开', columns, rows },
    { name: 'a/b:c*d?[e]', columns: ['x'], rows: [{ x: true }] },
  ]);
  const files = unzipSync(bytes);
  const xml = (p: string) => {
    const f = files[p];
    if (!f) throw new Error(`missing part ${p}`);
    return strFromU8(f);
  };

  it('is a zip with the SpreadsheetML parts, every part well-formed XML', () => {
    for (const p of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']) {
      expect(() => parseXml(xml(p))).not.toThrow();
    }
    const types = parseXml(xml('[Content_Types].xml'));
    const overrides = findAll(types, 'Override').map((o) => o.attrs.PartName);
    expect(overrides).toEqual(['/xl/workbook.xml', '/xl/styles.xml', '/xl/worksheets/sheet1.xml', '/xl/worksheets/sheet2.xml']);
  });

  it('links workbook sheets to worksheet parts through relationships', () => {
    const wb = parseXml(xml('xl/workbook.xml'));
    const sheets = findAll(wb, 'sheet');
    expect(sheets.map((s) => s.attrs.name)).toEqual(['依申请公开', 'a_b_c_d__e_']);
    const rels = findAll(parseXml(xml('xl/_rels/workbook.xml.rels')), 'Relationship');
    for (const s of sheets) {
      const rel = rels.find((r) => r.attrs.Id === s.attrs['r:id']);
      expect(rel?.attrs.Target).toMatch(/^worksheets\/sheet\d\.xml$/);
      expect(files[`xl/${rel?.attrs.Target ?? ''}`]).toBeDefined();
    }
  });

  it('writes a header row, numbers as numbers, text as inline strings, blanks as absent cells', () => {
    const sheet = parseXml(xml('xl/worksheets/sheet1.xml'));
    expect(sheetRows(sheet)).toEqual([
      ['机构 & <名称>', '年度', '新收申请', '予以公开', '集中采购（元）'],
      ['上海市人民政府办公厅', 2019, 859, 251000],
      ['淮安市人民政府', 2024, 3119, 1362],
      [XSS, 2024, -3],
    ]);
    // Cell references skip the blank: 001's 予以公开 total is blank, so its procurement lands in E2.
    const row2 = findAll(sheet, 'row')[1];
    expect(findAll(row2!, 'c').map((c) => c.attrs.r)).toEqual(['A2', 'B2', 'C2', 'E2']);
    expect(sheetRows(parseXml(xml('xl/worksheets/sheet2.xml')))).toEqual([['x'], [true]]);
  });

  it('rejects an empty workbook', () => {
    expect(() => toXlsx([])).toThrow();
  });
});

describe('xlsx helpers', () => {
  it('names columns like a spreadsheet', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
  it('keeps sheet names within Excel rules and unique', () => {
    expect(safeSheetNames(['数据', '数据', 'x'.repeat(40), ''])).toEqual(['数据', '数据 (2)', 'x'.repeat(31), 'Sheet4']);
  });
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xmlText('a<b>&"c"\u0001')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
  });
});

describe('the test XML checker', () => {
  it('rejects what is not well-formed, so the checks above can fail', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow();
    expect(() => parseXml('<a>x & y</a>')).toThrow();
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow();
    expect(() => parseXml('<a><b></b>')).toThrow();
    expect(parseXml('<a x="&lt;"><b>&amp;</b></a>').children[0]?.text).toBe('&');
  });
});
