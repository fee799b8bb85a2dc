/**
 * Blank cells in PDF tables print nothing: the column geometry must keep them blank instead of
 * sliding the row's later values left. The input is the real text layer (and drawn table grid) of
 * report 092 with printed values taken out, so the rest of the row is known from the hand-checked
 * expected file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePdfPages } from '../../src/ingest/parse';
import { extractPdfItems } from '../../src/ingest/pdf/extract';
import { pdfPagesToDocument, type PdfPageItems } from '../../src/ingest/pdf/layout';
import { REQUEST_COLUMNS, REQUEST_ROWS_V2021 } from '../../src/model/template';
import { CORPUS_DIR } from '../shared';

const expected = JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', '092.json'), 'utf8')) as { cells: Record<string, number> };
let pages: PdfPageItems[] = [];

beforeAll(async () => {
  pages = await extractPdfItems(new Uint8Array(readFileSync(join(CORPUS_DIR, 'reports', '092.pdf'))));
}, 60_000);

/** The pages without the item printed at (x, y) on page `page`. */
function without(page: number, x: number, y: number): PdfPageItems[] {
  return pages.map((p) => {
    if (p.page !== page) return p;
    const items = p.items.filter((it) => !(Math.abs(it.x - x) < 0.5 && Math.abs(it.y - y) < 0.5 && it.str.trim() !== ''));
    expect(items.length).toBe(p.items.length - 1);
    return { ...p, items };
  });
}

describe('blank cells in PDF tables', () => {
  it('the real layout has no blank cell to begin with', () => {
    expect(pdfPagesToDocument(pages).blocks.flatMap((b) => b.cells).filter((c) => c.text === '')).toEqual([]);
  });

  it('a value missing in the middle of a table-三 row becomes a blank cell in its own column', () => {
    // 二、上年结转: 34 0 0 0 0 0 34; the 商业企业 "0" (x 301.6, y 346.7 on page 4) is removed.
    const r = parsePdfPages(without(4, 301.6, 346.7), { fileName: '092.pdf' });
    if (!r.ok) throw new Error(r.error.message.en);
    const got = new Map(r.report.cells.map((c) => [c.key, c]));
    for (const col of REQUEST_COLUMNS) {
      const key = `requests.carried_over.${col.key}`;
      const c = got.get(key);
      if (col.key === 'org_commercial') expect([key, c?.semantic, c?.value]).toEqual([key, 'blank', null]);
      else expect([key, c?.semantic, c?.value]).toEqual([key, 'number', expected.cells[key]]);
    }
    // The neighbouring rows are untouched.
    expect(got.get('requests.new_received.total')?.value).toBe(3119);
    expect(got.get('requests.results.granted.org_commercial')?.value).toBe(21);
  });

  it('a value missing at the start of a row (after its label) is blank there, not filled from the right', () => {
    // 1.属于国家秘密: 2 0 0 0 0 0 2; the 自然人 "2" (x 265.9, y 260.4 on page 4) is removed.
    const r = parsePdfPages(without(4, 265.9, 260.4), { fileName: '092.pdf' });
    if (!r.ok) throw new Error(r.error.message.en);
    const got = new Map(r.report.cells.map((c) => [c.key, c]));
    expect(got.get('requests.results.denied.state_secret.natural_person')?.semantic).toBe('blank');
    expect(got.get('requests.results.denied.state_secret.total')?.value).toBe(2);
    expect(got.get('requests.results.denied.state_secret.org_commercial')?.value).toBe(0);
  });

  it('the real PDF draws its tables: pages 3 to 5 carry ruling lines, the text-only pages none', () => {
    expect(pages.map((p) => (p.rules ?? []).length > 0)).toEqual([false, false, true, true, true, false]);
    // Table 三 on page 4 (13 rows of 7 values, 本年新收 to 不掌握): every printed value sits between two vertical rules.
    const vs = (pages[3]?.rules ?? []).filter((r) => r.axis === 'v');
    const values = (pages[3]?.items ?? []).filter((it) => /^\d+$/.test(it.str) && it.y > 60 && it.y < 480);
    expect(values.length).toBe(7 * 13);
    for (const it of values) {
      const left = vs.filter((v) => v.at <= it.x && v.from <= it.y && v.to >= it.y);
      const right = vs.filter((v) => v.at >= it.x + it.width && v.from <= it.y && v.to >= it.y);
      expect([it.str, left.length > 0, right.length > 0]).toEqual([it.str, true, true]);
    }
  });

  // The x of each value column of table 三 (pages 4 and 5), as pdf.js reports the printed digits.
  const COLUMN_X: Readonly<Record<string, number>> = { natural_person: 262, org_commercial: 301.6, org_research: 337.4, org_public_interest: 375, org_legal_services: 420, org_other: 460, total: 500 };

  /** The pages without any digit printed in column `col` of table 三. */
  function withoutColumn(col: string, keepRules = true): PdfPageItems[] {
    const x = COLUMN_X[col] ?? NaN;
    return pages.map((p) => {
      const rules = keepRules ? p.rules : undefined;
      const base = { page: p.page, width: p.width, height: p.height, ...(rules !== undefined ? { rules } : {}) };
      if (p.page !== 4 && p.page !== 5) return { ...base, items: p.items };
      // Table 三 ends above table 四's heading on page 5 (y 344); table 四's values stay.
      return { ...base, items: p.items.filter((it) => !(Math.abs(it.x - x) < 8 && /^\d+$/.test(it.str) && (p.page === 4 || it.y > 380))) };
    });
  }

  it.each(REQUEST_COLUMNS.map((c) => [c.key] as const))(
    'column %s blank in every row of the real table 三 is placed by the drawn grid: blank there, every other cell as printed',
    (col) => {
      const r = parsePdfPages(withoutColumn(col), { fileName: '092.pdf' });
      if (!r.ok) throw new Error(r.error.message.en);
      const got = new Map(r.report.cells.filter((c) => c.derived !== true).map((c) => [c.key, c]));
      for (const row of REQUEST_ROWS_V2021) {
        for (const c of REQUEST_COLUMNS) {
          const key = `requests.${row.key}.${c.key}`;
          const cell = got.get(key);
          if (c.key === col) expect([key, cell?.semantic, cell?.value]).toEqual([key, 'blank', null]);
          else expect([key, cell?.semantic, cell?.value]).toEqual([key, 'number', expected.cells[key]]);
        }
      }
      expect(r.report.diagnostics.filter((d) => d.code === 'row_ambiguous')).toEqual([]);
      // Tables 二 and 四 are untouched.
      expect(r.report.cells.find((c) => c.key === 'review_litigation.admin_review.total')?.value).toBe(351);
      expect(r.report.cells.find((c) => c.key === 'active.art20_1.regulations.in_force')?.value).toBe(11);
    },
  );

  it('without its ruling lines, a column blank in every row withdraws the rows instead of sliding values left', () => {
    const r = parsePdfPages(withoutColumn('org_research', false), { fileName: '092.pdf' });
    if (!r.ok) throw new Error(r.error.message.en);
    const requests = r.report.cells.filter((c) => c.key.startsWith('requests.'));
    // Whatever is still emitted must be exactly the printed value of its own column.
    for (const c of requests) expect([c.key, c.value]).toEqual([c.key, expected.cells[c.key]]);
    expect(requests.filter((c) => c.derived !== true)).toEqual([]);
    const ambiguous = r.report.diagnostics.filter((d) => d.code === 'row_ambiguous' && d.table === 'requests');
    expect(ambiguous.length).toBe(REQUEST_ROWS_V2021.length);
    expect(ambiguous[0]?.message.zh).toContain('列位置无法从版面确定');
    expect(r.report.cells.find((c) => c.key === 'review_litigation.admin_review.total')?.value).toBe(351);
  });
});

