/** The engine warm-up runs each Agency and Audit statement shape once, on the smallest province. */
import { describe, expect, it } from 'vitest';
import { warmUpShapes, WARMUP_SAMPLE_SQL } from '../../src/corpus/warmup';
import type { QueryResult } from '../../src/db/connector';
import { agencyProfileSql } from '../../src/queries/agency';
import { fixtureDbForTests } from '../db/fixture';

const { fx, db } = fixtureDbForTests();

describe('warmUpShapes', () => {
  it('profiles one agency of the province with the fewest reports and audits that province', async () => {
    const asked: string[] = [];
    const spy = { query: (sql: string, o?: { signal?: AbortSignal }): Promise<QueryResult> => { asked.push(sql); return db().query(sql, o); } };
    const sample = await warmUpShapes(spy);
    // The smallest province, counted in JS from the reports the fixture holds.
    const counts = new Map<string, number>();
    for (const e of fx.expected) {
      const p = fx.manifest.get(e.id)?.province;
      if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    const smallest = [...counts.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    expect(sample?.province).toBe(smallest);
    expect(asked[0]).toBe(WARMUP_SAMPLE_SQL);
    expect(asked[1]).toBe(agencyProfileSql(sample?.agencyId ?? ''));
    expect(asked.some((s) => s.includes('FROM v_agency_cells'))).toBe(true);
    expect(asked.some((s) => s.includes('FROM checks c') && s.includes("<> 'pass'"))).toBe(true);
    // The audit's own statements follow, filtered on the sample's province.
    expect(asked.filter((s) => s.includes(`'${smallest ?? ''}'`)).length).toBeGreaterThanOrEqual(3);
    const profile = (await db().query(agencyProfileSql(sample?.agencyId ?? ''))).rows;
    expect(profile.length).toBeGreaterThan(0);
    expect(profile.every((r) => r.province === smallest)).toBe(true);
  });

  it('stops when its signal aborts', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(warmUpShapes(db(), ac.signal)).rejects.toThrow();
  });
});
