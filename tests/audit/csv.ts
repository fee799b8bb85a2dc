/** The default corpus' CSV twins read in plain JS, for expectations computed independently of the SQL. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../db/fixture';
import { REPO_ROOT } from '../shared';

export function dataCsv(name: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(join(REPO_ROOT, 'data', name), 'utf8').replace(/^\uFEFF/, ''));
  if (!header) throw new Error(name);
  return rows.filter((r) => r.length === header.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
