/**
 * The live corpus (after imports) as one ZIP a colleague can load or serve: every table as Parquet
 * and CSV plus `manifest.json`, written by the same writers as `npm run corpus:build`, so the
 * folder it unpacks to loads with `loadCorpusFromManifest` (or replaces `data/` for `npm start`).
 */
import { zipSync } from 'fflate';
import { toCsv } from '../corpus/csv';
import { ensureCorpusTables } from '../corpus/load';
import { Manifest, type ManifestTable, type ManifestTables } from '../corpus/manifest';
import { toParquet } from '../corpus/parquet';
import type { CellValue, Row } from '../corpus/rows';
import { CORPUS_TABLES, SCHEMA_VERSION, type TableSpec } from '../corpus/schema';
import { sha256Hex } from '../corpus/sha256';
import type { DbConnector } from '../db/connector';
import { q } from '../db/staging/read';
import pkg from '../../package.json';

/** Who wrote the files (the manifest's `generator`). */
export interface CorpusGenerator {
  readonly name: string;
  readonly version: string;
}

const GENERATOR: CorpusGenerator = { name: pkg.name, version: pkg.version };

function cellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  // Nothing else occurs in the schema's types; a stray value is kept visible for the writer's check.
  return JSON.stringify(v);
}

async function tableRows(db: DbConnector, spec: TableSpec, isView: boolean): Promise<Row[]> {
  const cols = spec.columns.map((c) => q(c.name)).join(', ');
  // The CLI writes rows by report id, each report's rows in reading order: a table's rowid keeps that
  // order; a view (a corpus attached from a .duckdb file) has no rowid, its scan order stands in.
  const sql = isView
    ? `SELECT ${cols} FROM (SELECT ${cols}, row_number() OVER () AS __atlas_seq FROM ${q(spec.name)}) ORDER BY report_id, __atlas_seq`
    : `SELECT ${cols} FROM ${q(spec.name)} ORDER BY report_id, rowid`;
  const r = await db.query(sql);
  return r.rows.map((row) => Object.fromEntries(spec.columns.map((c) => [c.name, cellValue(row[c.name])])));
}

const entry = (path: string, bytes: Uint8Array): { path: string; bytes: number; sha256: string } => ({ path, bytes: bytes.length, sha256: sha256Hex(bytes) });

/**
 * Files of the live corpus: `<table>.parquet`, `<table>.csv` for every table and `manifest.json`
 * last (file name → bytes). Throws when a value does not fit the schema (the writers' own check).
 */
export async function corpusFiles(db: DbConnector, generator: CorpusGenerator = GENERATOR): Promise<Map<string, Uint8Array>> {
  await ensureCorpusTables(db);
  const files = new Map<string, Uint8Array>();
  const tables: Partial<Record<keyof ManifestTables, ManifestTable>> = {};
  let reports = 0;
  let synthetic = false;
  const v = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' AND table_type = 'VIEW'`);
  const views = new Set(v.rows.map((r) => String(r.table_name)));
  for (const spec of CORPUS_TABLES) {
    const rows = await tableRows(db, spec, views.has(spec.name));
    if (spec.name === 'reports') {
      reports = rows.length;
      synthetic = rows.some((r) => r.synthetic === true);
    }
    const pq = toParquet(spec, rows);
    const csv = toCsv(spec, rows);
    files.set(`${spec.name}.parquet`, pq);
    files.set(`${spec.name}.csv`, csv);
    tables[spec.name] = { rows: rows.length, columns: spec.columns.map((c) => c.name), parquet: entry(`${spec.name}.parquet`, pq), csv: entry(`${spec.name}.csv`, csv) };
  }
  // The inputs of an enlarged corpus are its reports: files that failed were never accepted.
  const manifest = Manifest.parse({
    schemaVersion: SCHEMA_VERSION,
    generator: { name: generator.name, version: generator.version },
    synthetic,
    inputs: { files: reports, reports, failed: 0 },
    tables,
    failures: [],
  });
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'));
  return files;
}

/** {@link corpusFiles} as one ZIP (files at its root; Parquet stored, CSV and JSON deflated). */
export async function corpusZip(db: DbConnector, generator: CorpusGenerator = GENERATOR): Promise<Uint8Array> {
  const files = await corpusFiles(db, generator);
  const zip: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [name, bytes] of files) zip[name] = [bytes, { level: name.endsWith('.parquet') ? 0 : 6 }];
  // A fixed time stamp keeps the archive's bytes a function of its content.
  return zipSync(zip, { mtime: new Date('2020-01-01T00:00:00Z') });
}
