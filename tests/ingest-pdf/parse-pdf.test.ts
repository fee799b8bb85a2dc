/**
 * PDF entry points on hand-built PDFs: a scan without a text layer, a password-protected file, a
 * broken file, and a real text layer that is not a report. Real reports are in tests/golden.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPdfItems, PdfReadError } from '../../src/ingest/pdf/extract';
import { parsePdfPages, parseReport, parseReportAsync } from '../../src/ingest/parse';
import { REPO_ROOT } from '../shared';
import { imageOnlyPdf, passwordPdf, textPdf } from './build-pdf';

const ENV = { pdf: { cMapUrl: `${join(REPO_ROOT, 'node_modules', 'pdfjs-dist', 'cmaps')}/` } };
const SLOW = 30_000;

describe('scanned PDF (no text layer)', () => {
  it(
    'is read by pdf.js as pages without text items',
    async () => {
      const pages = await extractPdfItems(imageOnlyPdf(2));
      expect(pages.map((p) => p.page)).toEqual([1, 2]);
      expect(pages.map((p) => [p.width, p.height])).toEqual([
        [595, 842],
        [595, 842],
      ]);
      expect(pages.flatMap((p) => p.items.filter((it) => it.str.trim() !== ''))).toEqual([]);
    },
    SLOW,
  );

  it(
    'is reported as scanned_pdf with a bilingual message, never as an empty report',
    async () => {
      const r = await parseReportAsync(imageOnlyPdf(2), { fileName: 'scan.pdf' }, ENV);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('scanned_pdf');
      expect(r.error.message.zh).toContain('扫描件，无文字层');
      expect(r.error.message.zh).toContain('scan.pdf');
      expect(r.error.message.en).toContain('Scanned PDF with no text layer');
      expect(r.error.message.en).toContain('2 page');
    },
    SLOW,
  );
});

describe('scanned PDF with a little text (page numbers, a stamp)', () => {
  it('is still scanned_pdf: furniture and a few characters are no text layer', () => {
    const pages = [1, 2, 3].map((n) => ({
      page: n,
      width: 595,
      height: 842,
      items: [
        { str: `- ${String(n)} -`, x: 280, y: 30, width: 30, height: 12, fontSize: 12 },
        { str: '仅供参考', x: 400, y: 600, width: 48, height: 12, fontSize: 12 },
      ],
    }));
    const r = parsePdfPages(pages, { fileName: 'stamped.pdf' });
    expect(r.ok ? null : r.error.code).toBe('scanned_pdf');
  });
});

describe('unreadable PDFs give clear errors and never throw', () => {
  it(
    'a password-protected PDF is pdf_encrypted',
    async () => {
      await expect(extractPdfItems(passwordPdf())).rejects.toBeInstanceOf(PdfReadError);
      const r = await parseReportAsync(passwordPdf(), { fileName: 'locked.pdf' }, ENV);
      expect(r.ok ? null : r.error.code).toBe('pdf_encrypted');
      if (!r.ok) expect(r.error.message.zh).toContain('加密');
    },
    SLOW,
  );

  it(
    'a truncated PDF is pdf_unreadable',
    async () => {
      const bytes = textPdf(['hello']).slice(0, 60);
      const r = await parseReportAsync(bytes, { fileName: 'cut.pdf' }, ENV);
      expect(r.ok ? null : r.error.code).toBe('pdf_unreadable');
      if (!r.ok) {
        expect(r.error.message.zh).not.toBe('');
        expect(r.error.message.en).not.toBe('');
      }
    },
    SLOW,
  );

  it('a .pdf name on bytes that are not a PDF is pdf_unreadable', async () => {
    const r = await parseReportAsync(new TextEncoder().encode('not a pdf at all'), { fileName: 'x.pdf' });
    expect(r.ok ? null : r.error.code).toBe('pdf_unreadable');
  });
});

describe('PDF with a text layer', () => {
  it(
    'yields its text items with positions',
    async () => {
      const pages = await extractPdfItems(textPdf(['Annual report', 'Second line']));
      const items = pages[0]!.items.filter((it) => it.str.trim() !== '');
      expect(items.map((it) => it.str)).toEqual(['Annual report', 'Second line']);
      expect(items.map((it) => [it.x, it.y, it.fontSize])).toEqual([
        [72, 770, 12],
        [72, 752, 12],
      ]);
      expect(items[0]!.width).toBeGreaterThan(50);
    },
    SLOW,
  );

  it(
    'that is not a disclosure report is not_a_report (text was found, so it is no scan)',
    async () => {
      const r = await parseReportAsync(textPdf(['Quarterly sales figures', 'Revenue 100']), { fileName: 'sales.pdf' }, ENV);
      expect(r.ok ? null : r.error.code).toBe('not_a_report');
    },
    SLOW,
  );

  it('the synchronous parseReport still refuses PDF bytes and points to parseReportAsync', () => {
    const r = parseReport(textPdf(['x']), { fileName: 'a.pdf' });
    expect(r.ok ? null : r.error.code).toBe('format_unsupported');
    if (!r.ok) {
      expect(r.error.message.en).toContain('parseReportAsync');
      expect(r.error.message.zh).toContain('parseReportAsync');
    }
  });
});
