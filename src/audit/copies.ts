/**
 * Copy detection across years: each agency's report for year Y is paired with its report for Y−1
 * (the first by report id when an agency has two for one year, as the cross-year checks do), and
 *  - the narratives are compared (`narrativeSimilarity`), flagged at `COPY_THRESHOLD` or above;
 *  - each statistics table is compared cell by cell, flagged when every numeric cell printed in
 *    both years is equal. All-zero tables are not flagged: townships and small offices often have
 *    nothing to report two years running, and identical zeros are no evidence of copying.
 */
import type { Bilingual } from '../model/report';
import type { TableId } from '../model/template';
import { findingFor, findingWithoutKeys, type Finding, type ReportContext } from './findings';
import { narrativeSimilarity, type Similarity } from './similarity';

/** Share of the shorter narrative's 5-grams found in the other at which a pair is flagged. */
export const COPY_THRESHOLD = 0.8;

/** Fewest numeric cells both years must print in a table before identical values mean anything. */
export const MIN_IDENTICAL_CELLS = 5;

export interface NarrativeInput {
  readonly reportId: string;
  readonly agencyId: string;
  readonly year: number | null;
  readonly narrative: string;
}

/** What pairing needs of a report. */
export interface Dated {
  readonly reportId: string;
  readonly agencyId: string;
  readonly year: number | null;
}

/**
 * [previous, current] pairs of consecutive years per agency: each agency-year stands for its first
 * report by id (code-unit order, not localeCompare: the order SQL's min(report_id) uses in
 * `identicalTablesSql`); agencies come in the order of their first report id, years ascending.
 * One pass and a sort of the agencies, not of every report (a region audit pairs 7,000 reports).
 */
export function consecutivePairs<T extends Dated>(items: readonly T[]): [T, T][] {
  // `at`: the input index of the agency's first report id (ties between agencies keep input order).
  // Each agency's years are walked from its first to its last, without sorting them: a region
  // audit's pairing was 15 ms of a profiled step with a sorted array of entries per agency.
  interface Agency { first: string; at: number; min: number; max: number; integral: boolean; readonly years: Map<number, T> }
  const byAgency = new Map<string, Agency>();
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it === undefined || it.year === null) continue;
    const year = it.year;
    const a = byAgency.get(it.agencyId);
    if (a === undefined) {
      const years = new Map<number, T>();
      years.set(year, it);
      byAgency.set(it.agencyId, { first: it.reportId, at: i, min: year, max: year, integral: Number.isInteger(year), years });
      continue;
    }
    if (it.reportId < a.first) {
      a.first = it.reportId;
      a.at = i;
    }
    if (year < a.min) a.min = year;
    if (year > a.max) a.max = year;
    if (!Number.isInteger(year)) a.integral = false;
    const had = a.years.get(year);
    if (!had || it.reportId < had.reportId) a.years.set(year, it);
  }
  const out: [T, T][] = [];
  const agencies = [...byAgency.values()].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.at - b.at));
  for (const { min, max, integral, years } of agencies) {
    // Whole years (the column's type) over a span like the agency's own are walked; anything else
    // (a fractional year, a year 0 beside 2024) is sorted.
    const ys = integral && max - min < 64 * years.size ? null : [...years.keys()].sort((x, y) => x - y);
    const count = ys === null ? max - min + 1 : ys.length;
    for (let k = 0; k < count; k++) {
      const y = ys === null ? min + k : (ys[k] ?? 0);
      const cur = years.get(y);
      const prev = cur === undefined ? undefined : years.get(y - 1);
      if (cur !== undefined && prev !== undefined) out.push([prev, cur]);
    }
  }
  return out;
}

export interface NarrativeCopy {
  readonly reportId: string;
  readonly prevReportId: string;
  readonly agencyId: string;
  readonly year: number;
  readonly prevYear: number;
  readonly similarity: Similarity;
  /** Score × 100, rounded to one decimal. */
  readonly percent: number;
  /** `fail` at or above the threshold, `uncertain` when a text is too short to judge. */
  readonly status: 'pass' | 'fail' | 'uncertain';
  readonly message: Bilingual;
}

