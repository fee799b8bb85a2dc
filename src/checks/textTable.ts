/**
 * TEXT-TABLE (spec §6.4): figures the narrative states against the tables. The parser's text facts
 * are compared first; a few strict "label + N件" anchors are read from the narrative itself.
 */
import type { CheckResult } from '../model/checks';
import type { Bilingual, TextFact } from '../model/report';
import type { TableId, TemplateVersion } from '../model/template';
import { describeUndecided, roundSum, sumOf, type Operand } from './operands';
import { requestRows, result, rq, TABLE_LABEL, type ReportContext, type ReportRule } from './context';

interface TextComparison {
  readonly scope: string;
  readonly stated: number;
  readonly quote: string;
  readonly table: TableId;
  /** Ways the table can express the same figure; the first that can be evaluated and matches wins. */
  readonly candidates: readonly { readonly keys: readonly string[]; readonly label: Bilingual }[];
}

const TOTAL = 'total';
const FACT_TARGETS: Partial<Record<TextFact['key'], Omit<TextComparison, 'stated' | 'quote' | 'scope'>>> = {
  requests_received_total: {
    table: 'requests',
    candidates: [
      { keys: [rq('new_received', TOTAL)], label: { zh: '本年新收', en: 'new requests' } },
      { keys: [rq('new_received', TOTAL), rq('carried_over', TOTAL)], label: { zh: '本年新收+上年结转', en: 'new requests + carried over' } },
    ],
  },
  requests_processed_total: {
    table: 'requests',
    candidates: [{ keys: [rq('results.total', TOTAL)], label: { zh: '办理结果总计', en: 'results total' } }],
  },
  admin_review_total: {
    table: 'review',
    candidates: [{ keys: ['review_litigation.admin_review.total'], label: { zh: '行政复议总计', en: 'administrative review total' } }],
  },
  litigation_total: {
    table: 'review',
    candidates: [
      {
        keys: ['review_litigation.litigation_direct.total', 'review_litigation.litigation_after_review.total'],
        label: { zh: '直接起诉+复议后起诉总计', en: 'direct + after-review litigation totals' },
      },
    ],
  },
};

/** Rows of table 三 under one outcome group, in the layout the report uses. */
function groupRows(prefix: string, v: TemplateVersion): string[] {
  return requestRows(v)
    .map((r) => r.key)
    .filter((k) => k.startsWith(prefix));
}

interface NarrativeAnchor {
  readonly scope: string;
  readonly table: TableId;
  /** The number must follow the label directly (optionally after 共): looser patterns catch other counts. */
  readonly re: RegExp;
  /** A keyword every match of `re` contains: anchors whose keyword is absent are not searched. */
  readonly literal: string;
  /** Cell keys whose sum the figure should equal, for the layout of the anchor's table; null when the layout is unknown. */
  readonly keys: (v: TemplateVersion) => readonly string[];
  readonly label: Bilingual;
}

const totals = (rows: readonly string[]): string[] => rows.map((r) => rq(r, TOTAL));

/**
 * Figures the narrative states as "…N件" (spec §6.4). Weak: a qualifier just before the label
 * (现行有效, 清理 …) means another count, so such a match is skipped rather than compared.
 */
