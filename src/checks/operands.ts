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
 * What an equation's messages share whatever the cells hold, built once per equation: the equations
 * of tables 三 and 四 are constant per layout, and every report evaluates the same objects.
 */
interface CompiledEquation {
  readonly keys: readonly string[];
  /** Printed side first, then the parts: the order of `keys` and of the operands an undecided message lists. */
  readonly totalCount: number;
  /** `${label}（${scope}）` and its English form. */
  readonly headZh: string;
  readonly headEn: string;
  /**
   * The "which cells stand in the way" part of an undecided message by the operands' states (one
   * base-5 digit per key): it depends on nothing else, and few state patterns occur.
   */
  readonly why: Map<number, Bilingual>;
}

const COMPILED = new WeakMap<Equation, CompiledEquation>();

function compiled(eq: Equation): CompiledEquation {
  let c = COMPILED.get(eq);
  if (c === undefined) {
    c = {
      keys: [...eq.total, ...eq.parts],
      totalCount: eq.total.length,
      headZh: `${eq.label.zh}（${eq.scope}）`,
      headEn: `${eq.label.en} (${eq.scope})`,
      why: new Map(),
    };
    COMPILED.set(eq, c);
  }
  return c;
}

/** Operand states that stop a sum, in a fixed order for indexing; a group's place in a message is its first occurrence. */
const UNDECIDED_STATES: readonly Exclude<Operand['state'], 'number'>[] = ['blank', 'na', 'text', 'absent'];
const NUMBER_STATE = -1;

/** The index in {@link UNDECIDED_STATES} of the operand state {@link CellIndex.operand} gives a cell, or NUMBER_STATE. */
function stateIndex(c: Cell | undefined): number {
  if (c === undefined) return 3;
  if (c.semantic === 'number') return c.value !== null && Number.isFinite(c.value) ? NUMBER_STATE : 2;
  return c.semantic === 'blank' ? 0 : c.semantic === 'na' ? 1 : 2;
}

/**
 * The message of an undecidable equation, computed in one pass over its keys without operand objects:
 * {@link describeUndecided} of its operands (printed side, then parts), then, when only blank cells
 * stand in the way, whether the rule would hold with blanks read as 0. The status stays uncertain:
 * spec §9.2 allows that reading only after the checks, never inside them.
 */
function undecidedMessage(c: CompiledEquation, cells: CellIndex): Bilingual {
  const keys = c.keys;
  let signature = 0;
  let blank = false;
  let onlyNumbersAndBlanks = true;
  let total = 0;
  let parts = 0;
  for (let i = 0; i < keys.length; i++) {
    const cell = cells.get(keys[i] ?? '');
    const st = stateIndex(cell);
    signature = signature * 5 + st + 1;
    // Blanks add 0 to the hint's sums, exactly as the sum over operands (0 for a blank) does.
    const v = st === NUMBER_STATE ? (cell?.value ?? 0) : 0;
    if (i < c.totalCount) total += v;
    else parts += v;
    if (st === 0) blank = true;
    else if (st !== NUMBER_STATE) onlyNumbersAndBlanks = false;
  }
  // Base-5 signatures stay exact integers up to 22 keys; longer equations are described afresh.
  const cacheable = keys.length <= MAX_SIGNATURE_KEYS;
  let why = cacheable ? c.why.get(signature) : undefined;
  if (why === undefined) {
    why = describeStates(keys, cells);
    if (cacheable) {
      if (c.why.size >= MAX_WHY_PER_EQUATION) c.why.clear();
      c.why.set(signature, why);
    }
  }
  let hintZh = '';
  let hintEn = '';
  if (blank && onlyNumbersAndBlanks) {
    const p = roundSum(parts);
    const t = roundSum(total);
    if (p === t) {
      hintZh = `（若空白按0计，则成立：${String(t)}）`;
      hintEn = ` (with blanks read as 0 it holds: ${String(t)})`;
    } else {
      hintZh = `（若空白按0计，仍不成立：各项之和${String(p)}，合计${String(t)}）`;
      hintEn = ` (even with blanks read as 0 it fails: parts ${String(p)}, total ${String(t)})`;
    }
  }
  return { zh: `无法判断 ${c.headZh}：${why.zh}${hintZh}`, en: `Cannot decide ${c.headEn}: ${why.en}${hintEn}` };
}

const MAX_SIGNATURE_KEYS = 22;
const MAX_WHY_PER_EQUATION = 256;

/** {@link describeUndecided} of the operands at `keys`, without operand objects. */
function describeStates(keys: readonly string[], cells: CellIndex): Bilingual {
  const groups: (string[] | undefined)[] = [undefined, undefined, undefined, undefined];
  const order: number[] = [];
  for (const key of keys) {
    const st = stateIndex(cells.get(key));
    if (st === NUMBER_STATE) continue;
    const g = groups[st];
    if (g === undefined) {
      groups[st] = [key];
      order.push(st);
    } else {
      g.push(key);
    }
  }
  let zh = '';
  let en = '';
  for (let k = 0; k < order.length; k++) {
    const st = order[k] ?? 0;
    const label = STATE_LABEL[UNDECIDED_STATES[st] ?? 'absent'];
    const list = groups[st] ?? [];
    zh += `${k === 0 ? '' : '；'}${label.zh}：${list.join('、')}`;
    en += `${k === 0 ? '' : '; '}${label.en}: ${list.join(', ')}`;
  }
  return { zh, en };
}

export function evaluateEquation(eq: Equation, cells: CellIndex, severity: Severity): CheckResult {
  const c = compiled(eq);
  const expected = cells.numericSum(eq.parts);
  const actual = cells.numericSum(eq.total);
  let status: CheckStatus;
  let message: Bilingual;
  if (expected === null || actual === null) {
    // Only an undecidable equation needs its operands: they say which cells stand in the way.
    status = 'uncertain';
    message = undecidedMessage(c, cells);
  } else if (expected === actual) {
    status = 'pass';
    message = { zh: `${c.headZh}成立：${String(actual)}`, en: `${c.headEn} holds: ${String(actual)}` };
  } else {
    status = 'fail';
    message = {
      zh: `${c.headZh}不成立：各项之和为${String(expected)}，表中为${String(actual)}`,
      en: `${c.headEn} fails: the parts add up to ${String(expected)}, the table prints ${String(actual)}`,
    };
  }
  // A copy per result: the compiled key list is shared by every report.
  return { ruleId: eq.ruleId, severity, status, scope: eq.scope, expected, actual, keys: c.keys.slice(), message };
}
