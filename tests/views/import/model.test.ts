/**
 * The import screens' pure helpers on real reports of the shared corpus, parsed through the import
 * pipeline: how blank, `/`, text, number and failing cells are shown, the provenance tooltips, the
 * status summary, the review form's corrections. Expected values come from `expected/*.json`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImportFile } from '../../../src/import/pipeline';
import type { ImportItem, ParsedImport } from '../../../src/import/types';
import type { Cell } from '../../../src/model/report';
import {
  cellDisplay,
  editsFromForm,
  failsByKey,
  fileKind,
  formOf,
  isAcceptable,
  itemNote,
  parseYearInput,
  progressPercent,
  provenanceText,
  statusSummary,
} from '../../../src/views/import/model';
import { imageOnlyPdf } from '../../ingest-pdf/build-pdf';
import { CORPUS_DIR, REPO_ROOT } from '../../shared';

const SLOW = 60_000;
const PDF_ENV = { pdf: { cMapUrl: `${join(REPO_ROOT, 'node_modules', 'pdfjs-dist', 'cmaps')}/` } };

type ExpectedValue = number | null | string | { raw: string; yuan: number };
interface Expected { readonly year: number; readonly agency: string; readonly cells: Readonly<Record<string, ExpectedValue>> }

function expected(id: string): Expected {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', `${id}.json`), 'utf8')) as Expected;
}

function bytesOf(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS_DIR, 'reports', file)));
}

async function parse(relPath: string, bytes: Uint8Array, index = 0): Promise<ImportItem> {
  return parseImportFile({ relPath, bytes }, index, PDF_ENV);
}

function parsedOf(item: ImportItem): ParsedImport {
  if (!item.parsed) throw new Error(`${item.relPath} did not parse: ${item.failure?.message.en ?? '?'}`);
  return item.parsed;
}

function cellsOf(p: ParsedImport): Map<string, Cell> {
  return new Map(p.report.cells.map((c) => [c.key, c]));
}

/** 001.html with the first empty cell of 二、上年结转 (法人：商业企业) printed as `/` instead. */
function html001WithSlash(): Uint8Array {
  const text = new TextDecoder().decode(bytesOf('001.html'));
  const row = text.indexOf('二、上年结转政府信息公开申请数量');
  const blank = text.indexOf('&nbsp;', row);
  expect(row).toBeGreaterThan(0);
  return new TextEncoder().encode(`${text.slice(0, blank)}/${text.slice(blank + '&nbsp;'.length)}`);
}

describe('which dropped files are reports', () => {
  it('tells reports, corpus tables and other files apart by extension', () => {
    const names = ['a/092.PDF', 'a/b/001.htm', 'x.html', 'r.txt', 'r.md', 'r.docx', 'cells.parquet', 'reports.CSV', 'notes.xlsx', 'README', '.pdf', 'csv/a.pdf'];
    expect(names.map(fileKind)).toEqual(['report', 'report', 'report', 'report', 'report', 'report', 'corpus', 'corpus', 'other', 'other', 'other', 'report']);
  });
});

describe('cells of a real HTML report (001, 上海市人民政府办公厅 2019)', () => {
  it('shows printed numbers as printed, blanks as empty (never 0), `/` as `/`, and unread cells as absent', async () => {
    const p = parsedOf(await parse('001-slash.html', html001WithSlash()));
    const truth = expected('001');
    const cells = cellsOf(p);
    const slashKey = 'requests.carried_over.org_commercial';
    expect(truth.cells[slashKey]).toBeNull();
    let numbers = 0;
    let blanks = 0;
    for (const [key, want] of Object.entries(truth.cells)) {
      const d = cellDisplay(cells.get(key), [], 'zh');
      if (key === slashKey) {
        expect(d.kind).toBe('na');
        expect(d.text).toBe('/');
        expect(d.className).toContain('na');
        expect(d.title).toContain('不适用');
      } else if (want === null) {
        blanks++;
        expect(d.kind, key).toBe('blank');
        expect(d.text, key).toBe('');
        expect(d.className, key).toContain('blank');
        expect(d.title, key).toContain('空白');
        expect(d.title, key).toContain('原文为空白');
      } else if (typeof want === 'number') {
        numbers++;
        expect(d.kind, key).toBe('number');
        expect(Number(d.text.replace(/,/g, '')), key).toBe(want);
      }
    }
    expect(blanks).toBeGreaterThan(100);
    expect(numbers).toBeGreaterThan(50);
    const absent = cellDisplay(undefined, [], 'en');
    expect(absent).toMatchObject({ kind: 'absent', text: '' });
    expect(absent.title).toBe('Not in the document (not read)');
  }, SLOW);

  it('puts the HTML path and the printed text in the tooltip', async () => {
    const p = parsedOf(await parse('001.html', bytesOf('001.html')));
    const cell = cellsOf(p).get('requests.new_received.total');
    expect(cell?.raw).toBe('859');
    expect(cell?.provenance.path).toBeTruthy();
    if (!cell) return;
    const zh = provenanceText(cell, 'zh');
    expect(zh).toContain(`位置 ${cell.provenance.path ?? ''}`);
    expect(zh).toContain('原文：“859”');
    expect(provenanceText(cell, 'en')).toContain('printed: “859”');
  }, SLOW);
});

