/** Real hand-checked report figures from the shared corpus, shaped as query result rows. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '../shared';

interface Expected {
  readonly id: string;
  readonly year: number;
  readonly template: string;
  readonly agency: string;
  readonly cells: Readonly<Record<string, number | string | null | { raw: string; yuan: number }>>;
}

export function loadExpected(id: string): Expected {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', `${id}.json`), 'utf8')) as Expected;
}

/** The value of a key as the corpus stores it in report_values: a number, or null for blank, `/`, text and absent. */
export function valueOf(e: Expected, key: string): number | null {
  const v = e.cells[key];
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object') return v.yuan;
  return null;
}

/** One row per report: id, agency, year and the chosen keys (column name = key). */
export function rowsFor(ids: readonly string[], keys: readonly string[]) {
  return ids.map((id) => {
    const e = loadExpected(id);
    const row: Record<string, string | number | null> = { report_id: e.id, agency_name: e.agency, year: e.year, template: e.template };
    for (const k of keys) row[k] = valueOf(e, k);
    return row;
  });
}

export const XSS = '<img src=x onerror=alert(1)>';
