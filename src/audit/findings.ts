/**
 * One finding shape for the audit workspace: check rows from the corpus, copy flags, timeliness and
 * coverage gaps all become a `Finding`, so the table, the score, the agency sheet and the export
 * treat them alike.
 */
import { RULES } from '../checks/rules';
import type { RuleDef } from '../checks/rules';
import type { Severity } from '../model/checks';
import type { Bilingual } from '../model/report';

/** Where a finding comes from. */
export type FindingSource = 'check' | 'copy' | 'timeliness' | 'coverage';

/** `fail`: the rule is broken; `uncertain`: it could not be decided (never counted against a score). */
export type FindingStatus = 'fail' | 'uncertain';

/** The statuses the Audit view lists: the failed findings, and those undecided when asked for. */
export function auditStatuses(withUncertain: boolean): FindingStatus[] {
  return withUncertain ? ['fail', 'uncertain'] : ['fail'];
}

/** Who a report belongs to: the `reports` columns every finding carries for grouping and filtering. */
export interface ReportContext {
  readonly reportId: string;
  readonly agencyId: string;
  readonly agencyName: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly district: string | null;
  readonly agencyType: string | null;
  readonly year: number | null;
}

export interface Finding {
  readonly source: FindingSource;
  /** Null for a missing report (a coverage gap has no report). */
  readonly reportId: string | null;
  readonly agencyId: string;
  readonly agencyName: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly district: string | null;
  readonly agencyType: string | null;
  readonly year: number | null;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  /** What the rule was applied to (a column, a table, `narrative`…); '' when global. */
  readonly scope: string;
  readonly message: Bilingual;
  readonly expected: number | null;
  readonly actual: number | null;
  /** Canonical cell keys to highlight in the agency profile. */
  readonly keys: readonly string[];
}

/** Audit-only rules (not evaluated by the corpus builder): copies and coverage. */
export const AUDIT_RULES: readonly RuleDef[] = [
  {
    id: 'COPY-TEXT',
    severity: 'warn',
    scope: 'cross_year',
    specSection: '6.3',
    title: { zh: '正文与上年雷同', en: 'Narrative copied from last year' },
    definition: {
      zh: '与同一机构上一年度报告正文逐字比较（5字片段，忽略空白、标点，数字视为相同），较短一份有80%以上的片段出现在另一份中即提示。',
      en: "The narrative is compared with the same agency's report for the year before (5-character pieces, ignoring spacing, punctuation and the figures); 80% or more of the shorter text's pieces appearing in the other is flagged.",
    },
  },
  {
    id: 'COPY-TABLES',
    severity: 'warn',
    scope: 'cross_year',
    specSection: '6.3',
    title: { zh: '统计表数值与上年完全相同', en: 'Table values identical to last year' },
    definition: {
      zh: '某张统计表中两年都填写的数字单元格（至少5格）全部相同即提示；全部为0的表不提示（乡镇街道常见，未必是照抄）。',
      en: 'A statistics table whose numeric cells (at least 5 printed in both years) are all equal to last year’s is flagged; all-zero tables are not (common for townships, and not evidence of copying).',
    },
  },
  {
    id: 'COVERAGE-MISSING',
    severity: 'warn',
    scope: 'helper',
    specSection: '8',
    title: { zh: '缺少年度报告', en: 'Missing annual report' },
    definition: {
      zh: '该机构在所选年度范围内的其他年份有报告，本年度没有。',
      en: 'The agency has reports for other years of the selected range, but none for this year.',
    },
  },
  {
    id: 'COVERAGE-NO-TABLES',
    severity: 'warn',
    scope: 'helper',
    specSection: '6.5',
    title: { zh: '全文无统计表', en: 'Full report without tables' },
    definition: {
      zh: '2019年度起的完整报告（非节选）中没有读到统一格式的统计表。',
      en: 'A complete report (not an excerpt) for 2019 or later in which no table of the unified format was found.',
    },
  },
];

const ALL_RULES = new Map([...RULES, ...AUDIT_RULES].map((r) => [r.id, r]));

/** The catalogue entry of a check or audit rule id; undefined for an id this version does not know (a newer corpus). */
export function findRule(id: string): RuleDef | undefined {
  return ALL_RULES.get(id);
}

/** Every rule a finding can carry (checks first, then the audit-only ones), for the rule filter and legend. */
export function ruleCatalogue(): readonly RuleDef[] {
  return [...RULES, ...AUDIT_RULES];
}

/** The rule's title in a language, or the id itself when the rule is unknown. */
export function ruleTitle(id: string, lang: 'zh' | 'en'): string {
  return findRule(id)?.title[lang] ?? id;
}