describe('cells of a real PDF report whose own table breaks a rule (203, 淮安市洪泽区 2023)', () => {
  it('marks the cells of the failed T4-SUM check and names the rule in the tooltip; page and line in the tooltip', async () => {
    const item = await parse('203.pdf', bytesOf('203.pdf'));
    expect(item.status).toBe('warn');
    const p = parsedOf(item);
    const fails = failsByKey(p.checks);
    const t4 = p.checks.filter((c) => c.ruleId === 'T4-SUM' && c.status === 'fail');
    expect(t4.length).toBeGreaterThan(0);
    const cells = cellsOf(p);
    const truth = expected('203');
    for (const c of t4) {
      for (const key of c.keys) {
        const d = cellDisplay(cells.get(key), fails.get(key) ?? [], 'zh');
        expect(d.failing, key).toBe(true);
        expect(d.className, key).toMatch(/\bfail\b/);
        expect(d.title, key).toContain('T4-SUM');
        const want = truth.cells[key];
        if (typeof want === 'number') expect(Number(d.text), key).toBe(want);
      }
    }
    // A cell no failed check involves is not marked.
    const passing = [...cells.keys()].find((k) => !fails.has(k));
    expect(passing).toBeDefined();
    expect(cellDisplay(cells.get(passing ?? ''), fails.get(passing ?? '') ?? [], 'zh').failing).toBe(false);

    const upheld = cells.get('review_litigation.admin_review.upheld');
    const upheldWant = truth.cells['review_litigation.admin_review.upheld'];
    expect(typeof upheldWant).toBe('number');
    expect(upheld?.value).toBe(upheldWant);
    expect(upheld?.provenance.page).toBeGreaterThan(0);
    expect(upheld?.provenance.line).toBeGreaterThan(0);
    if (!upheld) return;
    const { page, line } = upheld.provenance;
    expect(provenanceText(upheld, 'zh')).toBe(`第 ${String(page)} 页 第 ${String(line)} 行 · 原文：“${upheld.raw}”`);
    expect(provenanceText(upheld, 'en')).toBe(`page ${String(page)}, line ${String(line)} · printed: “${upheld.raw}”`);
    expect(itemNote(item, 'en')).toMatch(/^\d+ failed checks, \d+ parse notes$/);
  }, SLOW);
});

describe('status summary and notes', () => {
  it('counts finished, failed and not yet reported files; a scan gets its reason', async () => {
    const scan = await parse('scan.pdf', imageOnlyPdf(1), 1);
    expect(scan.status).toBe('error');
    expect(isAcceptable(scan)).toBe(false);
    expect(itemNote(scan, 'zh')).toContain('扫描件，无文字层');
    const html = await parse('001.html', bytesOf('001.html'), 0);
    expect(isAcceptable(html)).toBe(true);
    const queued: ImportItem = { index: 2, relPath: 'x.txt', status: 'queued' };
    const parsing: ImportItem = { index: 3, relPath: 'y.txt', status: 'parsing' };
    const s = statusSummary([html, scan, queued, parsing, undefined], 6);
    expect(s).toEqual({ total: 6, done: 2, queued: 3, parsing: 1, ok: html.status === 'ok' ? 1 : 0, warn: html.status === 'warn' ? 1 : 0, error: 1 });
    expect(progressPercent(2, 6)).toBe(33);
    expect(progressPercent(0, 0)).toBe(0);
  }, SLOW);
});

describe('the review form', () => {
  it('states only the fields the user changed, and refuses an empty name or a bad year', async () => {
    const p = parsedOf(await parse('001.html', bytesOf('001.html')));
    const det = p.identity;
    const form = formOf(det);
    expect(editsFromForm(det, form)).toEqual({ edits: {}, invalid: [] });
    const otherType = det.agencyType === 'department' ? 'government' : 'department';
    expect(editsFromForm(det, { ...form, agencyType: otherType, year: '2018', city: ' 上海市 ' }).edits).toEqual({
      agencyType: otherType,
      year: 2018,
      ...(det.city === '上海市' ? {} : { city: '上海市' }),
    });
    expect(editsFromForm(det, { ...form, district: '' }).edits).toEqual(det.district === null ? {} : { district: null });
    expect(editsFromForm(det, { ...form, agencyName: '  ', year: '20' }).invalid).toEqual(['agencyName', 'year']);
    expect(parseYearInput('')).toBeNull();
    expect(parseYearInput(' 2024 ')).toBe(2024);
    expect(parseYearInput('1800')).toBe('invalid');
    expect(parseYearInput('2024年')).toBe('invalid');
  }, SLOW);
});
