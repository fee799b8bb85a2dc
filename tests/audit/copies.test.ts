/**
 * Copy detection on real narratives (parsed from the shared corpus with `parseReport`) and on
 * labelled synthetic variants of them: a near-copy must score high, unrelated reports low.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareNarratives, consecutivePairs, copyFindings, COPY_THRESHOLD, countKeyIds, identicalFromRows, identicalTables, keysOfIds, MIN_IDENTICAL_CELLS, tableValuesFromRows, type TableValuesInput } from '../../src/audit/copies';
import { contextFromRow } from '../../src/audit/findings';
import { foldNarrative, MIN_COMPARABLE_CHARS, narrativeSimilarity, shingles } from '../../src/audit/similarity';
import { narrativesSql, reportContextSql, tableExistsSql, tableValuesSql } from '../../src/audit/sql';
import type { DbConnector } from '../../src/db/connector';
import { parseReport } from '../../src/ingest/parse';
import { EMPTY_FILTERS } from '../../src/queries/filters';
import { sqlString } from '../../src/queries/sql';
import { CORPUS_DIR } from '../shared';
import { defaultCorpusDb } from './data';

function narrative(file: string): string {
  const r = parseReport(readFileSync(join(CORPUS_DIR, 'reports', file)), { fileName: file });
  if (!r.ok) throw new Error(`${file}: ${r.error.message.en}`);
  return r.report.sections.narrative;
}

const suqian2023 = narrative('210.txt');
const suqian2024 = narrative('211.txt');
const shenyang = narrative('000.txt');
const shanghaiSci = narrative('205.md');

describe('narrativeSimilarity', () => {
  it('folds spacing, punctuation and figures away', () => {
    expect(foldNarrative('2023年，收到 申请 15件。')).toBe(foldNarrative('2024年收到申请\n7件'));
    expect(shingles('abcdef', 5)).toEqual(new Set(['abcde', 'bcdef']));
    // Characters outside the BMP (rare CJK extension B) count as one character each.
    expect(shingles('𠀀𠀁𠀂𠀃𠀄𠀅', 5)).toEqual(new Set(['𠀀𠀁𠀂𠀃𠀄', '𠀁𠀂𠀃𠀄𠀅']));
  });

  it('is fast enough for a city’s corpus: 100 pairs of real 4,000-character narratives well under 2 s', () => {
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) narrativeSimilarity(suqian2023, suqian2024);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('scores unrelated real reports low', () => {
    for (const [a, b] of [[suqian2023, shenyang], [suqian2023, shanghaiSci], [shenyang, shanghaiSci]] as const) {
      const s = narrativeSimilarity(a, b);
      expect(s.comparable).toBe(true);
      expect(s.score).toBeLessThan(0.2);
    }
  });

  it('scores a labelled near-copy high: last year’s text with new figures, new line breaks and an added paragraph', () => {
    const copy = `${suqian2023.replace(/2023/g, '2024').replace(/\d+件/g, '99件').replace(/。/g, '。\n')}另外，${shenyang.slice(0, 300)}`;
    const s = narrativeSimilarity(suqian2023, copy);
    expect(s.score).toBeGreaterThanOrEqual(COPY_THRESHOLD);
    expect(s.score).toBeGreaterThan(0.95);
    // Jaccard is diluted by the added paragraph; containment is not (why containment is the score).
    expect(s.jaccard).toBeLessThan(s.score);
  });

  it('scores a copy with a third of the text cut away high too', () => {
    const cut = suqian2023.slice(0, Math.floor(suqian2023.length * 0.66));
    expect(narrativeSimilarity(cut, suqian2023).score).toBeGreaterThan(0.95);
  });

  it('calls texts under the minimum length not comparable', () => {
    const s = narrativeSimilarity(suqian2023.slice(0, 100), suqian2023);
    expect(s.comparable).toBe(false);
    expect(Array.from(foldNarrative(suqian2023.slice(0, 100))).length).toBeLessThan(MIN_COMPARABLE_CHARS);
  });
});

describe('consecutivePairs', () => {
  it('pairs each agency-year (its smallest report id) with the year before; agencies by their first report id, years ascending', () => {
    const r = (reportId: string, agencyId: string, year: number | null) => ({ reportId, agencyId, year });
    const pairs = consecutivePairs([
      r('r09', 'A', 2023), r('r08', 'A', 2021), r('r04', 'A', 2021), r('r03', 'A', 2020),
      r('r00', 'B', null), r('r05', 'B', 2020), r('r07', 'B', 2021), r('r06', 'B', 2022),
    ]);
    // A's first report id is r03 (met last), B's r05 (its undated r00 pairs with nothing and does not
    // count); A's 2021 is r04, not r08; A has no 2022, so its 2023 pairs with nothing.
    expect(pairs.map(([p, c]) => `${p.reportId}→${c.reportId}`)).toEqual(['r03→r04', 'r05→r07', 'r07→r06']);
  });

  it('gives the pairs of its definition on random inputs, odd years included', () => {
    type R = { reportId: string; agencyId: string; year: number | null };
    // The definition, spelled out: each agency-year's smallest report id (code-unit order); agencies
    // by their smallest report id, then by where that report comes; years ascending; a year paired
    // with the year just before it.
    const reference = (items: readonly R[]): string[] => {
      const agencies = new Map<string, { first: string; at: number; years: Map<number, R> }>();
      items.forEach((it, i) => {
        if (it.year === null) return;
        const a = agencies.get(it.agencyId) ?? { first: it.reportId, at: i, years: new Map<number, R>() };
        agencies.set(it.agencyId, a);
        if (it.reportId < a.first) [a.first, a.at] = [it.reportId, i];
        const had = a.years.get(it.year);
        if (!had || it.reportId < had.reportId) a.years.set(it.year, it);
      });
      return [...agencies.values()]
        .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.at - b.at))
        .flatMap(({ years }) => [...years.keys()].sort((x, y) => x - y).flatMap((y) => {
          const prev = years.get(y - 1);
          const cur = years.get(y);
          return prev && cur ? [`${prev.reportId}→${cur.reportId}`] : [];
        }));
    };
    let seed = 11;
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor(seed / 65536) % n; };
    const odd = [null, 0, 2019.5, 2020.5, -1, 1e9];
    for (let round = 0; round < 500; round++) {
      const items: R[] = Array.from({ length: rand(30) }, () => ({
        reportId: `r${String(rand(40)).padStart(2, '0')}`,
        agencyId: 'ABCDE'[rand(5)] ?? 'A',
        year: rand(10) === 0 ? (odd[rand(odd.length)] ?? null) : 2018 + rand(8),
      }));
      expect(consecutivePairs(items).map(([p, c]) => `${p.reportId}→${c.reportId}`), JSON.stringify(items)).toEqual(reference(items));
    }
  });
});

describe('compareNarratives', () => {
  it('pairs 宿迁 2023→2024: more alike than strangers, far from a copy', () => {
    const pairs = compareNarratives([
      { reportId: '211', agencyId: 'suqian', year: 2024, narrative: suqian2024 },
      { reportId: '210', agencyId: 'suqian', year: 2023, narrative: suqian2023 },
      { reportId: '000', agencyId: 'shenyang', year: 2020, narrative: shenyang },
    ]);
    expect(pairs).toHaveLength(1);
    const p = pairs[0];
    expect(p).toMatchObject({ reportId: '211', prevReportId: '210', year: 2024, prevYear: 2023, status: 'pass' });
    const stranger = narrativeSimilarity(suqian2024, shenyang).score;
    expect(p?.similarity.score).toBeGreaterThan(stranger);
    expect(p?.percent).toBeLessThan(COPY_THRESHOLD * 100);
    expect(p?.message.zh).toContain('2023年');
  });

  it('flags a synthetic copy with its percentage, and skips years that are not consecutive', () => {
    const pairs = compareNarratives([
      { reportId: 'a1', agencyId: 'x', year: 2021, narrative: suqian2023 },
      { reportId: 'a2', agencyId: 'x', year: 2022, narrative: suqian2023.replace(/2023/g, '2022') },
      { reportId: 'a4', agencyId: 'x', year: 2024, narrative: suqian2023 },
    ]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ reportId: 'a2', status: 'fail', percent: 100 });
    expect(pairs[0]?.message.en).toMatch(/100% similar to the 2021 report/);
  });
});

function values(reportId: string, agencyId: string, year: number, entries: Record<string, number>): TableValuesInput {
  return { reportId, agencyId, year, values: new Map(Object.entries(entries)) };
}

describe('identicalTables', () => {
  const review = (v: number): Record<string, number> =>
    Object.fromEntries(['upheld', 'corrected', 'other', 'pending', 'total'].map((o, i) => [`review_litigation.admin_review.${o}`, o === 'total' ? v * 4 + 6 : v + i]));

  it('flags a table whose figures all repeat last year’s', () => {
    const out = identicalTables([values('p', 'x', 2022, { ...review(3), 'requests.new_received.total': 5 }), values('c', 'x', 2023, { ...review(3), 'requests.new_received.total': 8 })]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ reportId: 'c', prevReportId: 'p', table: 'review' });
    expect(out[0]?.keys).toHaveLength(5);
  });

  it('does not flag all-zero tables, tables with fewer than the minimum cells, or tables that differ in one cell', () => {
    expect(identicalTables([values('p', 'x', 2022, review(0)), values('c', 'x', 2023, review(0))]).length).toBe(1);
    const zeros = Object.fromEntries(Object.keys(review(0)).map((k) => [k, 0]));
    expect(identicalTables([values('p', 'x', 2022, zeros), values('c', 'x', 2023, zeros)])).toEqual([]);
    const few = Object.fromEntries(Object.entries(review(2)).slice(0, MIN_IDENTICAL_CELLS - 1));
    expect(identicalTables([values('p', 'x', 2022, few), values('c', 'x', 2023, few)])).toEqual([]);
    expect(identicalTables([values('p', 'x', 2022, review(2)), values('c', 'x', 2023, { ...review(2), 'review_litigation.admin_review.pending': 99 })])).toEqual([]);
  });
});

describe('identical tables from stored rows', () => {
  it('read keys from a list or from one space-separated text alike, and drop rows without keys', () => {
    const row = { report_id: 'c', prev_report_id: 'p', agency_id: 'x', year: 2023, prev_year: 2022, table_id: 'review' };
    const keys = ['review_litigation.admin_review.upheld', 'review_litigation.admin_review.total'];
    expect(identicalFromRows([{ ...row, keys_text: keys.join(' ') }])).toEqual(identicalFromRows([{ ...row, keys }]));
    expect(identicalFromRows([{ ...row, keys_text: keys.join(' ') }])[0]?.keys).toEqual(keys);
    expect(identicalFromRows([{ ...row, keys_text: '' }, { ...row, keys_text: null }, row])).toEqual([]);
  });

  it('read keys from their numbers in the file\'s list of keys, and drop rows whose numbers it lacks', () => {
    const row = { report_id: 'c', prev_report_id: 'p', agency_id: 'x', year: 2023, prev_year: 2022, table_id: 'review' };
    const list = ['active.a', 'review_litigation.admin_review.total', 'review_litigation.admin_review.upheld', 'x', 'y', 'z', 'w', 'v', 'u', 't', 'review_litigation.suit.total'];
    const keys = ['review_litigation.admin_review.total', 'review_litigation.admin_review.upheld', 'review_litigation.suit.total'];
    expect(identicalFromRows([{ ...row, key_ids: '1 2 10' }], list)).toEqual(identicalFromRows([{ ...row, keys }]));
    // Without the list the numbers cannot be read: the row is dropped, never given other keys.
    expect(identicalFromRows([{ ...row, key_ids: '1 2 10' }])).toEqual([]);
    expect(identicalFromRows([{ ...row, key_ids: '1 11' }, { ...row, key_ids: '' }, { ...row, key_ids: '1 x' }], list)).toEqual([]);
  });

  it('count numbered keys at once and read them when asked, for the flag and for its finding', () => {
    const row = { report_id: 'c', prev_report_id: 'p', agency_id: 'x', year: 2023, prev_year: 2022, table_id: 'review', key_ids: '3 1 2' };
    const list = ['a', 'b', 'c', 'd'];
    const [flag] = identicalFromRows([row], list);
    expect(flag?.cells).toBe(3);
    expect(flag?.message.en).toContain('All 3 figures');
    expect(flag?.keys).toEqual(['d', 'b', 'c']);
    // Read twice, the same list.
    expect(flag?.keys).toBe(flag?.keys);
    const ctx = { reportId: 'c', agencyId: 'x', agencyName: null, province: null, city: null, district: null, agencyType: null, year: 2023 };
    const [finding] = copyFindings([], flag === undefined ? [] : [flag], new Map([['c', ctx]]));
    expect(finding).toMatchObject({ ruleId: 'COPY-TABLES', actual: 3, keys: ['d', 'b', 'c'] });
    expect({ ...finding }.keys).toEqual(['d', 'b', 'c']);
    expect(finding?.keys).toBe(flag?.keys);
  });

  it('keep each numbered flag\'s and each finding\'s own keys, whether numbered or listed', () => {
    const row = { report_id: 'c', prev_report_id: 'p', agency_id: 'x', year: 2023, prev_year: 2022, table_id: 'review' };
    const list = ['a', 'b', 'c', 'd'];
    const flags = identicalFromRows([{ ...row, key_ids: '3 1' }, { ...row, report_id: 'e', key_ids: '0 2 1' }, { ...row, report_id: 'f', keys: ['review_litigation.x'] }], list);
    const ctx = (id: string) => ({ reportId: id, agencyId: 'x', agencyName: null, province: null, city: null, district: null, agencyType: null, year: 2023 });
    const findings = copyFindings([], flags, new Map(['c', 'e', 'f'].map((id) => [id, ctx(id)])));
    expect(findings.map((f) => [f.reportId, f.actual, f.keys])).toEqual([['c', 2, ['d', 'b']], ['e', 3, ['a', 'c', 'b']], ['f', 1, ['review_litigation.x']]]);
    expect(flags.map((f) => f.keys)).toEqual([['d', 'b'], ['a', 'c', 'b'], ['review_litigation.x']]);
    expect(findings.map((f) => Object.keys(f).includes('keys'))).toEqual([true, true, true]);
  });
});

describe('keysOfIds and countKeyIds', () => {
  const list = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
  it('reads space-separated numbers of any width into the keys they name, in their order', () => {
    expect(keysOfIds('0', list)).toEqual(['a']);
    expect(keysOfIds('11 0 3', list)).toEqual(['l', 'a', 'd']);
    expect(keysOfIds('2  10 ', list)).toEqual(['c', 'k']);
    expect(keysOfIds(' 1', list)).toEqual(['b']);
    for (const ids of ['0', '11 0 3', '2  10 ', ' 1']) expect(countKeyIds(ids, list)).toBe(keysOfIds(ids, list)?.length);
  });
  it('refuses a number past the list, a sign or a letter, and nothing at all', () => {
    for (const ids of ['12', '1 -2', '1,2', '', '   ']) {
      expect(keysOfIds(ids, list)).toBeNull();
      expect(countKeyIds(ids, list)).toBeNull();
    }
    // A hole in the list is a number it lacks.
    const holed = ['a'];
    holed[2] = 'c';
    expect(keysOfIds('0 1', holed)).toBeNull();
    expect(countKeyIds('0 1', holed)).toBeNull();
    expect(countKeyIds('0 2', holed)).toBe(2);
  });
});

describe('copies on the default corpus', () => {
  let db: DbConnector;
  beforeAll(async () => {
    db = await defaultCorpusDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('finds no identical tables: 宿迁 2023 and 2024 print different figures', async () => {
    const inputs = tableValuesFromRows((await db.query(tableValuesSql(EMPTY_FILTERS))).rows);
    expect(inputs.find((i) => i.reportId === '211')?.values.size).toBeGreaterThan(100);
    expect(identicalTables(inputs)).toEqual([]);
    // A 2025 report that repeats 211's table 4 is caught.
    const s211 = inputs.find((i) => i.reportId === '211');
    if (!s211) throw new Error('211 missing');
    const fake = { ...s211, reportId: 'fake2025', year: 2025 };
    const flagged = identicalTables([...inputs, fake]);
    expect(flagged.map((f) => f.reportId)).toEqual(['fake2025', 'fake2025', 'fake2025']);
  });

  it('reads narratives from a report_texts table and turns flagged pairs into findings', async () => {
    // Older corpora have no report_texts table; newer ones may already hold these narratives.
    if (Number((await db.query(tableExistsSql('report_texts'))).rows[0]?.n) === 0) await db.exec('CREATE TABLE report_texts (report_id VARCHAR, narrative VARCHAR, problems VARCHAR)');
    await db.exec(`DELETE FROM report_texts WHERE report_id IN ('210', '211')`);
    await db.exec(`INSERT INTO report_texts (report_id, narrative, problems) VALUES ('210', ${sqlString(suqian2023)}, NULL), ('211', ${sqlString(suqian2024)}, NULL)`);
    const inputs = (await db.query(narrativesSql({ ...EMPTY_FILTERS, province: '江苏省', city: '宿迁市' }))).rows.map((r) => ({ reportId: String(r.report_id), agencyId: String(r.agency_id), year: Number(r.year), narrative: String(r.narrative) }));
    const pairs = compareNarratives(inputs).filter((p) => p.reportId === '211');
    expect(pairs.map((p) => [p.prevReportId, p.reportId])).toEqual([['210', '211']]);
    const ctx = new Map((await db.query(reportContextSql(EMPTY_FILTERS))).rows.map((r) => [String(r.report_id), contextFromRow(r)]));
    expect(copyFindings(pairs, [], ctx)).toEqual([]);
    expect(pairs[0]?.status).toBe('pass');
    const lowered = compareNarratives(inputs, 0.2).filter((p) => p.reportId === '211');
    const f = copyFindings(lowered, [], ctx);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ ruleId: 'COPY-TEXT', reportId: '211', agencyName: '宿迁市人民政府', year: 2024, actual: lowered[0]?.percent });
  });
});
