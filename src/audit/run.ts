/**
 * The whole audit over a selection in one call, for the Audit view: check findings, timeliness,
 * coverage gaps, copy flags, scores and ranking. Takes the connector's `query` only, so it runs on
 * DuckDB-WASM in the browser and native DuckDB in tests alike.
 */
import type { DbConnector } from '../db/connector';
import type { Bilingual } from '../model/report';
import type { Filters } from '../queries/filters';
import { consecutivePairs, COPY_THRESHOLD, copyFindings, identicalFromRows, MIN_IDENTICAL_CELLS, narrativeCopy, type Dated, type IdenticalTable, type NarrativeCopy } from './copies';
import { coverageFindings, coverageGridFromReports, type CoverageGrid } from './coverage';
import { findingsFromCheckRows, reportContexts, sortFindings, type Finding, type FindingStatus, type ReportContext } from './findings';
import { explainScore, rankAgencies, scoreAgencies, type RankedAgency } from './score';
import { narrativeSimilarity, type Similarity } from './similarity';
import { byRegionAndYear, findingsSql, findingsSummarySql, identicalTablesSql, narrativeTextsSql, reportContextSql, selectionCountSql, storedIdenticalTablesSql, storedRegionNarrativesSql, storedSimilaritySql, tableExistsSql, type NarrativeSource } from './sql';
import { filterPredicate } from '../queries/filters';
import { timelinessFindingsFromRows } from './timeliness';

/**
 * Most narrative pairs compared in one audit from their texts. Shingling costs about 1 ms per pair
 * of real 4,000-character narratives, so a national selection (80k pairs) would block the page for
 * a minute; past the limit the first pairs are compared and the page says how many were not. Pairs
 * whose similarity a prebuilt database stored for the selection's region are read, not compared,
 * and are all checked.
 */
export const NARRATIVE_PAIR_LIMIT = 1000;

/**
 * Most reports in a selection for which identical tables are looked for on the fly. The SQL joins
 * every printed cell of each consecutive-year pair: seconds for a province, minutes for a national
 * corpus in the browser (130 s natively at 105k reports), which would freeze the view. Above the
 * limit the check is skipped and the page says so and asks for a narrower selection.
 */
export const IDENTICAL_REPORT_LIMIT = 20_000;

/**
 * Most reports in a selection for the finding-by-finding audit. Above it the audit holds a row per
 * report and per agency-year in the page (coverage, timeliness, copies, scores): 9 s and 1.6 GB at
 * 105k reports in the browser, minutes and more memory than an office PC has at a national 10^6.
 * A larger selection gets `AuditOverview` instead: failed checks counted by rule and by province
 * in SQL, and the page asks to narrow the selection (one province, or one year) for the rest.
 */
export const AUDIT_REPORT_LIMIT = 50_000;

/** What the audit shows for a selection above the limit. */
export interface AuditOverview {
  readonly reports: number;
  readonly limit: number;
  /** Rows of `findingsSummarySql` by rule: rule_id, severity, findings, reports, agencies. */
  readonly byRule: readonly Record<string, unknown>[];
  /** Rows of `findingsSummarySql` by province: province, findings, reports, agencies. */
  readonly byProvince: readonly Record<string, unknown>[];
}

/** Shown above the overview. */
export function auditOverviewNote(o: Pick<AuditOverview, 'reports' | 'limit'>): Bilingual {
  const [n, l] = [o.reports.toLocaleString('en-US'), o.limit.toLocaleString('en-US')];
  return {
    zh: `所选范围有 ${n} 份报告，超过 ${l} 份：下面按规则和省份汇总未通过的检查。选择省份、城市或年度后，逐条发现、覆盖、雷同、时效、评分排名和审查单才会列出。`,
    en: `The selection holds ${n} reports, more than ${l}: below, the failed checks counted by rule and by province. Choose a province, city or years to list each finding, coverage, copies, timeliness, scores and audit sheets.`,
  };
}

