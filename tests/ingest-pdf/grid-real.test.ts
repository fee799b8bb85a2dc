/**
 * The drawn grids of the real PDFs (092, 203): what the ruling lines change in their documents.
 * Values come from ../shared/corpus/expected; labels from the template.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractPdfItems } from '../../src/ingest/pdf/extract';
import { findGrids } from '../../src/ingest/pdf/grid';
import { hasTableRows, pdfPagesToDocument, type PdfPageItems } from '../../src/ingest/pdf/layout';
import { REQUEST_COLUMNS, REQUEST_ROWS_V2021 } from '../../src/model/template';
import { CORPUS_DIR } from '../shared';

type Expected = { cells: Record<string, number> };
const expected092 = JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', '092.json'), 'utf8')) as Expected;
const read = async (id: string): Promise<PdfPageItems[]> => extractPdfItems(new Uint8Array(readFileSync(join(CORPUS_DIR, 'reports', `${id}.pdf`))));
const noRules = (pages: readonly PdfPageItems[]): PdfPageItems[] => pages.map((p) => ({ page: p.page, width: p.width, height: p.height, items: p.items }));
const rows = (pages: readonly PdfPageItems[]): string[][] => pdfPagesToDocument(pages).blocks.map((b) => b.cells.map((c) => c.text));

let p092: PdfPageItems[] = [];
let p203: PdfPageItems[] = [];

beforeAll(async () => {
  [p092, p203] = await Promise.all([read('092'), read('203')]);
}, 120_000);

describe('ruling lines of the real PDFs', () => {
  it('are read only on pages whose text has table rows, and each such page holds a grid', () => {
    expect(p092.map(hasTableRows)).toEqual([false, false, true, true, true, false]);
    expect(p092.map((p) => p.rules !== undefined)).toEqual(p092.map(hasTableRows));
    for (const p of p092.filter((x) => x.rules !== undefined)) expect([p.page, findGrids(p.rules ?? []).length > 0]).toEqual([p.page, true]);
  });

  it('are not read when the caller opts out (`rules: false`), and the text is the same', async () => {
    const pages = await extractPdfItems(new Uint8Array(readFileSync(join(CORPUS_DIR, 'reports', '203.pdf'))), { rules: false });
    expect(pages.map((p) => p.rules)).toEqual(pages.map(() => undefined));
    expect(pages.map((p) => p.items)).toEqual(p203.map((p) => p.items));
  }, 60_000);

  it('join a row label wrapped round its values into one cell on the values line (092 table 三)', () => {
    const row = REQUEST_ROWS_V2021.find((r) => r.key === 'results.partially_granted');
    const values = REQUEST_COLUMNS.map((c) => String(expected092.cells[`requests.results.partially_granted.${c.key}`]));
    expect(rows(p092)).toContainEqual([row?.zh, ...values]);
    // Without the grid the label stays in pieces above and below the values.
    const before = rows(noRules(p092));
    expect(before).toContainEqual(values);
    expect(before).not.toContainEqual([row?.zh, ...values]);
  });

  it('part two header cells printed close together across a drawn border (203 table 四: 结果 | 其他)', () => {
    const header = (rs: string[][]): string[] | undefined => rs.find((r) => r[0] === '维持' && r.length > 8);
    expect(header(rows(noRules(p203)))).toContain('结果其他');
    const got = header(rows(p203));
    expect(got).not.toContain('结果其他');
    expect(got?.slice(8)).toEqual(['结果', '结果', '其他', '尚未']);
  });
});
