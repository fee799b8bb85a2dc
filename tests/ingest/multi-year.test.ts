/**
 * Spec §10 V12, several years side by side: real reports' tables rewritten with the prior year's
 * columns before and a change (增减) column group after the reporting year's, under a header row
 * `2019年 | 2020年 | 增减`. The reporting year's values must equal the expected file; no value of
 * the other groups may reach a cell.
 */
import { describe, expect, it } from 'vitest';
import { classifyCell, isValueClass } from '../../src/ingest/cellvalue';
import { versionForYear } from '../../src/ingest/detect';
import type { SourceDocument } from '../../src/ingest/document';
import { htmlToDocument } from '../../src/ingest/html/frontend';
import { parseReport } from '../../src/ingest/parse';
import { mapTables } from '../../src/ingest/tables';
import { textToDocument } from '../../src/ingest/text/frontend';
import type { Cell } from '../../src/model/report';
import { diffCells, readExpected, readReportText, type Expected, type ExpectedValue } from './expected';

type Sep = '\t' | '|';

interface V12 {
  readonly text: string;
  /** Every value printed in the other year's and the change columns. */
  readonly others: ReadonlySet<string>;
  /** Lines of the source dropped because an excerpt cut them (fewer values than the row has). */
  readonly dropped: number;
}

const WIDTH: Readonly<Record<'requests' | 'review', number>> = { requests: 7, review: 15 };

/**
 * Rewrites a report's tables 二, 三 and 四 into the V12 layout. Each value row gets the prior
 * year's values first (9100000 + n: never a real value here) and change values last
 * (-8100000 - n); a year header row follows each table 二 header and the captions of 三 and 四.
 * Rows of 三 keep their 7 printed values (000 prints a stray 8th grid column after its page break);
 * rows an excerpt cut off are dropped.
 */
