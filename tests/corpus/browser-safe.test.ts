import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../shared';

/** Modules the dashboard may bundle: the writers, the pipeline and the manifest. */
const BROWSER_SAFE = ['engine', 'build', 'csv', 'parquet', 'rows', 'manifest', 'sha256', 'expected-json', 'agency', 'meta', 'schema-doc', 'schema'];

/** Every module reachable through relative imports, with the bare imports each one makes. */
function importGraph(entry: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(entry)) return seen;
  const src = readFileSync(entry, 'utf8');
  const specs = [...src.matchAll(/^\s*import\s+(?:type\s)?[^'"]*?from\s+'([^']+)'/gm)].filter((m) => !/^\s*import\s+type\s/.test(m[0])).map((m) => m[1]!);
  seen.set(entry, specs.filter((s) => !s.startsWith('.')));
  for (const s of specs.filter((x) => x.startsWith('.'))) {
    const base = resolve(dirname(entry), s);
    importGraph(existsSync(`${base}.ts`) ? `${base}.ts` : join(base, 'index.ts'), seen);
  }
  return seen;
}

describe('corpus modules the browser bundles', () => {
  it('reach no Node built-in, no fs and no native DuckDB, directly or through their imports', () => {
    for (const name of BROWSER_SAFE) {
      for (const [file, bare] of importGraph(join(REPO_ROOT, 'src', 'corpus', `${name}.ts`))) {
        const bad = bare.filter((b) => b.startsWith('node:') || b === 'fs' || b === 'path' || b === '@duckdb/node-api');
        expect(bad, relative(REPO_ROOT, file)).toEqual([]);
      }
    }
  });

  it('the scan does see Node imports where they are (node.ts)', () => {
    const graph = importGraph(join(REPO_ROOT, 'src', 'corpus', 'node.ts'));
    expect(graph.get(join(REPO_ROOT, 'src', 'corpus', 'node.ts'))).toContain('node:fs');
  });
});
