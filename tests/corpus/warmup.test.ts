/** The engine warm-up runs the Overview on the median province and each Agency and Audit statement shape on the smallest. */
import { describe, expect, it } from 'vitest';
import { runAgencyStatements, warmUpShapes, WARMUP_SAMPLE_SQL } from '../../src/corpus/warmup';
import { CELL_BLOCKS_VIEW, type CellBlock } from '../../src/corpus/cell-blocks';
import type { QueryResult } from '../../src/db/connector';
import { agencyCellsForReportsSql, agencyChecksByRegionSql, agencyProfileSql, agencyReportRefs } from '../../src/queries/agency';
import { viewSqls } from '../../src/queries/background';
import { COMPARE_CAPS, compareRankedSql } from '../../src/queries/compare';
import { EMPTY_FILTERS } from '../../src/queries/filters';
import { overviewSqls } from '../../src/queries/overview';
import { fixtureDbForTests } from '../db/fixture';

const { fx, db } = fixtureDbForTests();

describe('warmUpShapes', () => {
  it('runs the Overview on the median province, profiles one agency of the smallest and audits that province', async () => {
    const asked: string[] = [];
    const spy = { query: (sql: string, o?: { signal?: AbortSignal }): Promise<QueryResult> => { asked.push(sql); return db().query(sql, o); } };
    const sample = await warmUpShapes(spy);
    // The provinces by size, counted in JS from the reports the fixture holds.
    const counts = new Map<string, number>();
    for (const e of fx.expected) {
      const p = fx.manifest.get(e.id)?.province;
      if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    const bySize = [...counts.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([p]) => p);
    expect(bySize.length).toBeGreaterThan(2);
    const smallest = bySize[0];
    const median = bySize[Math.floor((bySize.length + 1) / 2) - 1];
    expect(sample?.province).toBe(smallest);
    expect(sample?.medianProvince).toBe(median);
    expect(asked[0]).toBe(WARMUP_SAMPLE_SQL);
    // The Overview's own statements for that province, exactly as the view builds them.
    const overview = overviewSqls({ ...EMPTY_FILTERS, province: median ?? null });
    expect(asked.slice(1, 1 + overview.length)).toEqual(overview);
    expect(asked[1 + overview.length]).toBe(agencyProfileSql(sample?.agencyId ?? ''));
    // Then the Agency view's cells (the corpus has no cell blocks) and findings statements, in the view's order, from that profile's report refs.
    const refs = agencyReportRefs((await db().query(agencyProfileSql(sample?.agencyId ?? ''))).rows);
    expect(asked.slice(2 + overview.length, 4 + overview.length)).toEqual([agencyCellsForReportsSql(sample?.agencyId ?? '', refs), agencyChecksByRegionSql(sample?.agencyId ?? '', refs)]);
    // The audit's own statements follow, filtered on the smallest province.
    expect(asked.slice(1 + overview.length).filter((s) => s.includes(`'${smallest ?? ''}'`)).length).toBeGreaterThanOrEqual(3);
    const profile = (await db().query(agencyProfileSql(sample?.agencyId ?? ''))).rows;
    expect(profile.length).toBeGreaterThan(0);
    expect(profile.every((r) => r.province === smallest)).toBe(true);
  });

  it('asks where an agency\'s cell block is with its profile, and its cells statement only when there is no block', async () => {
    const agencyId = String((await db().query(WARMUP_SAMPLE_SQL)).rows[0]?.agency_id);
    const refs = agencyReportRefs((await db().query(agencyProfileSql(agencyId))).rows);
    const cellsSql = agencyCellsForReportsSql(agencyId, refs);
    expect(cellsSql).not.toBeNull();
    const place = { file: 'agency-cells.bin', byte_offset: 0, byte_length: 10 };
    const cases = [
      { read: (): Promise<CellBlock> => Promise.resolve({ rows: 0, columns: {} } as unknown as CellBlock), cellsAsked: false, readsAsked: 1 },
      // The view decides what a failed read means: the prefetch does not start the slow statement.
      { read: (): Promise<CellBlock> => Promise.reject(new Error('unreadable')), cellsAsked: false, readsAsked: 1 },
      // A corpus without blocks: the cells statement, and no block looked for.
      { read: null, cellsAsked: true, readsAsked: 0 },
    ];
    for (const c of cases) {
      const asked: string[] = [];
      const reads: unknown[] = [];
      const spy = {
        query: (sql: string, o?: { signal?: AbortSignal }): Promise<QueryResult> => {
          asked.push(sql);
          // The fixture is loaded from files and has no blocks: answered as a corpus that has.
          if (sql.includes(CELL_BLOCKS_VIEW)) return Promise.resolve({ columns: [], rows: [place] });
          return db().query(sql, o);
        },
      };
      const read = c.read;
      await runAgencyStatements(spy, agencyId, undefined, read === null ? undefined : (p) => { reads.push(p); return read(); });
      expect(reads).toEqual(Array.from({ length: c.readsAsked }, () => ({ file: 'agency-cells.bin', offset: 0, length: 10 })));
      expect(asked.includes(cellsSql ?? ''), JSON.stringify(c)).toBe(c.cellsAsked);
      expect(asked.some((sql) => sql.includes(CELL_BLOCKS_VIEW))).toBe(read !== null);
      expect(asked).toContain(agencyChecksByRegionSql(agencyId, refs));
      expect(asked).toContain(agencyProfileSql(agencyId));
    }
  });

  it('runs Compare by agency for the selection, metric and order it is given, as the view asks it, and only then', async () => {
    const run = async (compare?: Parameters<typeof warmUpShapes>[3]): Promise<string[]> => {
      const asked: string[] = [];
      await warmUpShapes({ query: (sql: string, o?: { signal?: AbortSignal }): Promise<QueryResult> => { asked.push(sql); return db().query(sql, o); } }, undefined, undefined, compare);
      return asked;
    };
    const filters = { ...EMPTY_FILTERS, years: [2023, 2024] };
    const params = { metric: 'requests_received', dimension: 'city', order: 'asc' } as const;
    const withCompare = await run({ filters, params });
    // The very text the Compare view builds by agency (its cache key), asked last.
    const byAgency = compareRankedSql('requests_received', 'agency', filters, { limit: COMPARE_CAPS.table, order: 'asc' });
    expect(viewSqls('compare', filters, { ...params, dimension: 'agency' })).toEqual([byAgency]);
    expect(withCompare.at(-1)).toBe(byAgency);
    expect(withCompare.filter((sql) => sql === byAgency)).toHaveLength(1);
    const without = await run();
    expect(without.some((sql) => sql.includes('dim_key'))).toBe(false);
    expect(withCompare.slice(0, -1)).toEqual(without);
    // An unknown metric (from an old link) plans no Compare statement, as in the view's plan.
    expect(await run({ filters, params: { ...params, metric: 'no_such_metric' } })).toEqual(without);
  });

  it('stops when its signal aborts', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(warmUpShapes(db(), ac.signal)).rejects.toThrow();
  });
});
