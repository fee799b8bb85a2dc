/**
 * Ruled PDF tables: report 092's table 三 (values from ../shared/corpus/expected/092.json) printed
 * into a hand-built PDF whose grid is drawn with real path operators, read back through pdf.js.
 * A column left empty in every row prints nothing at all: only the drawn grid can place it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report';
import { extractPdfItems } from '../../src/ingest/pdf/extract';
import type { PdfRule } from '../../src/ingest/pdf/layout';
import { parseReportAsync } from '../../src/ingest/parse';
import { REQUEST_COLUMNS, REQUEST_ROWS_V2021 } from '../../src/model/template';
import { CORPUS_DIR } from '../shared';
import { cjkPdf, type PdfDrawing, type PlacedText } from './build-pdf';

const expected = JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', '092.json'), 'utf8')) as { cells: Record<string, number> };
const SLOW = 60_000;

/** Column borders: the label column, then the seven value columns (STSong-Light prints every glyph one em wide). */
const XS = [40, 300, 336, 372, 408, 444, 480, 516, 552];
const TOP = 700;
const HEADER = 24;
/** Rows whose label is this long wrap onto two lines in a taller row. */
const WRAP_AT = 30;
const rowHeight = (zh: string): number => (zh.length > WRAP_AT ? 24 : 16);
/** Horizontal borders, top to bottom. */
const YS = REQUEST_ROWS_V2021.reduce<number[]>((ys, r) => [...ys, (ys[ys.length - 1] ?? 0) - rowHeight(r.zh)], [TOP, TOP - HEADER]);
const BOTTOM = YS[YS.length - 1] ?? 0;

const key = (row: string, col: string): string => `requests.${row}.${col}`;

/** The page's text: title, heading, header row, rows (values of column `blank` left out), next heading. */
function tableText(blank: string | null): PlacedText[] {
  const runs: PlacedText[] = [
    { text: '淮安市人民政府2024年政府信息公开工作年度报告', x: 72, y: 790, size: 14 },
    { text: '三、收到和处理政府信息公开申请情况', x: 40, y: 720, size: 10 },
  ];
  REQUEST_COLUMNS.forEach((c, i) => runs.push({ text: c.zh, x: (XS[i + 1] ?? 0) + 1, y: TOP - 15, size: 5.5 }));
  REQUEST_ROWS_V2021.forEach((r, i) => {
    const top = YS[i + 1] ?? 0;
    const bottom = YS[i + 2] ?? 0;
    const mid = (top + bottom) / 2;
    if (r.zh.length > WRAP_AT) {
      // Wrapped label: two lines in the cell, the values centred between them.
      runs.push({ text: r.zh.slice(0, WRAP_AT), x: 42, y: mid + 4, size: 6 });
      runs.push({ text: r.zh.slice(WRAP_AT), x: 42, y: mid - 8, size: 6 });
    } else {
      runs.push({ text: r.zh, x: 42, y: mid - 2, size: 6 });
    }
    REQUEST_COLUMNS.forEach((c, j) => {
      if (c.key === blank) return;
      runs.push({ text: String(expected.cells[key(r.key, c.key)]), x: (XS[j + 1] ?? 0) + 4, y: mid - 2, size: 6 });
    });
  });
  runs.push({ text: '四、政府信息公开行政复议、行政诉讼情况', x: 40, y: BOTTOM - 40, size: 10 });
  runs.push({ text: '五、存在的主要问题及改进情况', x: 40, y: BOTTOM - 80, size: 10 });
  return runs;
}

/** The grid's segments in page space: [x0, y0, x1, y1]. Header verticals start below the header row but for the outer ones. */
function segments(): [number, number, number, number][] {
  const segs: [number, number, number, number][] = YS.map((y) => [XS[0] ?? 0, y, XS[XS.length - 1] ?? 0, y]);
  for (const x of XS) segs.push([x, BOTTOM, x, TOP]);
  return segs;
}

const f = (n: number): string => String(Math.round(n * 1000) / 1000);

/** Ways real producers draw the same grid; `map` takes a page point to the user space of the drawing. */
const STYLES: Record<string, { readonly cm?: string; readonly map: (x: number, y: number) => [number, number]; readonly fill?: boolean; readonly form?: readonly number[] }> = {
  'stroked lines': { map: (x, y) => [x, y] },
  'stroked lines under a y-flip CTM (WPS)': { cm: '1 0 0 -1 0 842 cm', map: (x, y) => [x, 842 - y] },
  'stroked lines under an offset and scaled CTM': { cm: '0.5 0 0 0.5 30 -20 cm', map: (x, y) => [(x - 30) * 2, (y + 20) * 2] },
  'stroked lines under a rotated CTM': { cm: '0 1 -1 0 595 0 cm', map: (x, y) => [y, 595 - x] },
  'thin filled rectangles': { map: (x, y) => [x, y], fill: true },
  'a form XObject with its own matrix': { form: [1, 0, 0, 1, 12, 7], map: (x, y) => [x - 12, y - 7] },
};

