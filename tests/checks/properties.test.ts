import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReportChecks } from '../../src/checks';
import { keysWithPrefix, reportFromExpected, withCells } from './fixtures';

const EQUATION_RULES = new Set(['T3-BAL', 'T3-ROW', 'T3-RES', 'T4-SUM']);

describe('status semantics on real reports (property)', () => {
  for (const id of ['209', '210', '203']) {
    const base = reportFromExpected(id);
    const keys = [...keysWithPrefix(base, 'requests.'), ...keysWithPrefix(base, 'review_litigation.')];

    it(`${id}: a blank, "/", text or missing operand makes every balance rule that uses it uncertain, never fail`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...keys), fc.constantFrom(null, 'na', '0/0', undefined), (key, v) => {
          const results = runReportChecks(withCells(base, { [key]: v })).filter((c) => EQUATION_RULES.has(c.ruleId) && c.keys.includes(key));
          expect(results.length).toBeGreaterThan(0);
          for (const c of results) expect(c.status).toBe('uncertain');
        }),
        { numRuns: 60 },
      );
    });
  }

  it('210: raising any single table 三 or 四 count breaks at least one balance rule that names it', () => {
    const base = reportFromExpected('210');
    const keys = [...keysWithPrefix(base, 'requests.'), ...keysWithPrefix(base, 'review_litigation.')];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.integer({ min: 1, max: 1000 }), (key, delta) => {
        const cell = base.cells.find((c) => c.key === key);
        const value = (cell?.value ?? 0) + delta;
        const failed = runReportChecks(withCells(base, { [key]: value })).filter((c) => EQUATION_RULES.has(c.ruleId) && c.status === 'fail');
        expect(failed.some((c) => c.keys.includes(key))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
