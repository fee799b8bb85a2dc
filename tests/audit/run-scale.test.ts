/**
 * `runAudit`'s scale measures on the default corpus: narrative pairs compared from ids plus the
 * texts still needed (same verdicts as `compareNarratives` over every narrative), the pair limit
 * said rather than silent, and the per-corpus cache reused without re-running the heavy queries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareNarratives } from '../../src/audit/copies';
import { rankAgencies, scoreAgencies } from '../../src/audit/score';
import { auditAheadSqls, auditOverviewNote, auditSelection, createAuditCache, identicalSkipped, narrativesLimited, runAudit, STORED_TIMELINESS_SQL } from '../../src/audit/run';
import { findingsSql, narrativesSql } from '../../src/audit/sql';
import type { DbConnector } from '../../src/db/connector';
import { EMPTY_FILTERS } from '../../src/queries/filters';
import { copyNarratives, defaultCorpusDb } from './data';

let db: DbConnector;
/** The first narrative pair, made a copy (no report of the default corpus copies its previous one). */
let copied: { prevReportId: string; reportId: string } | undefined;
beforeAll(async () => {
  db = await defaultCorpusDb();
  [copied] = await copyNarratives(db, 1);
});
afterAll(async () => {
  await db.close();
});

/** The connector with a log of the SQL it ran. */
function logged(): { db: Pick<DbConnector, 'query'>; sqls: string[] } {
  const sqls: string[] = [];
  return { sqls, db: { query: (sql, opts) => { sqls.push(sql); return db.query(sql, opts); } } };
}

const reference = async () =>
  compareNarratives(
    (await db.query(narrativesSql(EMPTY_FILTERS))).rows.map((r) => ({ reportId: String(r.report_id), agencyId: String(r.agency_id), year: typeof r.year === 'number' ? r.year : null, narrative: String(r.narrative) })),
  );

describe('runAudit at scale', () => {
  it('compares the same narrative pairs with the same verdicts as compareNarratives, and keeps the flagged', async () => {
    const want = await reference();
    const flagged = want.filter((n) => n.status === 'fail');
    expect(flagged.map((n) => ({ prevReportId: n.prevReportId, reportId: n.reportId }))).toEqual([copied]);
    // The others passed: kept out of the list, counted as checked.
    expect(want.length).toBeGreaterThan(flagged.length);
    const audit = await runAudit(db, EMPTY_FILTERS);
    expect(audit.narrativesChecked).toBe(true);
    expect(audit.narratives).toEqual(flagged);
    expect(audit.findings.filter((x) => x.ruleId === 'COPY-TEXT').map((x) => x.reportId)).toEqual([copied?.reportId]);
    expect(audit.narrativePairs).toEqual({ checked: want.length, total: want.length });
  });

  it('past the pair limit compares the first pairs only and says how many were left', async () => {
    const want = await reference();
    const audit = await runAudit(db, EMPTY_FILTERS, { narrativePairLimit: 2 });
    // The first pair is a copy.
    expect(audit.narratives).toEqual(want.slice(0, 2).filter((n) => n.status === 'fail'));
    expect(audit.narratives.map((n) => n.reportId)).toEqual([copied?.reportId]);
    expect(audit.narrativePairs).toEqual({ checked: 2, total: want.length });
    const note = narrativesLimited(audit.narrativePairs);
    expect(note.zh).toContain(`前 2 对（共 ${String(want.length)} 对`);
    expect(note.en).toContain(`first 2 of ${String(want.length)}`);
  });

  it('reuses the cache: the same selection again runs no copy or narrative query and asks no table list; the same pairs in another selection fetch no text', async () => {
    const cache = createAuditCache();
    const first = logged();
    const a = await runAudit(first.db, EMPTY_FILTERS, { cache });
    expect(first.sqls.some((s) => s.includes('FROM report_texts') && s.includes('narrative FROM'))).toBe(true);
    const again = logged();
    const b = await runAudit(again.db, EMPTY_FILTERS, { cache, statuses: ['fail', 'uncertain'] });
    // The report rows say which reports have a narrative (a semi join on report_texts): no text is read.
    expect(again.sqls.some((s) => s.includes('narrative FROM') || s.includes('information_schema') || s.includes('FROM cells'))).toBe(false);
    expect(b.narratives).toEqual(a.narratives);
    expect(b.identical).toEqual(a.identical);
    expect(b.grid.counts).toEqual(a.grid.counts);
    expect(b.findings.length).toBeGreaterThanOrEqual(a.findings.length);
    // Another selection with the pairs of 宿迁 (already compared): ids are read, no text.
    const other = logged();
    const c = await runAudit(other.db, { ...EMPTY_FILTERS, province: '江苏省' }, { cache });
    expect(other.sqls.some((s) => s.includes('narrative FROM report_texts'))).toBe(false);
    expect(c.narratives.length).toBeGreaterThan(0);
    expect(c.narratives).toEqual(a.narratives.filter((n) => c.reports.has(n.reportId)));
  });
});

