/**
 * Geometry → document, on item lists shaped like pdf.js output of the real reports (092, 203): the
 * cases the golden test relies on, one at a time.
 */
import { describe, expect, it } from 'vitest';
import { pdfPagesToDocument, type PdfPageItems, type PdfTextItem } from '../../src/ingest/pdf/layout';

/** An item of CJK text (one em per character) or digits (half an em each). */
function item(str: string, x: number, y: number, fontSize = 10, width?: number): PdfTextItem {
  const ascii = str.replace(/[^\x20-\x7e]/g, '').length;
  const w = width ?? (ascii * 0.5 + (str.length - ascii)) * fontSize;
  return { str, x, y, width: w, height: fontSize, fontSize };
}

function page(n: number, items: PdfTextItem[]): PdfPageItems {
  return { page: n, width: 595, height: 842, items };
}

function rows(pages: PdfPageItems[]): string[][] {
  return pdfPagesToDocument(pages).blocks.map((b) => b.cells.map((c) => c.text));
}

describe('pdfPagesToDocument', () => {
  it('groups items into lines by baseline and splits cells at column gaps (labels and larger value digits)', () => {
    // 092 page 3: label at font 10, values at font 14.1 sitting 1pt lower.
    const p = page(3, [
      item('规章', 78.8, 281.5),
      item('1', 249.2, 280.4, 14.1),
      item('0', 341.8, 280.4, 14.1),
      item('行政规范性文件', 78.8, 246.5),
      item('8', 249.2, 245.2, 14.1),
      item('26', 341.8, 245.2, 14.1),
    ]);
    expect(rows([p])).toEqual([
      ['规章', '1', '0'],
      ['行政规范性文件', '8', '26'],
    ]);
    const doc = pdfPagesToDocument([p]);
    expect(doc.format).toBe('pdf');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['row', 'row']);
    expect(doc.text).toBe('规章\t1\t0\n行政规范性文件\t8\t26');
  });

  it('joins a number pdf.js split into touching pieces ("1" + "1" is 11, not two cells)', () => {
    const p = page(3, [item('规章', 78.8, 281.5), item('1', 421.2, 280.4, 14.1, 7), item('1', 428.3, 280.4, 14.1, 7)]);
    expect(rows([p])).toEqual([['规章', '11']]);
  });

  it('keeps running text whole and adds no space at CJK/Latin typesetting gaps', () => {
    const p = page(1, [item('2024', 128.6, 637.8, 22, 44), item('年政府信息公开工作年度报告', 178.2, 637.8, 22)]);
    expect(rows([p])).toEqual([['2024年政府信息公开工作年度报告']]);
  });

  it('drops page-number furniture ("- 4 -") in the margins but keeps numbers in the body', () => {
    const p = page(4, [item('-', 74.3, 39.5, 13, 4.3), item('4', 81.8, 39.5, 13, 6.5), item('-', 91.6, 39.5, 13, 4.3), item('行政许可', 78.8, 139.4), item('4', 249.2, 139.2)]);
    expect(rows([p])).toEqual([['行政许可', '4']]);
  });

  it('joins a one-character-per-line vertical header into one cell and keeps it out of the rows it crosses', () => {
    // 092 page 4: 三、本年度办理结果 stacked at x=76.8, 15pt apart, beside the result rows.
    const chars = ['本', '年', '度', '办', '理', '结', '果'];
    const p = page(4, [
      item('三', 76.8, 250.7, 7.5),
      item('、', 84.4, 250.7, 7.5),
      ...chars.map((c, i) => item(c, 76.8, 235.7 - 15 * i, 7.5)),
      item('2.其他法律行政法规禁止公开', 143, 238.5, 7.5),
      item('30', 264, 236.3, 7.5),
      item('1', 301.6, 236.3, 7.5),
    ]);
    const got = rows([p]);
    expect(got).toContainEqual(['三、本年度办理结果']);
    expect(got).toContainEqual(['2.其他法律行政法规禁止公开', '30', '1']);
    expect(got.flat().filter((t) => t.length === 1 && !/\d/.test(t))).toEqual([]);
  });

  it('does not take the first characters of wrapped narrative lines for a vertical header', () => {
    // 092 page 1: lines ending in "）", "月", "地址：" at the same x, each touching text on its left.
    const p = page(1, [
      item('以下简称《条例》', 327.8, 525.8, 16),
      item('）', 454.9, 525.8, 16),
      item('规定编', 470.5, 525.8, 16),
      item('至2024年12', 376.8, 497.8, 16),
      item('月', 455.3, 497.8, 16),
      item('31日。', 471.2, 497.8, 16),
      item('室联系（', 390, 469.8, 16),
      item('地址', 455.8, 469.8, 16),
      item('：', 487.8, 469.8, 16),
    ]);
    expect(rows([p]).map((r) => r.join(''))).toEqual(['以下简称《条例》）规定编', '至2024年12月31日。', '室联系（地址：']);
  });

  it('reads a vertical-writing run (one item taller than wide) as a cell at its top', () => {
    const p = page(3, [{ str: '三、本年', x: 90.6, y: 235.5, width: 10, height: 40.1, fontSize: 10 }, item('1.属于国家秘密', 180.7, 248.3), item('1', 322.2, 248.5, 14.1)]);
    expect(rows([p])).toEqual([['1.属于国家秘密', '1'], ['三、本年']]);
  });

  it('continues a table across pages in reading order and gives each cell its page and box', () => {
    const p4 = page(4, [item('（四）无', 101, 66.9, 7.5), item('1.本机关不掌握相关政府信息', 143, 71, 7.5), item('746', 262.2, 68.7, 7.5), item('- 4 -', 74.3, 39.5, 13)]);
    const p5 = page(5, [item('- 5 -', 496.9, 39.5, 13), item('法提供', 101, 749.9, 7.5), item('2.没有现成信息需要另行制作', 143, 749.7, 7.5), item('11', 264, 747.4, 7.5)]);
    const doc = pdfPagesToDocument([p4, p5]);
    expect(doc.blocks.map((b) => b.cells.map((c) => c.text))).toEqual([['1.本机关不掌握相关政府信息', '746'], ['（四）无'], ['法提供', '2.没有现成信息需要另行制作', '11']]);
    const v746 = doc.blocks[0]!.cells[1]!;
    expect(v746.prov.page).toBe(4);
    expect(v746.prov.line).toBe(1);
    const [x0, y0, x1, y1] = v746.prov.bbox!;
    expect(x0).toBeCloseTo(262.2, 1);
    expect(x1).toBeCloseTo(262.2 + 11.25, 0);
    expect(y0).toBeLessThan(68.7);
    expect(y1).toBeGreaterThan(68.7);
    expect(doc.blocks[2]!.cells[2]!.prov.page).toBe(5);
  });

  it('gives an empty document for pages without text', () => {
    const doc = pdfPagesToDocument([page(1, []), page(2, [item(' ', 10, 10, 10, 3)])]);
    expect(doc.blocks).toEqual([]);
    expect(doc.text).toBe('');
  });
});
