import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpusFiles } from '../../src/corpus/load';
import type { DbConnector } from '../../src/db/connector';
import { createNodeDb } from '../../src/db/node';
import { EMPTY_FILTERS, filterPredicate, queryFilters, sqlIdent, sqlString, whereClause, type Filters } from '../../src/queries';
import { buildFixture, spec, toCsv, type Row } from '../db/fixture';

const EVIL = [
  `<img src=x onerror=alert(1)>`,
  `O'Brien 局'; DROP TABLE reports; --`,
  `100%_财政局\\`,
  `"双引号"局`,
  `ＳＨＡＮＧＨＡＩ 局`,
];

const fx = buildFixture();
// The first reports get hostile names and regions; the rest keep their real ones.
const reports: Row[] = fx.rows.reports.map((r, i) => {
  const evil = EVIL[i];
  return evil === undefined ? r : { ...r, agency_name: evil, province: evil, city: `${evil}市`, district: null };
});

let db: DbConnector;
beforeAll(async () => {
  db = await createNodeDb();
  const out = await loadCorpusFiles(db, [
    { name: 'reports.csv', bytes: toCsv(spec('reports'), reports) },
    { name: 'report_values.csv', bytes: toCsv(spec('report_values'), fx.rows.report_values) },
  ]);
  if (!out.ok) throw new Error(out.error.en);
});
afterAll(async () => {
  await db.close();
});

async function ids(f: Filters): Promise<string[]> {
  const r = await db.query(`SELECT report_id FROM reports ${whereClause(f)} ORDER BY report_id`);
  return r.rows.map((x) => String(x.report_id));
}

function jsIds(f: Filters): string[] {
  return reports
    .filter((r) => {
      if (f.years.length && !f.years.includes(Number(r.year))) return false;
      if (f.province !== null && r.province !== f.province) return false;
      if (f.city !== null && r.city !== f.city) return false;
      if (f.district !== null && r.district !== f.district) return false;
      if (f.agencyTypes.length && !f.agencyTypes.includes(String(r.agency_type))) return false;
      if (f.templates.length && !f.templates.includes(String(r.template))) return false;
      const q = f.agencyQuery.trim().toLowerCase();
      if (q && !String(r.agency_name ?? '').toLowerCase().includes(q)) return false;
      return true;
    })
    .map((r) => String(r.report_id))
    .sort();
}

describe('queryFilters', () => {
  it('copies the lists, so the builders never hold the store\'s, and keeps every value', () => {
    const store = { ...EMPTY_FILTERS, years: [2023], province: '江苏省', agencyTypes: ['township'], templates: ['v2021'], agencyQuery: '局' };
    const f = queryFilters(store);
    expect(f).toEqual(store);
    expect(f.years).not.toBe(store.years);
    expect(f.agencyTypes).not.toBe(store.agencyTypes);
    expect(f.templates).not.toBe(store.templates);
    expect(filterPredicate(f)).toBe(filterPredicate(store));
  });
});

describe('whereClause', () => {
  it('is empty for no filter and combines every filter with AND', () => {
    expect(whereClause(EMPTY_FILTERS)).toBe('');
    expect(filterPredicate(EMPTY_FILTERS)).toBe('TRUE');
    expect(
      whereClause(
        { years: [2021, 2022, 2021], province: '江苏省', city: '宿迁市', district: null, agencyTypes: ['government'], agencyQuery: " O'Brien ", templates: ['v2021'] },
        'r',
      ),
    ).toMatchInlineSnapshot(`"WHERE r.year IN (2021, 2022) AND r.province = '江苏省' AND r.city = '宿迁市' AND r.agency_type IN ('government') AND contains(lower(coalesce(r.agency_name, '')), lower('O''Brien')) AND r.template IN ('v2021')"`);
  });

  it.each(EVIL)('matches a hostile agency name literally: %s', async (name) => {
    const f: Filters = { ...EMPTY_FILTERS, agencyQuery: name };
    const got = await ids(f);
    expect(got).toHaveLength(1);
    expect(got).toEqual(jsIds(f));
    const byRegion: Filters = { ...EMPTY_FILTERS, province: name, city: `${name}市` };
    expect(await ids(byRegion)).toEqual(got);
  });

  it('treats % and _ in the search as plain characters', async () => {
    // As LIKE patterns, '%' and '_' would match every name.
    expect(await ids({ ...EMPTY_FILTERS, agencyQuery: '%' })).toHaveLength(1);
    const underscore = await ids({ ...EMPTY_FILTERS, agencyQuery: '_' });
    expect(underscore).toEqual(jsIds({ ...EMPTY_FILTERS, agencyQuery: '_' }));
    expect(underscore.length).toBeLessThan(reports.length);
  });

  it('selects exactly what a plain JS filter selects, for arbitrary filter values', async () => {
    const names = reports.map((r) => String(r.agency_name ?? ''));
    const provinces = [...new Set(reports.map((r) => r.province).filter((p): p is string => typeof p === 'string'))];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          years: fc.subarray([2019, 2020, 2021, 2022, 2023, 2024, 2025, 1999]),
          province: fc.option(fc.oneof(fc.constantFrom(...provinces), fc.string()), { nil: null }),
          city: fc.constant(null),
          district: fc.constant(null),
          agencyTypes: fc.subarray(['government', 'department', 'township', 'other']),
          agencyQuery: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(...names).map((n) => n.slice(1, 4))),
          templates: fc.subarray(['v2019', 'v2021', 'mixed']),
        }),
        async (f) => {
          expect(await ids(f)).toEqual(jsIds(f));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('sqlString / sqlIdent', () => {
  it('keeps a column named __proto__ as an ordinary field of the row', async () => {
    const r = await db.query(`SELECT 1 AS ${sqlIdent('__proto__')}, 2 AS ${sqlIdent('constructor')}`);
    const row = r.rows[0] ?? {};
    expect(Object.keys(row)).toEqual(['__proto__', 'constructor']);
    expect(Object.values(row)).toEqual([1, 2]);
  });

  it('round-trips any string through DuckDB', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 12 }), async (s) => {
        const clean = s.replaceAll(String.fromCharCode(0), '');
        const r = await db.query(`SELECT ${sqlString(s)} AS ${sqlIdent(s.length > 0 && clean.length > 0 ? clean : 'x')}`);
        expect(Object.values(r.rows[0] ?? {})).toEqual([clean]);
      }),
      { numRuns: 80 },
    );
  });
});