// --- check rows ---------------------------------------------------------------------------------

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'bigint' ? Number(v) : null);
const isSeverity = (v: unknown): v is Severity => v === 'error' || v === 'warn' || v === 'info';
const isStatus = (v: unknown): v is FindingStatus => v === 'fail' || v === 'uncertain';

/** The report context of a `reports` row (snake_case columns as the SQL builders select them). */
export function contextFromRow(row: Readonly<Record<string, unknown>>): ReportContext {
  return {
    reportId: str(row.report_id) ?? '',
    agencyId: str(row.agency_id) ?? '',
    agencyName: str(row.agency_name),
    province: str(row.province),
    city: str(row.city),
    district: str(row.district),
    agencyType: str(row.agency_type),
    year: num(row.year),
  };
}

type Row = Readonly<Record<string, unknown>>;

/**
 * Reports of rows of `reportContextSql` by id, each one's context made when first read: an audit
 * holds a selection's thousands of reports and reads a few of them (the copies' reports, the agency
 * the reader opens). Made for all 7,273 of a province at once, with the late reports' own copies,
 * they were two objects per report in the step before its first paint (bench/SCALE.md, round 16).
 */
class ReportContexts implements ReadonlyMap<string, ReportContext> {
  readonly #rows: readonly Row[];
  #byId: Map<string, Row> | undefined;
  readonly #made = new Map<string, ReportContext>();
  #all: Map<string, ReportContext> | undefined;

  constructor(rows: readonly Row[]) {
    this.#rows = rows;
  }

  /** The rows by report id (the last of any repeated id, as a Map built from them keeps). */
  #index(): Map<string, Row> {
    if (this.#byId === undefined) {
      this.#byId = new Map();
      for (const r of this.#rows) this.#byId.set(str(r.report_id) ?? '', r);
    }
    return this.#byId;
  }

  get size(): number {
    return this.#index().size;
  }

  has(id: string): boolean {
    return this.#index().has(id);
  }

  get(id: string): ReportContext | undefined {
    const made = this.#made.get(id);
    if (made !== undefined) return made;
    const row = this.#index().get(id);
    if (row === undefined) return undefined;
    const c = contextFromRow(row);
    this.#made.set(id, c);
    return c;
  }

  /** Every report's context, in the rows' order: for reading them all (rare). */
  #every(): Map<string, ReportContext> {
    if (this.#all === undefined) {
      this.#all = new Map();
      for (const id of this.#index().keys()) {
        const c = this.get(id);
        if (c !== undefined) this.#all.set(id, c);
      }
    }
    return this.#all;
  }

  entries(): MapIterator<[string, ReportContext]> {
    return this.#every().entries();
  }

  keys(): MapIterator<string> {
    return this.#index().keys();
  }

  values(): MapIterator<ReportContext> {
    return this.#every().values();
  }

  forEach(callback: (value: ReportContext, key: string, map: ReadonlyMap<string, ReportContext>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.#every()) callback.call(thisArg, v, k, this);
  }

  [Symbol.iterator](): MapIterator<[string, ReportContext]> {
    return this.entries();
  }
}

/** The reports of rows of `reportContextSql` by id, their contexts made when read (`contextFromRow`). */
export function reportContexts(rows: readonly Row[]): ReadonlyMap<string, ReportContext> {
  return new ReportContexts(rows);
}

/**
 * Findings from rows of `findingsSql` (checks joined with reports). Rows whose status is `pass`
 * or whose severity is unknown are dropped: the caller asked for failures.
 */
export function findingsFromCheckRows(rows: readonly Readonly<Record<string, unknown>>[]): Finding[] {
  const out: Finding[] = [];
  for (const row of rows) {
    const status = row.status;
    const severity = row.severity;
    if (!isStatus(status) || !isSeverity(severity)) continue;
    const ctx = contextFromRow(row);
    const keys = str(row.keys);
    out.push({
      source: 'check',
      ...ctx,
      reportId: ctx.reportId,
      ruleId: str(row.rule_id) ?? '',
      severity,
      status,
      scope: str(row.scope) ?? '',
      message: { zh: str(row.message_zh) ?? '', en: str(row.message_en) ?? '' },
      expected: num(row.expected),
      actual: num(row.actual),
      keys: keys === null || keys === '' ? [] : keys.split(/\s+/),
    });
  }
  return out;
}

/**
 * A finding about a report without its `keys`, for a caller that defines them (the copies' numbered
 * keys, read when first asked for; `findingFor` adds them as data). Written out, not spread: one shape
 * for thousands of findings, and nothing the context carries beyond a report's context (a published
 * date) rides along.
 */
