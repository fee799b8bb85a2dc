/**
 * A small real corpus for the engine tests, built from the hand-checked figures in
 * `../shared/corpus/expected/*.json` and the shared manifest: every table of the schema, written
 * as CSV or Parquet bytes exactly as a user would drop them. Expected query results are computed
 * from the same JSON in plain JS, independently of the SQL under test.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll } from 'vitest';
import { loadCorpusFiles } from '../../src/corpus/load';
import { CORPUS_TABLES, type CorpusTableName, type TableSpec } from '../../src/corpus/schema';
import type { DbConnector } from '../../src/db/connector';
import { createNodeDb } from '../../src/db/node';
import { keyToColumn } from '../../src/model/template';
import { CORPUS_DIR } from '../shared';

export type ExpectedValue = number | null | string | { raw: string; yuan: number };

export interface ExpectedReport {
  id: string;
  template: string;
  year: number;
  agency: string;
  cells: Record<string, ExpectedValue>;
  text_facts?: Record<string, number>;
}

export interface ManifestRow {
  id: string;
  agency: string;
  province: string;
  city: string;
  district: string;
  agency_type: string;
  year: string;
  template: string;
  completeness: string;
  source: string;
  format: string;
  file: string;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function readManifest(): ManifestRow[] {
  const [header, ...rows] = parseCsv(readFileSync(join(CORPUS_DIR, 'manifest.csv'), 'utf8'));
  if (!header) throw new Error('empty manifest');
  return rows
    .filter((r) => r.length === header.length)
    .map((r) => {
      const get = (k: string): string => r[header.indexOf(k)] ?? '';
      return {
        id: get('id'), agency: get('agency'), province: get('province'), city: get('city'), district: get('district'),
        agency_type: get('agency_type'), year: get('year'), template: get('template'), completeness: get('completeness'),
        source: get('source'), format: get('format'), file: get('file'),
      };
    });
}

export function readExpected(): ExpectedReport[] {
  const dir = join(CORPUS_DIR, 'expected');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ExpectedReport);
}

/** The number a cell holds for report_values: numbers as printed, money in its own column, else null. */
export function num(v: ExpectedValue | undefined): number | null {
  return typeof v === 'number' ? v : null;
}

export type Row = Record<string, string | number | boolean | null>;

export interface FixtureCorpus {
  expected: ExpectedReport[];
  manifest: Map<string, ManifestRow>;
  agencyId: (id: string) => string;
  rows: Record<CorpusTableName, Row[]>;
}

const REVIEW_GROUPS = ['admin_review', 'litigation_direct', 'litigation_after_review'];

/** Builds every table from the expected figures. Checks are a simple balance rule evaluated here. */
export function buildFixture(): FixtureCorpus {
  const manifest = new Map(readManifest().map((m) => [m.id, m]));
  const expected = readExpected();
  const agencyId = (id: string): string => {
    const m = manifest.get(id);
    if (!m) throw new Error(`no manifest row for ${id}`);
    return [m.province, m.city, m.district, m.agency].join('|');
  };
  const rows: Record<CorpusTableName, Row[]> = { reports: [], cells: [], report_values: [], checks: [], text_facts: [], report_texts: [], diagnostics: [] };
  const rvCols = CORPUS_TABLES.find((t) => t.name === 'report_values')?.columns.map((c) => c.name) ?? [];

  for (const e of expected) {
    const m = manifest.get(e.id);
    if (!m) throw new Error(`no manifest row for ${e.id}`);
    const rv: Row = Object.fromEntries(rvCols.map((c) => [c, null]));
    rv.report_id = e.id;
    for (const [key, v] of Object.entries(e.cells)) {
      const semantic = v === null ? 'blank' : v === 'na' ? 'na' : typeof v === 'string' ? 'text' : 'number';
      const money = typeof v === 'object' && v !== null;
      const value = money ? Number.parseFloat(v.raw) : num(v);
      rows.cells.push({
        report_id: e.id, key, table_id: key.startsWith('active.') ? 'active' : key.startsWith('requests.') ? 'requests' : 'review',
        value, semantic: money ? 'number' : semantic, raw: money ? v.raw : v === null ? '' : String(v),
        unit: money ? (v.raw.includes('亿') ? '亿元' : v.raw.includes('万') ? '万元' : '元') : null,
        value_yuan: money ? v.yuan : null, derived: false, prov_line: null, prov_page: null, prov_path: null,
      });
      if (keyToColumn(key) in rv) rv[keyToColumn(key)] = value;
      if (money && key === 'active.art20_9.central_procurement.total_amount') rv[keyToColumn(`${key}_yuan`)] = v.yuan;
    }
    const fee = num(e.cells['active.art20_8.admin_fees.amount_wan_yuan']);
    if (fee !== null) rv[keyToColumn('active.art20_8.admin_fees.amount_yuan')] = fee * 10000;
    if (!('requests.results.other.total.total' in e.cells)) {
      const parts = ['no_correction', 'fee_unpaid', 'other'].map((p) => num(e.cells[`requests.results.other.${p}.total`]));
      if (parts.some((p) => p !== null)) rv[keyToColumn('requests.results.other.total.total')] = parts.reduce<number>((a, b) => a + (b ?? 0), 0);
    }
    rows.report_values.push(rv);

    let failed = 0;
    for (const g of REVIEW_GROUPS) {
      const k = (o: string): string => `review_litigation.${g}.${o}`;
      const total = num(e.cells[k('total')]);
      if (total === null) continue;
      const sum = ['upheld', 'corrected', 'other', 'pending'].reduce((a, o) => a + (num(e.cells[k(o)]) ?? 0), 0);
      const status = sum === total ? 'pass' : 'fail';
      if (status === 'fail') failed++;
      rows.checks.push({
        report_id: e.id, agency_id: agencyId(e.id), year: e.year, rule_id: 'fixture.review_sum', severity: 'error', status, scope: g,
        expected: sum, actual: total, keys: ['upheld', 'corrected', 'other', 'pending', 'total'].map(k).join(' '),
        message_zh: `${g} 总计应为 ${String(sum)}`, message_en: `${g} total should be ${String(sum)}`,
      });
    }
    for (const [fact, value] of Object.entries(e.text_facts ?? {})) {
      rows.text_facts.push({ report_id: e.id, fact, value, raw: `${fact} ${String(value)}`, prov_line: null });
    }
    rows.reports.push({
      report_id: e.id, agency_id: agencyId(e.id), agency_name: e.agency, province: m.province || null, city: m.city || null,
      district: m.district || null, region_code: null, agency_type: m.agency_type, year: e.year, template: e.template,
      template_mismatch: false, title: null, source_format: m.format, source_url: m.source || null, source_file: m.file,
      completeness: m.completeness || null, stat_period_start: null, stat_period_end: null, signed_date: null, published_date: null,
      n_cells: Object.keys(e.cells).length, n_checks_failed: failed, synthetic: false, content_sha256: '0'.repeat(64),
    });
  }
  return { expected, manifest, agencyId, rows };
}