const NARRATIVE_ANCHORS: readonly NarrativeAnchor[] = [
  {
    scope: 'normative_docs',
    table: 'active',
    re: /(?:行政)?规范性文件(?:共)?(\d+)件/g,
    literal: '规范性文件',
    keys: (v) => [v === 'v2019' ? 'active.art20_1.normative_docs.new_published' : 'active.art20_1.normative_docs.issued'],
    label: { zh: '规范性文件（本年制发/新公开）', en: 'normative documents (issued / newly published)' },
  },
  {
    scope: 'admin_licensing',
    table: 'active',
    re: /行政许可(?:共)?(\d+)件/g,
    literal: '行政许可',
    keys: () => ['active.art20_5.admin_licensing.decisions'],
    label: { zh: '行政许可处理决定数', en: 'licensing decisions' },
  },
  {
    scope: 'admin_penalty',
    table: 'active',
    re: /行政处罚(?:共)?(\d+)件/g,
    literal: '行政处罚',
    keys: () => ['active.art20_6.admin_penalty.decisions'],
    label: { zh: '行政处罚处理决定数', en: 'penalty decisions' },
  },
  {
    scope: 'carried_over',
    table: 'requests',
    re: /上年结转(?:共)?(\d+)件/g,
    literal: '上年结转',
    keys: () => [rq('carried_over', TOTAL)],
    label: { zh: '上年结转', en: 'carried over' },
  },
  {
    scope: 'carried_forward',
    table: 'requests',
    re: /结转下年度?(?:继续办理)?(?:共)?(\d+)件/g,
    literal: '结转下年',
    keys: () => [rq('carried_forward', TOTAL)],
    label: { zh: '结转下年度继续办理', en: 'carried forward' },
  },
  {
    scope: 'results.granted',
    table: 'requests',
    re: /予以公开(?:共)?(\d+)件/g,
    literal: '予以公开',
    keys: () => [rq('results.granted', TOTAL)],
    label: { zh: '予以公开', en: 'granted' },
  },
  {
    scope: 'results.partially_granted',
    table: 'requests',
    re: /部分公开(?:共)?(\d+)件/g,
    literal: '部分公开',
    keys: () => [rq('results.partially_granted', TOTAL)],
    label: { zh: '部分公开', en: 'partially granted' },
  },
  {
    scope: 'results.denied',
    table: 'requests',
    re: /不予公开(?:共)?(\d+)件/g,
    literal: '不予公开',
    keys: (v) => totals(groupRows('results.denied.', v)),
    label: { zh: '不予公开各项之和', en: 'sum of denials' },
  },
  {
    scope: 'results.unable',
    table: 'requests',
    re: /无法提供(?:共)?(\d+)件/g,
    literal: '无法提供',
    keys: (v) => totals(groupRows('results.unable.', v)),
    label: { zh: '无法提供各项之和', en: 'sum of unable to provide' },
  },
  {
    scope: 'results.not_processed',
    table: 'requests',
    re: /不予处理(?:共)?(\d+)件/g,
    literal: '不予处理',
    keys: (v) => totals(groupRows('results.not_processed.', v)),
    label: { zh: '不予处理各项之和', en: 'sum of not processed' },
  },
  {
    scope: 'results.other',
    table: 'requests',
    re: /其他处理(?:共)?(\d+)件/g,
    literal: '其他处理',
    keys: (v) => totals(groupRows('results.other.', v)),
    label: { zh: '其他处理', en: 'other handling' },
  },
];
const OTHER_COUNT_BEFORE = /(现行有效|有效|废止|清理|修改|修订|备案|审查|审核|累计|历年|失效)[^，,。；;]{0,4}$/;

/** Any anchor keyword: one scan tells which anchors can match at all. */
const LITERALS_RE = new RegExp(NARRATIVE_ANCHORS.map((a) => a.literal).join('|'), 'g');

/** The anchor keywords that occur in `text`, overlapping occurrences included. */
function literalsIn(text: string): Set<string> {
  const found = new Set<string>();
  LITERALS_RE.lastIndex = 0;
  for (let m = LITERALS_RE.exec(text); m !== null; m = LITERALS_RE.exec(text)) {
    found.add(m[0]);
    // Restart one character on: 上年结转下年… holds two keywords that overlap.
    LITERALS_RE.lastIndex = m.index + 1;
  }
  return found;
}

type Candidates = TextComparison['candidates'];

/**
 * An anchor's candidate list under a layout: constant per (anchor, layout), so built once and shared
 * by every report's comparisons (as the fact targets' lists are).
 */
const ANCHOR_CANDIDATES = new Map<NarrativeAnchor, Map<TemplateVersion, Candidates>>();
function anchorCandidates(a: NarrativeAnchor, v: TemplateVersion): Candidates {
  let byVersion = ANCHOR_CANDIDATES.get(a);
  if (byVersion === undefined) {
    byVersion = new Map();
    ANCHOR_CANDIDATES.set(a, byVersion);
  }
  let c = byVersion.get(v);
  if (c === undefined) {
    c = [{ keys: a.keys(v), label: a.label }];
    byVersion.set(v, c);
  }
  return c;
}

/** Every key of a candidate list, each once in first-seen order; built once per (constant) list. */
const ALL_KEYS = new WeakMap<Candidates, readonly string[]>();
function allKeysOf(candidates: Candidates): string[] {
  let keys = ALL_KEYS.get(candidates);
  if (keys === undefined) {
    keys = [...new Set(candidates.flatMap((c) => c.keys))];
    ALL_KEYS.set(candidates, keys);
  }
  // A copy per result, as the list was built afresh for each before.
  return keys.slice();
}