const pct = (x: number): number => Math.round(x * 1000) / 10;

/** Narrative similarity of every agency's consecutive-year pair. */
export function compareNarratives(inputs: readonly NarrativeInput[], threshold: number = COPY_THRESHOLD): NarrativeCopy[] {
  return consecutivePairs(inputs).map(([prev, cur]) => narrativeCopy(prev, cur, narrativeSimilarity(prev.narrative, cur.narrative), threshold));
}

/** The verdict on one pair whose similarity is known (computed now or remembered from an earlier run). */
export function narrativeCopy(prev: Dated, cur: Dated, similarity: Similarity, threshold: number = COPY_THRESHOLD): NarrativeCopy {
  const percent = pct(similarity.score);
  const y0 = String(prev.year);
  const status = !similarity.comparable ? 'uncertain' : similarity.score >= threshold ? 'fail' : 'pass';
  const p = `${String(percent)}%`;
  const message: Bilingual =
    status === 'uncertain'
      ? { zh: `正文过短，无法与${y0}年报告比较`, en: `The narrative is too short to compare with ${y0}` }
      : status === 'fail'
        ? { zh: `正文与${y0}年报告相似度${p}，疑似照抄`, en: `The narrative is ${p} similar to the ${y0} report: possibly copied` }
        : { zh: `正文与${y0}年报告相似度${p}`, en: `The narrative is ${p} similar to the ${y0} report` };
  return { reportId: cur.reportId, prevReportId: prev.reportId, agencyId: cur.agencyId, year: cur.year ?? 0, prevYear: prev.year ?? 0, similarity, percent, status, message };
}

export interface TableValuesInput {
  readonly reportId: string;
  readonly agencyId: string;
  readonly year: number | null;
  /** Printed numeric cells: canonical key → value (blank, `/` and text cells left out). */
  readonly values: ReadonlyMap<string, number>;
}

export interface IdenticalTable {
  readonly reportId: string;
  readonly prevReportId: string;
  readonly agencyId: string;
  readonly year: number;
  readonly prevYear: number;
  readonly table: TableId;
  /** Keys printed as numbers in both years (where the flags number them, read when first asked for). */
  readonly keys: readonly string[];
  /** How many keys: `keys.length`, known without reading them. */
  readonly cells: number;
  readonly message: Bilingual;
}

const TABLES: readonly (readonly [TableId, string, Bilingual])[] = [
  ['active', 'active.', { zh: '表二（主动公开）', en: 'table 2 (proactive disclosure)' }],
  ['requests', 'requests.', { zh: '表三（依申请公开）', en: 'table 3 (requests)' }],
  ['review', 'review_litigation.', { zh: '表四（复议诉讼）', en: 'table 4 (review and litigation)' }],
];

/**
 * Tables whose numeric cells are all equal to the previous year's: the shared keys must be at
 * least `MIN_IDENTICAL_CELLS`, and a table where every shared value is 0 is skipped.
 */
export function identicalTables(inputs: readonly TableValuesInput[]): IdenticalTable[] {
  const out: IdenticalTable[] = [];
  for (const [prev, cur] of consecutivePairs(inputs)) {
    for (const [table, prefix, label] of TABLES) {
      const keys = [...cur.values.keys()].filter((k) => k.startsWith(prefix) && prev.values.has(k)).sort();
      if (keys.length < MIN_IDENTICAL_CELLS) continue;
      const same = keys.every((k) => prev.values.get(k) === cur.values.get(k));
      const allZero = keys.every((k) => cur.values.get(k) === 0);
      if (!same || allZero) continue;
      out.push(identical(cur.reportId, prev.reportId, cur.agencyId, cur.year ?? 0, prev.year ?? 0, table, keys, label));
    }
  }
  return out;
}