export function findingWithoutKeys(ctx: ReportContext, source: FindingSource, rest: Omit<Parameters<typeof findingFor>[2], 'keys'>): Omit<Finding, 'keys'> {
  return {
    source, reportId: ctx.reportId, agencyId: ctx.agencyId, agencyName: ctx.agencyName, province: ctx.province, city: ctx.city, district: ctx.district,
    agencyType: ctx.agencyType, year: ctx.year, ruleId: rest.ruleId, severity: rest.severity, status: rest.status, scope: rest.scope, message: rest.message,
    expected: rest.expected, actual: rest.actual,
  };
}

/** A finding about a report, from its context and the rule-specific parts. */
export function findingFor(
  ctx: ReportContext,
  source: FindingSource,
  rest: Pick<Finding, 'ruleId' | 'severity' | 'status' | 'scope' | 'message' | 'expected' | 'actual' | 'keys'>,
): Finding {
  // The keys added to the same literal: every finding takes the same shape transition.
  const finding: Omit<Finding, 'keys'> & { keys?: readonly string[] } = findingWithoutKeys(ctx, source, rest);
  finding.keys = rest.keys;
  return finding as Finding;
}

/** What the Audit view filters the combined list by (empty or absent = all). */
export interface FindingFilter {
  readonly rules?: readonly string[];
  readonly severities?: readonly Severity[];
  readonly statuses?: readonly FindingStatus[];
  readonly sources?: readonly FindingSource[];
  readonly agencyTypes?: readonly string[];
}

/** The findings that pass every given criterion. */
export function filterFindings(findings: readonly Finding[], by: FindingFilter): Finding[] {
  // One test per criterion given; none given (the Audit view's default) is a copy, not a pass over thousands.
  const tests: ((f: Finding) => boolean)[] = [];
  const add = <T>(xs: readonly T[] | undefined, of: (f: Finding) => T): void => {
    if (xs === undefined || xs.length === 0) return;
    const wanted = new Set(xs);
    tests.push((f) => wanted.has(of(f)));
  };
  add(by.rules, (f) => f.ruleId);
  add(by.severities, (f) => f.severity);
  add(by.statuses, (f) => f.status);
  add(by.sources, (f) => f.source);
  add(by.agencyTypes, (f) => f.agencyType ?? '');
  return tests.length === 0 ? [...findings] : findings.filter((f) => tests.every((t) => t(f)));
}

// --- ordering and grouping ----------------------------------------------------------------------

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warn: 1, info: 2 };

// One collator for every comparison: localeCompare(…, 'zh') sets one up per call (sorting 100k
// names took 0.8 s that way, 0.4 s with a shared collator, on Node 20).
const ZH = new Intl.Collator('zh');

/** Errors first, then warnings; fails before uncertain; then agency, year and rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1) ||
    ZH.compare(a.agencyName ?? a.agencyId, b.agencyName ?? b.agencyId) ||
    (a.year ?? 0) - (b.year ?? 0) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.scope.localeCompare(b.scope)
  );
}

/** Each distinct text's place in `compare`'s order, texts it finds equal sharing one. */
function ranks(texts: Iterable<string>, compare: (a: string, b: string) => number): Map<string, number> {
  const sorted = [...new Set(texts)].sort(compare);
  const out = new Map<string, number>();
  let place = 0;
  sorted.forEach((t, i) => {
    if (i > 0 && compare(sorted[i - 1] ?? t, t) !== 0) place = i;
    out.set(t, place);
  });
  return out;
}

