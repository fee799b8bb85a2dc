/**
 * The synthetic corpus on disk: the files the corpus writer would write for the same reports, a
 * manifest the loader accepts, byte-identical for one seed, Parquet ordered by report id, and a
 * violations.csv that lists exactly the failing checks.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { toCsv, parseCsvObjects } from '../../src/corpus/csv';
import { loadCorpusFromManifest } from '../../src/corpus/load';
import { parseManifest } from '../../src/corpus/manifest';
import { appendRows, emptyTableRows, reportToRows } from '../../src/corpus/rows';
import { CORPUS_TABLES } from '../../src/corpus/schema';
import { createNodeDb } from '../../src/db/node';
import { generateCorpus } from '../../src/synthetic/generate';
import { removeCorpus, renderedTextHash, VIOLATION_COLUMNS, writeSyntheticCorpus, type WriteOptions } from '../../src/synthetic/write';

const root = mkdtempSync(join(tmpdir(), 'atlas-synthetic-'));
afterAll(() => {
  removeCorpus(root);
});

const base: Omit<WriteOptions, 'out'> = {
  agencies: 40,
  years: [2020, 2021, 2022],
  seed: 'write',
  violationRate: 0.2,
  generator: { name: 'test', version: '0.0.0' },
  chunk: 7,
  rowGroupSize: 2000,
};

const read = (dir: string, f: string): Buffer => readFileSync(join(dir, f));
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

describe('writeSyntheticCorpus', () => {
  const a = join(root, 'a');
  const b = join(root, 'b');
  const written = (async () => {
    const s = await writeSyntheticCorpus({ ...base, out: a });
    // In parallel: the same bytes as one process.
    await writeSyntheticCorpus({ ...base, out: b, jobs: 3 });
    return s;
  })();

  it('writes the same CSV bytes as the corpus writer for the same reports', async () => {
    await written;
    const tables = emptyTableRows();
    for (const s of generateCorpus({ ...base, contentHash: renderedTextHash })) appendRows(tables, reportToRows(s));
    for (const t of CORPUS_TABLES) expect(read(a, `${t.name}.csv`).equals(Buffer.from(toCsv(t, tables[t.name])))).toBe(true);
    expect(tables.reports).toHaveLength(120);
    // The first test waits for both writes, three child processes included.
  }, 180_000);

  it('is byte-identical for the same arguments, whether written by one process or three', async () => {
    const s = await written;
    for (const t of CORPUS_TABLES) {
      expect(read(a, `${t.name}.parquet`).equals(read(b, `${t.name}.parquet`))).toBe(true);
      expect(read(a, `${t.name}.csv`).equals(read(b, `${t.name}.csv`))).toBe(true);
    }
    expect(read(a, 'manifest.json').equals(read(b, 'manifest.json'))).toBe(true);
    expect(read(a, 'violations.csv').equals(read(b, 'violations.csv'))).toBe(true);
    expect(s.reports).toBe(120);
  });

  it('writes a synthetic manifest that the loader accepts, with every report labelled', async () => {
    const s = await written;
    const m = parseManifest(JSON.parse(read(a, 'manifest.json').toString('utf8')));
    expect(m.ok).toBe(true);
    expect(s.manifest.synthetic).toBe(true);
    expect(s.manifest.tables.reports.rows).toBe(120);
    const db = await createNodeDb();
    try {
      const r = await loadCorpusFromManifest(db, (p) => Promise.resolve(new Uint8Array(read(a, p))), 'synthetic');
      expect(r.ok && r.summary.synthetic).toBe(true);
      expect(r.ok && r.summary.reports).toBe(120);
      const q = await db.query(`SELECT count(*) FILTER (WHERE synthetic) AS syn, count(*) FILTER (WHERE source_url IS NULL) AS nourl, count(*) AS n FROM reports`);
      expect(q.rows[0]).toEqual({ syn: 120, nourl: 120, n: 120 });
      // cells and the wide table agree on every printed number.
      const wide = await db.query(`UNPIVOT report_values ON COLUMNS(* EXCLUDE (report_id)) INTO NAME col VALUE v`);
      const byCell = new Map(wide.rows.map((r) => [`${String(r.report_id)}|${String(r.col)}`, r.v]));
      const cells = await db.query(`SELECT report_id, replace(key, '.', '__') AS col, value FROM cells WHERE semantic = 'number' AND NOT derived`);
      expect(cells.rows.length).toBeGreaterThan(20_000);
      for (const c of cells.rows) expect(byCell.get(`${String(c.report_id)}|${String(c.col)}`)).toBe(c.value);
      // violations.csv: exactly the failing checks.
      const failing = await db.query(`SELECT DISTINCT report_id || ' ' || rule_id AS k FROM checks WHERE status = 'fail' ORDER BY k`);
      const listed = parseCsvObjects(read(a, 'violations.csv').toString('utf8'));
      expect(Object.keys(listed[0] ?? {})).toEqual([...VIOLATION_COLUMNS]);
      expect(listed.map((v) => `${v.report_id ?? ''} ${v.rule_id ?? ''}`).sort()).toEqual(failing.rows.map((r) => String(r.k)));
      expect(listed.length).toBe(s.violations);
      expect(s.unplanned).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('orders the Parquet row groups by report id, so their statistics prune filtered reads', async () => {
    await written;
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const path = join(a, 'cells.parquet').replace(/'/g, "''");
      const r = await conn.runAndReadAll(`SELECT row_group_id, stats_min, stats_max FROM parquet_metadata('${path}') WHERE path_in_schema = 'report_id' ORDER BY row_group_id`);
      const groups = r.getRowObjectsJS().map((x) => [text(x.stats_min), text(x.stats_max)] as const);
      expect(groups.length).toBeGreaterThan(5);
      for (let i = 1; i < groups.length; i++) expect((groups[i - 1]?.[1] ?? '') <= (groups[i]?.[0] ?? '')).toBe(true);
      const codec = await conn.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${path}')`);
      expect(codec.getRowObjectsJS().map((x) => text(x.compression))).toEqual(['ZSTD']);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  it('can gzip the CSV files: the same bytes once decompressed, the same Parquet', async () => {
    await written;
    const g = join(root, 'gz');
    const s = await writeSyntheticCorpus({ ...base, out: g, csv: 'gzip' });
    for (const t of CORPUS_TABLES) {
      expect(s.manifest.tables[t.name]?.csv.path).toBe(`${t.name}.csv.gz`);
      expect(gunzipSync(read(g, `${t.name}.csv.gz`)).equals(read(a, `${t.name}.csv`))).toBe(true);
      expect(read(g, `${t.name}.parquet`).equals(read(a, `${t.name}.parquet`))).toBe(true);
    }
  });
});
