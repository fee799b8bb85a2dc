/** 复议诉讼 Review & litigation: the 15 counts of table 四 by year. */
import { keyToColumn, REVIEW_GROUPS, REVIEW_OUTCOMES } from '../model/template';
import { filterPredicate, type Filters } from './filters';
import { sqlIdent, sqlString, unnestPairs } from './sql';

/** The correction rates the Review view charts by year (metric ids, `trendByYearSql`). */
export const REVIEW_RATES: readonly string[] = ['review_correction_rate', 'litigation_correction_rate', 'review_litigation_correction_rate'];

/**
 * Rows: year, grp (admin_review | litigation_direct | litigation_after_review), outcome (upheld |
 * corrected | other | pending | total), grp_ord, outcome_ord, value — NULL where no selected report of
 * that year prints the cell. Correction rates are metrics (`trendByYearSql`).
 */
export function reviewOutcomesSql(f: Filters): string {
  const cells = REVIEW_GROUPS.flatMap((g, gi) => REVIEW_OUTCOMES.map((o, oi) => ({ g: g.key, o: o.key, gi, oi })));
  const sums = cells
    .map((c) => `sum(${keyToColumn(`review_litigation.${c.g}.${c.o}`)}) AS ${sqlIdent(`${c.g}.${c.o}`)}`)
    .join(',\n    ');
  const labels = cells
    .map((c) => `(${sqlString(`${c.g}.${c.o}`)}, ${sqlString(c.g)}, ${sqlString(c.o)}, ${String(c.gi)}, ${String(c.oi)})`)
    .join(',\n    ');
  return `WITH agg AS (
  SELECT
    year,
    ${sums}
  FROM v_reports
  WHERE year IS NOT NULL AND ${filterPredicate(f)}
  GROUP BY year
),
long AS (
  SELECT year, ${unnestPairs(cells.map((c) => `${c.g}.${c.o}`), 'agg', 'cell', 'value')}
  FROM agg
),
labels(cell, grp, outcome, grp_ord, outcome_ord) AS (
  VALUES
    ${labels}
)
SELECT l2.year, l.grp, l.outcome, l.grp_ord, l.outcome_ord, l2.value
FROM long l2
JOIN labels l USING (cell)
ORDER BY l2.year, l.grp_ord, l.outcome_ord`;
}
