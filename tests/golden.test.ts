/**
 * Golden test: every hand-checked expected file of the shared corpus against the parser.
 * Values come from ../shared/corpus/expected, never from the parser's own output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReportAsync } from '../src/ingest/parse';
import type { Cell, Report } from '../src/model/report';
import { readManifest } from './ingest/corpus';
import { CORPUS_DIR, REPO_ROOT } from './shared';

type ExpectedValue = number | string | null | { raw: string; yuan: number | null };
interface Expected {
  id: string;
  template: string;
  cells: Record<string, ExpectedValue>;
}

const manifest = readManifest();
const byId = new Map(manifest.map((r) => [r.id, r]));
const expectedFiles = readdirSync(join(CORPUS_DIR, 'expected')).filter((f) => f.endsWith('.json')).sort();
const expected: Expected[] = expectedFiles.map((f) => JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', f), 'utf8')) as Expected);
const pdfExpected = expected.filter((e) => byId.get(e.id)?.format === 'pdf');
/** pdf.js reads CJK fonts that use predefined CMaps from here (Node: a directory path ending in /). */
const PDF_ENV = { pdf: { cMapUrl: `${join(REPO_ROOT, 'node_modules', 'pdfjs-dist', 'cmaps')}/` } };
/** PDF parsing runs pdf.js: give it room on a loaded machine. */
const PDF_TIMEOUT_MS = 60_000;

function parseById(id: string): ReturnType<typeof parseReportAsync> {
  const row = byId.get(id);
  if (row === undefined) throw new Error(`report ${id} is not in the manifest`);
  const bytes = readFileSync(join(CORPUS_DIR, row.file));
  return parseReportAsync(new Uint8Array(bytes), { fileName: row.file, hints: { year: row.year === '' ? null : Number(row.year) } }, PDF_ENV);
}

/** One line per mismatch, so that a failure names every wrong cell at once. */
function compare(e: Expected, report: Report): string[] {
  const problems: string[] = [];
  const got = new Map<string, Cell>();
  for (const c of report.cells) got.set(c.key, c);
  for (const [key, want] of Object.entries(e.cells)) {
    const c = got.get(key);
    if (c === undefined) {
      problems.push(`${key}: missing (want ${JSON.stringify(want)})`);
      continue;
    }
    if (want === null) {
      if (c.semantic !== 'blank' || c.value !== null) problems.push(`${key}: want blank, got ${c.semantic} ${String(c.value)} "${c.raw}"`);
    } else if (want === 'na') {
      if (c.semantic !== 'na') problems.push(`${key}: want na, got ${c.semantic} "${c.raw}"`);
    } else if (typeof want === 'number') {
      if (c.semantic !== 'number' || c.value !== want) problems.push(`${key}: want ${String(want)}, got ${c.semantic} ${String(c.value)} "${c.raw}"`);
    } else if (typeof want === 'string') {
      if (c.semantic !== 'text' || c.raw !== want) problems.push(`${key}: want text "${want}", got ${c.semantic} "${c.raw}"`);
    } else if (c.raw !== want.raw || c.valueYuan !== want.yuan) {
      problems.push(`${key}: want ${JSON.stringify(want)}, got raw "${c.raw}" yuan ${String(c.valueYuan)}`);
    }
  }
  for (const c of report.cells) {
    if (c.derived !== true && !(c.key in e.cells)) problems.push(`${c.key}: emitted (${c.semantic} "${c.raw}") but not in the expected file`);
  }
  if (report.meta.template !== e.template) problems.push(`template: want ${e.template}, got ${report.meta.template}`);
  return problems;
}

describe('golden corpus (every format: text, HTML, markdown, PDF)', () => {
  it('covers every expected file, the three real PDFs included', () => {
    expect(expected.length).toBe(expectedFiles.length);
    expect(expected.length).toBeGreaterThan(40);
    expect(pdfExpected.map((e) => e.id)).toEqual(['092', '203', '204']);
  });

  it.each(expected.map((e) => [e.id, e] as const))(
    'report %s matches its expected cells and template',
    async (id, e) => {
      const r = await parseById(id);
      if (!r.ok) throw new Error(`${id}: ${r.error.code} ${r.error.message.en}`);
      expect(compare(e, r.report).join('\n')).toBe('');
      expect(r.report.meta.sourceFormat).toBe(byId.get(id)?.format);
    },
    PDF_TIMEOUT_MS,
  );

  it.each(pdfExpected.map((e) => [e.id] as const))(
    'PDF report %s gives every table cell a page and a box',
    async (id) => {
      const r = await parseById(id);
      if (!r.ok) throw new Error(`${id}: ${r.error.code} ${r.error.message.en}`);
      const printed = r.report.cells.filter((c) => c.derived !== true);
      expect(printed.length).toBeGreaterThan(150);
      for (const c of printed) {
        expect(c.provenance.page, c.key).toBeGreaterThanOrEqual(1);
        const [x0, y0, x1, y1] = c.provenance.bbox ?? [];
        expect(x1! > x0! && y1! > y0!, `${c.key} box ${JSON.stringify(c.provenance.bbox)}`).toBe(true);
      }
    },
    PDF_TIMEOUT_MS,
  );
});

describe('corpus reports without an expected file', () => {
  const withExpected = new Set(expected.map((e) => e.id));
  const others = manifest.filter((r) => !withExpected.has(r.id));
  it.each(others.map((r) => [r.id, r] as const))(
    'report %s parses without error and shows its manifest template',
    async (id, row) => {
      const r = await parseById(id);
      if (!r.ok) throw new Error(`${id}: ${r.error.code} ${r.error.message.en}`);
      expect(r.report.meta.template).toBe(row.template);
      // A report without hand-checked values prints no table value: emitting any would be invented.
      expect(r.report.cells.filter((c) => c.derived !== true)).toEqual([]);
    },
    PDF_TIMEOUT_MS,
  );
});
