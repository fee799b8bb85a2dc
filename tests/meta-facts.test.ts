import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractTextFacts } from '../src/ingest/facts';
import { htmlToDocument } from '../src/ingest/html/frontend';
import { extractMeta } from '../src/ingest/meta';
import { isTableLine, splitSections } from '../src/ingest/sections';
import { CORPUS_DIR } from './shared';

interface ManifestRow {
  id: string;
  file: string;
  format: string;
  agency: string;
  year: number;
  notes: string;
}

/** Minimal CSV reader for the manifest (quoted fields with doubled quotes, commas inside quotes). */
function readManifest(): ManifestRow[] {
  const src = readFileSync(join(CORPUS_DIR, 'manifest.csv'), 'utf8');
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  const [header, ...body] = rows;
  const col = (name: string) => header!.indexOf(name);
  return body
    .filter((r) => r.length === header!.length)
    .map((r) => ({
      id: r[col('id')]!,
      file: r[col('file')]!,
      format: r[col('format')]!,
      agency: r[col('agency')]!,
      year: Number(r[col('year')]),
      notes: r[col('notes')]!,
    }));
}

/**
 * The PDF front end is a later issue: PDFs (092, 203, 204) have no text to read yet, so they are
 * left out of the corpus loops by format, not by id.
 */
const FORMATS_WITHOUT_FRONT_END = new Set(['pdf']);

/** The document text as the parser sees it: the file for .txt/.md, the HTML front end's text for .html. */
function documentText(row: Pick<ManifestRow, 'file' | 'format'>): string {
  const raw = readFileSync(join(CORPUS_DIR, row.file), 'utf8');
  return row.format === 'html' ? htmlToDocument(raw).text : raw;
}

const MANIFEST = readManifest();
const READABLE = MANIFEST.filter((r) => !FORMATS_WITHOUT_FRONT_END.has(r.format));
const byId = (id: string): ManifestRow => MANIFEST.find((r) => r.id === id)!;

interface ExpectedFile {
  id: string;
  year: number;
  agency: string;
  text_facts?: Record<string, number>;
}
function expectedFile(id: string): ExpectedFile | null {
  const p = join(CORPUS_DIR, 'expected', `${id}.json`);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as ExpectedFile) : null;
}

describe('extractTextFacts: golden narrative facts', () => {
  it('reads the manifest and finds the readable reports', () => {
    expect(MANIFEST).toHaveLength(144);
    expect(READABLE.length).toBe(141);
  });

  const withExpected = READABLE.map((r) => ({ row: r, expected: expectedFile(r.id) })).filter((x) => x.expected !== null);

  it('covers every expected file that has a front end', () => {
    expect(withExpected.length).toBe(46);
  });

  for (const { row, expected } of withExpected) {
    it(`${row.id}: facts equal expected text_facts exactly (absent key → no fact)`, () => {
      const text = documentText(row);
      const facts = extractTextFacts(text);
      const got = Object.fromEntries(facts.map((f) => [f.key, f.value]));
      expect(got).toEqual(expected!.text_facts ?? {});
      // Each fact points at the line it was read from, and its raw fragment is printed there.
      const lines = text.split(/\r?\n/);
      for (const f of facts) {
        const line = lines[(f.provenance.line ?? 0) - 1];
        expect(line, `${f.key} line`).toBeDefined();
        expect(line!.includes(f.raw.slice(0, 3)) || line!.normalize('NFKC').includes(f.raw.slice(0, 3))).toBe(true);
      }
    });
  }

  it('reads facts wrapped across lines of PDF text (211: 共收办政府信\\n息公开申请案件3646件)', () => {
    const facts = extractTextFacts(documentText(byId('211')));
    const received = facts.find((f) => f.key === 'requests_received_total')!;
    expect(received.value).toBe(3646);
    expect(received.raw).toContain('收办政府信息公开申请案件3646件');
    const lines = documentText(byId('211')).split('\n');
    expect(lines[received.provenance.line! - 1]).toContain('共收办政府信');
  });

  it('reads Traditional mirrors and keeps raw as printed (006)', () => {
    const facts = extractTextFacts(documentText(byId('006')));
    const f = facts.find((x) => x.key === 'active_disclosure_items')!;
    expect(f.value).toBe(314);
    expect(f.raw).toBe('主動公開信息314條');
  });

  it('ignores table cells: a table row of numbers states no fact', () => {
    const text = ['三、收到和处理政府信息公开申请情况', '一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5', '| 行政复议 | 3 |'].join('\n');
    expect(extractTextFacts(text)).toEqual([]);
  });

  it('drops a figure the narrative states twice with different values (174: 20 and 16)', () => {
    const facts = extractTextFacts(documentText(byId('174')));
    expect(facts.map((f) => f.key)).not.toContain('active_disclosure_items');
  });

  it('does not read approximate counts (余条) or counts of one channel only', () => {
    expect(extractTextFacts('全年主动公开政府信息140余条。')).toEqual([]);
    expect(extractTextFacts('共办理并答复信息公开申请3件、纸质申请36件。')).toEqual([]);
    expect(extractTextFacts('全年未收到法人或者其他组织的政府信息公开申请。')).toEqual([]);
  });
});

