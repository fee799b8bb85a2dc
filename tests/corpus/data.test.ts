import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCorpusBuild } from '../../src/cli/run-corpus-build';
import { nodeEngine } from '../../src/corpus/node';
import { parseManifest, type Manifest, type ManifestTable } from '../../src/corpus/manifest';
import { parseMetaCsv } from '../../src/corpus/meta';
import { OUTPUT_TABLES, type OutputTableName } from '../../src/corpus/schema';
import { sha256Hex } from '../../src/corpus/sha256';
import { CORPUS_DIR, REPO_ROOT, SHARED } from '../shared';

/** A table's manifest entry; audit tables are optional in the type, but every manifest written now has them. */
function entry(m: Manifest, name: OutputTableName): ManifestTable {
  const e = m.tables[name];
  if (!e) throw new Error(`the manifest has no ${name} table`);
  return e;
}

const DATA = join(REPO_ROOT, 'data');
const REBUILD_HINT = 'data/ is stale: run `npm run corpus:build` and commit data/';

function readManifest(dir: string): Manifest {
  const r = parseManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  if (!r.ok) throw new Error(r.message.en);
  return r.manifest;
}

describe('the committed default corpus (data/)', () => {
  const committed = readManifest(DATA);
  const tmp = mkdtempSync(join(tmpdir(), 'atlas-data-'));
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('matches its own manifest: every file is there with the hash it claims', () => {
    for (const t of OUTPUT_TABLES) {
      for (const f of [entry(committed, t.name).parquet, entry(committed, t.name).csv]) {
        expect(sha256Hex(readFileSync(join(DATA, f.path))), f.path).toBe(f.sha256);
      }
    }
  });

  it('covers every report of the shared manifest, as a report or a named failure', () => {
    const { index } = parseMetaCsv(readFileSync(join(CORPUS_DIR, 'manifest.csv'), 'utf8'));
    expect(committed.inputs.files).toBe(index.rows.length);
    expect(committed.inputs.reports + committed.inputs.failed).toBe(index.rows.length);
    expect(committed.synthetic).toBe(false);
  });

  it('rebuilds from ../shared to the same bytes', async () => {
    const out = join(tmp, 'data');
    const log: string[] = [];
    const code = await runCorpusBuild(['--out', out, '--shared', SHARED, '--quiet'], nodeEngine, { out: (l) => log.push(l), err: (t) => log.push(t), tty: false });
    expect(code, log.join('')).toBe(0);
    const rebuilt = readManifest(out);
    // Hashes per file first, so a failure names the tables that changed.
    const hashes = (m: Manifest): Record<string, string> =>
      Object.fromEntries(OUTPUT_TABLES.flatMap((t) => [entry(m, t.name).parquet, entry(m, t.name).csv].map((f) => [f.path, f.sha256])));
    expect(hashes(rebuilt), REBUILD_HINT).toEqual(hashes(committed));
    expect({ ...rebuilt, generator: null }, REBUILD_HINT).toEqual({ ...committed, generator: null });
    // The warm-start answers too (native DuckDB on one thread: same corpus, same bytes).
    expect(readFileSync(join(out, 'warm.json'), 'utf8'), REBUILD_HINT).toBe(readFileSync(join(DATA, 'warm.json'), 'utf8'));
  });

  it('names no absolute path of the build machine', () => {
    for (const t of OUTPUT_TABLES) {
      const csv = readFileSync(join(DATA, entry(committed, t.name).csv.path), 'utf8');
      expect(csv, t.name).not.toMatch(/\/work\/|\/home\/|\/tmp\/|[A-Z]:\\/);
    }
    expect(readFileSync(join(DATA, 'manifest.json'), 'utf8')).not.toMatch(/\/work\/|\/home\/|\/tmp\//);
  });
});
