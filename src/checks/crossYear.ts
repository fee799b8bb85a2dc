/**
 * Cross-year rules of spec §6.3 (heuristics of third-party practice, hence WARN). Reports are grouped
 * by agency, year Y is paired with Y−1, and each result attaches to the Y report.
 */
import type { CheckResult, CheckStatus } from '../model/checks';
import type { Bilingual, Cell, Report } from '../model/report';
import { REQUEST_COLUMNS, type DetectedTemplate, type TableId, type TemplateVersion } from '../model/template';
import { CellIndex, describeUndecided, sumOf, type Operand } from './operands';
import { ruleDef } from './rules';
import { activeVersionOf, templateFallback } from './versions';

/** One report as the cross-year rules see it: enough to pair an agency's year Y with Y−1. */
export interface CrossYearInput {
  readonly reportId: string;
  readonly agencyId: string;
  readonly year: number | null;
  readonly template: DetectedTemplate;
  readonly cells: readonly Cell[];
  /** Per-table layout as the parser detected it (`report.meta.tableTemplates`); inferred from the keys when absent. */
  readonly tableTemplates?: Partial<Record<TableId, TemplateVersion>>;
}

/** The cross-year view of a parsed report. */
export function crossYearInput(reportId: string, agencyId: string, report: Report): CrossYearInput {
  const { year, template, tableTemplates } = report.meta;
  return { reportId, agencyId, year, template, tableTemplates, cells: report.cells };
}

export type CrossYearResult = CheckResult & { readonly reportId: string };

interface Side {
  readonly input: CrossYearInput;
  readonly cells: CellIndex;
  readonly activeVersion: TemplateVersion | null;
}

function side(input: CrossYearInput): Side {
  const cells = new CellIndex(input.cells);
  const keys = cells.printed().map((c) => c.key);
  const t = input.template;
  // Printed keys decide first, then the declared layout; the corpus' `mixed` reports print table 二 in v2021.
  const fallback: TemplateVersion | null = t === 'mixed' ? 'v2021' : templateFallback(t);
  return { input, cells, activeVersion: activeVersionOf(keys, input.tableTemplates?.active ?? fallback) };
}

const isTabular = (t: DetectedTemplate): boolean => t === 'v2019' || t === 'v2021' || t === 'mixed';

/** A comparison across years: `expected` is computed from last year (and this year's flows), `actual` is this year's printed value. */
interface Comparison {
  readonly ruleId: string;
  readonly scope: string;
  readonly expectedOps: readonly (Operand & { readonly sign?: -1 })[];
  readonly actualOps: readonly Operand[];
  readonly keys: readonly string[];
  readonly label: Bilingual;
}

function signedSum(ops: readonly (Operand & { readonly sign?: -1 })[]): number | null {
  let s = 0;
  for (const o of ops) {
    if (o.state !== 'number') return null;
    s += (o.sign ?? 1) * o.value;
  }
  return Math.round(s * 1e6) / 1e6;
}

function tag(op: Operand, year: number): Operand {
  return { ...op, key: `${op.key}@${String(year)}` };
}

function evaluate(cmp: Comparison, cur: Side, prevYear: number): CrossYearResult {
  const expected = signedSum(cmp.expectedOps);
  const actual = sumOf(cmp.actualOps);
  let status: CheckStatus;
  let message: Bilingual;
  const prevLabel = String(prevYear);
  if (expected === null || actual === null) {
    status = 'uncertain';
    const why = describeUndecided([...cmp.expectedOps, ...cmp.actualOps]);
    message = { zh: `无法判断${cmp.label.zh}（${cmp.scope}）：${why.zh}`, en: `Cannot decide ${cmp.label.en} (${cmp.scope}): ${why.en}` };
  } else if (expected === actual) {
    status = 'pass';
    message = { zh: `${cmp.label.zh}（${cmp.scope}）与${prevLabel}年衔接：${String(actual)}`, en: `${cmp.label.en} (${cmp.scope}) agrees with ${prevLabel}: ${String(actual)}` };
  } else {
    status = 'fail';
    message = {
      zh: `${cmp.label.zh}（${cmp.scope}）与${prevLabel}年不衔接：按上年应为${String(expected)}，本年为${String(actual)}`,
      en: `${cmp.label.en} (${cmp.scope}) does not follow from ${prevLabel}: expected ${String(expected)}, this year ${String(actual)}`,
    };
  }
  return { reportId: cur.input.reportId, ruleId: cmp.ruleId, severity: ruleDef(cmp.ruleId).severity, status, scope: cmp.scope, expected, actual, keys: cmp.keys, message };
}