export interface AuditOptions {
  /** Default `['fail']`. */
  readonly statuses?: readonly FindingStatus[];
  readonly signal?: AbortSignal;
  /** Reuses work of earlier audits of the same corpus (one cache per loaded corpus: see `createAuditCache`). */
  readonly cache?: AuditCache;
  /** Default `NARRATIVE_PAIR_LIMIT`. */
  readonly narrativePairLimit?: number;
  /** Default `IDENTICAL_REPORT_LIMIT`. */
  readonly identicalReportLimit?: number;
  /** Default `AUDIT_REPORT_LIMIT` (`auditSelection` only). */
  readonly reportLimit?: number;
}

export interface AuditResult {
  /** Every finding, sorted (errors first). */
  readonly findings: readonly Finding[];
  readonly grid: CoverageGrid;
  /**
   * The narrative pairs flagged as copied, in pairing order. Pairs that passed, or whose texts are
   * too short to judge, are counted in `narrativePairs` only: nothing shows them.
   */
  readonly narratives: readonly NarrativeCopy[];
  readonly identical: readonly IdenticalTable[];
  /** False when the corpus has no narratives (`report_texts` absent or empty): copies of text were not checked (say so on screen). */
  readonly narrativesChecked: boolean;
  /** Narrative pairs compared and pairs in the selection: fewer checked than total means the limit cut in (say so on screen). */
  readonly narrativePairs: { readonly checked: number; readonly total: number };
  /** False when the selection had more reports than the identical-tables limit: that check was skipped (say so on screen). */
  readonly identicalChecked: boolean;
  /** Every agency of the selection scored and ranked; computed when first read. */
  readonly ranking: readonly RankedAgency[];
  /** Report contexts of the selection by report id (for opening the agency profile). */
  readonly reports: ReadonlyMap<string, ReportContext>;
}

/** Shown when `narrativesChecked` is false. */
export const NO_NARRATIVES: Bilingual = {
  zh: '当前语料没有正文表（report_texts），未检查正文雷同。',
  en: 'This corpus has no narratives table (report_texts): copied narratives were not checked.',
};

/** Shown when the narrative pair limit cut in. */
export function narrativesLimited(p: AuditResult['narrativePairs']): Bilingual {
  const [c, t] = [String(p.checked), String(p.total)];
  return {
    zh: `正文雷同检查仅覆盖前 ${c} 对（共 ${t} 对相邻年度报告）；缩小范围（如选择省份或年度）可检查其余各对。`,
    en: `The narrative copy check covers the first ${c} of ${t} consecutive-year pairs; narrow the selection (a province or years) to check the rest.`,
  };
}

/** Shown when identical tables were not looked for because the selection is too large. */
export function identicalSkipped(reports: number, limit: number = IDENTICAL_REPORT_LIMIT): Bilingual {
  const [n, l] = [reports.toLocaleString('en-US'), limit.toLocaleString('en-US')];
  return {
    zh: `所选范围有 ${n} 份报告，超过 ${l} 份，未检查表格数值雷同；请先选择省份、城市或年度。`,
    en: `The selection holds ${n} reports, more than ${l}: identical table values were not checked; choose a province, city or years first.`,
  };
}

/** What one selection's audit computed apart from the check findings (which depend on the statuses too). */
interface SelectionWork {
  readonly identical: readonly IdenticalTable[];
  readonly identicalChecked: boolean;
  readonly narratives: readonly NarrativeCopy[];
  readonly narrativePairs: AuditResult['narrativePairs'];
  /** Reports of the selection whose TIMELINESS result the corpus stores (empty when it stores none). */
  readonly storedTimeliness: ReadonlySet<string>;
}