function csvField(v: Row[string]): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The table as CSV bytes (header = schema columns), with a UTF-8 BOM as the exports write it. */
export function toCsv(spec: TableSpec, rows: readonly Row[], bom = true): Uint8Array {
  const cols = spec.columns.map((c) => c.name);
  const lines = [cols.join(','), ...rows.map((r) => cols.map((c) => csvField(r[c] ?? null)).join(','))];
  return new TextEncoder().encode(`${bom ? '\uFEFF' : ''}${lines.join('\n')}\n`);
}

/** The table as Parquet bytes with the schema's types. */
export function toParquet(spec: TableSpec, rows: readonly Row[]): Uint8Array {
  const ab = parquetWriteBuffer({
    columnData: spec.columns.map((c) => ({
      name: c.name,
      data: rows.map((r) => r[c.name] ?? null),
      type: c.type === 'VARCHAR' ? ('STRING' as const) : c.type === 'INTEGER' ? ('INT32' as const) : c.type === 'BOOLEAN' ? ('BOOLEAN' as const) : ('DOUBLE' as const),
      nullable: true,
    })),
  });
  return new Uint8Array(ab);
}

export function spec(name: CorpusTableName): TableSpec {
  const t = CORPUS_TABLES.find((x) => x.name === name);
  if (!t) throw new Error(name);
  return t;
}

/** All tables as files: `format` per table (default Parquet for the big ones, CSV for the rest). */
export function fixtureFiles(f: FixtureCorpus, format: 'csv' | 'parquet' | 'mixed' = 'mixed'): { name: string; bytes: Uint8Array }[] {
  return CORPUS_TABLES.map((t) => {
    const fmt = format === 'mixed' ? (t.name === 'report_values' || t.name === 'cells' ? 'parquet' : 'csv') : format;
    return { name: `${t.name}.${fmt}`, bytes: fmt === 'csv' ? toCsv(t, f.rows[t.name]) : toParquet(t, f.rows[t.name]) };
  });
}

/** A native DuckDB with the fixture corpus loaded (Parquet and CSV mixed); close it when done. */
export async function fixtureDb(f: FixtureCorpus): Promise<DbConnector> {
  const db = await createNodeDb();
  const out = await loadCorpusFiles(db, fixtureFiles(f));
  if (!out.ok) {
    await db.close();
    throw new Error(out.error.en);
  }
  return db;
}

/**
 * For a test file or `describe` block: the fixture corpus (`fx`, or the one built from the expected
 * figures), and a native DuckDB with it loaded before the block's tests and closed after them
 * (`db()` is valid inside the tests).
 */
export function fixtureDbForTests(fx: FixtureCorpus = buildFixture()): { fx: FixtureCorpus; db: () => DbConnector } {
  let conn: DbConnector | null = null;
  beforeAll(async () => {
    conn = await fixtureDb(fx);
  });
  afterAll(async () => {
    await conn?.close();
  });
  return {
    fx,
    db: () => {
      if (conn === null) throw new Error('the fixture database is open only inside the tests');
      return conn;
    },
  };
}