function xyCarry(cur: Side, prev: Side, prevYear: number, curYear: number): CrossYearResult[] {
  if (!isTabular(cur.input.template) || !isTabular(prev.input.template)) return [];
  return REQUEST_COLUMNS.map((c) => {
    const now = `requests.carried_over.${c.key}`;
    const before = `requests.carried_forward.${c.key}`;
    return evaluate(
      {
        ruleId: 'XY-CARRY',
        scope: c.key,
        expectedOps: [tag(prev.cells.operand(before), prevYear)],
        actualOps: [tag(cur.cells.operand(now), curYear)],
        keys: [now, before],
        label: { zh: '上年结转=上年报告的结转下年度', en: "carried over = last year's carried forward" },
      },
      cur,
      prevYear,
    );
  });
}

function xyStock(cur: Side, prev: Side, prevYear: number, curYear: number): CrossYearResult[] {
  if (cur.activeVersion !== 'v2021' || prev.activeVersion !== 'v2021') return [];
  return (['regulations', 'normative_docs'] as const).map((row) => {
    const k = (col: string): string => `active.art20_1.${row}.${col}`;
    return evaluate(
      {
        ruleId: 'XY-STOCK-2021',
        scope: row,
        expectedOps: [tag(prev.cells.operand(k('in_force')), prevYear), tag(cur.cells.operand(k('issued')), curYear), { ...tag(cur.cells.operand(k('repealed')), curYear), sign: -1 }],
        actualOps: [tag(cur.cells.operand(k('in_force')), curYear)],
        keys: [k('in_force'), k('issued'), k('repealed')],
        label: { zh: '现行有效=上年现行有效+本年制发−本年废止', en: 'in force = last year in force + issued − repealed' },
      },
      cur,
      prevYear,
    );
  });
}

/** The v2019 table-2 rows whose item count carries over from year to year (XY-ITEMS-2019). */
export const XY_ITEM_ROWS = [
  'active.art20_5.admin_licensing',
  'active.art20_5.other_external_services',
  'active.art20_6.admin_penalty',
  'active.art20_6.admin_coercion',
  'active.art20_8.admin_fees',
] as const;

function xyItems(cur: Side, prev: Side, prevYear: number, curYear: number): CrossYearResult[] {
  if (cur.activeVersion !== 'v2019' || prev.activeVersion !== 'v2019') return [];
  return XY_ITEM_ROWS.map((row) =>
    evaluate(
      {
        ruleId: 'XY-ITEMS-2019',
        scope: row.slice('active.'.length),
        expectedOps: [tag(prev.cells.operand(`${row}.prev_year_items`), prevYear), tag(prev.cells.operand(`${row}.items_change`), prevYear)],
        actualOps: [tag(cur.cells.operand(`${row}.prev_year_items`), curYear)],
        keys: [`${row}.prev_year_items`, `${row}.items_change`],
        label: { zh: '上一年项目数量=上年的项目数量+增减', en: "items last year = last year's items + change" },
      },
      cur,
      prevYear,
    ),
  );
}

/** Key totals watched for sudden jumps (spec §6.3 XY-JUMP). */
export const JUMP_KEYS: readonly string[] = [
  'requests.new_received.total',
  'requests.results.total.total',
  'review_litigation.admin_review.total',
  'review_litigation.litigation_direct.total',
  'active.art20_5.admin_licensing.decisions',
  'active.art20_6.admin_penalty.decisions',
  'active.art20_6.admin_coercion.decisions',
];
const JUMP_FACTOR = 5;