function narrativeComparisons(ctx: ReportContext): TextComparison[] {
  // Every anchor ends in 件, which no other character becomes under NFKC: without it nothing can match.
  if (!ctx.report.sections.narrative.includes('件')) return [];
  const text = ctx.report.sections.narrative.normalize('NFKC').replace(/\s+/g, '');
  const out: TextComparison[] = [];
  const present = literalsIn(text);
  for (const a of NARRATIVE_ANCHORS) {
    if (!present.has(a.literal)) continue;
    const v = a.table === 'active' ? ctx.activeVersion : ctx.requestsVersion;
    for (const m of text.matchAll(a.re)) {
      const before = text.slice(Math.max(0, m.index - 8), m.index);
      if (OTHER_COUNT_BEFORE.test(before)) continue;
      if (v === null) break;
      out.push({ scope: a.scope, stated: Number(m[1]), quote: m[0], table: a.table, candidates: anchorCandidates(a, v) });
      break;
    }
  }
  return out;
}

/** `expected` is the table's figure (the first form that could be read), `actual` the narrative's. */
function compareText(ctx: ReportContext, cmp: TextComparison): CheckResult {
  // Every key the comparison could use; only a result that is not a match lists them all.
  const allKeys = (): string[] => allKeysOf(cmp.candidates);
  const quote = cmp.quote;
  if (!ctx.tablePresent[cmp.table]) {
    const l = TABLE_LABEL[cmp.table];
    return result('TEXT-TABLE', 'uncertain', cmp.scope, allKeys(), {
      zh: `正文“${quote}”无法核对：文中没有${l.zh}${ctx.truncated ? '（文档被截断）' : ''}`,
      en: `Cannot check "${quote}": ${l.en} is not in the document${ctx.truncated ? ' (truncated)' : ''}`,
    }, { actual: cmp.stated });
  }
  const undecided: Operand[] = [];
  let firstValue: number | null = null;
  for (const cand of cmp.candidates) {
    const ops = cand.keys.map((k) => ctx.cells.operand(k));
    const v = sumOf(ops);
    if (v === null) {
      undecided.push(...ops.filter((o) => o.state !== 'number'));
      continue;
    }
    firstValue ??= v;
    if (roundSum(v) === cmp.stated) {
      return result(
        'TEXT-TABLE',
        'pass',
        cmp.scope,
        cand.keys,
        { zh: `正文“${quote}”与表中${cand.label.zh}（${String(v)}）一致`, en: `"${quote}" matches the table's ${cand.label.en} (${String(v)})` },
        { expected: v, actual: cmp.stated },
      );
    }
  }
  if (undecided.length > 0) {
    const why = describeUndecided(undecided);
    return result('TEXT-TABLE', 'uncertain', cmp.scope, allKeys(), { zh: `正文“${quote}”无法核对：${why.zh}`, en: `Cannot check "${quote}": ${why.en}` }, { expected: firstValue, actual: cmp.stated });
  }
  const shown = cmp.candidates.map((c) => `${c.label.zh}${String(sumOf(c.keys.map((k) => ctx.cells.operand(k))))}`).join('，');
  const shownEn = cmp.candidates.map((c) => `${c.label.en} ${String(sumOf(c.keys.map((k) => ctx.cells.operand(k))))}`).join(', ');
  return result(
    'TEXT-TABLE',
    'fail',
    cmp.scope,
    allKeys(),
    { zh: `正文“${quote}”为${String(cmp.stated)}，表中${shown}`, en: `The narrative says ${String(cmp.stated)} ("${quote}") but the table has ${shownEn}` },
    { expected: firstValue, actual: cmp.stated },
  );
}

export const textTable: ReportRule = (ctx) => {
  const cmps: TextComparison[] = [];
  for (const f of ctx.report.textFacts) {
    const target = FACT_TARGETS[f.key];
    if (target) cmps.push({ table: target.table, candidates: target.candidates, scope: f.key, stated: f.value, quote: f.raw });
  }
  if (!ctx.tabular) return [];
  cmps.push(...narrativeComparisons(ctx));
  return cmps.map((c) => compareText(ctx, c));
};