function identical(reportId: string, prevReportId: string, agencyId: string, year: number, prevYear: number, table: TableId, keys: readonly string[], label: Bilingual): IdenticalTable {
  return { reportId, prevReportId, agencyId, year, prevYear, table, keys, cells: keys.length, message: identicalMessage(keys.length, prevYear, label) };
}

function identicalMessage(cells: number, prevYear: number, label: Bilingual): Bilingual {
  const y0 = String(prevYear);
  return {
    zh: `${label.zh}的${String(cells)}个数字与${y0}年报告完全相同`,
    en: `All ${String(cells)} figures of ${label.en} equal the ${y0} report's`,
  };
}

/** A numbered flag's keys: its numbers into the corpus's keys, read into a list when first asked for. */
class NumberedKeys {
  #list: readonly string[] | undefined;

  constructor(
    private readonly ids: string,
    private readonly keys: readonly string[],
  ) {}

  read(): readonly string[] {
    this.#list ??= keysOfIds(this.ids, this.keys) ?? [];
    return this.#list;
  }
}

/** The numbered keys of each flag made by `numberedIdentical`, and of each finding made of one. */
const numberedKeys = new WeakMap<object, NumberedKeys>();

function readNumberedKeys(this: object): readonly string[] {
  return numberedKeys.get(this)?.read() ?? [];
}

/**
 * `keys` of a numbered flag and of its finding: an own property (a spread or an export sees it), read
 * through one getter shared by all of them. V8 gives objects one shape only where their accessors
 * are the same functions: with a getter made per flag (an object literal's `get`, or a closure given
 * to `defineProperty`) each flag and each such finding became a slow dictionary-mode object, which
 * made them and the sort, filter and render of the audit's findings slower (bench/SCALE.md, round 17).
 */
const NUMBERED_KEYS: PropertyDescriptor = { get: readNumberedKeys, enumerable: true, configurable: true };

/** Gives `target` the numbered keys of `source` (a flag of `numberedIdentical`); false when it has none. */
export function shareNumberedKeys(source: object, target: object): boolean {
  const keys = numberedKeys.get(source);
  if (keys === undefined) return false;
  numberedKeys.set(target, keys);
  Object.defineProperty(target, 'keys', NUMBERED_KEYS);
  return true;
}

/**
 * A flag whose keys are numbers into `keys` (`key_ids`), counted now and read when first asked
 * for: a province's 1,045 flags name 57,000 keys, 4 ms of its audit's step in the browser to put in
 * lists the page shows a screenful of (bench/SCALE.md, round 16).
 */
function numberedIdentical(
  reportId: string, prevReportId: string, agencyId: string, year: number, prevYear: number, table: TableId, ids: string, keys: readonly string[], cells: number, label: Bilingual,
): IdenticalTable {
  const flag = { reportId, prevReportId, agencyId, year, prevYear, table, cells, message: identicalMessage(cells, prevYear, label) };
  numberedKeys.set(flag, new NumberedKeys(ids, keys));
  return Object.defineProperty(flag, 'keys', NUMBERED_KEYS) as typeof flag & Pick<IdenticalTable, 'keys'>;
}

/**
 * Identical tables from rows of `identicalTablesSql` (the flags computed in SQL) or of a stored
 * region layout, whose keys come as one space-separated `keys_text`, or as `key_ids`, their numbers
 * in `keys` (a hot file's `identical_keys`, read once per corpus); rows with an unknown table,
 * missing ids or a key number `keys` lacks are dropped.
 */
export function identicalFromRows(rows: readonly Readonly<Record<string, unknown>>[], keys?: readonly string[]): IdenticalTable[] {
  const out: IdenticalTable[] = [];
  for (const r of rows) {
    const t = TABLES.find(([id]) => id === r.table_id);
    const { report_id: id, prev_report_id: prevId, agency_id: ag, year, prev_year: prevYear, keys: list, keys_text: text, key_ids: ids } = r;
    if (!t || typeof id !== 'string' || typeof prevId !== 'string' || typeof ag !== 'string' || typeof year !== 'number' || typeof prevYear !== 'number') continue;
    if (!Array.isArray(list) && typeof ids === 'string' && keys !== undefined) {
      const cells = countKeyIds(ids, keys);
      if (cells !== null) out.push(numberedIdentical(id, prevId, ag, year, prevYear, t[0], ids, keys, cells, t[2]));
      continue;
    }
    const found = Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : typeof text === 'string' && text !== '' ? text.split(' ') : null;
    if (found !== null) out.push(identical(id, prevId, ag, year, prevYear, t[0], found, t[2]));
  }
  return out;
}

