/**
 * The synthetic corpus as a stream: year by year, agency by agency in region order (which is report
 * id order), each report built, checked by the real checks (`runReportChecks`, `runCrossYearChecks`
 * against the agency's previous year) and, at the chosen rate, given one deliberate violation.
 * Pure: no fs or DuckDB here; memory holds the agencies and a small state per agency, not reports.
 */
import { runCrossYearChecks, runReportChecks, type CrossYearInput } from '../checks';
import { JUMP_KEYS } from '../checks/crossYear';
import { parseCellValue } from '../ingest/cellvalue';
import type { CheckResult } from '../model/checks';
import type { Cell, Report } from '../model/report';
import { cellDef, type TemplateVersion } from '../model/template';
import type { ReportIdentity } from '../corpus/rows';
import { buildAgencies, type SyntheticAgency } from './agencies';
import { Rng } from './random';
import type { SynProvince } from './regions';
import { assembleReport, cellsOf, narrativeOf, printCells, PROBLEMS_TEXTS, type Printed } from './report';
import { drawReportValues, stateOf, type AgencyState, type ReportValues } from './values';
import { MUTATIONS, VIOLATION_RULES, type Violation, type ViolationRule } from './violations';

export interface SyntheticOptions {
  readonly agencies: number;
  readonly years: readonly number[];
  readonly seed: string;
  /** Fraction of reports given one deliberate violation (0–1). */
  readonly violationRate: number;
  /** Region hierarchy to draw from (default: the built-in sample). */
  readonly regions?: readonly SynProvince[];
  /** Content hash of a report (the CLI passes SHA-256 of the report's text rendering). */
  readonly contentHash?: (report: Report, reportId: string) => string;
  /** Only agencies with `from <= seq < to` (a shard of a parallel run; reports are the same as in a whole run). */
  readonly range?: { readonly from: number; readonly to: number };
}

export interface SyntheticReport {
  readonly identity: ReportIdentity;
  readonly report: Report;
  /** Per-report results, then the cross-year results that attach to this report (as the corpus builder orders them). */
  readonly checks: readonly CheckResult[];
  readonly violation: Violation | null;
  /** Rules that failed without being inserted (the model's own slips; expected to stay empty). */
  readonly unplanned: readonly string[];
}

/** Report id: year, region code, agency position; so id order is year, region order. */
export function reportIdOf(a: SyntheticAgency, year: number): string {
  return `syn-${String(year)}-${a.regionCode}-${String(a.seq).padStart(7, '0')}`;
}

/** Cells the cross-year rules read from last year: kept per agency instead of whole reports. */
const CROSS_YEAR_KEY = /^(requests\.carried_forward\.|active\.art20_1\.\w+\.in_force$|active\.art20_[568]\.\w+\.(prev_year_items|items_change)$)/;
const JUMP = new Set(JUMP_KEYS);

/** The part of a report the cross-year rules look at (a test checks that it gives the same results as the whole report). */
export function crossYearView(input: CrossYearInput): CrossYearInput {
  return { ...input, cells: input.cells.filter((c) => c.derived !== true && (JUMP.has(c.key) || CROSS_YEAR_KEY.test(c.key))) };
}

/** Compact form of a cross-year view: one string per agency rather than cell objects. */
interface PackedView {
  readonly reportId: string;
  readonly year: number;
  readonly template: TemplateVersion;
  readonly keys: readonly string[];
  readonly raws: string;
}

function pack(view: CrossYearInput, template: TemplateVersion, year: number): PackedView {
  return { reportId: view.reportId, year, template, keys: view.cells.map((c) => c.key), raws: view.cells.map((c) => c.raw).join('\t') };
}