function drawing(style: string, extra = ''): PdfDrawing {
  const st = STYLES[style];
  if (st === undefined) throw new Error(style);
  const ops = segments().map(([x0, y0, x1, y1]) => {
    const [a, b] = st.map(x0, y0);
    const [c, d] = st.map(x1, y1);
    if (st.fill !== true) return `${f(a)} ${f(b)} m ${f(c)} ${f(d)} l S`;
    // A 0.5pt-thick rectangle along the segment.
    const w = x0 === x1 ? 0.5 : Math.abs(c - a);
    const h = x0 === x1 ? Math.abs(d - b) : 0.5;
    return `${f(Math.min(a, c) - (x0 === x1 ? 0.25 : 0))} ${f(Math.min(b, d) - (x0 === x1 ? 0 : 0.25))} ${f(w)} ${f(h)} re f`;
  });
  const body = `0.5 w ${ops.join('\n')}`;
  return st.form !== undefined ? { ops: body, formMatrix: st.form } : { ops: `${st.cm ?? ''} ${body}${extra}` };
}

async function parse(runs: PlacedText[], d?: PdfDrawing): Promise<Report> {
  const r = await parseReportAsync(cjkPdf(runs, d), { fileName: 'grid.pdf', hints: { year: 2024 } });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message.en}`);
  return r.report;
}

/** Every table-三 cell as printed: [key, semantic, value]. */
function printed(report: Report): [string, string, number | string | null][] {
  return report.cells.filter((c) => c.key.startsWith('requests.') && c.derived !== true).map((c) => [c.key, c.semantic, c.value]);
}

/** What the report must hold when column `blank` is empty in every row. */
function want(blank: string | null): [string, string, number | string | null][] {
  return REQUEST_ROWS_V2021.flatMap((r) =>
    REQUEST_COLUMNS.map((c): [string, string, number | string | null] => {
      const k = key(r.key, c.key);
      return c.key === blank ? [k, 'blank', null] : [k, 'number', expected.cells[k] ?? NaN];
    }),
  );
}

const sorted = <T extends [string, ...unknown[]]>(xs: T[]): T[] => [...xs].sort((a, b) => a[0].localeCompare(b[0]));

function ruleSet(rules: readonly PdfRule[] | undefined): string[] {
  return (rules ?? []).map((r) => `${r.axis} ${r.at.toFixed(0)} ${r.from.toFixed(0)}-${r.to.toFixed(0)}`).sort();
}

describe('a ruled PDF table (092 table 三 rebuilt)', () => {
  it(
    'its drawn grid is read as merged ruling lines in page space',
    async () => {
      const [page] = await extractPdfItems(cjkPdf(tableText(null), drawing('stroked lines')));
      const want = [...YS.map((y) => `h ${y.toFixed(0)} 40-552`), ...XS.map((x) => `v ${x.toFixed(0)} ${BOTTOM.toFixed(0)}-700`)].sort();
      expect(ruleSet(page?.rules)).toEqual(want);
    },
    SLOW,
  );

  it(
    'printed in full, it parses to exactly the expected values, wrapped labels included',
    async () => {
      const report = await parse(tableText(null), drawing('stroked lines'));
      expect(sorted(printed(report))).toEqual(sorted(want(null)));
      expect(report.diagnostics.filter((d) => d.code === 'row_ambiguous' || d.code === 'row_truncated')).toEqual([]);
    },
    SLOW,
  );

  it.each(REQUEST_COLUMNS.map((c) => [c.key] as const))(
    'column %s empty in every row: its cells are blank in their own column, every other cell is the printed value',
    async (blank) => {
      const report = await parse(tableText(blank), drawing('stroked lines'));
      expect(sorted(printed(report))).toEqual(sorted(want(blank)));
      expect(report.diagnostics.filter((d) => d.code === 'row_ambiguous')).toEqual([]);
    },
    SLOW,
  );

  it(
    'without ruling lines the same table keeps the text-gap behaviour: rows are withdrawn, never slid',
    async () => {
      const report = await parse(tableText('org_research'));
      // Whatever is still recorded is the printed value of its own column.
      for (const [k, , v] of printed(report)) expect([k, v]).toEqual([k, expected.cells[k]]);
      expect(report.diagnostics.some((d) => d.code === 'row_ambiguous' && d.table === 'requests')).toBe(true);
    },
    SLOW,
  );

  it.each(Object.keys(STYLES).map((s) => [s] as const))(
    'a grid drawn as %s gives the same rules and the same cells',
    async (style) => {
      const bytes = cjkPdf(tableText('org_other'), drawing(style));
      const [page] = await extractPdfItems(bytes);
      const [plain] = await extractPdfItems(cjkPdf(tableText('org_other'), drawing('stroked lines')));
      expect(ruleSet(page?.rules)).toEqual(ruleSet(plain?.rules));
      const report = await parse(tableText('org_other'), drawing(style));
      expect(sorted(printed(report))).toEqual(sorted(want('org_other')));
    },
    SLOW,
  );

  it(
    'page decoration (a frame round the page, a rule under the title) is no table and adds no cells',
    async () => {
      const deco = '\n1 w 20 20 555 802 re S 72 775 m 523 775 l S 40 730 m 200 730 l S';
      const report = await parse(tableText('org_commercial'), drawing('stroked lines', deco));
      expect(sorted(printed(report))).toEqual(sorted(want('org_commercial')));
    },
    SLOW,
  );
});
