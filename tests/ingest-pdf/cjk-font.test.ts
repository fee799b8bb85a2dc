/**
 * Chinese text through a non-embedded CID font and a predefined CMap (STSong-Light, UniGB-UCS2-H),
 * as many government PDFs print it: pdf.js must find its CMap files, which in Node the adapter
 * locates by itself. The figures are report 092's table 四 (see ../shared/corpus/expected/092.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPdfAssets, extractPdfItems } from '../../src/ingest/pdf/extract';
import { parseReportAsync } from '../../src/ingest/parse';
import { REVIEW_GROUPS, REVIEW_OUTCOMES } from '../../src/model/template';
import { CORPUS_DIR } from '../shared';
import { cjkPdf, type PlacedText } from './build-pdf';

const expected = JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', '092.json'), 'utf8')) as { cells: Record<string, number> };
const KEYS = REVIEW_GROUPS.flatMap((g) => REVIEW_OUTCOMES.map((o) => `review_litigation.${g.key}.${o.key}`));
const SLOW = 30_000;

function miniReport(): PlacedText[] {
  const runs: PlacedText[] = [
    { text: '淮安市人民政府2024年政府信息公开工作年度报告', x: 72, y: 780, size: 14 },
    { text: '四、政府信息公开行政复议、行政诉讼情况', x: 72, y: 740 },
    { text: '行政复议', x: 74, y: 712, size: 8 },
    { text: '行政诉讼', x: 234, y: 712, size: 8 },
    { text: '未经复议直接起诉', x: 234, y: 698, size: 8 },
    { text: '复议后起诉', x: 394, y: 698, size: 8 },
  ];
  KEYS.forEach((k, i) => runs.push({ text: String(expected.cells[k]), x: 74 + 32 * i, y: 660, size: 8 }));
  runs.push({ text: '五、存在的主要问题及改进情况', x: 72, y: 620 });
  return runs;
}

describe('PDF with a non-embedded Chinese font', () => {
  it('locates the pdf.js CMaps in Node without being told', () => {
    const a = defaultPdfAssets();
    expect(a.cMapUrl).toMatch(/pdfjs-dist[\\/]cmaps[\\/]$/);
    expect(a.standardFontDataUrl).toMatch(/standard_fonts[\\/]$/);
  });

  it(
    'reads the Chinese text through the CMap',
    async () => {
      const pages = await extractPdfItems(cjkPdf(miniReport()));
      expect(pages[0]!.items.map((it) => it.str)).toContain('四、政府信息公开行政复议、行政诉讼情况');
    },
    SLOW,
  );

  it(
    'parses table 四 from it with page and box provenance',
    async () => {
      const r = await parseReportAsync(cjkPdf(miniReport()), { fileName: 'mini.pdf', hints: { year: 2024 } });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message.en}`);
      const got = KEYS.map((k) => r.report.cells.find((c) => c.key === k));
      expect(got.map((c) => c?.value)).toEqual(KEYS.map((k) => expected.cells[k]));
      expect(got.every((c) => c?.provenance.page === 1 && c.provenance.bbox !== undefined)).toBe(true);
      expect(r.report.meta.sourceFormat).toBe('pdf');
    },
    SLOW,
  );
});
