/**
 * DOCX front end. Fixtures are built in the test from real corpus reports (their tables re-expressed
 * as Word tables with merged cells), never committed; values are checked against the hand-checked
 * expected files of ../shared/corpus/expected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { docxToDocument, docxXmlToDocument } from '../../src/ingest/docx/frontend';
import { htmlToDocument } from '../../src/ingest/html/frontend';
import { parseReport, parseReportAsync } from '../../src/ingest/parse';
import { textToDocument } from '../../src/ingest/text/frontend';
import type { Report } from '../../src/model/report';
import { CORPUS_DIR } from '../shared';
import { docxFrom, documentXmlFrom, para, wrapBody } from './build-docx';

type ExpectedValue = number | string | null | { raw: string; yuan: number | null };
interface Expected {
  template: string;
  cells: Record<string, ExpectedValue>;
}

function expectedOf(id: string): Expected {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', `${id}.json`), 'utf8')) as Expected;
}

/** Every expected cell exact, no extra printed cell, the template exact. */
function mismatches(e: Expected, report: Report): string[] {
  const got = new Map(report.cells.map((c) => [c.key, c]));
  const out: string[] = [];
  for (const [key, want] of Object.entries(e.cells)) {
    const c = got.get(key);
    if (c === undefined) out.push(`${key}: missing`);
    else if (want === null) {
      if (c.semantic !== 'blank') out.push(`${key}: want blank, got ${c.semantic} "${c.raw}"`);
    } else if (want === 'na') {
      if (c.semantic !== 'na') out.push(`${key}: want na, got ${c.semantic} "${c.raw}"`);
    } else if (typeof want === 'number') {
      if (c.value !== want || c.semantic !== 'number') out.push(`${key}: want ${String(want)}, got ${c.semantic} "${c.raw}"`);
    } else if (typeof want === 'string') {
      if (c.raw !== want) out.push(`${key}: want "${want}", got "${c.raw}"`);
    } else if (c.raw !== want.raw || c.valueYuan !== want.yuan) out.push(`${key}: want ${JSON.stringify(want)}, got "${c.raw}"`);
  }
  for (const c of report.cells) if (c.derived !== true && !(c.key in e.cells)) out.push(`${c.key}: extra "${c.raw}"`);
  if (report.meta.template !== e.template) out.push(`template: want ${e.template}, got ${report.meta.template}`);
  return out;
}

const xmlOfHtml = (id: string): string => documentXmlFrom(htmlToDocument(readFileSync(join(CORPUS_DIR, 'reports', `${id}.html`), 'utf8')));
const docxOfHtml = (id: string): Uint8Array => docxFrom(xmlOfHtml(id));
const docxOfText = (id: string): Uint8Array => docxFrom(documentXmlFrom(textToDocument(readFileSync(join(CORPUS_DIR, 'reports', `${id}.txt`), 'utf8'), 'txt')));

describe('DOCX reports built from real corpus reports', () => {
  it.each([
    ['001', 2019],
    ['209', 2025],
  ] as const)('report %s (HTML tables with row and column spans, as a Word file) matches its expected cells', async (id, year) => {
    const xml = xmlOfHtml(id);
    // The fixture really holds Word's merged cells: both kinds of span are exercised.
    expect(xml).toMatch(/<w:vMerge\/>/);
    expect(xml).toMatch(/<w:gridSpan w:val="\d+"\/>/);
    const bytes = docxFrom(xml);
    const r = await parseReportAsync(bytes, { fileName: `${id}.docx`, hints: { year } });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message.en}`);
    expect(mismatches(expectedOf(id), r.report).join('\n')).toBe('');
    expect(r.report.meta.sourceFormat).toBe('docx');
  });

  it('report 000 (tab-separated tables of a PDF extraction, as Word tables) matches its expected cells', async () => {
    const r = await parseReportAsync(docxOfText('000'), { fileName: '000.docx', hints: { year: 2020 } });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message.en}`);
    expect(mismatches(expectedOf('000'), r.report).join('\n')).toBe('');
  });

  it('keeps paragraphs as lines of the visible text, with provenance paths', () => {
    const doc = docxToDocument(docxOfHtml('001'));
    expect(doc.format).toBe('docx');
    expect(doc.text).toContain('政府信息公开');
    const firstRow = doc.blocks.find((b) => b.kind === 'row');
    expect(firstRow?.table).toBe(0);
    expect(firstRow?.cells[0]?.prov.path).toMatch(/^tbl\[1\]\/tr\[\d+\]\/tc\[1\]$/);
    doc.blocks.forEach((b) => {
      for (const c of b.cells) expect(doc.text.split('\n')[c.prov.line! - 1]).toContain(c.text);
    });
  });
});