/**
 * The keys named by space-separated numbers into `keys`, read digit by digit (no string per number:
 * a province's flags hold 57,000 keys); null when a number is not one of `keys` or a character is
 * neither a digit nor a space.
 */
export function keysOfIds(ids: string, keys: readonly string[]): string[] | null {
  const out: string[] = [];
  return eachKeyId(ids, keys, (key) => { out.push(key); }) > 0 ? out : null;
}

/** How many keys `keysOfIds` would give, without a list: null where it gives null. */
export function countKeyIds(ids: string, keys: readonly string[]): number | null {
  const n = eachKeyId(ids, keys, () => undefined);
  return n > 0 ? n : null;
}

/** Calls `each` with the key of every number of `ids`; their count, or -1 at a number `keys` lacks or a character neither a digit nor a space. */
function eachKeyId(ids: string, keys: readonly string[], each: (key: string) => void): number {
  let count = 0;
  let n = 0;
  let digits = 0;
  for (let i = 0; i <= ids.length; i++) {
    const c = i < ids.length ? ids.charCodeAt(i) : 32;
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
    } else if (c === 32) {
      if (digits > 0) {
        const key = keys[n];
        if (key === undefined) return -1;
        each(key);
        count++;
      }
      n = 0;
      digits = 0;
    } else {
      return -1;
    }
  }
  return count;
}

/** Table values for `identicalTables` from rows of `tableValuesSql` (report_id, agency_id, year, key, value). */
export function tableValuesFromRows(rows: readonly Readonly<Record<string, unknown>>[]): TableValuesInput[] {
  const by = new Map<string, { reportId: string; agencyId: string; year: number | null; values: Map<string, number> }>();
  for (const r of rows) {
    const { report_id: id, agency_id: ag, year, key, value } = r;
    if (typeof id !== 'string' || typeof ag !== 'string' || typeof key !== 'string' || typeof value !== 'number') continue;
    const e = by.get(id) ?? { reportId: id, agencyId: ag, year: typeof year === 'number' ? year : null, values: new Map<string, number>() };
    e.values.set(key, value);
    by.set(id, e);
  }
  return [...by.values()];
}

/** Findings for flagged narrative pairs (`fail` only: uncertain pairs are too short to matter). */
export function copyFindings(
  narratives: readonly NarrativeCopy[],
  tables: readonly IdenticalTable[],
  context: ReadonlyMap<string, ReportContext>,
): Finding[] {
  const out: Finding[] = [];
  for (const n of narratives) {
    const ctx = context.get(n.reportId);
    if (!ctx || n.status !== 'fail') continue;
    out.push(
      findingFor(ctx, 'copy', {
        ruleId: 'COPY-TEXT', severity: 'warn', status: 'fail', scope: 'narrative', message: n.message,
        expected: COPY_THRESHOLD * 100, actual: n.percent, keys: [],
      }),
    );
  }
  for (const t of tables) {
    const ctx = context.get(t.reportId);
    if (!ctx) continue;
    const rest = { ruleId: 'COPY-TABLES', severity: 'warn', status: 'fail', scope: t.table, message: t.message, expected: null, actual: t.cells } as const;
    // A numbered flag's keys read when the finding's are (a highlight, an export, a row on screen).
    const finding = findingWithoutKeys(ctx, 'copy', rest);
    out.push(shareNumberedKeys(t, finding) ? (finding as Finding) : findingFor(ctx, 'copy', { ...rest, keys: t.keys }));
  }
  return out;
}