function toV12(text: string, sep: Sep, year: number, years: readonly string[] = [`${String(year - 1)}年`, `${String(year)}年`, '增减']): V12 {
  const yearLine = sep === '\t' ? `\t${years.join('\t')}` : `| ${years.join(' | ')} |`;
  const others = new Set<string>();
  let n = 0;
  let dropped = 0;
  let region: 'none' | 'active' | 'requests' | 'review' = 'none';
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.replace(/^[|#\s]+/, '');
    const requestsCaption = /^(?:[二三]、|表三[:：])收到和处理/.test(t);
    const reviewCaption = /^(?:[三四]、|表四[:：]).*行政复议.*行政诉讼/.test(t);
    if (/^(?:二、|表二[:：])主动公开/.test(t)) region = 'active';
    else if (requestsCaption) region = 'requests';
    else if (reviewCaption) region = 'review';
    else if (/^五、/.test(t)) region = 'none';
    const parts = line.split(sep);
    const first = parts.findIndex((p) => isValueClass(classifyCell(p.trim())));
    const mdRule = /^\|?[\s:|-]*-{3,}[\s:|-]*\|?$/.test(line.trim());
    if (region === 'none' || !line.includes(sep) || first < 0 || mdRule) {
      out.push(line);
      // The year header follows each table 二 column header, and the captions of 三 and 四.
      if (region === 'active' && t.startsWith('信息内容')) out.push(yearLine);
      if (requestsCaption || reviewCaption) out.push(yearLine);
      continue;
    }
    let values = parts.slice(first).map((p) => p.trim()).filter((p) => p !== '');
    if (region === 'requests' || region === 'review') {
      const w = WIDTH[region];
      if (values.length < w) {
        dropped++;
        continue;
      }
      values = values.slice(0, w);
    }
    const prior = values.map((v) => fake(v, 9_100_000 + n++));
    const change = values.map((v) => fake(v, -8_100_000 - n++));
    for (const v of [...prior, ...change]) others.add(v);
    const head = parts.slice(0, first).join(sep);
    out.push(`${head}${sep}${[...prior, ...values, ...change].join(sep)}${sep === '|' ? sep : ''}`);
  }
  return { text: out.join('\n'), others, dropped };
}

/** A value of the same kind as `v` (a count, or an amount with its unit) that no report prints. */
function fake(v: string, k: number): string {
  const unit = /(亿元|万元|元)$/.exec(v.replace(/\s/g, ''))?.[1] ?? '';
  return isValueClass(classifyCell(v)) && /\d/.test(v) ? `${String(k)}${unit}` : '/';
}

/** Pipe text as an HTML page: each run of pipe lines a <table>, every other line a <p>. */
function pipeToHtml(text: string): string {
  const out: string[] = ['<html><head><meta charset="utf-8"></head><body>'];
  let inTable = false;
  for (const line of text.split('\n')) {
    if (line.includes('|')) {
      if (!inTable) out.push('<table>');
      inTable = true;
      const cells = line.replace(/^\|/, '').replace(/\|+\s*$/, '').split('|').map((c) => `<td>${c.trim()}</td>`);
      out.push(`<tr>${cells.join('')}</tr>`);
    } else {
      if (inTable) out.push('</table>');
      inTable = false;
      out.push(`<p>${line}</p>`);
    }
  }
  if (inTable) out.push('</table>');
  out.push('</body></html>');
  return out.join('\n');
}

function map(doc: SourceDocument, year: number | null): ReturnType<typeof mapTables> {
  return mapTables(doc, versionForYear(year), { year });
}

/** The expected cells without the keys of rows the excerpt cut off (`prefixes`). */
function without(e: Expected, prefixes: readonly string[]): Expected['cells'] {
  return Object.fromEntries(Object.entries(e.cells).filter(([k]) => !prefixes.some((p) => k.startsWith(p))));
}

function leaked(cells: readonly Cell[], others: ReadonlySet<string>): string[] {
  return cells.filter((c) => others.has(c.raw.replace(/\s/g, '')) || (c.value !== null && Math.abs(c.value) >= 8_000_000)).map((c) => `${c.key}=${c.raw}`);
}

describe('V12: several years side by side, the reporting year is known', () => {
  it('000 as tab-separated text: tables 二, 三 and 四 read from the 2020 columns only', () => {
    const e = readExpected('000');
    const v = toV12(readReportText('000.txt'), '\t', e.year);
    expect(v.dropped).toBe(0);
    expect(v.others.size).toBe(2 * Object.keys(e.cells).length);
    const m = map(textToDocument(v.text, 'txt'), e.year);
    expect(diffCells(e.cells, m.cells)).toEqual([]);
    expect(leaked(m.cells, v.others)).toEqual([]);
    const notes = m.diagnostics.filter((d) => d.code === 'multi_year_columns');
    expect(notes.map((d) => d.table)).toEqual(['active', 'requests', 'review']);
    expect(notes[0]?.message.zh).toContain('2020');
    expect(m.diagnostics.filter((d) => d.code === 'multi_year_withdrawn')).toEqual([]);
  });

  it('165 as pipe text: the 2019 columns, and the row the excerpt cut is not filled from the other years', () => {
    const e = readExpected('165');
    const v = toV12(readReportText('165.txt'), '|', e.year);
    expect(v.dropped).toBe(1);
    expect(v.others.size).toBe(2 * (Object.keys(e.cells).length - 3));
    const m = map(textToDocument(v.text, 'txt'), e.year);
    expect(diffCells(without(e, ['requests.results.denied.state_secret.']), m.cells)).toEqual([]);
    expect(leaked(m.cells, v.others)).toEqual([]);
  });

  it('205 as markdown tables: the 2024 columns', () => {
    const e = readExpected('205');
    const v = toV12(readReportText('205.md'), '|', e.year);
    expect(v.others.size).toBeGreaterThan(2 * 150);
    const m = map(textToDocument(v.text, 'md'), e.year);
    expect(leaked(m.cells, v.others)).toEqual([]);
    // 205 loses the labels of ten rows in its extraction: those rows follow labelled ones and are
    // split into the year groups one full row at a time, as the labelled rows are. Its last row of
    // 三 prints six of seven cells: the rewrite drops it.
    expect(v.dropped).toBe(1);
    expect(diffCells(without(e, ['requests.carried_forward.']), m.cells)).toEqual([]);
    expect(m.diagnostics.filter((d) => d.code === 'multi_year_withdrawn')).toEqual([]);
  });

  it('165 as HTML tables: the 2019 columns', () => {
    const e = readExpected('165');
    const v = toV12(readReportText('165.txt'), '|', e.year);
    const m = map(htmlToDocument(pipeToHtml(v.text)), e.year);
    expect(diffCells(without(e, ['requests.results.denied.state_secret.']), m.cells)).toEqual([]);
    expect(leaked(m.cells, v.others)).toEqual([]);
  });

  it('000 table 二 as HTML with the years under each column (二级表头, colspan): the 2020 sub-columns', () => {
    const e = readExpected('000');
    const lines = readReportText('000.txt').split('\n');
    const from = lines.findIndex((l) => l.startsWith('二、主动公开'));
    const to = lines.findIndex((l) => l.startsWith('三、收到和处理'));
    const others = new Set<string>();
    let n = 0;
    const rows: string[] = [];
    for (const line of lines.slice(from + 1, to)) {
      const parts = line.split('\t').map((p) => p.trim()).filter((p) => p !== '');
      const [label, ...rest] = parts;
      if (label === undefined) continue;
      if (label.startsWith('第二十条')) rows.push(`<tr><td colspan="10">${label}</td></tr>`);
      else if (label === '信息内容') {
        rows.push(`<tr><td rowspan="2">信息内容</td>${rest.map((h) => `<td colspan="3">${h}</td>`).join('')}</tr>`);
        rows.push(`<tr>${rest.map(() => '<td>2019年</td><td>2020年</td><td>增减</td>').join('')}</tr>`);
      } else {
        const cells = rest.map((v) => {
          const prior = fake(v, 9_100_000 + n++);
          const change = fake(v, -8_100_000 - n++);
          others.add(prior);
          others.add(change);
          return `<td>${prior}</td><td>${v}</td><td>${change}</td>`;
        });
        rows.push(`<tr><td>${label}</td>${cells.join('')}</tr>`);
      }
    }
    const html = `<html><body><p>${lines[2] ?? ''}</p><p>二、主动公开政府信息情况</p><table>${rows.join('\n')}</table></body></html>`;
    const m = map(htmlToDocument(html), e.year);
    const active = Object.fromEntries(Object.entries(e.cells).filter(([k]) => k.startsWith('active.')));
    expect(Object.keys(active)).toHaveLength(22);
    expect(diffCells(active, m.cells)).toEqual([]);
    expect(leaked(m.cells, others)).toEqual([]);
  });

  it('001 table 四 as three HTML rows of five per year: each row split on its own, blanks kept', () => {
    const e = readExpected('001');
    const groups = ['admin_review', 'litigation_direct', 'litigation_after_review'];
    const outcomes = ['upheld', 'corrected', 'other', 'pending', 'total'];
    const print = (v: ExpectedValue | undefined): string => (v === null || v === undefined ? '' : v === 'na' ? '/' : typeof v === 'object' ? v.raw : String(v));
    let n = 0;
    const others = new Set<string>();
    const rows = groups.map((g, gi) => {
      const now = outcomes.map((o) => print(e.cells[`review_litigation.${g}.${o}`]));
      const prior = now.map(() => String(9_100_000 + n++));
      const change = now.map(() => String(-8_100_000 - n++));
      for (const x of [...prior, ...change]) others.add(x);
      return `<tr><td>${['行政复议', '未经复议直接起诉', '复议后起诉'][gi] ?? ''}</td>${[...prior, ...now, ...change].map((x) => `<td>${x}</td>`).join('')}</tr>`;
    });
    const html = `<html><body><p>2019年某局政府信息公开工作年度报告</p><p>四、政府信息公开行政复议、行政诉讼情况</p><table>
      <tr><td>项目</td><td colspan="5">2018年</td><td colspan="5">2019年</td><td colspan="5">增减</td></tr>
      ${rows.join('\n')}</table><p>五、存在的主要问题及改进情况</p></body></html>`;
    const m = map(htmlToDocument(html), e.year);
    const review = Object.fromEntries(Object.entries(e.cells).filter(([k]) => k.startsWith('review_litigation.')));
    expect(Object.values(review)).toContain(null);
    expect(diffCells(review, m.cells)).toEqual([]);
    expect(leaked(m.cells, others)).toEqual([]);
  });

  it('a row that does not split evenly into the year groups is withdrawn with a diagnostic', () => {
    const e = readExpected('000');
    const v = toV12(readReportText('000.txt'), '\t', e.year);
    // One prior-year value lost from 规章: 8 values for 3 groups.
    const text = v.text.replace(/^(规章\t\d+)\t\d+/m, '$1');
    const m = map(textToDocument(text, 'txt'), e.year);
    expect(m.cells.some((c) => c.key.startsWith('active.art20_1.regulations.'))).toBe(false);
    const d = m.diagnostics.find((x) => x.code === 'multi_year_withdrawn');
    expect(d?.keys).toEqual(['active.art20_1.regulations.new_made', 'active.art20_1.regulations.new_published', 'active.art20_1.regulations.published_total']);
    expect(d?.message.en).toContain('规章');
    expect(diffCells(without(e, ['active.art20_1.regulations.']), m.cells)).toEqual([]);
  });
});

describe('V12: the reporting year cannot be used', () => {
  it('without a reporting year, the multi-year tables are withdrawn, never guessed', () => {
    const e = readExpected('000');
    const v = toV12(readReportText('000.txt'), '\t', e.year);
    const m = map(textToDocument(v.text, 'txt'), null);
    expect(m.cells).toEqual([]);
    const w = m.diagnostics.filter((d) => d.code === 'multi_year_withdrawn');
    expect(w.map((d) => d.table)).toEqual(['active', 'requests', 'review']);
    expect(w[0]?.level).toBe('warn');
  });

  it('a header whose years do not include the reporting year withdraws those tables', () => {
    const e = readExpected('000');
    const v = toV12(readReportText('000.txt'), '\t', e.year, ['2017年', '2018年', '增减']);
    const m = map(textToDocument(v.text, 'txt'), e.year);
    expect(m.cells).toEqual([]);
    expect(m.diagnostics.find((d) => d.code === 'multi_year_withdrawn')?.message.zh).toContain('没有报告年度 2020 年');
  });

  it('through parseReport no value of another year or of the change column ever reaches a cell', () => {
    for (const [id, file, sep] of [['000', '000.txt', '\t'], ['165', '165.txt', '|']] as const) {
      const e = readExpected(id);
      const v = toV12(readReportText(file), sep, e.year);
      const r = parseReport(v.text, { fileName: file, hints: { year: e.year } });
      if (!r.ok) throw new Error(r.error.code);
      expect(leaked(r.report.cells, v.others)).toEqual([]);
      expect(r.report.diagnostics.some((d) => d.code === 'multi_year_columns' || d.code === 'multi_year_withdrawn')).toBe(true);
    }
  });
});
