/** The default corpus (`data/*.parquet`) loaded into native DuckDB, as the dashboard loads it. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpusFiles } from '../../src/corpus/load';
import { CORPUS_TABLES } from '../../src/corpus/schema';
import type { DbConnector } from '../../src/db/connector';
import { createNodeDb } from '../../src/db/node';
import { consecutivePairs, type Dated } from '../../src/audit/copies';
import { narrativeIdsSql } from '../../src/audit/sql';
import { EMPTY_FILTERS } from '../../src/queries/filters';
import { sqlString } from '../../src/queries/sql';
import { REPO_ROOT } from '../shared';

/** Loads data/*.parquet; retried briefly because the corpus CLI may be rewriting data/ at that moment. */
export async function defaultCorpusDb(): Promise<DbConnector> {
  const db = await createNodeDb();
  let last = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    // Tables the schema has but data/ does not carry yet (a newer schema than the built corpus) load empty.
    const files = CORPUS_TABLES.filter((t) => existsSync(join(REPO_ROOT, 'data', `${t.name}.parquet`))).map((t) => ({
      name: `${t.name}.parquet`,
      bytes: new Uint8Array(readFileSync(join(REPO_ROOT, 'data', `${t.name}.parquet`))),
    }));
    const out = await loadCorpusFiles(db, files);
    if (out.ok) return db;
    last = out.error.en;
    await new Promise((r) => setTimeout(r, 1000));
  }
  await db.close();
  throw new Error(last);
}

/**
 * Makes copied narratives where the corpus has none: the first narrative pair (`consecutivePairs`
 * over the reports with a narrative) and then the first pair of each next agency, `count` in all,
 * each later report given its earlier report's narrative, as a report copied from last year prints
 * it. The other pairs stay as published (none copied). The pairs are returned in pairing order.
 */
export async function copyNarratives(db: DbConnector, count: number): Promise<{ prevReportId: string; reportId: string }[]> {
  const ids = (await db.query(narrativeIdsSql(EMPTY_FILTERS))).rows.map((r) => ({ reportId: String(r.report_id), agencyId: String(r.agency_id), year: typeof r.year === 'number' ? r.year : null }));
  const firsts: [Dated, Dated][] = [];
  for (const p of consecutivePairs(ids)) if (!firsts.some(([, cur]) => cur.agencyId === p[1].agencyId)) firsts.push(p);
  if (firsts.length < count) throw new Error(`the corpus has fewer than ${String(count)} agencies with consecutive-year narratives`);
  const out = [];
  for (const [prev, cur] of firsts.slice(0, count)) {
    await db.exec(`UPDATE report_texts SET narrative = (SELECT narrative FROM report_texts WHERE report_id = ${sqlString(prev.reportId)}) WHERE report_id = ${sqlString(cur.reportId)}`);
    out.push({ prevReportId: prev.reportId, reportId: cur.reportId });
  }
  return out;
}
