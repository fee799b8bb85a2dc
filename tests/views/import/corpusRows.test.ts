/**
 * The Data view's per-table export, on native DuckDB over the committed corpus: every table written
 * as CSV the way the view writes it (the view's SQL, `corpusRowsOf`, the corpus CSV writer) loads
 * back through the corpus loader with every value unchanged, a printed `-3` included (the
 * spreadsheet CSV writer would have turned it into `'-3`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/corpus/csv';
import { loadCorpusFiles } from '../../../src/corpus/load';
import { CORPUS_TABLES, REPORTS } from '../../../src/corpus/schema';
import type { DbConnector } from '../../../src/db/connector';
import { createNodeDb } from '../../../src/db/node';
import { toCsv as spreadsheetCsv } from '../../../src/export/csv';
import { EMPTY_FILTERS } from '../../../src/queries/filters';
import { filteredTableSql } from '../../../src/queries/corpus';
import { corpusRowsOf } from '../../../src/views/import/corpusRows';
import { REPO_ROOT } from '../../shared';

const SLOW = 120_000;
let original: DbConnector;
let reloaded: DbConnector;

async function openDb(files: readonly { name: string; bytes: Uint8Array }[]): Promise<DbConnector> {
  const db = await createNodeDb();
  const out = await loadCorpusFiles(db, files);
  if (!out.ok) throw new Error(out.error.en);
  return db;
}

beforeAll(async () => {
  original = await openDb(CORPUS_TABLES.map((t) => ({ name: `${t.name}.parquet`, bytes: new Uint8Array(readFileSync(join(REPO_ROOT, 'data', `${t.name}.parquet`))) })));
  const csvs: { name: string; bytes: Uint8Array }[] = [];
  for (const spec of CORPUS_TABLES) {
    const res = await original.query(filteredTableSql(spec.name, EMPTY_FILTERS));
    csvs.push({ name: `${spec.name}.csv`, bytes: toCsv(spec, corpusRowsOf(spec, res.rows)) });
  }
  reloaded = await openDb(csvs);
}, SLOW);

afterAll(async () => {
  await original.close();
  await reloaded.close();
});

describe('per-table CSV export of the Data view', () => {
  it('loads back with every table identical, row for row', async () => {
    for (const spec of CORPUS_TABLES) {
      const cols = spec.columns.map((c) => `"${c.name}"`).join(', ');
      const sql = `SELECT ${cols} FROM "${spec.name}" ORDER BY ALL`;
      const [a, b] = [await original.query(sql), await reloaded.query(sql)];
      expect(b.rows.length, spec.name).toBe(a.rows.length);
      expect(b.rows, spec.name).toEqual(a.rows);
    }
  }, SLOW);

  it('keeps a printed negative change as printed, where the spreadsheet CSV would not', async () => {
    const neg = await reloaded.query(`SELECT report_id, key, raw FROM cells WHERE starts_with(raw, '-') ORDER BY ALL`);
    expect(neg.rows.length).toBeGreaterThan(0);
    for (const r of neg.rows) expect(String(r.raw)).toMatch(/^-\d/);
    const res = await original.query(`SELECT raw FROM cells WHERE starts_with(raw, '-') LIMIT 1`);
    const sheet = spreadsheetCsv([{ key: 'raw', label: 'raw' }], res.rows.map((r) => ({ raw: String(r.raw) })));
    expect(sheet).toContain(`'${String(res.rows[0]?.raw)}`);
  }, SLOW);

  it('refuses a value that does not fit its column instead of writing a wrong file', () => {
    expect(() => corpusRowsOf(REPORTS, [{ report_id: 'x', year: 2020.5 }])).toThrow(/reports\.year/);
    expect(() => corpusRowsOf(REPORTS, [{ report_id: 7 }])).toThrow(/reports\.report_id/);
    expect(corpusRowsOf(REPORTS, [{ report_id: 'x', year: 2020n }])[0]).toMatchObject({ report_id: 'x', year: 2020, agency_name: null });
  });
});