function xyJump(cur: Side, prev: Side, prevYear: number, curYear: number): CrossYearResult[] {
  const out: CrossYearResult[] = [];
  for (const key of JUMP_KEYS) {
    // Only keys both reports printed: an absent table is STRUCT-TABLES' business, not a jump.
    if (!cur.cells.has(key) || !prev.cells.has(key)) continue;
    const a = prev.cells.operand(key);
    const b = cur.cells.operand(key);
    const base = { reportId: cur.input.reportId, ruleId: 'XY-JUMP', severity: ruleDef('XY-JUMP').severity, scope: key, keys: [key] };
    if (a.state !== 'number' || b.state !== 'number') {
      const why = describeUndecided([tag(a, prevYear), tag(b, curYear)]);
      out.push({ ...base, status: 'uncertain', expected: null, actual: null, message: { zh: `无法比较${key}：${why.zh}`, en: `Cannot compare ${key}: ${why.en}` } });
      continue;
    }
    const y0 = String(prevYear);
    if (a.value === 0) {
      // A ratio to zero is undefined; 0 → 0 is no jump, 0 → n cannot be judged by a ratio.
      out.push({
        ...base,
        status: b.value === 0 ? 'pass' : 'uncertain',
        expected: a.value,
        actual: b.value,
        message:
          b.value === 0
            ? { zh: `${key}两年均为0`, en: `${key} is 0 in both years` }
            : { zh: `${key}上年为0，本年为${String(b.value)}，比值无定义`, en: `${key} was 0 in ${y0} and is ${String(b.value)} now; the ratio is undefined` },
      });
      continue;
    }
    const ratio = b.value / a.value;
    const jump = ratio > JUMP_FACTOR || ratio < 1 / JUMP_FACTOR;
    const r = ratio.toFixed(2);
    out.push({
      ...base,
      status: jump ? 'fail' : 'pass',
      expected: a.value,
      actual: b.value,
      message: jump
        ? { zh: `${key}由${y0}年的${String(a.value)}变为${String(b.value)}（${r}倍），变化异常`, en: `${key} went from ${String(a.value)} in ${y0} to ${String(b.value)} (×${r}), an unusual change` }
        : { zh: `${key}由${String(a.value)}变为${String(b.value)}（${r}倍）`, en: `${key} went from ${String(a.value)} to ${String(b.value)} (×${r})` },
    });
  }
  return out;
}

const CROSS_YEAR_RULES = [xyCarry, xyStock, xyItems, xyJump] as const;

/**
 * Pairs each agency's year Y with Y−1 and runs XY-CARRY, XY-STOCK-2021, XY-ITEMS-2019 and XY-JUMP;
 * results attach to the Y report. When an agency has two reports for one year, the first by report id
 * is the one compared (duplicates are a corpus problem, not a cross-year one).
 */
export function runCrossYearChecks(reports: readonly CrossYearInput[]): CrossYearResult[] {
  const byAgency = new Map<string, Map<number, CrossYearInput>>();
  const sorted = [...reports].sort((a, b) => a.reportId.localeCompare(b.reportId));
  for (const r of sorted) {
    if (r.year === null) continue;
    const years = byAgency.get(r.agencyId) ?? new Map<number, CrossYearInput>();
    if (!years.has(r.year)) years.set(r.year, r);
    byAgency.set(r.agencyId, years);
  }
  const out: CrossYearResult[] = [];
  for (const years of byAgency.values()) {
    for (const [y, r] of [...years.entries()].sort((a, b) => a[0] - b[0])) {
      const p = years.get(y - 1);
      if (!p) continue;
      const cur = side(r);
      const prev = side(p);
      for (const rule of CROSS_YEAR_RULES) out.push(...rule(cur, prev, y - 1, y));
    }
  }
  return out;
}
