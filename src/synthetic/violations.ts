/**
 * Deliberate rule violations: each takes a correct report's numbers and printing and breaks exactly
 * one rule, touching as few cells as it can so that no other rule notices. The generator verifies
 * the result with the real checks and only keeps a violation that fails its rule and nothing else.
 */
import type { Bilingual } from '../model/report';
import type { TemplateVersion } from '../model/template';
import type { Rng } from './random';
import type { Printed } from './report';
import { APPLICANTS, leafKeys } from './values';

/** Rules a violation can target (ids of src/checks/rules.ts). */
export const VIOLATION_RULES = ['T3-BAL', 'T3-ROW', 'T4-SUM', 'NONNEG', 'XY-CARRY', 'EMPTY-CELLS'] as const;
export type ViolationRule = (typeof VIOLATION_RULES)[number];

/** One inserted violation: the ground truth the audit at scale is measured against. */
export interface Violation {
  readonly ruleId: ViolationRule;
  /** Cells changed. */
  readonly keys: readonly string[];
  readonly description: Bilingual;
}

export interface Mutable {
  readonly version: TemplateVersion;
  readonly numbers: Map<string, number>;
  readonly printed: Printed;
  /** True when the agency has a report for the previous year (XY-CARRY needs one). */
  readonly hasPrev: boolean;
  /** Text cannot show blank cells: there an empty cell is printed `/`. */
  readonly blankAllowed: boolean;
}

const isNumber = (p: Printed, key: string): boolean => /^\d+$/.test(p.get(key) ?? '');

function bump(m: Mutable, key: string, d: number): void {
  const v = (m.numbers.get(key) ?? 0) + d;
  m.numbers.set(key, v);
  m.printed.set(key, String(v));
}

const rq = (row: string, col: string): string => `requests.${row}.${col}`;


/** 结转下年度 raised in one column (and its row total): new + carried over ≠ results + carried forward. */
function t3Bal(m: Mutable, r: Rng): Violation | null {
  for (const c of r.shuffle(APPLICANTS)) {
    const keys = [rq('carried_forward', c), rq('carried_forward', 'total')];
    const operands = [rq('new_received', c), rq('carried_over', c), rq('results.total', c), rq('new_received', 'total'), rq('carried_over', 'total'), rq('results.total', 'total')];
    if (![...keys, ...operands].every((k) => isNumber(m.printed, k))) continue;
    const d = r.int(1, 3);
    for (const k of keys) bump(m, k, d);
    return { ruleId: 'T3-BAL', keys, description: { zh: `结转下年度（${c}列及总计）多填${String(d)}件，收支不平衡`, en: `carried forward (${c} and total) raised by ${String(d)}: the balance no longer holds` } };
  }
  return null;
}

/** One applicant's count moved between two outcome rows: both rows' totals no longer add up. */
function t3Row(m: Mutable, r: Rng): Violation | null {
  const leaves = leafKeys(m.version);
  for (const c of r.shuffle(APPLICANTS)) {
    const from = leaves.filter((l) => (m.numbers.get(rq(l, c)) ?? 0) > 0 && isNumber(m.printed, rq(l, c)) && isNumber(m.printed, rq(l, 'total')));
    const src = from.length > 0 ? r.pick(from) : undefined;
    if (src === undefined) continue;
    const to = leaves.filter((l) => l !== src && isNumber(m.printed, rq(l, c)) && isNumber(m.printed, rq(l, 'total')));
    const dst = to.length > 0 ? r.pick(to) : undefined;
    if (dst === undefined) continue;
    const d = r.int(1, Math.min(3, m.numbers.get(rq(src, c)) ?? 1));
    bump(m, rq(src, c), -d);
    bump(m, rq(dst, c), d);
    const keys = [rq(src, c), rq(dst, c)];
    return { ruleId: 'T3-ROW', keys, description: { zh: `${c}列${String(d)}件由“${src}”移至“${dst}”，两行总计不符`, en: `${String(d)} in column ${c} moved from ${src} to ${dst}: both row totals are off` } };
  }
  return null;
}

/** 复议后起诉's total raised: total ≠ upheld + corrected + other + pending. */
function t4Sum(m: Mutable, r: Rng): Violation | null {
  const g = 'review_litigation.litigation_after_review';
  const keys = [`${g}.upheld`, `${g}.corrected`, `${g}.other`, `${g}.pending`, `${g}.total`];
  if (!keys.every((k) => isNumber(m.printed, k))) return null;
  const d = r.int(1, 3);
  bump(m, `${g}.total`, d);
  return { ruleId: 'T4-SUM', keys: [`${g}.total`], description: { zh: `复议后起诉总计多填${String(d)}件`, en: `litigation after review: total raised by ${String(d)}` } };
}

/** A negative count (v2019 procurement projects) or a negative fee (v2021). */
function nonneg(m: Mutable, r: Rng): Violation | null {
  if (m.version === 'v2019') {
    const key = 'active.art20_9.central_procurement.projects';
    const v = -r.int(1, 5);
    m.numbers.set(key, v);
    m.printed.set(key, String(v));
    return { ruleId: 'NONNEG', keys: [key], description: { zh: `采购项目数量填为负数${String(v)}`, en: `procurement projects printed as ${String(v)}` } };
  }
  const key = 'active.art20_8.admin_fees.amount_wan_yuan';
  const v = `-${(r.int(1, 999) / 100).toFixed(2)}`;
  m.printed.set(key, v);
  return { ruleId: 'NONNEG', keys: [key], description: { zh: `收费金额填为负数${v}万元`, en: `fees printed as ${v} (10k yuan)` } };
}

/** 上年结转 raised in one column (with 结转下年度, so the year still balances): it no longer equals last year's. */
function xyCarry(m: Mutable, r: Rng): Violation | null {
  if (!m.hasPrev) return null;
  for (const c of r.shuffle(APPLICANTS)) {
    const keys = [rq('carried_over', c), rq('carried_over', 'total'), rq('carried_forward', c), rq('carried_forward', 'total')];
    if (!keys.every((k) => isNumber(m.printed, k))) continue;
    const d = r.int(1, 3);
    for (const k of keys) bump(m, k, d);
    return { ruleId: 'XY-CARRY', keys: keys.slice(0, 2), description: { zh: `上年结转（${c}列及总计）比上年结转下年度多${String(d)}件`, en: `carried over (${c} and total) is ${String(d)} more than last year's carried forward` } };
  }
  return null;
}

/** Every zero cell of table 三 left blank (or `/`), as many township reports do: more than ten. */
function emptyCells(m: Mutable, r: Rng): Violation | null {
  const zeros = [...m.printed.entries()].filter(([k, v]) => k.startsWith('requests.') && v === '0').map(([k]) => k);
  if (zeros.length <= 10) return null;
  const mark = m.blankAllowed && r.chance(0.5) ? '' : '/';
  for (const k of zeros) m.printed.set(k, mark);
  return {
    ruleId: 'EMPTY-CELLS',
    keys: zeros,
    description: { zh: `表三${String(zeros.length)}个零值单元格填为${mark === '' ? '空白' : '“/”'}`, en: `${String(zeros.length)} zero cells of table 3 printed as ${mark === '' ? 'blank' : '"/"'}` },
  };
}

export const MUTATIONS: Readonly<Record<ViolationRule, (m: Mutable, r: Rng) => Violation | null>> = {
  'T3-BAL': t3Bal,
  'T3-ROW': t3Row,
  'T4-SUM': t4Sum,
  NONNEG: nonneg,
  'XY-CARRY': xyCarry,
  'EMPTY-CELLS': emptyCells,
};

