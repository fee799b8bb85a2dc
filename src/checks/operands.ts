/**
 * Reading operands out of a report's cells, and the one evaluator every additive rule goes through.
 * Blank, `/`, text and absent cells make a rule `uncertain`, never `fail` (spec §6.2, §9.2).
 */
import type { CheckResult, CheckStatus, Severity } from '../model/checks';
import type { Bilingual, Cell } from '../model/report';

export type Operand =
  | { readonly key: string; readonly state: 'number'; readonly value: number }
  | { readonly key: string; readonly state: 'blank' | 'na' | 'text' | 'absent' };

/** Cells by key; a printed cell wins over a derived one with the same key. */
export class CellIndex {
  private readonly byKey = new Map<string, Cell>();

  constructor(cells: readonly Cell[]) {
    for (const c of cells) {
      const seen = this.byKey.get(c.key);
      if (!seen || (seen.derived === true && c.derived !== true)) this.byKey.set(c.key, c);
    }
  }

  get(key: string): Cell | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  private printedCache: readonly Cell[] | null = null;

  /** Printed cells only (derived values are never operands where printed ones exist). */
  printed(): readonly Cell[] {
    // Several rules walk the printed cells of one report: build the list once.
    this.printedCache ??= [...this.byKey.values()].filter((c) => c.derived !== true);
    return this.printedCache;
  }

  /**
   * The sum of the cells at `keys` as {@link sumOf} gives it for their operands, or null when any is
   * not a number; no operand objects are made (most equations of a full report are all numbers).
   */
  numericSum(keys: readonly string[]): number | null {
    let s = 0;
    for (const k of keys) {
      const c = this.byKey.get(k);
      if (c?.semantic !== 'number' || c.value === null || !Number.isFinite(c.value)) return null;
      s += c.value;
    }
    return roundSum(s);
  }

  operand(key: string): Operand {
    const c = this.byKey.get(key);
    if (!c) return { key, state: 'absent' };
    if (c.semantic === 'number' && c.value !== null && Number.isFinite(c.value)) return { key, state: 'number', value: c.value };
    return { key, state: c.semantic === 'number' ? 'text' : c.semantic };
  }
}

/** Sum of numeric operands, or null when any is not a number. */
export function sumOf(ops: readonly Operand[]): number | null {
  let s = 0;
  for (const o of ops) {
    if (o.state !== 'number') return null;
    s += o.value;
  }
  return roundSum(s);
}

/** Keeps float noise out of comparisons of decimal money values. */
export function roundSum(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const STATE_LABEL: Record<Exclude<Operand['state'], 'number'>, Bilingual> = {
  blank: { zh: '空白', en: 'blank' },
  na: { zh: '“/”或不适用', en: '"/" or not applicable' },
  text: { zh: '文字', en: 'text' },
  absent: { zh: '文中没有', en: 'not in the document' },
};

/** "空白：a、b；文中没有：c" — which cells made a rule undecidable, grouped by why. */
export function describeUndecided(ops: readonly Operand[]): Bilingual {
  const groups = new Map<Exclude<Operand['state'], 'number'>, string[]>();
  for (const o of ops) {
    if (o.state === 'number') continue;
    const list = groups.get(o.state) ?? [];
    list.push(o.key);
    groups.set(o.state, list);
  }
  const zh: string[] = [];
  const en: string[] = [];
  for (const [state, keys] of groups) {
    const label = STATE_LABEL[state];
    zh.push(`${label.zh}：${keys.join('、')}`);
    en.push(`${label.en}: ${keys.join(', ')}`);
  }
  return { zh: zh.join('；'), en: en.join('; ') };
}

/**
 * An additive rule as data: the printed `total` must equal the sum of `parts`.
 * `expected` is the sum of the parts, `actual` the printed total.
 */
export interface Equation {
  readonly ruleId: string;
  readonly scope: string;
  /** Keys whose sum is the printed side (usually one total cell; two for T3-BAL's outflow). */
  readonly total: readonly string[];
  readonly parts: readonly string[];
  /** What the equation says, for messages, e.g. "本年新收+上年结转 = 办理结果总计+结转下年度". */
  readonly label: Bilingual;
}

/**
 * When only blank cells stand in the way, says whether the rule would hold with blanks read as 0.
 * The status stays uncertain: spec §9.2 allows that reading only after the checks, never inside them.
 */
function blankAsZeroHint(totalOps: readonly Operand[], partOps: readonly Operand[]): Bilingual {
  const all = [...totalOps, ...partOps];
  if (!all.some((o) => o.state === 'blank') || !all.every((o) => o.state === 'number' || o.state === 'blank')) return { zh: '', en: '' };
  const zeroed = (ops: readonly Operand[]): number => roundSum(ops.reduce((s, o) => s + (o.state === 'number' ? o.value : 0), 0));
  const parts = zeroed(partOps);
  const total = zeroed(totalOps);
  return parts === total
    ? { zh: `（若空白按0计，则成立：${String(total)}）`, en: ` (with blanks read as 0 it holds: ${String(total)})` }
    : { zh: `（若空白按0计，仍不成立：各项之和${String(parts)}，合计${String(total)}）`, en: ` (even with blanks read as 0 it fails: parts ${String(parts)}, total ${String(total)})` };
}

export function evaluateEquation(eq: Equation, cells: CellIndex, severity: Severity): CheckResult {
  const expected = cells.numericSum(eq.parts);
  const actual = cells.numericSum(eq.total);
  const keys = [...eq.total, ...eq.parts];
  let status: CheckStatus;
  let message: Bilingual;
  if (expected === null || actual === null) {
    // Only an undecidable equation needs its operands: they say which cells stand in the way.
    const totalOps = eq.total.map((k) => cells.operand(k));
    const partOps = eq.parts.map((k) => cells.operand(k));
    status = 'uncertain';
    const why = describeUndecided([...totalOps, ...partOps]);
    const hint = blankAsZeroHint(totalOps, partOps);
    message = {
      zh: `无法判断 ${eq.label.zh}（${eq.scope}）：${why.zh}${hint.zh}`,
      en: `Cannot decide ${eq.label.en} (${eq.scope}): ${why.en}${hint.en}`,
    };
  } else if (expected === actual) {
    status = 'pass';
    message = { zh: `${eq.label.zh}（${eq.scope}）成立：${String(actual)}`, en: `${eq.label.en} (${eq.scope}) holds: ${String(actual)}` };
  } else {
    status = 'fail';
    message = {
      zh: `${eq.label.zh}（${eq.scope}）不成立：各项之和为${String(expected)}，表中为${String(actual)}`,
      en: `${eq.label.en} (${eq.scope}) fails: the parts add up to ${String(expected)}, the table prints ${String(actual)}`,
    };
  }
  return { ruleId: eq.ruleId, severity, status, scope: eq.scope, expected, actual, keys, message };
}