/**
 * The findings in `compareFindings`' order (a new array), comparing numbers instead of texts: each
 * distinct agency name, rule and scope is placed once. A province's audit sorts thousands of
 * findings, and the collator's comparisons were most of that sort's time. Each finding's places
 * then make one number, its input position last (so ties keep the input's order), and the numbers
 * are sorted as numbers, with no comparison function and no object or array made per finding (a
 * province's audit sorts 3,188 findings; bench/SCALE.md, round 16). Places too many to make one
 * exact number (more than 2^53 combinations) are compared one by one.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const n = findings.length;
  const name = (f: Finding): string => f.agencyName ?? f.agencyId;
  const byName = ranks(findings.map(name), (a, b) => ZH.compare(a, b));
  const byRule = ranks(findings.map((f) => f.ruleId), (a, b) => a.localeCompare(b));
  const byScope = ranks(findings.map((f) => f.scope), (a, b) => a.localeCompare(b));
  const byYear = new Map([...new Set(findings.map((f) => f.year ?? 0))].sort((a, b) => a - b).map((y, i) => [y, i]));
  // A finding's places in compareFindings' order, and how many values each takes.
  const place = (f: Finding, j: number): number => {
    switch (j) {
      case 0: return SEVERITY_ORDER[f.severity];
      case 1: return f.status === 'fail' ? 0 : 1;
      case 2: return byName.get(name(f)) ?? 0;
      case 3: return byYear.get(f.year ?? 0) ?? 0;
      case 4: return byRule.get(f.ruleId) ?? 0;
      default: return byScope.get(f.scope) ?? 0;
    }
  };
  const radix = [3, 2, byName.size, byYear.size, byRule.size, byScope.size];
  if (radix.reduce((p, r) => p * r, n) <= Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const f = findings[i];
      if (f === undefined) continue;
      let k = 0;
      for (let j = 0; j < radix.length; j++) k = k * (radix[j] ?? 1) + place(f, j);
      // The input position last: ties keep the input's order.
      keys[i] = k * n + i;
    }
    keys.sort();
    const out = new Array<Finding>(n);
    for (let i = 0; i < n; i++) {
      const f = findings[(keys[i] ?? 0) % n];
      if (f !== undefined) out[i] = f;
    }
    return out;
  }
  // Array.prototype.sort is stable: ties keep the input's order, as with compareFindings.
  const keyed = [...findings];
  keyed.sort((a, b) => {
    for (let j = 0; j < radix.length; j++) {
      const d = place(a, j) - place(b, j);
      if (d !== 0) return d;
    }
    return 0;
  });
  return keyed;
}

export type FindingGroupBy = 'rule' | 'severity' | 'province' | 'city' | 'agencyType' | 'agency' | 'year';

/** The group label of a finding; '' for an unknown region or type. */
export function groupKey(f: Finding, by: FindingGroupBy): string {
  switch (by) {
    case 'rule':
      return f.ruleId;
    case 'severity':
      return f.severity;
    case 'province':
      return f.province ?? '';
    case 'city':
      return f.city ?? '';
    case 'agencyType':
      return f.agencyType ?? '';
    case 'agency':
      return f.agencyId;
    case 'year':
      return f.year === null ? '' : String(f.year);
  }
}

/** Findings grouped by one dimension, groups in first-seen order after sorting the findings. */
export function groupFindings(findings: readonly Finding[], by: FindingGroupBy): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of sortFindings(findings)) {
    const k = groupKey(f, by);
    const list = out.get(k) ?? [];
    list.push(f);
    out.set(k, list);
  }
  return out;
}

// --- export -------------------------------------------------------------------------------------

/** A column of the findings export: `key` reads the row, `label` is the header. Matches `src/export` `ExportColumn`. */
export interface FindingColumn {
  readonly key: string;
  readonly label: string;
}

export type FindingExportRow = Readonly<Record<string, string | number | null>>;

const COLUMN_LABELS: readonly (readonly [string, string, string])[] = [
  ['agency', '机构', 'Agency'],
  ['region', '地区', 'Region'],
  ['agency_type', '机构类型', 'Agency type'],
  ['year', '年度', 'Year'],
  ['rule_id', '规则编号', 'Rule id'],
  ['rule', '规则', 'Rule'],
  ['severity', '严重程度', 'Severity'],
  ['status', '结果', 'Status'],
  ['message', '说明', 'Message'],
  ['expected', '应为', 'Expected'],
  ['actual', '实为', 'Actual'],
  ['cells', '涉及单元格', 'Cells involved'],
  ['report_id', '报告标识', 'Report id'],
];

const SEVERITY_LABEL: Record<Severity, Bilingual> = {
  error: { zh: '错误', en: 'error' },
  warn: { zh: '提醒', en: 'warning' },
  info: { zh: '信息', en: 'info' },
};
const STATUS_LABEL: Record<FindingStatus, Bilingual> = {
  fail: { zh: '未通过', en: 'failed' },
  uncertain: { zh: '无法判定', en: 'undecided' },
};

/**
 * The findings as export columns and rows (one row per finding) for the CSV/XLSX writers in
 * `src/export`: headers and texts in one language, findings sorted as on screen.
 */
export function findingsToRows(findings: readonly Finding[], lang: 'zh' | 'en'): { columns: FindingColumn[]; rows: FindingExportRow[] } {
  const columns = COLUMN_LABELS.map(([key, zh, en]) => ({ key, label: lang === 'zh' ? zh : en }));
  const rows = sortFindings(findings).map((f) => ({
    agency: f.agencyName ?? f.agencyId,
    region: [f.province, f.city, f.district].filter((x): x is string => x !== null && x !== '').filter((x, i, a) => a.indexOf(x) === i).join(' '),
    agency_type: f.agencyType,
    year: f.year,
    rule_id: f.ruleId,
    rule: ruleTitle(f.ruleId, lang),
    severity: SEVERITY_LABEL[f.severity][lang],
    status: STATUS_LABEL[f.status][lang],
    message: f.message[lang],
    expected: f.expected,
    actual: f.actual,
    cells: f.keys.join(' '),
    report_id: f.reportId,
  }));
  return { columns, rows };
}