/** Work kept between audits of one corpus: per selection, and per narrative pair across selections. */
export interface AuditCache {
  readonly selections: Map<string, SelectionWork>;
  /** By the later report's id, then the earlier's: no text key built per pair and lookup. */
  readonly similarity: Map<string, Map<string, Similarity>>;
  /** Where the corpus lists its narratives (`narrativeSource`); undefined until the first audit asks. */
  narratives?: NarrativeSource;
  /** Whether the corpus is a hot file with the audit's region layout (`v_audit_reports`); undefined until the first audit asks. */
  regional?: boolean;
  /** Whether the corpus stores TIMELINESS results (`STORED_TIMELINESS_SQL`); undefined until the first audit asks. */
  timeliness?: boolean;
  /** Whether its stored narrative pairs name both reports' regions (`NARRATIVE_REGION_SQL`); undefined until the first audit asks. */
  narrativeRegion?: boolean;
  /** Its stored identical-tables flags (`storedIdentical`); undefined until the first audit asks. */
  identical?: StoredIdentical;
}

/** Selections remembered per corpus (a filter change costs a query then; a change back costs none). */
const SELECTIONS_KEPT = 16;

/** An empty cache; make a new one whenever the corpus changes. */
export function createAuditCache(): AuditCache {
  return { selections: new Map(), similarity: new Map() };
}

type Query = Pick<DbConnector, 'query'>;
type Rows = Record<string, unknown>[];

/** Resolves in a later task, after every promise continuation queued before it has run. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, 0);
  });
}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));

/**
 * Where the corpus lists its narratives, if it has any: corpora built before report_texts existed
 * lack the table, loading them leaves it empty, and a prebuilt database may list the reports with a
 * narrative and each pair's similarity (then no narrative is read). Asked once per corpus (`AuditCache`).
 */
async function narrativeSource(q: (sql: string) => Promise<Rows>): Promise<NarrativeSource> {
  const hasTexts = Number((await q(tableExistsSql('report_texts')))[0]?.n ?? 0) > 0;
  if (!hasTexts || Number((await q('SELECT count(*) AS n FROM (SELECT 1 FROM report_texts LIMIT 1)'))[0]?.n ?? 0) === 0) return null;
  return Number((await q(tableExistsSql('v_narrative_similarity')))[0]?.n ?? 0) > 0 ? 'stored' : 'texts';
}

/**
 * Whether the corpus stores any TIMELINESS result. The corpora this project builds do not (the
 * audit words timeliness from each report's published date), but a builder that had the dates
 * may have: then the stored results count and the audit computes only the others'. Asked once per
 * corpus, so a selection's audit asks which of its reports have one only where some report does
 * (a statement less per selection, and the timeliness findings computed before the selection's
 * statements are back; bench/SCALE.md, round 14).
 */
export const STORED_TIMELINESS_SQL = `SELECT count(*) AS n FROM (SELECT 1 FROM checks WHERE rule_id = 'TIMELINESS' LIMIT 1)`;

/**
 * Whether the stored narrative pairs name their previous report's region (a hot file with
 * `narrative_region`, whose `v_narrative_similarity` has `prev_province`): then a selection by region
 * and year reads its pairs by their own columns (`storedRegionNarrativesSql`).
 */
export const NARRATIVE_REGION_SQL = `SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'v_narrative_similarity' AND column_name = 'prev_province'`;

/**
 * Whether the corpus has stored identical-tables flags (`v_identical_tables`, a prebuilt database's),
 * and the keys their `key_ids` number (`v_identical_keys`, in the order of their numbers), or null
 * when the flags name their keys as text.
 */
interface StoredIdentical {
  readonly stored: boolean;
  readonly keys: readonly string[] | null;
}

async function storedIdentical(q: (sql: string) => Promise<Rows>): Promise<StoredIdentical> {
  const [stored, numbered] = await Promise.all([q(tableExistsSql('v_identical_tables')), q(tableExistsSql('v_identical_keys'))]);
  if (Number(numbered[0]?.n ?? 0) === 0) return { stored: Number(stored[0]?.n ?? 0) > 0, keys: null };
  const keys: string[] = [];
  for (const r of await q('SELECT id, key FROM v_identical_keys ORDER BY id')) keys[Number(r.id)] = str(r.key);
  return { stored: true, keys };
}

