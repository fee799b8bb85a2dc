/**
 * The order of a region audit's flagged narrative pairs read from stored pairs: the engine returns
 * them in no order, and the page puts them in the order `consecutivePairs` gives (agencies by their
 * first report id among the selection's reports with a narrative, then years), which here differs
 * from the order of the flagged pairs' own ids. The engine is a stand-in answering each statement
 * the audit asks of a corpus whose stored pairs name both reports' regions; it also shows that the
 * pairs are asked for before the report rows and findings come back.
 */
import { describe, expect, it } from 'vitest';
import { COPY_THRESHOLD } from '../../src/audit/copies';
import { auditSelection, NARRATIVE_REGION_SQL, runAudit, STORED_TIMELINESS_SQL } from '../../src/audit/run';
import { selectionCountSql, storedRegionNarrativesSql, tableExistsSql } from '../../src/audit/sql';
import { EMPTY_FILTERS } from '../../src/queries/filters';

const f = { ...EMPTY_FILTERS, province: '甲省' };
const report = (reportId: string, agencyId: string, year: number, narrative = true) => ({
  report_id: reportId, agency_id: agencyId, agency_name: agencyId, province: '甲省', city: null, district: null, agency_type: 'department', year,
  template: 'v2021', completeness: 'partial', published_date: null, tables_gap: false, has_narrative: narrative,
});
// Agency A's first report id with a narrative (a1) comes before B's (m1), its flagged pair's later
// report (z3) after B's (m2); B's report without a narrative (a0) does not count.
const CONTEXT = [
  report('a1', 'A', 2021), report('z2', 'A', 2022), report('z3', 'A', 2023), report('a0', 'B', 2021, false), report('m1', 'B', 2022), report('m2', 'B', 2023),
];
const flagged = (prev: string, cur: string, agencyId: string, year: number) => ({
  total: 3, report_id: cur, prev_report_id: prev, agency_id: agencyId, year, prev_year: year - 1, score: 0.97, jaccard: 0.9, prev_chars: 4000, chars: 4100, comparable: true,
});

/** The statements' answers, by the statement. */
function answer(sql: string): Record<string, unknown>[] {
  const exists = (name: string): boolean => sql === tableExistsSql(name);
  if (exists('report_texts') || exists('v_narrative_similarity') || exists('v_audit_reports')) return [{ n: 1 }];
  if (sql.startsWith('SELECT count(*) AS n FROM (SELECT 1 FROM report_texts')) return [{ n: 1 }];
  if (sql === NARRATIVE_REGION_SQL) return [{ n: 1 }];
  if (sql === STORED_TIMELINESS_SQL || sql.startsWith('SELECT count(*) AS n FROM information_schema.tables')) return [{ n: 0 }];
  if (sql === storedRegionNarrativesSql(f, COPY_THRESHOLD)) return [flagged('m1', 'm2', 'B', 2023), flagged('z2', 'z3', 'A', 2023)];
  if (sql.includes('FROM v_audit_reports')) return CONTEXT;
  return [];
}

describe('a region audit over stored pairs', () => {
  it('lists the flagged pairs in the order consecutivePairs gives, not the engine\'s or their ids\'', async () => {
    const ran: string[] = [];
    const audit = await runAudit({ query: (sql: string) => { ran.push(sql); return Promise.resolve({ columns: [], rows: answer(sql) }); } }, f);
    expect(ran).toContain(storedRegionNarrativesSql(f, COPY_THRESHOLD));
    expect(audit.narratives.map((n) => [n.prevReportId, n.reportId])).toEqual([['z2', 'z3'], ['m1', 'm2']]);
    expect(audit.narrativePairs).toEqual({ checked: 3, total: 3 });
  });
});

describe('a region audit asked for with its count', () => {
  it('asks for the stored pairs before its report rows and findings are back', async () => {
    const ran: string[] = [];
    const pairs = storedRegionNarrativesSql(f, COPY_THRESHOLD);
    let release: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => { release = resolve; });
    // The report rows and the findings are answered only once the pairs are asked: an audit that
    // waited for them before asking would never get them (the race below fails it instead).
    const held = (sql: string): boolean => sql.includes('FROM v_audit_reports') || sql.includes('FROM v_findings');
    const engine = {
      query: async (sql: string) => {
        ran.push(sql);
        if (sql === pairs) release();
        if (held(sql)) await asked;
        return { columns: [], rows: sql === selectionCountSql(f) ? [{ n: CONTEXT.length }] : answer(sql) };
      },
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => { timer = setTimeout(() => { reject(new Error('the pairs were not asked before the report rows came back')); }, 2000); });
    const out = await Promise.race([auditSelection(engine, f), late]).finally(() => { clearTimeout(timer); });
    if (out.kind !== 'full') throw new Error('expected the full audit');
    expect(out.result.narratives.map((n) => [n.prevReportId, n.reportId])).toEqual([['z2', 'z3'], ['m1', 'm2']]);
    expect(ran.indexOf(pairs)).toBeGreaterThan(ran.findIndex(held));
  });
});
