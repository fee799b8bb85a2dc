/** The default corpus (`data/*.parquet`) loaded into native DuckDB, as the dashboard loads it. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpusFiles } from '../../src/corpus/load';
import { CORPUS_TABLES } from '../../src/corpus/schema';
import type { DbConnector } from '../../src/db/connector';
import { createNodeDb } from '../../src/db/node';
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
