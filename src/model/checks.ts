import type { Bilingual } from './report';

export type Severity = 'error' | 'warn' | 'info';
/** `uncertain`: an operand is blank, `/` or missing, so the rule cannot be decided (never a fail). */
export type CheckStatus = 'pass' | 'fail' | 'uncertain';

export interface CheckResult {
  /** Rule id of spec §6, e.g. `T3-BAL`, `XY-CARRY`. */
  readonly ruleId: string;
  readonly severity: Severity;
  readonly status: CheckStatus;
  /** What the rule was applied to, e.g. a column key (`total`) or a row; '' when the rule is global. */
  readonly scope: string;
  readonly expected: number | null;
  readonly actual: number | null;
  /** Canonical cell keys involved (for highlighting cells). */
  readonly keys: readonly string[];
  readonly message: Bilingual;
}
