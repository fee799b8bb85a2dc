/**
 * Engine warm-up for the views whose statements the background plan cannot know in advance: the
 * Agency profile (which agency?) and the Audit of a region (which one?). It runs each of their
 * statement shapes once on a small sample (the province with the fewest reports, one of its
 * agencies), so the user's first agency or region audit does not pay DuckDB-WASM's first-run cost
 * (code tier-up, first blocks of the tables; bench/SCALE.md, round 5). The answers are of the
 * sample, fetched like any other: nothing is shown from them.
 */
import { auditSelection, createAuditCache } from '../audit/run';
import type { DbConnector } from '../db/connector';
import { agencyCellsForReportsSql, agencyChecksForReportsSql, agencyProfileSql, agencyReportRefs } from '../queries/agency';
import { EMPTY_FILTERS } from '../queries/filters';

type Query = Pick<DbConnector, 'query'>;

/** The sample: the province with the fewest reports (ties by name), and its first agency. */
export const WARMUP_SAMPLE_SQL = `WITH p AS (
  SELECT province FROM reports WHERE province IS NOT NULL
  GROUP BY province ORDER BY count(*), province LIMIT 1
)
SELECT r.province, min(r.agency_id) AS agency_id
FROM reports r JOIN p USING (province)
WHERE r.agency_id IS NOT NULL
GROUP BY r.province`;

/**
 * Runs the sample's agency profile (profile, cells, checks, as the Agency view asks them) and its
 * province's audit (as the Audit view runs it). Returns the sample, or null when the corpus has no
 * province with an agency. Stops (rejecting) when `signal` aborts.
 */
export async function warmUpShapes(db: Query, signal?: AbortSignal): Promise<{ province: string; agencyId: string } | null> {
  const opts = signal ? { signal } : {};
  const row = (await db.query(WARMUP_SAMPLE_SQL, opts)).rows[0];
  const province = row?.province;
  const agencyId = row?.agency_id;
  if (typeof province !== 'string' || typeof agencyId !== 'string') return null;
  const refs = agencyReportRefs((await db.query(agencyProfileSql(agencyId), opts)).rows);
  for (const sql of [agencyCellsForReportsSql(agencyId, refs), agencyChecksForReportsSql(refs)]) {
    if (sql !== null) await db.query(sql, opts);
  }
  await auditSelection(db, { ...EMPTY_FILTERS, province }, { ...opts, cache: createAuditCache() });
  return { province, agencyId };
}