describe('docxXmlToDocument', () => {
  it('expands w:gridSpan, w:gridBefore and w:vMerge into grid columns and spans', () => {
    const tc = (inner: string, pr = ''): string => `<w:tc><w:tcPr>${pr}</w:tcPr>${inner}</w:tc>`;
    const xml = wrapBody(
      '<w:tbl>' +
        `<w:tr>${tc(para('行政复议'), '<w:gridSpan w:val="5"/>')}${tc(para('行政诉讼'), '<w:gridSpan w:val="2"/>')}</w:tr>` +
        `<w:tr>${tc(para('A'), '<w:vMerge w:val="restart"/>')}${tc(para('1'))}${tc('<w:p/>')}</w:tr>` +
        `<w:tr>${tc('<w:p/>', '<w:vMerge/>')}${tc(para('2'))}${tc(para('/'))}</w:tr>` +
        `<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>${tc(para('x'))}</w:tr>` +
        '</w:tbl>',
    );
    const doc = docxXmlToDocument(xml);
    const grid = doc.blocks.map((b) => b.cells.map((c) => [c.text, c.col, c.colspan, c.rowspan]));
    expect(grid).toEqual([
      [
        ['行政复议', 0, 5, 1],
        ['行政诉讼', 5, 2, 1],
      ],
      [
        ['A', 0, 1, 2],
        ['1', 1, 1, 1],
        ['', 2, 1, 1],
      ],
      [
        ['2', 1, 1, 1],
        ['/', 2, 1, 1],
      ],
      [['x', 2, 1, 1]],
    ]);
    expect(doc.blocks.every((b) => b.kind === 'row' && b.table === 0)).toBe(true);
  });

  it('reads runs, tabs, breaks and entities, and skips deleted, hidden and field-code text', () => {
    const xml = wrapBody(
      '<w:p><w:r><w:t>主动公开</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>' +
        '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>政府信息&amp;条</w:t></w:r></w:p>' +
        '<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p><w:p/>' +
        '<w:sdt><w:sdtContent><w:p><w:r><w:t>控件内文字</w:t></w:r></w:p></w:sdtContent></w:sdt>' +
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>' +
        '<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>',
    );
    const doc = docxXmlToDocument(xml);
    expect(doc.text.split('\n')).toEqual(['主动公开政府信息&条', '第一行', '第二行', '控件内文字', '文本框']);
    expect(doc.blocks.map((b) => b.kind)).toEqual(['line', 'line', 'line', 'line', 'line']);
  });
});

describe('DOCX errors never throw', () => {
  it('a ZIP without word/document.xml is docx_unreadable', async () => {
    const zip = zipSync({ 'hello.txt': strToU8('hi') });
    const r = await parseReportAsync(zip, { fileName: 'x.docx' });
    expect(r.ok ? null : r.error.code).toBe('docx_unreadable');
    if (!r.ok) expect(r.error.message.zh).toContain('DOCX');
  });

  it('a damaged ZIP is docx_unreadable', async () => {
    const bytes = docxOfHtml('001').slice(0, 200);
    const r = await parseReportAsync(bytes, { fileName: 'x.docx' });
    expect(r.ok ? null : r.error.code).toBe('docx_unreadable');
  });

  it('a legacy .doc (OLE) file is format_unsupported with a bilingual hint', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const r = await parseReportAsync(ole, { fileName: 'old.doc' });
    expect(r.ok ? null : r.error.code).toBe('format_unsupported');
    if (!r.ok) expect(r.error.message.en).toContain('.docx');
  });

  it('the synchronous parseReport refuses DOCX bytes and points to parseReportAsync', () => {
    const r = parseReport(docxOfHtml('001'), { fileName: 'a.docx' });
    expect(r.ok ? null : r.error.code).toBe('format_unsupported');
    if (!r.ok) expect(r.error.message.en).toContain('parseReportAsync');
  });
});