/** What the audit asks once per corpus (kept in its `AuditCache`). */
interface CorpusFacts {
  readonly narratives: NarrativeSource;
  readonly regional: boolean;
  readonly storesTimeliness: boolean;
  readonly narrativeRegion: boolean;
  readonly identical: StoredIdentical;
}

/** The corpus's facts, those the cache does not know yet asked together. */
async function corpusFacts(q: (sql: string) => Promise<Rows>, cache: AuditCache): Promise<CorpusFacts> {
  const count = async (sql: string): Promise<boolean> => Number((await q(sql))[0]?.n ?? 0) > 0;
  const [narratives, regional, storesTimeliness, identical] = await Promise.all([
    cache.narratives !== undefined ? cache.narratives : narrativeSource(q),
    cache.regional ?? count(tableExistsSql('v_audit_reports')),
    cache.timeliness ?? count(STORED_TIMELINESS_SQL),
    cache.identical ?? storedIdentical(q),
  ]);
  const narrativeRegion = cache.narrativeRegion ?? (narratives === 'stored' && (await count(NARRATIVE_REGION_SQL)));
  Object.assign(cache, { narratives, regional, timeliness: storesTimeliness, identical, narrativeRegion });
  return { narratives, regional, storesTimeliness, narrativeRegion, identical };
}

const queryOf = (db: Query, o: AuditOptions) => async (sql: string): Promise<Rows> => (await db.query(sql, o.signal ? { signal: o.signal } : undefined)).rows;

/** Runs every audit query for the selection and assembles the findings, grid and ranking. */
export async function runAudit(db: Query, f: Filters, o: AuditOptions = {}): Promise<AuditResult> {
  const q = queryOf(db, o);
  const cache = o.cache ?? createAuditCache();
  const facts = await corpusFacts(q, cache);
  // Asked together: the engine runs the findings while the page decodes the report rows.
  const rows = await Promise.all([q(reportContextSql(f, facts.narratives, facts.regional)), q(findingsSql(f, { statuses: o.statuses ?? ['fail'] }))]);
  return assemble(f, o, facts, rows, startSelection(q, f, o, cache, facts, Promise.resolve(rows[0]), rows[0].length));
}

/** The selection's own work (`SelectionWork`): remembered, or started with its statements. */
interface Started {
  readonly known: boolean;
  readonly pending: Promise<SelectionWork>;
}

/**
 * The selection's work from the cache, or started now: the statements that need only the selection
 * posted at once, those that need its report rows once `context` gives them. `reports` is the
 * selection's number of reports (whether identical tables are looked for).
 */
function startSelection(q: (sql: string) => Promise<Rows>, f: Filters, o: AuditOptions, cache: AuditCache, facts: CorpusFacts, context: Promise<Rows>, reports: number): Started {
  const limit = o.narrativePairLimit ?? NARRATIVE_PAIR_LIMIT;
  const identicalLimit = o.identicalReportLimit ?? IDENTICAL_REPORT_LIMIT;
  const key = JSON.stringify([f, limit, identicalLimit]);
  const known = cache.selections.get(key);
  if (known) return { known: true, pending: Promise.resolve(known) };
  const pending = selectionWork(q, f, context, facts, cache, limit, reports <= identicalLimit).then((w) => {
    cache.selections.set(key, w);
    if (cache.selections.size > SELECTIONS_KEPT) cache.selections.delete(cache.selections.keys().next().value ?? key);
    return w;
  });
  // Handled here too: the caller may fail, or the page's work throw, before the statements settle.
  pending.catch(() => undefined);
  return { known: false, pending };
}

