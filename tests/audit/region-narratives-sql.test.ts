/**
 * `storedRegionNarrativesSql` (a selection's narrative pairs read from the stored pairs' own region
 * columns) against `consecutivePairs` over the selection's reports (the pairing the rest of the
 * audit uses), on a generated corpus with the invariant a hot file's `narrative_region` announces
 * (every agency-year in one region): agencies with gaps in their years, agencies that move city
 * between years, two reports in one year, reports without a narrative, scores on both sides of the
 * threshold and texts too short to compare. Every consecutive-year pair of the corpus is stored, as
 * the database writer stores them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consecutivePairs, COPY_THRESHOLD, type Dated } from '../../src/audit/copies';
import { storedRegionNarrativesSql } from '../../src/audit/sql';
import type { DbConnector } from '../../src/db/connector';
import { createNodeDb } from '../../src/db/node';
import { EMPTY_FILTERS, type Filters } from '../../src/queries/filters';
import { sqlNumber, sqlString } from '../../src/queries/sql';

interface Report extends Dated {
  readonly year: number;
  readonly province: string;
  readonly city: string;
  readonly narrative: boolean;
}
interface Stored {
  readonly score: number;
  readonly comparable: boolean;
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROVINCES = [['甲省', ['一市', '二市']], ['乙省', ['三市']]] as const;

let db: DbConnector;
const reports: Report[] = [];
/** By the later report's id, then the earlier's. */
const stored = new Map<string, Map<string, Stored>>();

beforeAll(async () => {
  const rnd = random(20261127);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  for (let a = 0; a < 60; a++) {
    const [province, cities] = pick(PROVINCES);
    let city = pick(cities);
    for (let year = 2019; year <= 2025; year++) {
      // Some agencies move to another city of their province (a redrawn district).
      if (rnd() < 0.1) city = pick(cities);
      if (rnd() < 0.2) continue;
      // Ids drawn at random: the agencies' order by first id is not their ids' order.
      const copies = rnd() < 0.1 ? 2 : 1;
      for (let k = 0; k < copies; k++) reports.push({ reportId: `r${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}-${String(reports.length)}`, agencyId: `ag${String(a)}`, year, province, city, narrative: rnd() < 0.85 });
    }
  }
  const byId = new Map(reports.map((r) => [r.reportId, r]));
  const rows: string[] = [];
  for (const [prev, cur] of consecutivePairs(reports.filter((r) => r.narrative))) {
    const x = rnd();
    const s: Stored = { score: x < 0.3 ? 0.95 : x < 0.4 ? COPY_THRESHOLD : rnd() * 0.79, comparable: rnd() < 0.8 };
    stored.set(cur.reportId, new Map([[prev.reportId, s]]));
    const [c, p] = [byId.get(cur.reportId), byId.get(prev.reportId)];
    rows.push(`(${[prev.reportId, cur.reportId].map(sqlString).join(', ')}, ${String(s.score)}, 0.5, 4000, 4100, ${String(s.comparable)}, ${sqlString(c?.province ?? '')}, ${sqlString(c?.city ?? '')}, NULL, ${sqlNumber(cur.year)}, ${sqlString(cur.agencyId)}, ${sqlNumber(prev.year)}, ${sqlString(p?.province ?? '')}, ${sqlString(p?.city ?? '')}, NULL)`);
  }
  db = await createNodeDb();
  await db.exec(`CREATE TABLE v_narrative_similarity (prev_report_id VARCHAR, report_id VARCHAR, score DOUBLE, jaccard DOUBLE, prev_chars INTEGER, chars INTEGER, comparable BOOLEAN,
    province VARCHAR, city VARCHAR, district VARCHAR, year INTEGER, agency_id VARCHAR, prev_year INTEGER, prev_province VARCHAR, prev_city VARCHAR, prev_district VARCHAR)`);
  await db.exec(`INSERT INTO v_narrative_similarity VALUES ${rows.join(', ')}`);
});
afterAll(async () => {
  await db.close();
});

/** The selection's pairs as the audit makes them from its reports, and the flagged ones. */
function reference(f: Filters): { total: number; flagged: string[] } {
  const selected = reports.filter((r) => (f.province === null || r.province === f.province) && (f.city === null || r.city === f.city) && (f.years.length === 0 || f.years.includes(r.year)));
  const pairs = consecutivePairs(selected.filter((r) => r.narrative));
  const flagged = pairs.filter(([prev, cur]) => {
    const s = stored.get(cur.reportId)?.get(prev.reportId);
    return s !== undefined && s.comparable && s.score >= COPY_THRESHOLD;
  });
  return { total: pairs.length, flagged: flagged.map(([prev, cur]) => `${prev.reportId}→${cur.reportId}`).sort() };
}

describe('storedRegionNarrativesSql', () => {
  const selections: Filters[] = [
    EMPTY_FILTERS,
    { ...EMPTY_FILTERS, province: '甲省' },
    { ...EMPTY_FILTERS, province: '甲省', city: '二市' },
    { ...EMPTY_FILTERS, province: '甲省', city: '一市', years: [2021, 2022, 2023] },
    { ...EMPTY_FILTERS, years: [2020, 2021, 2023] },
    { ...EMPTY_FILTERS, province: '乙省', years: [2024, 2025] },
  ];

  it('counts the pairs the selection makes and returns the flagged ones with their stored similarity', async () => {
    let flagged = 0;
    for (const f of selections) {
      const want = reference(f);
      const rows = (await db.query(storedRegionNarrativesSql(f, COPY_THRESHOLD))).rows;
      expect(rows.map((r) => Number(r.total))).toEqual(rows.map(() => want.total));
      const got = rows.filter((r) => r.report_id !== null);
      expect(got.map((r) => `${String(r.prev_report_id)}→${String(r.report_id)}`).sort()).toEqual(want.flagged);
      for (const r of got) {
        const s = stored.get(String(r.report_id))?.get(String(r.prev_report_id));
        expect({ score: r.score, comparable: r.comparable, chars: [r.prev_chars, r.chars], year: Number(r.year) - 1 }).toEqual({ score: s?.score, comparable: true, chars: [4000, 4100], year: r.prev_year });
      }
      flagged += got.length;
    }
    expect(flagged).toBeGreaterThan(10);
    // The generated corpus has a score exactly at the threshold, and an agency that moved city between consecutive years.
    expect([...stored.values()].some((m) => [...m.values()].some((s) => s.comparable && s.score === COPY_THRESHOLD))).toBe(true);
    const byId = new Map(reports.map((r) => [r.reportId, r]));
    expect([...stored].some(([cur, m]) => [...m.keys()].some((prev) => byId.get(prev)?.city !== byId.get(cur)?.city))).toBe(true);
  });

  it('answers a selection without a flagged pair with one row: its total', async () => {
    const f: Filters = { ...EMPTY_FILTERS, province: '乙省', years: [2019] };
    expect(reference(f).total).toBe(0);
    expect((await db.query(storedRegionNarrativesSql(f, COPY_THRESHOLD))).rows.map((r) => [Number(r.total), r.report_id])).toEqual([[0, null]]);
    const none = (await db.query(storedRegionNarrativesSql(EMPTY_FILTERS, 2))).rows;
    expect(none.map((r) => [Number(r.total), r.report_id])).toEqual([[reference(EMPTY_FILTERS).total, null]]);
  });
});
