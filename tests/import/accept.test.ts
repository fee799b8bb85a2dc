/**
 * Accepting imports into the live corpus and undoing them, on native DuckDB with the committed
 * default corpus (data/) loaded: the same tables and the same loader the app uses.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CORPUS_TABLES } from '../../src/corpus/schema';
import { keyToColumn } from '../../src/model/template';
import { createNodeDb } from '../../src/db/node';
import type { DbConnector } from '../../src/db/connector';
import { acceptImports, importBatches, undoImport } from '../../src/import/accept';
import { applyEdits } from '../../src/import/pipeline';
import type { AcceptedBatch, ParsedImport } from '../../src/import/types';
import { dump, loadDefault, otherTables, parsed, parsedAsManifest, removeReports, serveAsViews } from './helpers';

let db: DbConnector;
let truth: DbConnector;
beforeEach(async () => {
  db = await createNodeDb();
  await loadDefault(db);
});
afterEach(async () => {
  await db.close();
});

async function count(d: DbConnector, sql: string): Promise<number> {
  return Number((await d.query(sql)).rows[0]?.n);
}

async function counts(d: DbConnector): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of CORPUS_TABLES) out[t.name] = await count(d, `SELECT count(*) AS n FROM ${t.name}`);
  return out;
}

async function accepted(items: readonly ParsedImport[]): Promise<AcceptedBatch> {
  const out = await acceptImports(db, items);
  if (!out.ok) throw new Error(out.error.en);
  return out.batch;
}

const ROW_ORDER = 'ORDER BY rule_id, scope, keys';

describe('acceptImports: reports taken out of the corpus and imported again get the CLI’s checks', { timeout: 180_000 }, () => {
  beforeEach(async () => {
    truth = await createNodeDb();
    await loadDefault(truth);
  });
  afterEach(async () => {
    await truth.close();
  });

  it('204 (PDF, paired with live 203) and 211 (paired with live 210): every check row and n_checks_failed as in data/', async () => {
    await removeReports(db, ['204', '211']);
    // The reviewer corrects agency and region to the manifest's; the ids are the corpus' own.
    const items = [await parsedAsManifest('204', { reportId: '204' }), await parsedAsManifest('211', { reportId: '211' })];
    const batch = await accepted(items);
    expect(batch.reportIds).toEqual(['204', '211']);
    expect(batch.replaced).toEqual([]);
    for (const id of ['204', '211']) {
      const sql = `SELECT * FROM checks WHERE report_id = '${id}' ${ROW_ORDER}`;
      const got = (await db.query(sql)).rows;
      const want = (await truth.query(sql)).rows;
      expect(got.filter((r) => String(r.rule_id).startsWith('XY-')).length, id).toBeGreaterThan(0);
      expect(got, id).toEqual(want);
      const cols = 'report_id, agency_id, agency_name, province, city, district, agency_type, year, template, template_mismatch, n_cells, n_checks_failed';
      expect((await db.query(`SELECT ${cols} FROM reports WHERE report_id = '${id}'`)).rows, id).toEqual((await truth.query(`SELECT ${cols} FROM reports WHERE report_id = '${id}'`)).rows);
      const cellSql = `SELECT key, value, semantic, raw, derived FROM cells WHERE report_id = '${id}' ORDER BY key, derived`;
      expect((await db.query(cellSql)).rows, id).toEqual((await truth.query(cellSql)).rows);
    }
    // The live reports of those agencies are unchanged: their checks never pointed forward.
    for (const id of ['203', '210']) {
      const sql = `SELECT * FROM checks WHERE report_id = '${id}' ${ROW_ORDER}`;
      expect((await db.query(sql)).rows).toEqual((await truth.query(sql)).rows);
    }
  });

  it('importing the earlier year recomputes the live later report’s cross-year checks (210 out, 211 live)', async () => {
    await removeReports(db, ['210']);
    // Without 210, the live 211 has no pair: its XY rows must go, and its failure count with them.
    await db.exec(`DELETE FROM checks WHERE report_id = '211' AND starts_with(rule_id, 'XY-')`);
    const xyFails = await count(truth, `SELECT count(*) AS n FROM checks WHERE report_id = '211' AND starts_with(rule_id, 'XY-') AND status = 'fail'`);
    await db.exec(`UPDATE reports SET n_checks_failed = n_checks_failed - ${String(xyFails)} WHERE report_id = '211'`);
    await accepted([await parsedAsManifest('210', { reportId: '210' })]);
    for (const id of ['210', '211']) {
      const sql = `SELECT * FROM checks WHERE report_id = '${id}' ${ROW_ORDER}`;
      expect((await db.query(sql)).rows, id).toEqual((await truth.query(sql)).rows);
      const n = `SELECT n_checks_failed AS n FROM reports WHERE report_id = '${id}'`;
      expect(await count(db, n), id).toBe(await count(truth, n));
    }
  });
});

describe('acceptImports and undoImport on the default corpus', { timeout: 180_000 }, () => {
  it('adds exactly the batch’s rows, shows them in v_reports, and undo restores every table', async () => {
    const before = await dump(db);
    const n0 = await counts(db);
    // As dropped, without corrections: a new agency (no region), two consecutive years.
    const items = [await parsed('210', { reportId: 'import:210' }), await parsed('211', { reportId: 'import:211' })];
    expect(items[0]?.identity.agencyId).toBe(items[1]?.identity.agencyId);
    const batch = await accepted(items);
    const ids = `('import:210', 'import:211')`;
    const n1 = await counts(db);
    for (const t of CORPUS_TABLES) {
      const mine = await count(db, `SELECT count(*) AS n FROM ${t.name} WHERE report_id IN ${ids}`);
      expect(n1[t.name], t.name).toBe((n0[t.name] ?? 0) + mine);
      if (['reports', 'cells', 'report_values', 'checks', 'report_texts'].includes(t.name)) expect(mine, t.name).toBeGreaterThan(0);
    }
    // The two imports pair with each other across years.
    expect(await count(db, `SELECT count(*) AS n FROM checks WHERE report_id = 'import:211' AND starts_with(rule_id, 'XY-')`)).toBeGreaterThan(0);
    const v = await db.query(`SELECT report_id, year, ${keyToColumn('requests.new_received.total')} AS nr FROM v_reports WHERE report_id IN ${ids} ORDER BY report_id`);
    const cellValue = async (id: string): Promise<unknown> =>
      (await db.query(`SELECT value FROM cells WHERE report_id = '${id}' AND key = 'requests.new_received.total'`)).rows[0]?.value;
    expect(v.rows).toEqual([
      { report_id: 'import:210', year: 2023, nr: await cellValue('import:210') },
      { report_id: 'import:211', year: 2024, nr: await cellValue('import:211') },
    ]);
    expect(await importBatches(db)).toEqual([batch]);

    const undone = await undoImport(db, batch);
    expect(undone.ok).toBe(true);
    expect(await dump(db)).toEqual(before);
    expect(await otherTables(db)).toEqual(['__atlas_import_log']);
    expect(await importBatches(db)).toEqual([]);
    const again = await undoImport(db, batch);
    expect(again.ok ? null : again.error.en).toMatch(/already undone/);
  });

  it('a batch the schema rejects leaves the corpus as it was, with a bilingual reason', async () => {
    const before = await dump(db);
    const good = await parsed('092', { reportId: 'import:092' });
    const bad: ParsedImport = { ...(await parsed('211', { reportId: 'import:211' })), identity: { ...good.identity, reportId: 'import:211', agencyId: '' } };
    const out = await acceptImports(db, [good, bad]);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.zh).toMatch(/agency_id/);
      expect(out.error.en).toMatch(/agency_id must not be empty/);
    }
    const fractional: ParsedImport = { ...good, identity: { ...good.identity, year: 2024.5 } };
    const out2 = await acceptImports(db, [fractional]);
    expect(out2.ok ? null : out2.error.en).toMatch(/year/);
    const dup = await acceptImports(db, [good, good]);
    expect(dup.ok ? null : dup.error.zh).toMatch(/import:092.*多次/);
    expect(await dump(db)).toEqual(before);
    expect(await otherTables(db)).toEqual(['__atlas_import_log']);
  });

  it('a report with a live id replaces it, and undo brings the old one back', async () => {
    const before = await dump(db);
    const edited = applyEdits(await parsedAsManifest('211', { reportId: '211' }), { year: 2019 });
    const batch = await accepted([edited]);
    expect(batch.replaced).toEqual(['211']);
    expect(await count(db, `SELECT count(*) AS n FROM reports WHERE report_id = '211'`)).toBe(1);
    expect((await db.query(`SELECT year, template_mismatch FROM reports WHERE report_id = '211'`)).rows).toEqual([{ year: 2019, template_mismatch: true }]);
    // 2019 has no 2018 in the corpus, and 210 (2023) lost its successor: no cross-year rows for 211 now.
    expect(await count(db, `SELECT count(*) AS n FROM checks WHERE report_id = '211' AND starts_with(rule_id, 'XY-')`)).toBe(0);
    const undone = await undoImport(db, batch);
    expect(undone.ok).toBe(true);
    expect(await dump(db)).toEqual(before);
  });

  it('undo is a stack, and refuses after another corpus was loaded', async () => {
    const before = await dump(db);
    const a = await accepted([await parsed('092', { reportId: 'import:092' })]);
    const afterA = await dump(db);
    const b = await accepted([await parsed('205', { reportId: 'import:205' })]);
    const first = await undoImport(db, a);
    expect(first.ok ? null : first.error).toEqual({ zh: '只能先撤销最近一次导入', en: 'Only the latest import can be undone first' });
    expect((await undoImport(db, b)).ok).toBe(true);
    expect(await dump(db)).toEqual(afterA);
    expect((await undoImport(db, a)).ok).toBe(true);
    expect(await dump(db)).toEqual(before);

    const c = await accepted([await parsed('092', { reportId: 'import:092' })]);
    await loadDefault(db);
    const refused = await undoImport(db, c);
    expect(refused.ok ? null : refused.error.en).toMatch(/loaded again/);
    expect(await dump(db)).toEqual(before);
    expect(await otherTables(db)).toEqual(['__atlas_import_log']);
  });

  it('works on a corpus served as views (attached read-only): the tables become tables, content kept', async () => {
    const before = await dump(db);
    await serveAsViews(db);
    expect(await dump(db)).toEqual(before);
    const batch = await accepted([await parsed('092', { reportId: 'import:092' })]);
    expect(await count(db, `SELECT count(*) AS n FROM v_reports WHERE report_id = 'import:092'`)).toBe(1);
    expect(await count(db, `SELECT count(*) AS n FROM v_reports`)).toBe((before.reports?.length ?? 0) + 1);
    const kinds = await db.query(`SELECT DISTINCT table_type FROM information_schema.tables WHERE table_catalog = current_database() AND table_name IN ('reports', 'cells', 'checks')`);
    expect(kinds.rows).toEqual([{ table_type: 'BASE TABLE' }]);
    // Flags computed for the corpus without the imported report are no longer offered to the audit.
    expect(await count(db, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'v_identical_tables'`)).toBe(0);
    expect((await undoImport(db, batch)).ok).toBe(true);
    expect(await dump(db)).toEqual(before);
  });
});