/** The audit of the selection from its report rows and check findings, and its own work (`startSelection`). */
async function assemble(f: Filters, o: AuditOptions, facts: CorpusFacts, [contextRows, checkRows]: readonly [Rows, Rows], { known, pending }: Started): Promise<AuditResult> {
  const { narratives } = facts;
  // The selection's statements first, then the page's own work on the rows while the engine runs
  // them: those posted by promise continuations wait for the task that asked to end, so the work
  // has to come in a later task (bench/SCALE.md, round 10).
  if (!known) await nextTask();
  // The reports by id, each one's context made when read.
  const reports = reportContexts(contextRows);
  // Asked only of a text-only cell's report (COVERAGE-NO-TABLES), so made when first asked: a
  // province's 7,273 ids put in a set for none were 5 ms of its audit in the browser.
  let full: Set<string> | undefined;
  const fullReports = { has: (id: string): boolean => (full ??= completeReports(contextRows)).has(id) };
  const checks = findingsFromCheckRows(checkRows);
  const wantUncertain = (o.statuses ?? ['fail']).includes('uncertain');
  const grid = coverageGridFromReports(contextRows, f.years);
  // Without chosen years the grid spans the whole corpus: only gaps inside an agency's run count.
  const coverage = coverageFindings(grid, { fullReports, onlyGaps: f.years.length === 0 });
  const timelinessOf = (stored: ReadonlySet<string>): Finding[] => timelinessFindingsFromRows(contextRows, stored).filter((x) => x.status === 'fail' || wantUncertain);
  // Worded while the engine runs the selection's statements, unless the corpus stores some results.
  const timelyNow = facts.storesTimeliness ? null : timelinessOf(new Set());

  const work = await pending;
  // A corpus whose builder already stored TIMELINESS results keeps them; compute only for the others.
  const timely = timelyNow ?? timelinessOf(work.storedTimeliness);
  const copies = copyFindings(work.narratives, work.identical, reports);

  const findings = sortFindings([...checks, ...timely, ...coverage, ...copies]);
  // Scored when first read: the view shows the findings first and the ranking below them, when
  // the reader scrolls near it (7 ms of a profiled region audit's step before its first paint).
  let ranking: readonly RankedAgency[] | undefined;
  return {
    findings, grid, narratives: work.narratives, identical: work.identical, identicalChecked: work.identicalChecked, narrativesChecked: narratives !== null,
    narrativePairs: work.narrativePairs, reports,
    get ranking(): readonly RankedAgency[] {
      ranking ??= rankAgencies(scoreAgencies(findings, grid.agencies.length > 0 ? grid.agencies : [...new Map([...reports.values()].map((r) => [r.agencyId, r])).values()]));
      return ranking;
    },
  };
}

/** The ids of the rows' complete reports (`completeness` full). */
function completeReports(rows: Rows): Set<string> {
  const out = new Set<string>();
  for (const r of rows) if (r.completeness === 'full') out.add(str(r.report_id));
  return out;
}

/**
 * The statements `auditSelection` asks first for `f`, as it builds them: the count, and the guarded
 * report rows and check findings (with `statuses`) when `cache` already knows the corpus (after the
 * first audit of a corpus, which the engine's warm-up runs). Asked ahead of the Audit view's render from the change of selection
 * (src/components/ahead.ts), so the engine starts them before React renders the change.
 */
export function auditAheadSqls(
  f: Filters, cache: Pick<AuditCache, 'narratives' | 'regional'>, reportLimit: number = AUDIT_REPORT_LIMIT, statuses: readonly FindingStatus[] = ['fail'],
): string[] {
  const count = selectionCountSql(f);
  if (cache.narratives === undefined || cache.regional === undefined) return [count];
  return [count, reportContextSql(f, cache.narratives, cache.regional, reportLimit), findingsSql(f, { statuses, atMost: reportLimit })];
}

/**
 * The audit the selection allows: the full audit up to `reportLimit` reports, else the overview
 * (two aggregate statements; nothing per report reaches the page). The count, the report rows and
 * the check findings are asked together, the rows and findings guarded by the same count
 * (`atMostSql`: none above the limit), so the engine runs them back to back instead of waiting for
 * the page to read the count first (a round trip through a page that is rendering the change;
 * bench/SCALE.md, rounds 14 and 16). The selection's own statements follow once the count says the
 * audit is full.
 */
