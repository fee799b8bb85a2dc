/**
 * Rendered synthetic documents read back by the real parser give the report's cells, text facts,
 * year and template: text and HTML, both templates, hundreds of reports from several seeds.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/ingest/parse';
import type { Cell, Report } from '../../src/model/report';
import { generateCorpus, type SyntheticReport } from '../../src/synthetic/generate';
import { renderReportDocument, type RenderFormat } from '../../src/synthetic/render';

const cellView = (c: Cell): string => JSON.stringify([c.key, c.value, c.semantic, c.raw, c.unit ?? null, c.valueYuan ?? null, c.derived === true]);

function reports(seed: string): SyntheticReport[] {
  // 2020 is v2019, 2021 v2021; a high violation rate puts negative numbers, blanks and `/` in the documents.
  return [...generateCorpus({ agencies: 60, years: [2020, 2021], seed, violationRate: 0.3 })];
}

function roundTrip(report: Report, format: RenderFormat): void {
  const doc = renderReportDocument(report, format);
  const parsed = parseReport(doc, { fileName: format === 'html' ? 'r.html' : 'r.txt' });
  if (!parsed.ok) throw new Error(`${parsed.error.code}: ${parsed.error.message.en}`);
  const p = parsed.report;
  expect(p.cells.map(cellView).sort()).toEqual(report.cells.map(cellView).sort());
  expect(p.textFacts.map((f) => [f.key, f.value, f.raw])).toEqual(report.textFacts.map((f) => [f.key, f.value, f.raw]));
  expect([p.meta.year, p.meta.template]).toEqual([report.meta.year, report.meta.template]);
  expect(p.sections.problems?.includes(report.sections.problems ?? '∅')).toBe(true);
}

describe('parse(render(report)) gives the report back', () => {
  const all = ['a', 'b', 'c'].flatMap(reports);

  it('as HTML, for every report (both templates, blanks and / included)', () => {
    const versions = new Set<string>();
    let blanks = 0;
    for (const s of all) {
      roundTrip(s.report, 'html');
      versions.add(s.report.meta.template);
      blanks += s.report.cells.filter((c) => c.semantic === 'blank').length;
    }
    expect(all.length).toBe(360);
    expect([...versions].sort()).toEqual(['v2019', 'v2021']);
    expect(blanks).toBeGreaterThan(0);
  });

  it('as text, for every report published as text (text cannot show a blank cell; those agencies print /)', () => {
    const text = all.filter((s) => s.report.meta.sourceFormat === 'txt');
    expect(text.length).toBeGreaterThan(200);
    for (const s of text) {
      expect(s.report.cells.some((c) => c.semantic === 'blank')).toBe(false);
      roundTrip(s.report, 'text');
    }
    expect(text.some((s) => s.report.cells.some((c) => c.semantic === 'na'))).toBe(true);
  });

  it('says it is synthetic in the document itself', () => {
    const s = all[0];
    if (!s) throw new Error('no report');
    for (const f of ['text', 'html'] as const) expect(renderReportDocument(s.report, f)).toContain('合成');
  });
});
