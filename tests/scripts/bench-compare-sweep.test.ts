/** The Compare sweep's cases and options (bench/compare-sweep.ts); the timing itself is a script, not a test. */
import { describe, expect, it } from 'vitest';
import { listOption, sweepCases } from '../../bench/compare-sweep';
import { COMPARE_CAPS, COMPARE_DIMENSIONS, compareRankedSql } from '../../src/queries/compare';
import { EMPTY_FILTERS } from '../../src/queries/filters';
import { METRICS } from '../../src/queries/metrics';

describe('compare sweep', () => {
  it('times the statement the view runs, for every metric, the dimensions and the orders asked', () => {
    const cases = sweepCases(['agency', 'city'], ['desc', 'asc']);
    expect(cases).toHaveLength(METRICS.length * 4);
    expect(new Set(cases.map((c) => c.metric))).toEqual(new Set(METRICS.map((m) => m.id)));
    const rate = cases.find((c) => c.metric === 'disclosure_rate' && c.dimension === 'agency' && c.order === 'asc');
    expect(rate?.sql).toBe(compareRankedSql('disclosure_rate', 'agency', EMPTY_FILTERS, { limit: COMPARE_CAPS.table, order: 'asc' }));
  });

  it('reads list options against what they allow, all of it when absent, and refuses anything else', () => {
    expect(listOption('dims', undefined, COMPARE_DIMENSIONS)).toEqual([...COMPARE_DIMENSIONS]);
    expect(listOption('dims', 'agency, province', COMPARE_DIMENSIONS)).toEqual(['agency', 'province']);
    expect(() => listOption('dims', 'agency,district', COMPARE_DIMENSIONS)).toThrow('--dims: district');
    expect(() => listOption('orders', ',', ['desc', 'asc'])).toThrow('(empty)');
  });
});