describe('the ranking', () => {
  it('is scored when first read, once, from the audit\'s findings and agencies', async () => {
    const audit = await runAudit(db, EMPTY_FILTERS);
    // An accessor, not a value: nothing scored before the view reads it.
    expect(typeof Object.getOwnPropertyDescriptor(audit, 'ranking')?.get).toBe('function');
    const first = audit.ranking;
    expect(audit.ranking).toBe(first);
    expect(first).toEqual(rankAgencies(scoreAgencies(audit.findings, audit.grid.agencies)));
    expect(first.length).toBe(audit.grid.agencies.length);
    expect(first.some((r) => r.deductions.length > 0)).toBe(true);
  });
});

describe('TIMELINESS results a corpus stores', () => {
  const perSelection = (s: string): boolean => s.includes("rule_id = 'TIMELINESS' AND report_id IN");

  it('are looked for per selection only in a corpus that has some, and then replace the computed ones', async () => {
    // The default corpus stores none: no selection asks which of its reports have one.
    const plain = logged();
    const computed = await runAudit(plain.db, EMPTY_FILTERS);
    expect(plain.sqls).toContain(STORED_TIMELINESS_SQL);
    expect(plain.sqls.some(perSelection)).toBe(false);
    const late = computed.findings.filter((x) => x.ruleId === 'TIMELINESS');
    expect(late.length).toBeGreaterThan(1);
    const [first, second] = late;
    if (!first?.reportId || !second?.reportId) throw new Error('expected late reports');

    // A copy of the corpus whose builder stored the first late report's result (as passed).
    const own = await defaultCorpusDb();
    try {
      await own.exec(`INSERT INTO checks SELECT * REPLACE ('TIMELINESS' AS rule_id, 'pass' AS status, 'published_date' AS scope)
        FROM checks WHERE report_id = '${first.reportId}' LIMIT 1`);
      const stored = { sqls: [] as string[] };
      const audit = await runAudit({ query: (sql, o) => { stored.sqls.push(sql); return own.query(sql, o); } }, EMPTY_FILTERS);
      expect(stored.sqls.some(perSelection)).toBe(true);
      const now = audit.findings.filter((x) => x.ruleId === 'TIMELINESS');
      // The stored (passed) result counts: that report is not worded late; the others still are.
      expect(now.some((x) => x.reportId === first.reportId)).toBe(false);
      expect(now.some((x) => x.reportId === second.reportId)).toBe(true);
      expect(now).toHaveLength(late.length - late.filter((x) => x.reportId === first.reportId).length);
    } finally {
      await own.close();
    }
  });
});

describe('identical tables on a selection past the report limit', () => {
  it('are not looked for, no cell is read, and the note names the selection size', async () => {
    const whole = await runAudit(db, EMPTY_FILTERS);
    expect(whole.identicalChecked).toBe(true);
    const reports = whole.reports.size;
    const small = logged();
    const capped = await runAudit(small.db, EMPTY_FILTERS, { identicalReportLimit: reports - 1 });
    expect(capped.identicalChecked).toBe(false);
    expect(capped.identical).toEqual([]);
    expect(capped.findings.some((x) => x.ruleId === 'COPY-TABLES')).toBe(false);
    expect(small.sqls.some((s) => s.includes('FROM cells'))).toBe(false);
    const note = identicalSkipped(reports, reports - 1);
    expect(note.zh).toContain(`${reports.toLocaleString('en-US')} 份报告`);
    expect(note.en).toContain(`more than ${(reports - 1).toLocaleString('en-US')}`);
    // At the limit exactly, the check runs and finds what the uncapped audit finds.
    const atLimit = await runAudit(db, EMPTY_FILTERS, { identicalReportLimit: reports });
    expect(atLimit.identicalChecked).toBe(true);
    expect(atLimit.identical).toEqual(whole.identical);
  });
});

