/**
 * Writes a corpus folder's warm-start file (`warm.json`, see ./warm.ts) with native DuckDB: the
 * corpus is loaded as the app loads it (the prebuilt database when the manifest names one, else
 * the Parquet files), on one thread so the bytes do not depend on the machine.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeDb } from '../db/node';
import { corpusDatabaseEntry, loadCorpusFromDatabase, loadCorpusFromManifest, summarise, type LoadOutcome } from './load';
import { WARM_FILE, WARM_VERSION, corpusFingerprint, warmSqls, type WarmEntry, type WarmStart } from './warm';

/**
 * Writes `<dir>/warm.json`, announces it in the manifest's `warm` entry and returns that entry;
 * throws (zh/en) when the folder is not a loadable corpus.
 */
export async function writeWarmStart(dir: string): Promise<WarmEntry> {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath}: 不是语料目录（没有 manifest.json） / not a corpus folder (no manifest.json)`);
  const manifest: unknown = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const corpus = corpusFingerprint(manifest);
  if (corpus === null) throw new Error(`${manifestPath}: 清单未列出任何表 / the manifest lists no tables`);
  const db = await createNodeDb();
  try {
    await db.exec('SET threads = 1');
    const database = corpusDatabaseEntry(manifest);
    let out: LoadOutcome;
    if (database !== null && existsSync(join(dir, database.path))) {
      out = await loadCorpusFromDatabase(db, manifest, (p) => Promise.resolve(join(dir, p)), 'warm');
    } else {
      // As the app loads a corpus without a database: the manifest's Parquet files, hashes checked.
      out = await loadCorpusFromManifest(db, (p) => Promise.resolve(new Uint8Array(readFileSync(join(dir, p)))), 'warm');
    }
    if (!out.ok) throw new Error(`${out.error.zh} / ${out.error.en}`);
    const { reports, agencies, years, synthetic } = await summarise(db, '', []);
    const answers = [];
    for (const sql of warmSqls()) {
      const r = await db.query(sql);
      answers.push({ sql, columns: r.columns, rows: r.rows });
    }
    const warm: WarmStart = { version: WARM_VERSION, corpus, summary: { reports, agencies, years, synthetic }, answers };
    const bytes = Buffer.from(JSON.stringify(warm) + '\n');
    writeFileSync(join(dir, WARM_FILE), bytes);
    const entry: WarmEntry = { path: WARM_FILE, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    writeFileSync(manifestPath, JSON.stringify({ ...(manifest as Record<string, unknown>), warm: entry }, null, 2) + '\n');
    return entry;
  } finally {
    await db.close();
  }
}
