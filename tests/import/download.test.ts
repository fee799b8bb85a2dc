/** The enlarged corpus as a ZIP: the CLI's files for the same tables, and it loads back as it was. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpusFromManifest } from '../../src/corpus/load';
import { createNodeDb } from '../../src/db/node';
import type { DbConnector } from '../../src/db/connector';
import { acceptImports } from '../../src/import/accept';
import { corpusFiles, corpusZip } from '../../src/import/download';
import { DATA_DIR, dump, loadDefault, parsed, serveAsViews } from './helpers';

let db: DbConnector;
let other: DbConnector;
beforeEach(async () => {
  db = await createNodeDb();
  other = await createNodeDb();
  await loadDefault(db);
});
afterEach(async () => {
  await db.close();
  await other.close();
});

describe('corpusFiles / corpusZip', { timeout: 180_000 }, () => {
  it.each([['tables'], ['views (attached corpus)']])('writes the default corpus byte for byte as `npm run corpus:build` did (data/), served as %s', async (how) => {
    if (how !== 'tables') await serveAsViews(db);
    const files = await corpusFiles(db);
    const manifest = JSON.parse(readFileSync(join(DATA_DIR, 'manifest.json'), 'utf8')) as { tables: Record<string, { parquet: { path: string }; csv: { path: string } }> };
    const names = Object.values(manifest.tables).flatMap((t) => [t.parquet.path, t.csv.path]);
    expect([...files.keys()].sort()).toEqual([...names, 'manifest.json'].sort());
    for (const name of names) {
      expect(Buffer.from(files.get(name) ?? new Uint8Array()).equals(readFileSync(join(DATA_DIR, name))), name).toBe(true);
    }
    // data/'s manifest also announces its warm-start file (written after the tables); a download
    // carries none: after an import its answers would belong to another corpus.
    const { warm, ...built } = JSON.parse(readFileSync(join(DATA_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(warm).toBeDefined();
    expect(new TextDecoder().decode(files.get('manifest.json'))).toBe(JSON.stringify(built, null, 2) + '\n');
  });

  it('after an import, the ZIP loads through loadCorpusFromManifest into exactly the live tables', async () => {
    const out = await acceptImports(db, [await parsed('092', { reportId: 'import:092' }), await parsed('205', { reportId: 'import:205' })]);
    expect(out.ok).toBe(true);
    const zip = unzipSync(await corpusZip(db));
    const loaded = await loadCorpusFromManifest(
      other,
      (p) => {
        const b = zip[p];
        return b ? Promise.resolve(b) : Promise.reject(new Error(`${p} is not in the ZIP`));
      },
      'zip',
    );
    if (!loaded.ok) throw new Error(loaded.error.en);
    expect(loaded.summary.reports).toBe(146);
    expect(await dump(other)).toEqual(await dump(db));
    const m = JSON.parse(new TextDecoder().decode(zip['manifest.json'])) as { inputs: { reports: number }; tables: { reports: { rows: number } } };
    expect(m.inputs.reports).toBe(146);
    expect(m.tables.reports.rows).toBe(146);
  });
});