export async function auditSelection(db: Query, f: Filters, o: AuditOptions = {}): Promise<{ kind: 'full'; result: AuditResult } | { kind: 'overview'; overview: AuditOverview }> {
  const q = queryOf(db, o);
  const limit = o.reportLimit ?? AUDIT_REPORT_LIMIT;
  const cache = o.cache ?? createAuditCache();
  const statuses = o.statuses ?? ['fail'];
  const counted = q(selectionCountSql(f));
  counted.catch(() => undefined);
  const facts = await corpusFacts(q, cache);
  const context = q(reportContextSql(f, facts.narratives, facts.regional, limit));
  const checks = q(findingsSql(f, { statuses, atMost: limit }));
  for (const p of [context, checks]) p.catch(() => undefined);
  const reports = Number((await counted)[0]?.n ?? 0);
  if (reports <= limit) {
    // The selection's statements posted now, behind the rows and findings: the engine runs them
    // back to back while the page decodes the answers, instead of waiting for both to be decoded.
    const started = startSelection(q, f, o, cache, facts, context, reports);
    return { kind: 'full', result: await assemble(f, o, facts, await Promise.all([context, checks]), started) };
  }
  const byRule = await q(findingsSummarySql(f, { statuses }, 'rule_id'));
  const byProvince = await q(findingsSummarySql(f, { statuses }, 'province'));
  return { kind: 'overview', overview: { reports, limit, byRule, byProvince } };
}

/**
 * The selection's own work, its statements asked together: the worker runs them back to back while
 * the page decodes the answers already back, where one after another the engine waited for each
 * decode (bench/SCALE.md, round 9).
 */
async function selectionWork(
  q: (sql: string) => Promise<Rows>, f: Filters, context: Promise<Rows>, facts: CorpusFacts, cache: AuditCache, limit: number, identicalChecked: boolean,
): Promise<SelectionWork> {
  const { narratives: narrativesFrom, regional } = facts;
  const [storedTimeliness, identical, narratives] = await Promise.all([
    facts.storesTimeliness
      ? q(`SELECT DISTINCT report_id FROM checks WHERE rule_id = 'TIMELINESS' AND report_id IN (SELECT report_id FROM reports WHERE ${filterPredicate(f)})`)
        .then((rows) => new Set(rows.map((r) => str(r.report_id))))
      : Promise.resolve(new Set<string>()),
    identicalChecked ? identicalWork(q, f, regional, facts.identical) : Promise.resolve([]),
    narrativesFrom === null ? Promise.resolve(null) : narrativeWork(q, f, context, narrativesFrom, cache, limit, facts.narrativeRegion),
  ]);
  return { identical, identicalChecked, narratives: narratives?.narratives ?? [], narrativePairs: narratives?.pairs ?? { checked: 0, total: 0 }, storedTimeliness };
}

/**
 * Flagged tables come back from SQL: the cells stay in the database. A prebuilt database may hold
 * them computed for the whole corpus, which answers a selection by region and year exactly.
 */
async function identicalWork(q: (sql: string) => Promise<Rows>, f: Filters, regional: boolean, { stored, keys }: StoredIdentical): Promise<IdenticalTable[]> {
  const numbered = regional && keys !== null;
  const sql = stored ? storedIdenticalTablesSql(f, regional, numbered) : null;
  return identicalFromRows(await q(sql ?? identicalTablesSql(f, MIN_IDENTICAL_CELLS)), numbered ? keys : undefined);
}

type Pair = readonly [Dated, Dated];

const similarityOf = (r: Record<string, unknown>): Similarity => ({
  score: Number(r.score), jaccard: Number(r.jaccard), chars: [Number(r.prev_chars), Number(r.chars)], comparable: r.comparable === true,
});

/**
 * The flagged narrative pairs of the selection's reports and how many pairs were checked: each
 * pair's similarity stored, remembered, or computed from the texts.
 */
