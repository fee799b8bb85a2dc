/**
 * The audit's coverage findings from its report rows, through `runAudit` against an engine
 * stand-in: the complete reports the COVERAGE-NO-TABLES rule asks about are looked up only when a
 * text-only cell needs it, and a grid without a missing or text-only cell gives no coverage finding.
 */
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/run';
import { EMPTY_FILTERS } from '../../src/queries/filters';

const report = (reportId: string, year: number, template: string, completeness: string) => ({
  report_id: reportId, agency_id: 'A', agency_name: '甲局', province: '甲省', city: null, district: null, agency_type: 'department', year,
  template, completeness, published_date: null, tables_gap: false, has_narrative: false,
});

/** An engine whose corpus has these report rows, no stored flag, narrative or check finding. */
const engine = (rows: Record<string, unknown>[]) => ({
  query: (sql: string) => Promise.resolve({ columns: [], rows: sql.includes('published_date') ? rows : sql.includes('count(*) AS n') ? [{ n: 0 }] : [] }),
});

describe('the audit\'s coverage findings', () => {
  it('name a complete text-only report from 2019 on, not an excerpt', async () => {
    const audit = await runAudit(engine([report('full21', 2021, 'text_only', 'full'), report('excerpt22', 2022, 'text_only', 'partial'), report('r23', 2023, 'v2021', 'full')]), EMPTY_FILTERS);
    expect(audit.grid.counts).toEqual({ present: 1, partial: 0, text_only: 2, missing: 0 });
    expect(audit.findings.filter((x) => x.source === 'coverage').map((x) => [x.ruleId, x.year, x.reportId])).toEqual([['COVERAGE-NO-TABLES', 2021, 'full21']]);
  });

  it('are none for a grid of present cells, and a missing year is one', async () => {
    const present = await runAudit(engine([report('r21', 2021, 'v2021', 'full'), report('r22', 2022, 'v2021', 'partial')]), EMPTY_FILTERS);
    expect(present.findings.filter((x) => x.source === 'coverage')).toEqual([]);
    const gap = await runAudit(engine([report('r21', 2021, 'v2021', 'full'), report('r23', 2023, 'v2021', 'full')]), EMPTY_FILTERS);
    expect(gap.findings.filter((x) => x.source === 'coverage').map((x) => [x.ruleId, x.year])).toEqual([['COVERAGE-MISSING', 2022]]);
  });
});