function unpack(p: PackedView, agencyId: string): CrossYearInput {
  const raws = p.raws.split('\t');
  const cells: Cell[] = p.keys.map((key, i) => {
    const raw = raws[i] ?? '';
    const v = parseCellValue(raw, cellDef(key)?.kind ?? 'count');
    return { key, value: v.value, semantic: v.semantic, raw, provenance: {} };
  });
  return { reportId: p.reportId, agencyId, year: p.year, template: p.template, tableTemplates: { active: p.template, requests: p.template, review: p.template }, cells };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A date `days` after 1 January of `year`, as YYYY-MM-DD. */
function dayOf(year: number, days: number): string {
  const d = new Date(Date.UTC(year, 0, 1 + days));
  return `${String(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

interface Built {
  readonly report: Report;
  readonly checks: CheckResult[];
  readonly failed: Set<string>;
}

function build(a: SyntheticAgency, year: number, reportId: string, values: ReportValues, printed: Printed, prev: CrossYearInput | null, extra: { problems: string; signed: string; published: string }): Built {
  const cells = cellsOf(values.version, printed);
  const report = assembleReport({
    agency: a,
    year,
    version: values.version,
    cells,
    narrative: narrativeOf(values, printed),
    problems: extra.problems,
    signedDate: extra.signed,
    publishedDate: extra.published,
  });
  const checks: CheckResult[] = runReportChecks(report);
  if (prev !== null) {
    const cur: CrossYearInput = { reportId, agencyId: a.agencyId, year, template: values.version, tableTemplates: report.meta.tableTemplates, cells };
    for (const c of runCrossYearChecks([prev, cur])) {
      if (c.reportId !== reportId) continue;
      const { reportId: _id, ...check } = c;
      checks.push(check);
    }
  }
  return { report, checks, failed: new Set(checks.filter((c) => c.status === 'fail').map((c) => c.ruleId)) };
}

/** Clean attempts before giving up on a slip of the model (each a fresh draw). */
const MAX_ATTEMPTS = 12;

/**
 * One agency-year: a clean report (redrawn until the real checks find nothing), then at the
 * violation rate one violation that fails its rule and no other.
 */
export function generateReport(a: SyntheticAgency, year: number, prevState: AgencyState | null, prevView: CrossYearInput | null, opts: Pick<SyntheticOptions, 'seed' | 'violationRate'>): { out: Omit<SyntheticReport, 'identity'>; state: AgencyState; reportId: string } {
  const reportId = reportIdOf(a, year);
  const meta = Rng.for(opts.seed, 'meta', a.seq, year);
  const lateness = a.type === 'department' ? meta.int(5, 30) : meta.int(14, 89);
  const signed = dayOf(year + 1, lateness);
  const extra = { problems: meta.pick(PROBLEMS_TEXTS), signed, published: dayOf(year + 1, lateness + meta.int(0, 4)) };
  let chosen: { values: ReportValues; state: AgencyState; printed: Printed; built: Built } | null = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const r = Rng.for(opts.seed, 'report', a.seq, year, attempt);
    const { values, state } = drawReportValues(a, year, prevState, r);
    const printed = printCells(a, values, r);
    const built = build(a, year, reportId, values, printed, prevView, extra);
    chosen = { values, state, printed, built };
    if (built.failed.size === 0) break;
  }
  if (chosen === null) throw new Error('unreachable: no attempt was made');
  let { built, state } = chosen;
  let violation: Violation | null = null;
  const vr = Rng.for(opts.seed, 'violation', a.seq, year);
  if (chosen.built.failed.size === 0 && vr.chance(opts.violationRate)) {
    for (const rule of vr.shuffle(VIOLATION_RULES)) {
      const m = { version: chosen.values.version, numbers: new Map(chosen.values.numbers), printed: new Map(chosen.printed), hasPrev: prevView !== null, blankAllowed: a.format === 'html' };
      const v = MUTATIONS[rule](m, vr);
      if (v === null) continue;
      const values: ReportValues = { ...chosen.values, numbers: m.numbers };
      const b = build(a, year, reportId, values, m.printed, prevView, extra);
      if (b.failed.size !== 1 || !b.failed.has(rule)) continue;
      built = b;
      violation = v;
      state = stateOf(year, values.version, m.numbers, { publishedTotal: [...state.publishedTotal], inForce: [...state.inForce], nextItems: { ...state.nextItems } });
      break;
    }
  }
  const unplanned = [...built.failed].filter((id) => id !== violation?.ruleId);
  return { out: { report: built.report, checks: built.checks, violation, unplanned }, state, reportId };
}

function identityOf(a: SyntheticAgency, year: number, reportId: string, seed: string, sha: string): ReportIdentity {
  return {
    reportId,
    agencyId: a.agencyId,
    agencyName: a.name,
    province: a.province,
    city: a.city,
    district: a.district,
    regionCode: a.regionCode,
    agencyType: a.type,
    year,
    sourceFile: `synthetic://${encodeURIComponent(seed)}/${reportId}.${a.format}`,
    sourceUrl: null,
    completeness: 'full',
    synthetic: true,
    contentSha256: sha,
  };
}

/** SHA-256-shaped fallback content hash when none is given: never a real file's hash (documented). */
function placeholderHash(reportId: string, seed: string): string {
  const r = Rng.for(seed, 'hash', reportId);
  let s = '';
  for (let i = 0; i < 8; i++) s += r.nextU32().toString(16).padStart(8, '0');
  return s;
}

/** Every report of the synthetic corpus, in report id order (years, then region codes). */
export function* generateCorpus(opts: SyntheticOptions): Generator<SyntheticReport> {
  const all = buildAgencies(opts.agencies, opts.seed, opts.regions);
  const agencies = opts.range ? all.slice(opts.range.from, opts.range.to) : all;
  const states: (AgencyState | null)[] = agencies.map(() => null);
  const views: (PackedView | null)[] = agencies.map(() => null);
  const years = [...opts.years].sort((x, y) => x - y);
  for (const year of years) {
    for (const [i, a] of agencies.entries()) {
      const prevState = states[i] ?? null;
      const packed = views[i] ?? null;
      // Only a report of the year before is compared (as `runCrossYearChecks` pairs Y with Y−1).
      const chained = prevState !== null && prevState.year === year - 1;
      const prevView = chained && packed !== null ? unpack(packed, a.agencyId) : null;
      const { out, state, reportId } = generateReport(a, year, chained ? prevState : null, prevView, opts);
      states[i] = state;
      views[i] = pack(crossYearView({ reportId, agencyId: a.agencyId, year, template: state.version, cells: out.report.cells }), state.version, year);
      const sha = opts.contentHash ? opts.contentHash(out.report, reportId) : placeholderHash(reportId, opts.seed);
      yield { identity: identityOf(a, year, reportId, opts.seed, sha), ...out };
    }
  }
}

export type { ViolationRule };