async function narrativeWork(
  q: (sql: string) => Promise<Rows>, f: Filters, context: Promise<Rows>, from: 'stored' | 'texts', cache: AuditCache, limit: number, byRegion: boolean,
): Promise<{ narratives: NarrativeCopy[]; pairs: AuditResult['narrativePairs'] }> {
  // The stored pairs of a region need no report row to be asked for.
  if (from === 'stored' && byRegion && byRegionAndYear(f)) return regionNarrativeWork(q, f, context);
  const contextRows = await context;
  // Nothing to pair without a narrative: no statement.
  if (!contextRows.some((r) => r.has_narrative === true)) return { narratives: [], pairs: { checked: 0, total: 0 } };
  // The reports with a narrative, in the context's order (agency, year, report id).
  const ids = contextRows.filter((r) => r.has_narrative === true).map((r): Dated => ({ reportId: str(r.report_id), agencyId: str(r.agency_id), year: typeof r.year === 'number' ? r.year : null }));
  const pairs = consecutivePairs(ids);
  // The limit bounds the pairs checked here, stored or compared from their texts.
  const candidates: Judged[] = pairs.slice(0, Math.max(0, limit)).map((pair) => ({ pair, sim: known(cache, pair[0].reportId, pair[1].reportId) }));
  const unknown = candidates.filter((x) => x.sim === undefined);
  if (from === 'stored' && unknown.length > 0) {
    // Not a selection by region and year: by the reports' ids.
    const wanted = new Map(unknown.map((x) => [x.pair[1].reportId, x]));
    for (const r of await q(storedSimilaritySql([...wanted.keys()]))) {
      const x = wanted.get(str(r.report_id));
      if (x !== undefined && x.pair[0].reportId === str(r.prev_report_id)) x.sim = remember(cache, x.pair, similarityOf(r));
    }
  }
  const { narratives, unchecked } = await judge(q, cache, candidates, limit);
  return { narratives, pairs: { checked: candidates.length - unchecked, total: pairs.length } };
}

/**
 * A selection by region and year over stored pairs with both reports' regions: its pairs are the
 * stored ones both of whose reports it holds, and the engine returns their number and the flagged
 * ones (`storedRegionNarrativesSql`). Every pair is checked, whatever the limit (which bounds the
 * pairs compared from their texts; none is here, and a province at 105k reports has 6,234 pairs).
 * The flagged come in the order `consecutivePairs` gives: agencies by their first report id among
 * the selection's reports with a narrative (`contextRows`), then years.
 */
async function regionNarrativeWork(q: (sql: string) => Promise<Rows>, f: Filters, context: Promise<Rows>): Promise<{ narratives: NarrativeCopy[]; pairs: AuditResult['narrativePairs'] }> {
  const [rows, contextRows] = await Promise.all([q(storedRegionNarrativesSql(f, COPY_THRESHOLD)), context]);
  const total = Number(rows[0]?.total ?? 0);
  const flagged = rows.filter((r) => typeof r.report_id === 'string');
  // The flagged agencies' first report ids, read from the report rows without an object per report.
  const first = new Map<string, string>(flagged.map((r) => [str(r.agency_id), str(r.report_id)]));
  if (first.size > 0) {
    for (const r of contextRows) {
      if (r.has_narrative !== true || typeof r.year !== 'number') continue;
      const agencyId = str(r.agency_id);
      const had = first.get(agencyId);
      const id = str(r.report_id);
      if (had !== undefined && id < had) first.set(agencyId, id);
    }
  }
  const order = (r: Record<string, unknown>): [string, number] => [first.get(str(r.agency_id)) ?? '', Number(r.year)];
  flagged.sort((a, b) => {
    const [fa, ya] = order(a);
    const [fb, yb] = order(b);
    return fa < fb ? -1 : fa > fb ? 1 : ya - yb;
  });
  const narratives = flagged.map((r) => {
    const agencyId = str(r.agency_id);
    return narrativeCopy({ reportId: str(r.prev_report_id), agencyId, year: Number(r.prev_year) }, { reportId: str(r.report_id), agencyId, year: Number(r.year) }, similarityOf(r));
  });
  return { narratives, pairs: { checked: total, total } };
}