describe('partly unreadable PDFs', () => {
  it('image-only pages among text pages are named in a scanned_pages warning, and nothing is invented for them', () => {
    // Pages 4 and 5 of 092 (table 三 and 四) as if pasted in as pictures.
    const cut = pages.map((p) => (p.page === 4 || p.page === 5 ? { ...p, items: [] } : p));
    const r = parsePdfPages(cut, { fileName: '092.pdf' });
    if (!r.ok) throw new Error(r.error.message.en);
    const d = r.report.diagnostics.find((x) => x.code === 'scanned_pages');
    expect(d?.message.zh).toContain('第 4、5 页');
    expect(d?.message.en).toContain('4, 5');
    expect(r.report.cells.filter((c) => c.key.startsWith('requests.') || c.key.startsWith('review_'))).toEqual([]);
    // Page 3's part of table 二 is still read.
    expect(r.report.cells.find((c) => c.key === 'active.art20_5.admin_licensing.decisions')?.value).toBe(447228);
  });

  it('a text layer that maps to no real characters (fonts without ToUnicode) is pdf_text_unreadable', () => {
    const garbled = pages.map((p) => ({ ...p, items: p.items.map((it) => ({ ...it, str: it.str.replace(/[^\s]/g, '\ue0a1') })) }));
    const r = parsePdfPages(garbled, { fileName: '092.pdf' });
    expect(r.ok ? null : r.error.code).toBe('pdf_text_unreadable');
    if (!r.ok) expect(r.error.message.zh).toContain('文字识别');
  });
});