describe('auditSelection', () => {
  it('runs the full audit up to the report limit', async () => {
    const n = Number((await db.query('SELECT count(*) AS n FROM reports')).rows[0]?.n);
    const out = await auditSelection(db, EMPTY_FILTERS, { reportLimit: n });
    expect(out.kind).toBe('full');
    if (out.kind === 'full') expect(out.result.findings).toEqual((await runAudit(db, EMPTY_FILTERS)).findings);
  });

  it('asks first the statements auditAheadSqls gives, once its cache knows the corpus', async () => {
    const cache = createAuditCache();
    const f = { ...EMPTY_FILTERS, province: '江苏省' };
    expect(auditAheadSqls(f, cache)).toHaveLength(1);
    await auditSelection(db, EMPTY_FILTERS, { cache });
    const { db: spy, sqls } = logged();
    const out = await auditSelection(spy, f, { cache });
    expect(out.kind).toBe('full');
    const ahead = auditAheadSqls(f, cache);
    expect(ahead).toHaveLength(3);
    expect(sqls.slice(0, 3)).toEqual(ahead);
    // With the undecided findings listed too, the findings statement asked ahead is the audit's.
    const uncertain = logged();
    await auditSelection(uncertain.db, f, { cache, statuses: ['fail', 'uncertain'] });
    const aheadUncertain = auditAheadSqls(f, cache, undefined, ['fail', 'uncertain']);
    expect(aheadUncertain[2]).not.toBe(ahead[2]);
    expect(uncertain.sqls.slice(0, 3)).toEqual(aheadUncertain);
  });

  it('above it counts the failed checks by rule and by province in SQL, and pulls no row per report', async () => {
    const n = Number((await db.query('SELECT count(*) AS n FROM reports')).rows[0]?.n);
    const answered: { sql: string; rows: number }[] = [];
    const spy: Pick<DbConnector, 'query'> = { query: async (sql, opts) => { const r = await db.query(sql, opts); answered.push({ sql, rows: r.rows.length }); return r; } };
    const out = await auditSelection(spy, EMPTY_FILTERS, { reportLimit: n - 1 });
    if (out.kind !== 'overview') throw new Error('expected the overview');
    expect(out.overview.reports).toBe(n);
    // No cell or text is read; the report rows and the check findings, asked with the count and
    // guarded by it, come back empty.
    expect(answered.some(({ sql }) => sql.includes('FROM cells') || sql.includes('narrative FROM'))).toBe(false);
    const perReport = answered.filter(({ sql }) => sql.includes('published_date') || sql.includes('c.message_zh'));
    expect(perReport).toHaveLength(2);
    expect(perReport.map((x) => x.rows)).toEqual([0, 0]);
    // At the limit exactly, the same statement gives every report.
    const at: { sql: string; rows: number }[] = [];
    const full = await auditSelection({ query: async (sql, opts) => { const r = await db.query(sql, opts); at.push({ sql, rows: r.rows.length }); return r; } }, EMPTY_FILTERS, { reportLimit: n });
    expect(full.kind).toBe('full');
    expect(at.filter(({ sql }) => sql.includes('published_date')).map((x) => x.rows)).toEqual([n]);
    expect(at.filter(({ sql }) => sql.includes('c.message_zh')).map((x) => x.rows)).toEqual([(await db.query(findingsSql(EMPTY_FILTERS))).rows.length]);
    // The counts are those of the check findings the full audit lists, per rule and per province.
    const failed = (await db.query(findingsSql(EMPTY_FILTERS))).rows;
    expect(failed.length).toBeGreaterThan(0);
    const count = (key: 'rule_id' | 'province') => {
      const m = new Map<string, number>();
      for (const r of failed) m.set(String(r[key]), (m.get(String(r[key])) ?? 0) + 1);
      return m;
    };
    expect(new Map(out.overview.byRule.map((r) => [String(r.rule_id), Number(r.findings)]))).toEqual(count('rule_id'));
    expect(new Map(out.overview.byProvince.map((r) => [String(r.province), Number(r.findings)]))).toEqual(count('province'));
    const withUncertain = await auditSelection(db, EMPTY_FILTERS, { reportLimit: 1, statuses: ['fail', 'uncertain'] });
    if (withUncertain.kind !== 'overview') throw new Error('expected the overview');
    const total = (rows: readonly Record<string, unknown>[]) => rows.reduce((a, r) => a + Number(r.findings), 0);
    expect(total(withUncertain.overview.byRule)).toBeGreaterThan(total(out.overview.byRule));
    const note = auditOverviewNote({ reports: 1_000_000, limit: 50_000 });
    expect(note.zh).toContain('1,000,000 份报告，超过 50,000 份');
    expect(note.en).toContain('1,000,000 reports, more than 50,000');
  });
});
