/**
 * Consistency checks of spec §6: a rule catalogue (data the UI shows) and the evaluators that walk it.
 */
export { RULES, ruleDef } from './rules';
export type { RuleDef, RuleScope } from './rules';
export { runReportChecks } from './report';
export { crossYearInput, runCrossYearChecks } from './crossYear';
export type { CrossYearInput, CrossYearResult } from './crossYear';
export { checkTimeliness } from './timeliness';
export type { TimelinessInput } from './timeliness';