/** A narrative pair and its similarity, once known. */
interface Judged {
  readonly pair: Pair;
  sim: Similarity | undefined;
}

/**
 * The verdicts on pairs in pairing order: those whose similarity is not known yet compared from
 * their texts, the first `limit` of them; the flagged pairs kept, and how many stayed unchecked.
 */
async function judge(q: (sql: string) => Promise<Rows>, cache: AuditCache, pairs: readonly Judged[], limit: number): Promise<{ narratives: NarrativeCopy[]; unchecked: number }> {
  const todo = pairs.filter((x) => x.sim === undefined).slice(0, Math.max(0, limit));
  const computed = await fromTexts(q, cache, todo.map((x) => x.pair));
  todo.forEach((x, k) => { x.sim = computed[k]; });
  const narratives: NarrativeCopy[] = [];
  let unchecked = 0;
  for (const { pair: [prev, cur], sim } of pairs) {
    if (sim === undefined) unchecked++;
    else {
      const copy = narrativeCopy(prev, cur, sim);
      if (copy.status === 'fail') narratives.push(copy);
    }
  }
  return { narratives, unchecked };
}

/** The similarity the cache holds for a pair, by the later report's id, then the earlier's. */
const known = (cache: AuditCache, prevId: string, curId: string): Similarity | undefined => cache.similarity.get(curId)?.get(prevId);

/** Keeps a pair's similarity in the cache and returns it. */
function remember(cache: AuditCache, [prev, cur]: Pair, s: Similarity): Similarity {
  let byPrev = cache.similarity.get(cur.reportId);
  if (!byPrev) cache.similarity.set(cur.reportId, (byPrev = new Map<string, Similarity>()));
  byPrev.set(prev.reportId, s);
  return s;
}

/** The pairs' similarities computed from their narratives (one statement for their texts), in their order, and remembered. */
async function fromTexts(q: (sql: string) => Promise<Rows>, cache: AuditCache, pairs: readonly Pair[]): Promise<Similarity[]> {
  if (pairs.length === 0) return [];
  const texts = new Map((await q(narrativeTextsSql(pairs.flatMap(([prev, cur]) => [prev.reportId, cur.reportId])))).map((r) => [str(r.report_id), str(r.narrative)]));
  return pairs.map((pair) => remember(cache, pair, narrativeSimilarity(texts.get(pair[0].reportId) ?? '', texts.get(pair[1].reportId) ?? '')));
}

/** One agency's audit sheet (the print layout's data): its score line, findings by year, coverage row. */
export interface AgencySheet {
  readonly agency: RankedAgency | undefined;
  /** “100 − 2×10 = 80” */
  readonly scoreLine: string;
  readonly findingsByYear: readonly { readonly year: number | null; readonly findings: readonly Finding[] }[];
  readonly coverage: readonly { readonly year: number; readonly status: string; readonly reportId: string | null }[];
}

/** The sheet of `agencyId` from an audit result. */
export function agencySheet(audit: AuditResult, agencyId: string): AgencySheet {
  const agency = audit.ranking.find((r) => r.agencyId === agencyId);
  const mine = audit.findings.filter((x) => x.agencyId === agencyId);
  const years = [...new Set(mine.map((x) => x.year))].sort((a, b) => (a ?? 0) - (b ?? 0));
  return {
    agency,
    scoreLine: agency ? explainScore(agency) : '',
    findingsByYear: years.map((year) => ({ year, findings: mine.filter((x) => x.year === year) })),
    coverage: audit.grid.years.flatMap((year) => {
      const c = audit.grid.cell(agencyId, year);
      return c ? [{ year, status: c.status, reportId: c.reportId }] : [];
    }),
  };
}

/** Cell keys to highlight when a finding's report is opened in the agency profile. */
export function highlightKeys(findings: readonly Finding[], reportId: string): Set<string> {
  return new Set(findings.filter((x) => x.reportId === reportId && x.status === 'fail').flatMap((x) => x.keys));
}
