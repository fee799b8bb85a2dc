/**
 * Engine warm-up for the statements the background plan cannot know in advance: the Agency profile
 * (which agency?), the Audit of a region (which one?), and the dashboard narrowed to a region
 * (which one?). It runs each of their statement shapes once on a sample, so the user's first agency,
 * region audit or region filter does not pay DuckDB-WASM's first-run cost (code tier-up, first
 * blocks of the tables; bench/SCALE.md, rounds 5 and 6). The answers are of the sample, fetched like
 * any other: nothing is shown from them unless the user picks that same sample.
 *
 * Two samples: the Agency and Audit shapes run on the province with the fewest reports (their
 * statements are heavy, and any data exercises them); the Overview's statements run on the
 * province of median size, because a filtered aggregate whose rows are few leaves the engine's
 * filtered scan and aggregation code in its baseline tier: at 105k reports, the first filter by
 * another province took 410 ms (median of 7) with this warm-up and 451 ms without.
 */
import { auditSelection, createAuditCache } from '../audit/run';
import type { DbConnector } from '../db/connector';
import { agencyCellsForReportsSql, agencyChecksByRegionSql, agencyProfileSql, agencyReportRefs } from '../queries/agency';
import { viewSqls, type PrefetchParams } from '../queries/background';
import { EMPTY_FILTERS, type Filters } from '../queries/filters';
import { overviewSqls } from '../queries/overview';
import { agencyCellBlock, type CellBlock, type CellBlockPlace } from './cell-blocks';

type Query = Pick<DbConnector, 'query'>;

/** Reads an agency's cell block at its place (in the page: one range request, `readCellBlock` in ./cell-blocks.ts). */
export type CellBlockReader = (place: CellBlockPlace) => Promise<CellBlock>;

/**
 * An agency's statements as the Agency view asks them: its reports (`agencyProfileSql`) and, with
 * `readBlock` (the corpus has cell blocks), where its cell block is (then the block) at once; then
 * its findings and, for a corpus or an agency without a block, its cells, by those reports' region
 * and ids. The same builders, so the same SQL text: run through the executor ahead of time (this
 * warm-up; a pointer resting on or pressing an agency's name, `prefetchAgency`), they leave the
 * view's answers in its cache. Rejects when `signal` aborts.
 */
export async function runAgencyStatements(db: Query, agencyId: string, signal?: AbortSignal, readBlock?: CellBlockReader): Promise<void> {
  const opts = signal ? { signal } : {};
  // Asked before the profile, so it has usually settled when the profile answers.
  const block = readBlock ? agencyCellBlock(db, agencyId, readBlock, opts) : Promise.resolve(null);
  block.catch(() => undefined);
  const refs = agencyReportRefs((await db.query(agencyProfileSql(agencyId), opts)).rows);
  // Undefined when the block could not be looked up or read (a foreground query preempted it, or
  // the read failed): the view decides then; the cells statement is asked only for a corpus or
  // agency without a block, as the view asks it.
  const b = await block.then((x) => x, () => undefined);
  const cells = b === null ? agencyCellsForReportsSql(agencyId, refs) : null;
  // Together, in the view's order (cells, then findings): the view joins both, promoting the one
  // running before the engine's queue would stop it (src/db/jobs.ts).
  const next = [cells, agencyChecksByRegionSql(agencyId, refs)].filter((sql): sql is string => sql !== null);
  await Promise.all(next.map((sql) => db.query(sql, opts)));
}

/**
 * The samples: the province with the fewest reports (ties by name) and its first agency, and the
 * province of median size (the lower median, ties by name).
 */
export const WARMUP_SAMPLE_SQL = `WITH p AS (
  SELECT province, count(*) AS n FROM reports WHERE province IS NOT NULL GROUP BY province
), ranked AS (
  SELECT province, row_number() OVER (ORDER BY n, province) AS k, count(*) OVER () AS m FROM p
)
SELECT s.province,
  (SELECT min(r.agency_id) FROM reports r WHERE r.province = s.province AND r.agency_id IS NOT NULL) AS agency_id,
  (SELECT province FROM ranked WHERE k = (m + 1) // 2) AS median_province
FROM ranked s
WHERE s.k = 1`;

/** The selection and the Compare parameters of the page when the warm-up runs (`warmUpShapes`). */
export interface CompareWarmUp {
  readonly filters: Filters;
  readonly params: PrefetchParams;
}

/**
 * Runs the Overview narrowed to the median province, then the small sample's agency profile
 * (profile, cell block or cells, checks, as the Agency view asks them) and its province's audit
 * (as the Audit view runs it), then, with `compare`, Compare by agency for that selection, metric
 * and order, as the view asks it (`viewSqls`): the background plan runs Compare only by the
 * dimension it shows, and by agency its first run in a page took 186 ms at 105k reports, 106–127
 * after this warm-up (in the page; bench/SCALE.md, round 22). Returns the samples, or null when the
 * corpus has no province with an agency. Stops (rejecting) when `signal` aborts.
 */
export async function warmUpShapes(
  db: Query, signal?: AbortSignal, readBlock?: CellBlockReader, compare?: CompareWarmUp,
): Promise<{ province: string; agencyId: string; medianProvince: string | null } | null> {
  const opts = signal ? { signal } : {};
  const row = (await db.query(WARMUP_SAMPLE_SQL, opts)).rows[0];
  const province = row?.province;
  const agencyId = row?.agency_id;
  const medianProvince = typeof row?.median_province === 'string' ? row.median_province : null;
  // The two samples are independent: neither warm-up needs the other's sample.
  if (medianProvince !== null) for (const sql of overviewSqls({ ...EMPTY_FILTERS, province: medianProvince })) await db.query(sql, opts);
  if (typeof province !== 'string' || typeof agencyId !== 'string') return null;
  await runAgencyStatements(db, agencyId, signal, readBlock);
  await auditSelection(db, { ...EMPTY_FILTERS, province }, { ...opts, cache: createAuditCache() });
  if (compare) for (const sql of viewSqls('compare', compare.filters, { ...compare.params, dimension: 'agency' })) await db.query(sql, opts);
  return { province, agencyId, medianProvince };
}
