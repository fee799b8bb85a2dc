/**
 * A per-agency audit score and ranking. Deliberately simple so a supervisor can recompute it by
 * hand: start at 100, subtract a fixed weight per failed rule (counted once per report and rule,
 * so a rule broken in five columns of one table costs the same as in one), floor at 0.
 * Undecided results (`uncertain`) and info cost nothing: a check that could not be made is not a
 * defect of the agency.
 */
import type { Bilingual } from '../model/report';
import type { Finding } from './findings';

/** What a deduction is for. */
export type DeductionCategory = 'error' | 'warn' | 'missing_report' | 'no_tables' | 'late' | 'copy';

/** Points per counted finding. */
export const SCORE_WEIGHTS: Readonly<Record<DeductionCategory, number>> = {
  error: 10,
  warn: 3,
  missing_report: 15,
  no_tables: 10,
  late: 10,
  copy: 5,
};

export const SCORE_START = 100;

export const CATEGORY_LABEL: Readonly<Record<DeductionCategory, Bilingual>> = {
  error: { zh: '未通过的错误级规则', en: 'failed error rules' },
  warn: { zh: '未通过的提醒级规则', en: 'failed warning rules' },
  missing_report: { zh: '缺少的年度报告', en: 'missing annual reports' },
  no_tables: { zh: '全文无统计表', en: 'full reports without tables' },
  late: { zh: '逾期发布（错误级）', en: 'late publication (error level)' },
  copy: { zh: '与上年雷同（正文或表格）', en: 'copied from last year (text or tables)' },
};

const ORDER: readonly DeductionCategory[] = ['error', 'warn', 'missing_report', 'no_tables', 'late', 'copy'];

/** The formula in words, for the screen and the printed sheet. */
export const SCORE_FORMULA: Bilingual = {
  zh:
    `得分 = ${String(SCORE_START)} − ` +
    ORDER.map((c) => `${String(SCORE_WEIGHTS[c])}×${CATEGORY_LABEL[c].zh}`).join(' − ') +
    '，最低为0。同一份报告的同一条规则只计一次；“无法判定”和提示信息不扣分。各机构所选年度数不同，得分只宜在年度范围相同的机构之间比较。',
  en:
    `Score = ${String(SCORE_START)} − ` +
    ORDER.map((c) => `${String(SCORE_WEIGHTS[c])} × ${CATEGORY_LABEL[c].en}`).join(' − ') +
    ', never below 0. A rule counts once per report; undecided results and info cost nothing. Agencies with more years in the selection have more chances to lose points: compare agencies over the same years.',
};

/** The category a finding is charged under, or null when it costs nothing. */
export function deductionCategory(f: Finding): DeductionCategory | null {
  if (f.status !== 'fail' || f.severity === 'info') return null;
  if (f.ruleId === 'COVERAGE-MISSING') return 'missing_report';
  if (f.ruleId === 'COVERAGE-NO-TABLES') return 'no_tables';
  // A township published between 31 January and 31 March is only a warning (art. 49 does not name its level).
  if (f.ruleId === 'TIMELINESS') return f.severity === 'error' ? 'late' : 'warn';
  if (f.source === 'copy') return 'copy';
  return f.severity;
}

export interface Deduction {
  readonly category: DeductionCategory;
  readonly count: number;
  readonly points: number;
}

export interface AgencyScore {
  readonly agencyId: string;
  readonly agencyName: string | null;
  readonly score: number;
  /** One entry per category with a count > 0, in formula order. */
  readonly deductions: readonly Deduction[];
}

/** The minimal agency identity the score needs (a coverage agency or a report context fits). */
export interface ScoredAgency {
  readonly agencyId: string;
  readonly agencyName: string | null;
}

/**
 * Scores for every agency in `agencies` (agencies without findings score 100); findings of
 * agencies not listed are ignored. A finding counts once per (report or year, rule, category).
 */
export function scoreAgencies(findings: readonly Finding[], agencies: readonly ScoredAgency[]): AgencyScore[] {
  const seen = new Set<string>();
  const counts = new Map<string, Map<DeductionCategory, number>>();
  for (const a of agencies) counts.set(a.agencyId, new Map());
  for (const f of findings) {
    const cat = deductionCategory(f);
    const per = counts.get(f.agencyId);
    if (cat === null || !per) continue;
    // Copy flags on two tables of one report are two findings: scope keeps them apart.
    const unit = [f.agencyId, f.reportId ?? `year:${String(f.year)}`, f.ruleId, cat, cat === 'copy' ? f.scope : ''].join('\u0000');
    if (seen.has(unit)) continue;
    seen.add(unit);
    per.set(cat, (per.get(cat) ?? 0) + 1);
  }
  const names = new Map(agencies.map((a) => [a.agencyId, a.agencyName]));
  return [...counts.entries()].map(([agencyId, per]) => {
    const deductions = ORDER.flatMap((category) => {
      const count = per.get(category) ?? 0;
      return count > 0 ? [{ category, count, points: count * SCORE_WEIGHTS[category] }] : [];
    });
    const lost = deductions.reduce((s, d) => s + d.points, 0);
    return { agencyId, agencyName: names.get(agencyId) ?? null, score: Math.max(0, SCORE_START - lost), deductions };
  });
}

export interface RankedAgency extends AgencyScore {
  /** 1-based; equal scores share a rank and the next rank skips (1, 2, 2, 4). */
  readonly rank: number;
}

// One collator for all comparisons (localeCompare with a locale builds one per call).
const ZH = new Intl.Collator('zh');

/** Highest score first; ties share the rank and are listed by name. */
export function rankAgencies(scores: readonly AgencyScore[]): RankedAgency[] {
  const sorted = [...scores].sort(
    (a, b) => b.score - a.score || ZH.compare(a.agencyName ?? a.agencyId, b.agencyName ?? b.agencyId) || a.agencyId.localeCompare(b.agencyId),
  );
  const out: RankedAgency[] = [];
  sorted.forEach((s, i) => {
    const prev = out[i - 1];
    out.push({ agencyId: s.agencyId, agencyName: s.agencyName, score: s.score, deductions: s.deductions, rank: prev !== undefined && prev.score === s.score ? prev.rank : i + 1 });
  });
  return out;
}

/** The deductions of one agency spelled out, e.g. “100 − 2×10 − 1×3 = 77”. */
export function explainScore(s: AgencyScore): string {
  const terms = s.deductions.map((d) => ` − ${String(d.count)}×${String(SCORE_WEIGHTS[d.category])}`).join('');
  const raw = SCORE_START - s.deductions.reduce((a, d) => a + d.points, 0);
  return `${String(SCORE_START)}${terms} = ${String(raw)}${raw < 0 ? ' → 0' : ''}`;
}
