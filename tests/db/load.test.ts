import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbConnector } from '../../src/db/connector';
import { createNodeDb } from '../../src/db/node';
import { ensureCorpusTables, loadCorpusFiles, loadCorpusFromManifest } from '../../src/corpus/load';
import { CORPUS_TABLES } from '../../src/corpus/schema';
import { REPO_ROOT } from '../shared';
import { buildFixture, fixtureFiles, spec, toCsv, toParquet, type Row } from './fixture';

const fx = buildFixture();

let db: DbConnector;
beforeEach(async () => {
  db = await createNodeDb();
});
afterEach(async () => {
  await db.close();
});

async function count(table: string): Promise<number> {
  return Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
}

describe('loadCorpusFiles', () => {
  it('loads all five tables from mixed Parquet and CSV and summarises the corpus', async () => {
    const out = await loadCorpusFiles(db, fixtureFiles(fx));
    if (!out.ok) throw new Error(out.error.en);
    const agencies = new Set(fx.expected.map((e) => fx.agencyId(e.id)));
    expect(out.summary.reports).toBe(fx.expected.length);
    expect(out.summary.agencies).toBe(agencies.size);
    expect(out.summary.years).toEqual([...new Set(fx.expected.map((e) => e.year))].sort((a, b) => a - b));
    expect(out.summary.synthetic).toBe(false);
    expect(out.summary.sources).toEqual(CORPUS_TABLES.map((t) => `${t.name}.${t.name === 'report_values' || t.name === 'cells' ? 'parquet' : 'csv'}`));
    for (const t of CORPUS_TABLES) expect(await count(t.name)).toBe(fx.rows[t.name].length);
  });

  it('keeps blank, "/" and 0 apart and money in yuan (report 000, real figures)', async () => {
    const out = await loadCorpusFiles(db, fixtureFiles(fx, 'csv'));
    expect(out.ok).toBe(true);
    const r = await db.query(
      `SELECT key, value, semantic, raw, value_yuan FROM cells WHERE report_id = '000' AND key IN ('active.art20_9.central_procurement.total_amount', 'requests.new_received.total') ORDER BY key`,
    );
    expect(r.rows).toEqual([
      { key: 'active.art20_9.central_procurement.total_amount', value: 0.0436, semantic: 'number', raw: '0.0436 亿元', value_yuan: 4360000 },
      { key: 'requests.new_received.total', value: 0, semantic: 'number', raw: '0', value_yuan: null },
    ]);
    const kinds = await db.query(`SELECT semantic, count(*) AS n FROM cells GROUP BY semantic ORDER BY semantic`);
    const want = new Map<string, number>();
    for (const e of fx.expected) {
      for (const v of Object.values(e.cells)) {
        const s = v === null ? 'blank' : v === 'na' ? 'na' : typeof v === 'string' ? 'text' : 'number';
        want.set(s, (want.get(s) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(kinds.rows.map((x) => [String(x.semantic), x.n]))).toEqual(Object.fromEntries(want));
    // A blank raw cell is '' (not NULL) after the CSV round trip.
    const blanks = await db.query(`SELECT count(*) AS n FROM cells WHERE semantic = 'blank' AND raw = ''`);
    expect(blanks.rows[0]?.n).toBe(want.get('blank'));
  });

  it('loads just reports + report_values (as Parquet) and leaves the other tables empty', async () => {
    const out = await loadCorpusFiles(db, [
      { name: 'reports.parquet', bytes: toParquet(spec('reports'), fx.rows.reports) },
      { name: 'report_values.parquet', bytes: toParquet(spec('report_values'), fx.rows.report_values) },
    ]);
    if (!out.ok) throw new Error(out.error.en);
    expect(await count('reports')).toBe(fx.expected.length);
    expect(await count('cells')).toBe(0);
    expect(await count('checks')).toBe(0);
    const v = await db.query(`SELECT requests__new_received__total AS n FROM v_reports WHERE report_id = '092'`);
    expect(v.rows[0]?.n).toBe(fx.expected.find((e) => e.id === '092')?.cells['requests.new_received.total']);
  });

  it('loads Parquet written with other physical types (INT64 years, INT32 counts as DOUBLE) and ZSTD', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const { compressors } = await import('hyparquet-compressors');
    expect(compressors.ZSTD).toBeDefined();
    const s = spec('reports');
    const ab = parquetWriteBuffer({
      codec: 'GZIP',
      compressors: { GZIP: (input: Uint8Array) => gzipSync(input) },
      columnData: s.columns.map((c) => ({
        name: c.name,
        data: fx.rows.reports.map((r) => {
          const v = r[c.name] ?? null;
          return c.type === 'INTEGER' && typeof v === 'number' ? BigInt(v) : v;
        }),
        type: c.type === 'INTEGER' ? ('INT64' as const) : c.type === 'BOOLEAN' ? ('BOOLEAN' as const) : c.type === 'DOUBLE' ? ('DOUBLE' as const) : ('STRING' as const),
        nullable: true,
      })),
    });
    const out = await loadCorpusFiles(db, [{ name: 'reports.parquet', bytes: new Uint8Array(ab) }]);
    if (!out.ok) throw new Error(out.error.en);
    const r = await db.query(`SELECT year, n_cells, synthetic FROM reports WHERE report_id = '092'`);
    const e092 = fx.expected.find((e) => e.id === '092');
    expect(r.rows).toEqual([{ year: e092?.year, n_cells: Object.keys(e092?.cells ?? {}).length, synthetic: false }]);
    const types = await db.query(`SELECT data_type FROM information_schema.columns WHERE table_name = 'reports' AND column_name IN ('year', 'n_cells') `);
    expect(types.rows.map((x) => x.data_type)).toEqual(['INTEGER', 'INTEGER']);
  });

  it('recognises a table by its columns when the file name says nothing', async () => {
    const out = await loadCorpusFiles(db, [{ name: 'export (3).csv', bytes: toCsv(spec('reports'), fx.rows.reports) }]);
    if (!out.ok) throw new Error(out.error.en);
    expect(out.summary.reports).toBe(fx.expected.length);
  });

  it('accepts a CSV whose nullable columns are missing (filled with NULL)', async () => {
    const slim = { ...spec('report_values'), columns: spec('report_values').columns.filter((c) => c.name === 'report_id' || c.name === 'requests__new_received__total') };
    const out = await loadCorpusFiles(db, [
      { name: 'reports.csv', bytes: toCsv(spec('reports'), fx.rows.reports) },
      { name: 'report_values.csv', bytes: toCsv(slim, fx.rows.report_values) },
    ]);
    if (!out.ok) throw new Error(out.error.en);
    const r = await db.query(`SELECT count(requests__new_received__total) AS a, count(requests__carried_over__total) AS b FROM report_values`);
    expect(r.rows[0]?.a).toBe(fx.rows.report_values.filter((x) => x.requests__new_received__total !== null).length);
    expect(r.rows[0]?.b).toBe(0);
  });
});

describe('atomic load: a broken file leaves the previous corpus intact', () => {
  const good = (): { name: string; bytes: Uint8Array }[] => fixtureFiles(fx);
  const only2019 = (): { name: string; bytes: Uint8Array }[] => {
    const ids = new Set(fx.expected.filter((e) => e.year === 2019).map((e) => e.id));
    return [
      { name: 'reports.csv', bytes: toCsv(spec('reports'), fx.rows.reports.filter((r) => ids.has(String(r.report_id)))) },
      { name: 'report_values.csv', bytes: toCsv(spec('report_values'), fx.rows.report_values.filter((r) => ids.has(String(r.report_id)))) },
    ];
  };

  async function snapshot(): Promise<unknown[]> {
    return Promise.all(CORPUS_TABLES.map((t) => count(t.name)));
  }

  async function expectRejected(files: { name: string; bytes: Uint8Array }[], file: string | undefined, en: RegExp, zh: RegExp): Promise<void> {
    const loaded = await loadCorpusFiles(db, good());
    expect(loaded.ok).toBe(true);
    const before = await snapshot();
    const out = await loadCorpusFiles(db, files);
    if (out.ok) throw new Error('a broken load succeeded');
    expect(out.error.file).toBe(file);
    expect(out.error.en).toMatch(en);
    expect(out.error.zh).toMatch(zh);
    expect(await snapshot()).toEqual(before);
    const v = await db.query(`SELECT count(*) AS n FROM v_reports`);
    expect(v.rows[0]?.n).toBe(fx.expected.length);
    const staging = await db.query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name LIKE '\\_\\_atlas%' ESCAPE '\\'`);
    expect(staging.rows[0]?.n).toBe(0);
  }

  it('a value that is not a number', async () => {
    const rows: Row[] = fx.rows.report_values.map((r, i) => (i === 3 ? { ...r, requests__new_received__total: '十二' } : r));
    const files = [...only2019().slice(0, 1), { name: 'report_values.csv', bytes: toCsv(spec('report_values'), rows) }];
    // The 2019-only reports do not include row 3's report, so make the reports file complete here.
    files[0] = { name: 'reports.csv', bytes: toCsv(spec('reports'), fx.rows.reports) };
    await expectRejected(files, 'report_values.csv', /column requests__new_received__total must be DOUBLE; row 4 holds "十二"/, /列 requests__new_received__total 应为 DOUBLE，第 4 行的值“十二”无法转换/);
  });

  it('a required column missing', async () => {
    const noAgency = { ...spec('reports'), columns: spec('reports').columns.filter((c) => c.name !== 'agency_id') };
    await expectRejected([{ name: 'reports.csv', bytes: toCsv(noAgency, fx.rows.reports) }], 'reports.csv', /lacks required columns: agency_id/, /缺少必需的列：agency_id/);
  });

  it('rows pointing at reports that are not loaded', async () => {
    const files = [...only2019(), { name: 'cells.parquet', bytes: toParquet(spec('cells'), fx.rows.cells) }];
    const orphans = fx.rows.cells.filter((c) => fx.expected.find((e) => e.id === c.report_id)?.year !== 2019).length;
    await expectRejected(files, 'cells.parquet', new RegExp(`^${String(orphans)} rows refer to reports that are not in reports`), /引用了 reports 中不存在的报告/);
  });

  it('a duplicated report id', async () => {
    const rows = [...fx.rows.reports, fx.rows.reports[0] ?? {}];
    await expectRejected([{ name: 'reports.csv', bytes: toCsv(spec('reports'), rows) }], 'reports.csv', /report id 000 occurs 2 times/, /报告标识 000 出现 2 次/);
  });

  it('no reports table', async () => {
    await expectRejected([{ name: 'cells.csv', bytes: toCsv(spec('cells'), fx.rows.cells) }], undefined, /reports table .* is missing/, /缺少 reports 表/);
  });

  it('a file that is not a corpus file', async () => {
    await expectRejected([{ name: 'notes.txt', bytes: new TextEncoder().encode('hello') }], 'notes.txt', /unsupported file format/, /不支持的文件格式/);
    await expectRejected([{ name: 'reports.parquet', bytes: new TextEncoder().encode('PAR1 not really') }], 'reports.parquet', /not a readable Parquet file/, /不是可读的 Parquet 文件/);
    await expectRejected([{ name: 'people.csv', bytes: new TextEncoder().encode('name,age\nli,3\n') }], 'people.csv', /not recognised as a corpus table/, /无法识别为语料表/);
  });

  it('two files for one table', async () => {
    const r = toCsv(spec('reports'), fx.rows.reports);
    await expectRejected([{ name: 'reports.csv', bytes: r }, { name: 'more_reports.csv', bytes: r }], 'more_reports.csv', /holds the reports table, as reports.csv does/, /同为 reports 表/);
  });

  it('an empty key where an id is required', async () => {
    const rows = fx.rows.reports.map((r, i) => (i === 0 ? { ...r, agency_id: '' } : r));
    await expectRejected([{ name: 'reports.csv', bytes: toCsv(spec('reports'), rows) }], 'reports.csv', /column agency_id must not be empty/, /列 agency_id 不能为空/);
  });

  it('a later good load replaces the corpus completely', async () => {
    expect((await loadCorpusFiles(db, good())).ok).toBe(true);
    const out = await loadCorpusFiles(db, only2019());
    if (!out.ok) throw new Error(out.error.en);
    expect(out.summary.years).toEqual([2019]);
    expect(await count('cells')).toBe(0);
  });
});

describe('loadCorpusFromManifest', () => {
  async function sha(bytes: Uint8Array): Promise<string> {
    const d = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
    return Buffer.from(d).toString('hex');
  }

  async function served(): Promise<Map<string, Uint8Array>> {
    const files = new Map<string, Uint8Array>();
    const tables: Record<string, unknown> = {};
    for (const t of CORPUS_TABLES) {
      const pq = toParquet(t, fx.rows[t.name]);
      const csv = toCsv(t, fx.rows[t.name]);
      files.set(`${t.name}.parquet`, pq);
      files.set(`${t.name}.csv`, csv);
      tables[t.name] = {
        rows: fx.rows[t.name].length,
        columns: t.columns.map((c) => c.name),
        parquet: { path: `${t.name}.parquet`, bytes: pq.length, sha256: await sha(pq) },
        csv: { path: `${t.name}.csv`, bytes: csv.length, sha256: await sha(csv) },
      };
    }
    const manifest = {
      schemaVersion: 1, generator: { name: 'fixture', version: '0' }, synthetic: false,
      inputs: { files: fx.expected.length, reports: fx.expected.length, failed: 0 }, tables, failures: [],
    };
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
    return files;
  }

  const fetcher = (files: Map<string, Uint8Array>) => (path: string): Promise<Uint8Array> => {
    const b = files.get(path);
    return b ? Promise.resolve(b) : Promise.reject(new Error(`404 ${path}`));
  };

  it('loads the tables the manifest names and verifies hashes and row counts', async () => {
    const files = await served();
    const out = await loadCorpusFromManifest(db, fetcher(files), '默认语料');
    if (!out.ok) throw new Error(out.error.en);
    expect(out.summary.label).toBe('默认语料');
    expect(out.summary.reports).toBe(fx.expected.length);
    expect(out.summary.sources).toEqual(CORPUS_TABLES.map((t) => `${t.name}.parquet`));
    expect(await count('cells')).toBe(fx.rows.cells.length);
  });

  it('loads a manifest written before the optional tables existed, leaving them empty', async () => {
    const files = await served();
    // The default corpus holds narratives and diagnostics: a later load without those tables must empty them.
    const dataDir = join(REPO_ROOT, 'data');
    expect((await loadCorpusFromManifest(db, (p) => readFile(join(dataDir, p)), 'default')).ok).toBe(true);
    expect(await count('report_texts')).toBeGreaterThan(0);
    expect(await count('diagnostics')).toBeGreaterThan(0);
    const m = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as { tables: Record<string, unknown> };
    const optional = CORPUS_TABLES.filter((t) => t.optional).map((t) => t.name);
    expect(optional).toEqual(['report_texts', 'diagnostics']);
    m.tables = Object.fromEntries(Object.entries(m.tables).filter(([name]) => !optional.includes(name as (typeof optional)[number])));
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(m)));
    const out = await loadCorpusFromManifest(db, fetcher(files), 'old');
    if (!out.ok) throw new Error(out.error.en);
    expect(out.summary.sources).toEqual(CORPUS_TABLES.filter((t) => !t.optional).map((t) => `${t.name}.parquet`));
    for (const name of optional) expect(await count(name)).toBe(0);
    expect(await count('reports')).toBe(fx.expected.length);
  });

  it('rejects a file whose bytes differ from the manifest and keeps the old corpus', async () => {
    const files = await served();
    expect((await loadCorpusFromManifest(db, fetcher(files), 'a')).ok).toBe(true);
    const cells = files.get('cells.parquet') ?? new Uint8Array();
    const tampered = cells.slice();
    tampered[100] = (tampered[100] ?? 0) ^ 0xff;
    files.set('cells.parquet', tampered);
    const out = await loadCorpusFromManifest(db, fetcher(files), 'b');
    if (out.ok) throw new Error('tampered corpus loaded');
    expect(out.error.file).toBe('cells.parquet');
    expect(out.error.en).toMatch(/hash differs/);
    expect(await count('cells')).toBe(fx.rows.cells.length);
  });

  it('reports a missing or malformed manifest', async () => {
    const none = await loadCorpusFromManifest(db, fetcher(new Map()), 'x');
    expect(none).toMatchObject({ ok: false, error: { file: 'manifest.json' } });
    const bad = await loadCorpusFromManifest(db, fetcher(new Map([['manifest.json', new TextEncoder().encode('{"schemaVersion": 1}')]])), 'x');
    if (bad.ok) throw new Error('malformed manifest accepted');
    expect(bad.error.en).toMatch(/manifest is malformed/);
  });
});

describe('the default corpus in data/', () => {
  it('loads through its manifest, every table with the row count the manifest states', async () => {
    const dir = join(REPO_ROOT, 'data');
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { tables: Record<string, { rows: number }> };
    const out = await loadCorpusFromManifest(db, (p) => readFile(join(dir, p)), 'default');
    if (!out.ok) throw new Error(`${out.error.file ?? ''} ${out.error.en}`);
    for (const t of CORPUS_TABLES) expect(await count(t.name)).toBe(manifest.tables[t.name]?.rows);
    expect(out.summary.reports).toBe(manifest.tables.reports?.rows);
    // The same corpus as CSV loads to the same tables.
    const csv = await Promise.all(CORPUS_TABLES.map(async (t) => ({ name: `${t.name}.csv`, bytes: new Uint8Array(await readFile(join(dir, `${t.name}.csv`))) })));
    const viaCsv = await loadCorpusFiles(db, csv);
    if (!viaCsv.ok) throw new Error(`${viaCsv.error.file ?? ''} ${viaCsv.error.en}`);
    for (const t of CORPUS_TABLES) expect(await count(t.name)).toBe(manifest.tables[t.name]?.rows);
  });
});

describe('ensureCorpusTables', () => {
  it('creates empty tables and views once, so queries bind before a corpus loads', async () => {
    await ensureCorpusTables(db);
    expect(await count('v_reports')).toBe(0);
    expect((await loadCorpusFiles(db, fixtureFiles(fx))).ok).toBe(true);
    await ensureCorpusTables(db);
    expect(await count('v_reports')).toBe(fx.expected.length);
  });
});
