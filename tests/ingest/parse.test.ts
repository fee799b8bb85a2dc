import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToDocument } from '../../src/ingest/html/frontend';
import { parseReport } from '../../src/ingest/parse';
import type { Cell, Report } from '../../src/model/report';
import { CELL_DEFS } from '../../src/model/template';
import { CORPUS_DIR } from '../shared';
import { readManifest, readReport } from './corpus';
import { encodeGbk } from './gbk';

const manifest = new Map(readManifest().map((r) => [r.id, r]));

function parseId(id: string): Report {
  const row = manifest.get(id);
  if (row === undefined) throw new Error(`no report ${id}`);
  const r = parseReport(readReport(row.file), { fileName: row.file, hints: { year: Number(row.year) } });
  if (!r.ok) throw new Error(`${id}: ${r.error.code}`);
  return r.report;
}

function cell(report: Report, key: string): Cell {
  const c = report.cells.find((x) => x.key === key);
  if (c === undefined) throw new Error(`no cell ${key}`);
  return c;
}

describe('parseReport: errors are clear and bilingual, never thrown', () => {
  it('refuses empty input', () => {
    for (const input of ['', '   \n\t ', new Uint8Array(0)]) {
      const r = parseReport(input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('empty_input');
        expect(r.error.message.zh.length).toBeGreaterThan(0);
        expect(r.error.message.en.length).toBeGreaterThan(0);
      }
    }
  });
  it('refuses PDF and DOCX bytes with format_unsupported', () => {
    const pdf = parseReport(new TextEncoder().encode('%PDF-1.7\n...'));
    const docx = parseReport(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(pdf.ok ? null : pdf.error.code).toBe('format_unsupported');
    expect(docx.ok ? null : docx.error.code).toBe('format_unsupported');
    expect(parseReport('text', { fileName: 'x.pdf' }).ok).toBe(false);
  });
  it('says not_a_report for a document that is no report', () => {
    const r = parseReport('Quarterly sales figures\nRevenue 100\nCosts 50\n');
    expect(r.ok ? null : r.error.code).toBe('not_a_report');
    const zh = parseReport('今天天气很好，我们去公园散步。\n晚上吃饺子。');
    expect(zh.ok ? null : zh.error.code).toBe('not_a_report');
  });
});

describe('decoding', () => {
  it('reads a GBK-encoded report exactly as its UTF-8 original (000)', () => {
    const text = readFileSync(join(CORPUS_DIR, 'reports/000.txt'), 'utf8');
    const utf8 = parseReport(text, { format: 'txt' });
    const gbk = parseReport(encodeGbk(text), { format: 'txt' });
    expect(utf8.ok && gbk.ok).toBe(true);
    if (utf8.ok && gbk.ok) {
      expect(gbk.report.cells).toEqual(utf8.report.cells);
      expect(gbk.report.cells.length).toBeGreaterThan(190);
    }
  });
  it('strips a UTF-8 byte-order mark', () => {
    const text = readFileSync(join(CORPUS_DIR, 'reports/000.txt'), 'utf8');
    const bytes = new TextEncoder().encode(text);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    const a = parseReport(withBom);
    const b = parseReport(bytes);
    expect(a.ok && b.ok && a.report.cells.length === b.report.cells.length).toBe(true);
  });
  it('detects HTML and markdown from the content when no file name is given', () => {
    const html = parseReport(readReport('reports/001.html'));
    expect(html.ok && html.report.meta.sourceFormat).toBe('html');
    const md = parseReport(readReport('reports/205.md'));
    expect(md.ok && md.report.meta.sourceFormat).toBe('md');
  });
});

describe('seed report 000', () => {
  it('yields every one of the 198 v2019 template cells and nothing else printed', () => {
    const report = parseId('000');
    const printed = report.cells.filter((c) => c.derived !== true).map((c) => c.key).sort();
    expect(printed).toEqual(CELL_DEFS.v2019.map((d) => d.key).sort());
    expect(report.meta.template).toBe('v2019');
  });
});

describe('provenance, money and derived cells on real reports', () => {
  it('000: provenance is the 1-based line of the source text', () => {
    const text = readFileSync(join(CORPUS_DIR, 'reports/000.txt'), 'utf8');
    const lines = text.split('\n');
    const report = parseId('000');
    const c = cell(report, 'active.art20_1.regulations.new_made');
    expect(lines[(c.provenance.line ?? 0) - 1]?.startsWith('规章\t1')).toBe(true);
    const p = cell(report, 'active.art20_9.central_procurement.total_amount');
    expect(lines[(p.provenance.line ?? 0) - 1]).toContain('0.0436');
  });
  it('000: the procurement amount keeps its printed form and unit; yuan is derived', () => {
    const report = parseId('000');
    const c = cell(report, 'active.art20_9.central_procurement.total_amount');
    expect(c).toMatchObject({ raw: '0.0436 亿元', value: 0.0436, unit: '亿元', valueYuan: 4360000 });
    expect(cell(report, 'active.art20_9.central_procurement.total_amount_yuan')).toMatchObject({ value: 4360000, derived: true });
  });
  it('030: an amount without any unit has unknown yuan and no derived yuan cell', () => {
    const report = parseId('030');
    expect(cell(report, 'active.art20_9.central_procurement.total_amount')).toMatchObject({ value: 8040, valueYuan: null });
    expect(report.cells.some((c) => c.key === 'active.art20_9.central_procurement.total_amount_yuan')).toBe(false);
  });
  it('209: v2021 derived cells are the sums of the printed cells (expected file values)', () => {
    const expected = JSON.parse(readFileSync(join(CORPUS_DIR, 'expected/209.json'), 'utf8')) as { cells: Record<string, number> };
    const report = parseId('209');
    for (const col of ['natural_person', 'total']) {
      const sum = ['no_correction', 'fee_unpaid', 'other'].reduce((s, r) => s + (expected.cells[`requests.results.other.${r}.${col}`] ?? Number.NaN), 0);
      expect(cell(report, `requests.results.other.total.${col}`)).toMatchObject({ value: sum, derived: true });
    }
    const fee = expected.cells['active.art20_8.admin_fees.amount_wan_yuan'] ?? Number.NaN;
    expect(cell(report, 'active.art20_8.admin_fees.amount_yuan')).toMatchObject({ value: fee * 10000, derived: true });
  });
  it('165: a signed change printed "+2" keeps its value 2', () => {
    expect(cell(parseId('165'), 'active.art20_6.admin_penalty.items_change').value).toBe(2);
  });
});

describe('provenance on every corpus report', () => {
  it('each printed cell points at a source line that shows its raw text', () => {
    let checked = 0;
    for (const row of manifest.values()) {
      if (row.format === 'pdf') continue;
      const bytes = readReport(row.file);
      const r = parseReport(bytes, { fileName: row.file });
      if (!r.ok) continue;
      const text = row.format === 'html' ? htmlToDocument(new TextDecoder().decode(bytes)).text : new TextDecoder().decode(bytes);
      const lines = text.split(/\r\n|\r|\n/);
      for (const c of r.report.cells) {
        if (c.derived === true) continue;
        const line = c.provenance.line ?? 0;
        expect(line, `${row.id} ${c.key}`).toBeGreaterThanOrEqual(1);
        if (c.raw !== '') expect(lines[line - 1] ?? '', `${row.id} ${c.key}`).toContain(c.raw);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });
});

describe('diagnostics on real reports', () => {
  const codes = (r: Report): string[] => r.diagnostics.map((d) => d.code);
  it('000 (full, clean) raises no table warning', () => {
    expect(parseId('000').diagnostics.filter((d) => d.level !== 'info')).toEqual([]);
  });
  it('103: v2019 labels in a 2023 report give template_mismatch (warn)', () => {
    const d = parseId('103').diagnostics.find((x) => x.code === 'template_mismatch');
    expect(d?.level).toBe('warn');
  });
  it('097: the Hubei extra row is unknown_row (V7) and the cut row is row_truncated', () => {
    const r = parseId('097');
    expect(codes(r)).toContain('unknown_row');
    expect(codes(r)).toContain('row_truncated');
    expect(codes(r)).toContain('truncated');
  });
  it('016: an annotated extra row whose note mentions 规范性文件 is unknown_row, not a second 规范性文件 row', () => {
    const r = parseId('016');
    expect(codes(r)).toContain('unknown_row');
    expect(cell(r, 'active.art20_1.normative_docs.new_made').value).toBe(87);
  });
  it('162: a lone value before empty cells is not placed (row_ambiguous)', () => {
    expect(codes(parseId('162'))).toContain('row_ambiguous');
  });
  it('003: an intro-only excerpt is text_only and says it is truncated', () => {
    const r = parseId('003');
    expect(r.meta.template).toBe('text_only');
    expect(codes(r)).toContain('truncated');
    expect(r.cells).toEqual([]);
  });
  it('every diagnostic message is bilingual', () => {
    for (const id of ['000', '001', '097', '126', '162', '205']) {
      for (const d of parseId(id).diagnostics) {
        expect(d.message.zh.length).toBeGreaterThan(0);
        expect(d.message.en.length).toBeGreaterThan(0);
      }
    }
  });
});