describe('extractMeta', () => {
  it('000: agency and year from the title, period, sign-off date', () => {
    const m = extractMeta(documentText(byId('000')));
    expect(m.title).toBe('沈阳市工业和信息化局 2020 年政府信息公开工作报告');
    expect(m.agencyName).toBe(expectedFile('000')!.agency);
    expect(m.year).toBe(expectedFile('000')!.year);
    expect([m.statPeriodStart, m.statPeriodEnd]).toEqual(['2020-01-01', '2020-12-31']);
    expect(m.signedDate).toBe('2021-01-29');
    expect(m.publishedDate).toBeNull();
  });

  it('001 (HTML): year before the agency in the title, 发布日期, period with the end year omitted', () => {
    const m = extractMeta(documentText(byId('001')));
    expect(m.agencyName).toBe(expectedFile('001')!.agency);
    expect(m.year).toBe(2019);
    expect(m.publishedDate).toBe('2020-01-31');
    expect([m.statPeriodStart, m.statPeriodEnd]).toEqual(['2019-01-01', '2019-12-31']);
  });

  it('209 (HTML): the <title> names the anonymised city', () => {
    const m = extractMeta(documentText(byId('209')));
    expect(m.agencyName).toBe('测试市');
    expect(m.year).toBe(expectedFile('209')!.year);
  });

  it('reads garbled dates: 20211月1日 (011) and V13 202111日起至20211230日', () => {
    const m = extractMeta(documentText(byId('011')));
    expect([m.statPeriodStart, m.statPeriodEnd, m.publishedDate]).toEqual(['2021-01-01', '2021-12-31', '2022-01-21']);
    const v13 = extractMeta('本报告中所列数据统计期限自202111日起至20211230日止。');
    expect([v13.year, v13.statPeriodStart, v13.statPeriodEnd]).toEqual([2021, '2021-01-01', '2021-12-30']);
  });

  it('reads a bare timestamp under the title as the published date (070: 2024-01-23 16:45)', () => {
    expect(extractMeta(documentText(byId('070'))).publishedDate).toBe('2024-01-23');
  });

  it('takes the fuller sign-off name over a short title name (109) and reads Chinese-numeral dates', () => {
    expect(extractMeta(documentText(byId('109'))).agencyName).toBe(byId('109').agency);
    expect(extractMeta('正文。\n某某县人民政府\n二〇二一年一月二十九日').signedDate).toBe('2021-01-29');
  });

  it('normalises Traditional titles (040 莆田市工業和信息化局)', () => {
    const m = extractMeta(documentText(byId('040')));
    expect(m.agencyName).toBe(byId('040').agency);
    expect(m.year).toBe(2021);
  });

  it('joins a title wrapped onto two lines (205)', () => {
    const m = extractMeta(documentText(byId('205')));
    expect(m.title?.replace(/\s+/g, '')).toBe('2024年上海市科委政府信息公开工作年度报告');
    expect(m.year).toBe(2024);
  });

  it('falls back to the year that opens the overview when no title or period is printed (014, 016)', () => {
    for (const id of ['014', '016']) {
      const m = extractMeta(documentText(byId(id)));
      expect([m.title, m.statPeriodStart]).toEqual([null, null]);
      expect(m.year).toBe(byId(id).year);
    }
  });

  it('every year it reads equals the manifest year, for most of the corpus', () => {
    let read = 0;
    for (const row of READABLE) {
      if (row.notes.includes('YEAR UNCERTAIN')) continue;
      const y = extractMeta(documentText(row)).year;
      if (y === null) continue;
      read++;
      expect({ id: row.id, year: y }).toEqual({ id: row.id, year: row.year });
    }
    expect(read).toBeGreaterThanOrEqual(120);
  });

  it('where a title prints the full manifest name before the year, that name is the agency', () => {
    let checked = 0;
    for (const row of READABLE) {
      const text = documentText(row);
      const head = text.split('\n').slice(0, 40).map((l) => l.normalize('NFKC').replace(/\s+/g, ''));
      const printsFull = head.some((l) => l.length < 70 && new RegExp(`^${row.agency}\\d{4}年`).test(l));
      if (!printsFull) continue;
      checked++;
      expect({ id: row.id, agency: extractMeta(text).agencyName }).toEqual({ id: row.id, agency: row.agency });
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('agrees with the expected files\' year and agency wherever the document prints them', () => {
    let years = 0;
    let agencies = 0;
    for (const row of READABLE) {
      const expected = expectedFile(row.id);
      if (expected === null) continue;
      const text = documentText(row);
      const m = extractMeta(text);
      if (m.year !== null) {
        years++;
        expect({ id: row.id, year: m.year }).toEqual({ id: row.id, year: expected.year });
      }
      if (text.split('\n').slice(0, 40).some((l) => l.replace(/\s+/g, '').startsWith(expected.agency))) {
        agencies++;
        expect({ id: row.id, agency: m.agencyName }).toEqual({ id: row.id, agency: expected.agency });
      }
    }
    expect(years).toBeGreaterThanOrEqual(30);
    expect(agencies).toBeGreaterThanOrEqual(5);
  });

  it('spam mirrors: the replaced name is not passed off as the agency', () => {
    for (const row of READABLE.filter((r) => /spam|博彩/i.test(r.notes + r.agency))) {
      const m = extractMeta(documentText(row));
      expect({ id: row.id, agency: m.agencyName }).toEqual({ id: row.id, agency: null });
    }
  });

  it('hints fill what the text does not print and never override it', () => {
    const bare = extractMeta('一、总体情况\n我局认真贯彻落实条例。', { year: 2020, agencyName: '某某局' });
    expect([bare.year, bare.agencyName]).toEqual([2020, '某某局']);
    const printed = extractMeta(documentText(byId('000')), { year: 1999, agencyName: '别的局' });
    expect([printed.year, printed.agencyName]).toEqual([2020, '沈阳市工业和信息化局']);
    // A relative name ("市财政局") is all the page prints; the manifest's full name is better.
    const relative = extractMeta(documentText(byId('008')), { year: null, agencyName: '武汉市财政局' });
    expect(relative.agencyName).toBe('武汉市财政局');
    expect(extractMeta(documentText(byId('008'))).agencyName).toBe('市财政局');
  });
});

describe('splitSections', () => {
  const ALL_SIX = ['overview', 'active', 'requests', 'review_litigation', 'problems', 'other_matters'];

  it('000: all six sections in order, 五 up to 六, narrative without table cells', () => {
    const s = splitSections(documentText(byId('000')));
    expect(s.found).toEqual(ALL_SIX);
    expect(s.problems).toMatch(/^2020年，虽然我局政府信息公开工作取得了一定的成绩/);
    expect(s.problems).not.toContain('其他需要报告的事项');
    expect(s.narrative).toContain('主动公开各类政府信息5082条');
    expect(s.narrative).not.toContain('本年新制作数量');
    expect(s.narrative).not.toContain('\n');
    expect(s.narrative).not.toMatch(/\s{2}/);
  });

  it('001 and 209 (HTML): six sections, 五 as printed, no table text in the narrative', () => {
    const a = splitSections(documentText(byId('001')));
    expect(a.found).toEqual(ALL_SIX);
    expect(a.problems?.split('\n')[0]).toBe('（一）主要问题');
    expect(a.narrative).not.toContain('结果维持');
    const b = splitSections(documentText(byId('209')));
    expect(b.found).toEqual(ALL_SIX);
    expect(b.problems).toBe('对照新要求新任务，仍存在以下短板：一是主动公开工作还需进一步规范。');
  });

  it('partial excerpts: only the sections printed, 五 null when absent (002)', () => {
    const s = splitSections(documentText(byId('002')));
    expect(s.found).toEqual(['overview', 'active']);
    expect(s.problems).toBeNull();
  });

  it('heading variants: Traditional (170), 行政机关主动公开 (097), renumbered sections (205), 存在的问题及改进措施 (193)', () => {
    expect(splitSections(documentText(byId('170'))).found).toEqual(['overview', 'active', 'requests']);
    expect(splitSections(documentText(byId('097'))).found).toEqual(['overview', 'active', 'requests']);
    expect(splitSections(documentText(byId('205'))).found).toEqual(['overview', 'active', 'requests', 'review_litigation', 'other_matters']);
    expect(splitSections(documentText(byId('193'))).found).toEqual(['requests', 'review_litigation', 'problems', 'other_matters']);
  });

  it('V15 heading typo 主动公开政府政府情况, and 一是/二是 enumerations are not headings', () => {
    const s = splitSections('一、总体情况\n一是加强领导。\n二、主动公开政府政府情况\n五是强化监督存在问题。\n五、存在的主要问题及改进情况\n无');
    expect(s.found).toEqual(['overview', 'active', 'problems']);
    expect(s.problems).toBe('无');
  });

  it('headings written 第一部分, in markdown bold, or followed by the paragraph on the same line', () => {
    const s = splitSections(
      ['第一部分 总体情况', '正文。', '**二、主动公开政府信息情况**', '三、收到和处理政府信息公开申请情况。全年收到申请3件，均已办结，按时答复率达到百分之百，群众满意。'].join('\n'),
    );
    expect(s.found).toEqual(['overview', 'active', 'requests']);
  });

  it('site chrome before and after the report stays out of the narrative (085 menus, synthetic footer)', () => {
    const s085 = splitSections(documentText(byId('085')));
    expect(documentText(byId('085'))).toContain('加入收藏');
    expect(s085.narrative).not.toContain('加入收藏');
    expect(s085.narrative).toContain('接收政府信息公开申请13件');
    const s = splitSections(['首页', '政务公开', '一、总体情况', '全年主动公开信息12条。', '六、其他需要报告的事项', '无。', '主办单位：某某局', '网站标识码1234'].join('\n'));
    expect(s.narrative).toBe('一、总体情况 全年主动公开信息12条。 六、其他需要报告的事项 无。');
  });

  it('one-value-per-line tables (018) stay out of the narrative', () => {
    const s = splitSections(documentText(byId('018')));
    expect(s.narrative).not.toContain('本年制发件数');
    expect(s.narrative).not.toContain('自然人');
  });

  it('isTableLine tells table rows from prose on real lines', () => {
    const l210 = documentText(byId('210')).split('\n').find((l) => l.includes('4.无正当理由大量反复申请'))!;
    expect(isTableLine(l210)).toBe(true);
    expect(isTableLine('| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | ||')).toBe(true);
    expect(isTableLine('规章\t1\t1\t2')).toBe(true);
    expect(isTableLine('0')).toBe(true);
    expect(isTableLine('2020年，我局通过门户网站主动公开各类政府信息5082条。')).toBe(false);
  });
});

describe('text functions on arbitrary text (property)', () => {
  const token = fc.oneof(
    fc.constantFrom(
      '一、总体情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项', '主动公开政府信息', '收到政府信息公开申请',
      '未收到', '行政复议', '行政诉讼', '办结', '条', '件', '。', '，', '\n', '\t', '|', ' ', '2021年', '1月1日', '统计期限自', '至',
    ),
    fc.integer({ min: 0, max: 99999 }).map(String),
    fc.string({ maxLength: 4 }),
  );

  it('never throws; facts are non-negative integers on real lines; sections are unique and folded', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 80 }), (tokens) => {
        const text = tokens.join('');
        const lineCount = text.split(/\r?\n/).length;
        for (const f of extractTextFacts(text)) {
          expect(Number.isInteger(f.value) && f.value >= 0).toBe(true);
          expect(f.provenance.line).toBeGreaterThanOrEqual(1);
          expect(f.provenance.line).toBeLessThanOrEqual(lineCount);
        }
        const s = splitSections(text);
        expect(new Set(s.found).size).toBe(s.found.length);
        expect(s.narrative).not.toMatch(/\n|\s{2}/);
        const m = extractMeta(text);
        for (const d of [m.statPeriodStart, m.statPeriodEnd, m.signedDate, m.publishedDate]) {
          if (d !== null) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('empty text gives empty results, not invented values', () => {
    expect(extractTextFacts('')).toEqual([]);
    expect(splitSections('')).toEqual({ narrative: '', problems: null, found: [] });
    expect(extractMeta('')).toEqual({
      agencyName: null, year: null, title: null, statPeriodStart: null, statPeriodEnd: null, signedDate: null, publishedDate: null,
    });
  });
});
