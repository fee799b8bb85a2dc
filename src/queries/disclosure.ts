/** 主动公开 Proactive disclosure (table 二) by year, with the template mix that explains gaps. */
import { filterPredicate, type Filters } from './filters';
import { metric } from './metrics';
import { sqlIdent } from './sql';

/** The metrics of the proactive-disclosure view, in display order. */
export const DISCLOSURE_METRICS: readonly string[] = [
  'regulations_issued', 'normative_docs_issued', 'normative_docs_in_force',
  'licensing_decisions', 'penalty_decisions', 'coercion_decisions', 'fee_total', 'procurement_total',
];

/**
 * Rows: year, reports, n_v2019, n_v2021 (reports whose table 二 follows each version; `mixed` reports
 * print table 二 in the v2021 layout), then one column per `DISCLOSURE_METRICS` id. A metric is NULL
 * in a year where no selected report's template has it: the view explains that gap from the metric's
 * `templates`, it never draws a zero.
 */
export function disclosureSql(f: Filters): string {
  const cols = DISCLOSURE_METRICS.map((id) => `,\n  ${metric(id).sql} AS ${sqlIdent(id)}`).join('');
  return `SELECT
  year,
  count(*) AS reports,
  count(*) FILTER (WHERE template = 'v2019') AS n_v2019,
  count(*) FILTER (WHERE template IN ('v2021', 'mixed')) AS n_v2021${cols}
FROM v_reports
WHERE year IS NOT NULL AND ${filterPredicate(f)}
GROUP BY year
ORDER BY year`;
}
