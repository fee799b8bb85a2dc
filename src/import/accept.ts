/**
 * Accepting imported reports into the live corpus in DuckDB, and undoing that, with any
 * `DbConnector` (DuckDB-WASM in the page, native DuckDB in tests).
 *
 * One accept is one transaction: the batch's rows are validated against the corpus schema exactly as
 * the loader validates files (Parquet bytes → staging → typed tables → references), the rows of the
 * affected agencies are snapshot into scratch tables `__atlas_undo_<batch>_<table>`, reports with
 * the same id are replaced, the cross-year checks (XY-*) of the affected agencies are recomputed over
 * the live and the new reports, and a row in `__atlas_import_log` records the batch. Any error rolls
 * everything back: the corpus stays as it was.
 *
 * Undo is a stack: only the latest batch can be undone, and only while the corpus is still the one
 * it left behind (the log keeps a fingerprint of the tables). Loading another corpus
 * (`loadCorpusFiles`, `loadCorpusFromManifest`) replaces the tables; the next accept, undo or
 * listing then finds the fingerprint changed, refuses to undo with a message saying so, and drops
 * the stale scratch tables and log.
 */
import { runCrossYearChecks, type CrossYearInput, type CrossYearResult } from '../checks';
import { ensureCorpusTables, VIEWS_SQL, withCorpusLock } from '../corpus/load';
import { toParquet } from '../corpus/parquet';
import { checkRow, type Row, type TableRows } from '../corpus/rows';
import { CHECKS, CORPUS_TABLES, PRECOMPUTED_VIEWS, type CorpusTableName, type TableSpec } from '../corpus/schema';
import type { DbConnector } from '../db/connector';
import { CorpusLoadError, engineMessage } from '../db/staging/messages';
import { q, readParquet } from '../db/staging/read';
import { checkReferences, stageTyped } from '../db/staging/stage';
import type { Bilingual, Cell, CellSemantic } from '../model/report';
import type { DetectedTemplate } from '../model/template';
import { importRows } from './pipeline';
import type { AcceptedBatch, AcceptOutcome, ParsedImport, UndoOutcome } from './types';

/** The table that keeps the undo stack (one row per batch, latest = highest `seq`). */
export const IMPORT_LOG = '__atlas_import_log';
const STAGE = '__atlas_accept_';
const UNDO = '__atlas_undo_';

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** An SQL IN list; never empty (`IN ()` does not parse, `IN (NULL)` matches nothing). */
const inList = (values: Iterable<string>): string => {
  const parts = [...new Set(values)].map(lit);
  return `(${parts.length === 0 ? 'NULL' : parts.join(', ')})`;
};
const undoTable = (batchId: string, table: CorpusTableName): string => `${UNDO}${batchId}_${table}`;
const columnList = (spec: TableSpec): string => spec.columns.map((c) => q(c.name)).join(', ');

class AcceptError extends Error {
  constructor(readonly bilingual: Bilingual) {
    super(bilingual.en);
    this.name = 'AcceptError';
  }
}

function refuse(zh: string, en: string): never {
  throw new AcceptError({ zh, en });
}

function asBilingual(e: unknown, what: Bilingual): Bilingual {
  if (e instanceof AcceptError) return e.bilingual;
  if (e instanceof CorpusLoadError) {
    const file = e.detail.file === undefined ? '' : `${e.detail.file}: `;
    return { zh: `${what.zh}：${file}${e.detail.zh}`, en: `${what.en}: ${file}${e.detail.en}` };
  }
  const m = engineMessage(e);
  return { zh: `${what.zh}：${m}`, en: `${what.en}: ${m}` };
}

const ACCEPT_FAILED: Bilingual = { zh: '导入的年报未能加入语料，语料保持不变', en: 'The imported reports could not be added; the corpus is unchanged' };
const UNDO_FAILED: Bilingual = { zh: '撤销导入失败，语料保持不变', en: 'Undoing the import failed; the corpus is unchanged' };


/**
 * Turns live corpus objects that are views (a corpus attached read-only from a prebuilt `.duckdb`
 * file is served as views) into tables with the same rows in the same order, in one transaction,
 * so that imports can be appended; `v_reports` becomes the loader's view over them, and views of
 * results computed when the database was written are dropped. Content is
 * unchanged; it costs one copy of the corpus in memory, paid by the first import only.
 */
async function materialiseLive(db: DbConnector): Promise<void> {
  const names = CORPUS_TABLES.map((t) => t.name);
  const r = await db.query(
    `SELECT table_name FROM information_schema.tables
     WHERE table_catalog = current_database() AND table_schema = 'main' AND table_type = 'VIEW' AND table_name IN ${inList(names)}`,
  );
  const views = r.rows.map((row) => String(row.table_name));
  if (views.length === 0) return;
  await db.exec('BEGIN TRANSACTION');
  try {
    await db.exec('DROP VIEW IF EXISTS v_reports');
    // Results computed when the database was written describe it without the imported reports.
    for (const name of PRECOMPUTED_VIEWS) await db.exec(`DROP VIEW IF EXISTS ${q(name)}`);
    for (const name of views) {
      const spec = CORPUS_TABLES.find((t) => t.name === name);
      if (spec === undefined) continue;
      const copy = `${STAGE}mat_${name}`;
      await db.exec(`CREATE TABLE ${q(copy)} AS SELECT ${columnList(spec)} FROM ${q(name)}`);
      await db.exec(`DROP VIEW ${q(name)}`);
      await db.exec(`CREATE TABLE ${q(name)} AS SELECT * FROM ${q(copy)}`);
      await db.exec(`DROP TABLE ${q(copy)}`);
    }
    await db.exec(VIEWS_SQL);
    await db.exec('COMMIT');
  } catch (e) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function ensureLog(db: DbConnector): Promise<void> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS ${q(IMPORT_LOG)} (seq INTEGER, batch_id VARCHAR, report_ids VARCHAR, replaced VARCHAR, agencies VARCHAR, fingerprint VARCHAR)`,
  );
}

/** Row counts of every corpus table and a hash over the reports: what undo needs unchanged. */
async function fingerprint(db: DbConnector): Promise<string> {
  const counts = CORPUS_TABLES.map((t) => `(SELECT count(*) FROM ${q(t.name)})`).join(` || '/' || `);
  const r = await db.query(
    `SELECT ${counts} || '/' || (SELECT CAST(coalesce(bit_xor(hash(report_id, agency_id, content_sha256, n_checks_failed, year)), 0) AS VARCHAR) FROM reports) AS f`,
  );
  const f = r.rows[0]?.f;
  return typeof f === 'string' ? f : '';
}

interface LogEntry {
  readonly seq: number;
  readonly batch: AcceptedBatch;
  readonly agencies: readonly string[];
  readonly fingerprint: string;
}

function stringArray(json: unknown): string[] {
  if (typeof json !== 'string') return [];
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) ? v.map(String) : [];
}

async function readLog(db: DbConnector): Promise<LogEntry[]> {
  const r = await db.query(`SELECT * FROM ${q(IMPORT_LOG)} ORDER BY seq`);
  return r.rows.map((row) => ({
    seq: Number(row.seq),
    batch: { batchId: String(row.batch_id), reportIds: stringArray(row.report_ids), replaced: stringArray(row.replaced) },
    agencies: stringArray(row.agencies),
    fingerprint: String(row.fingerprint),
  }));
}

async function dropScratch(db: DbConnector, batchId: string): Promise<void> {
  for (const t of CORPUS_TABLES) await db.exec(`DROP TABLE IF EXISTS ${q(undoTable(batchId, t.name))}`);
}

/** The log, after dropping it when the corpus changed under it (another corpus was loaded). Returns null when it was stale. */
async function currentLog(db: DbConnector): Promise<{ entries: LogEntry[]; stale: boolean }> {
  await ensureLog(db);
  const entries = await readLog(db);
  const latest = entries[entries.length - 1];
  if (latest === undefined || latest.fingerprint === (await fingerprint(db))) return { entries, stale: false };
  for (const e of entries) await dropScratch(db, e.batch.batchId);
  await db.exec(`DELETE FROM ${q(IMPORT_LOG)}`);
  return { entries: [], stale: true };
}

async function dropStaging(db: DbConnector): Promise<void> {
  const r = await db.query(`SELECT table_name FROM information_schema.tables WHERE starts_with(table_name, '${STAGE}')`);
  for (const row of r.rows) await db.exec(`DROP TABLE IF EXISTS ${q(String(row.table_name))}`);
}

/** Writes rows as Parquet and stages them like a loaded file: the loader's own validation, same messages. */
async function stageRows(db: DbConnector, spec: TableSpec, rows: readonly Row[], typed: string, label: string): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = toParquet(spec, rows);
  } catch (e) {
    refuse(`${label}：数据不符合语料表结构（${engineMessage(e)}）`, `${label}: the data does not fit the corpus schema (${engineMessage(e)})`);
  }
  const raw = `${typed}_raw`;
  await readParquet(db, label, bytes, raw);
  await stageTyped(db, label, spec, raw, typed);
  await db.exec(`DROP TABLE ${q(raw)}`);
}

const SEMANTICS: readonly CellSemantic[] = ['number', 'blank', 'na', 'text'];
const TEMPLATES: readonly DetectedTemplate[] = ['v2019', 'v2021', 'mixed', 'text_only', 'pre2019'];
const isSemantic = (v: unknown): v is CellSemantic => SEMANTICS.some((s) => s === v);
const isTemplate = (v: unknown): v is DetectedTemplate => TEMPLATES.some((t) => t === v);

/** The live reports of `agencies` (but `exclude`) as the cross-year rules see them, read back from `reports` and `cells`. */
async function liveCrossYearInputs(db: DbConnector, agencies: readonly string[], exclude: readonly string[]): Promise<{ inputs: CrossYearInput[]; meta: Map<string, { agencyId: string; year: number | null }> }> {
  const scope = `agency_id IN ${inList(agencies)} AND report_id NOT IN ${inList(exclude)}`;
  const reports = await db.query(`SELECT report_id, agency_id, year, template FROM reports WHERE ${scope} ORDER BY report_id`);
  const cells = await db.query(
    `SELECT report_id, key, value, semantic, raw, derived FROM cells WHERE report_id IN (SELECT report_id FROM reports WHERE ${scope}) ORDER BY report_id, rowid`,
  );
  const byReport = new Map<string, Cell[]>();
  for (const c of cells.rows) {
    const semantic = c.semantic;
    if (!isSemantic(semantic)) continue;
    const list = byReport.get(String(c.report_id)) ?? [];
    list.push({
      key: String(c.key),
      value: typeof c.value === 'number' ? c.value : null,
      semantic,
      raw: typeof c.raw === 'string' ? c.raw : '',
      derived: c.derived === true,
      provenance: {},
    });
    byReport.set(String(c.report_id), list);
  }
  const meta = new Map<string, { agencyId: string; year: number | null }>();
  const inputs: CrossYearInput[] = [];
  for (const r of reports.rows) {
    const reportId = String(r.report_id);
    const year = typeof r.year === 'number' ? r.year : null;
    meta.set(reportId, { agencyId: String(r.agency_id), year });
    // A template outside the schema's list cannot be paired: the rules would misread its layout.
    if (isTemplate(r.template)) inputs.push({ reportId, agencyId: String(r.agency_id), year, template: r.template, cells: byReport.get(reportId) ?? [] });
  }
  return { inputs, meta };
}

/** A cross-year result as a `checks` row of a report already in the corpus. */
function xyRow(c: CrossYearResult, m: { agencyId: string; year: number | null }): Row {
  return checkRow({ reportId: c.reportId, agencyId: m.agencyId, year: m.year }, c);
}

function newBatchId(seq: number): string {
  return `b${String(seq)}_${Math.random().toString(36).slice(2, 8)}`;
}

async function acceptLocked(db: DbConnector, items: readonly ParsedImport[]): Promise<AcceptOutcome> {
  if (items.length === 0) refuse('没有可加入语料的年报', 'There are no reports to add');
  const ids = items.map((p) => p.identity.reportId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) refuse(`报告标识 ${dup} 在本次导入中出现多次`, `Report id ${dup} occurs more than once in this import`);

  await ensureCorpusTables(db);
  await materialiseLive(db);
  const { entries } = await currentLog(db);
  const replacedRows = (await db.query(`SELECT report_id, agency_id FROM reports WHERE report_id IN ${inList(ids)} ORDER BY report_id`)).rows;
  const replaced = replacedRows.map((r) => String(r.report_id));
  const agencies = [...new Set([...items.map((p) => p.identity.agencyId), ...replacedRows.map((r) => String(r.agency_id))])].sort();

  // Cross-year rules pair an agency's years: recompute them for every affected agency, old reports included.
  const live = await liveCrossYearInputs(db, agencies, ids);
  const fresh = items.map<CrossYearInput>((p) => ({ reportId: p.identity.reportId, agencyId: p.identity.agencyId, year: p.identity.year, template: p.report.meta.template, cells: p.report.cells }));
  const cross = runCrossYearChecks([...live.inputs, ...fresh]);
  const newIds = new Set(ids);
  const rows: TableRows = importRows(items, cross.filter((c) => newIds.has(c.reportId)));
  const liveXy = cross.flatMap((c) => {
    const m = live.meta.get(c.reportId);
    return m === undefined ? [] : [xyRow(c, m)];
  });
  const liveIds = [...live.meta.keys()];

  await dropStaging(db);
  try {
    const staged = new Map<CorpusTableName, { file: string; table: string }>();
    for (const spec of CORPUS_TABLES) {
      const table = `${STAGE}${spec.name}`;
      const label = `${spec.name}（导入 import）`;
      await stageRows(db, spec, rows[spec.name], table, label);
      staged.set(spec.name, { file: label, table });
    }
    await checkReferences(db, staged);
    const xyTable = `${STAGE}xy`;
    await stageRows(db, CHECKS, liveXy, xyTable, 'checks（跨年度 cross-year）');

    const seq = (entries[entries.length - 1]?.seq ?? 0) + 1;
    const batchId = newBatchId(seq);
    const scope = `report_id IN (SELECT report_id FROM reports WHERE agency_id IN ${inList(agencies)}) OR report_id IN ${inList(ids)}`;
    await db.exec('BEGIN TRANSACTION');
    try {
      for (const t of CORPUS_TABLES) await db.exec(`CREATE TABLE ${q(undoTable(batchId, t.name))} AS SELECT * FROM ${q(t.name)} WHERE ${scope}`);
      // The old XY failures leave n_checks_failed, the new ones join it (the other checks of those reports stay).
      await db.exec(
        `UPDATE reports SET n_checks_failed = n_checks_failed
           - (SELECT count(*) FROM checks c WHERE c.report_id = reports.report_id AND starts_with(c.rule_id, 'XY-') AND c.status = 'fail')
           + (SELECT count(*) FROM ${q(xyTable)} x WHERE x.report_id = reports.report_id AND x.status = 'fail')
         WHERE report_id IN ${inList(liveIds)}`,
      );
      await db.exec(`DELETE FROM checks WHERE starts_with(rule_id, 'XY-') AND report_id IN ${inList(liveIds)}`);
      await db.exec(`INSERT INTO checks (${columnList(CHECKS)}) SELECT ${columnList(CHECKS)} FROM ${q(xyTable)}`);
      for (const t of CORPUS_TABLES) {
        await db.exec(`DELETE FROM ${q(t.name)} WHERE report_id IN ${inList(ids)}`);
        await db.exec(`INSERT INTO ${q(t.name)} (${columnList(t)}) SELECT ${columnList(t)} FROM ${q(`${STAGE}${t.name}`)}`);
      }
      await db.exec(VIEWS_SQL);
      const batch: AcceptedBatch = { batchId, reportIds: [...ids].sort(), replaced };
      await db.exec(
        `INSERT INTO ${q(IMPORT_LOG)} VALUES (${String(seq)}, ${lit(batchId)}, ${lit(JSON.stringify(batch.reportIds))}, ${lit(JSON.stringify(replaced))}, ${lit(JSON.stringify(agencies))}, ${lit(await fingerprint(db))})`,
      );
      await db.exec('COMMIT');
      return { ok: true, batch };
    } catch (e) {
      await db.exec('ROLLBACK').catch(() => undefined);
      throw e;
    }
  } finally {
    await dropStaging(db).catch(() => undefined);
  }
}

/**
 * Adds the parsed reports to the live corpus as one undoable batch (see the module comment). A
 * report whose id is already live replaces it. Never throws: a failure is `{ ok: false, error }`
 * with the reason in Chinese and English, and the corpus is unchanged.
 */
export function acceptImports(db: DbConnector, items: readonly ParsedImport[]): Promise<AcceptOutcome> {
  return withCorpusLock(db, async () => {
    try {
      return await acceptLocked(db, items);
    } catch (e) {
      return { ok: false as const, error: asBilingual(e, ACCEPT_FAILED) };
    }
  });
}

async function undoLocked(db: DbConnector, batch: AcceptedBatch): Promise<UndoOutcome> {
  const { entries, stale } = await currentLog(db);
  if (stale) {
    refuse('语料在导入之后已重新载入，之前的导入无法撤销', 'The corpus was loaded again after the import; earlier imports can no longer be undone');
  }
  const latest = entries[entries.length - 1];
  if (latest?.batch.batchId !== batch.batchId) {
    if (entries.some((e) => e.batch.batchId === batch.batchId)) {
      refuse('只能先撤销最近一次导入', 'Only the latest import can be undone first');
    }
    refuse('该次导入已撤销或已不存在，无法撤销', 'That import was already undone or no longer exists');
  }
  const ids = latest.batch.reportIds;
  const scope = `report_id IN (SELECT report_id FROM reports WHERE agency_id IN ${inList(latest.agencies)}) OR report_id IN ${inList(ids)}`;
  await db.exec('BEGIN TRANSACTION');
  try {
    // reports last: the other tables find their rows through it.
    const order = [...CORPUS_TABLES.filter((t) => t.name !== 'reports'), ...CORPUS_TABLES.filter((t) => t.name === 'reports')];
    for (const t of order) await db.exec(`DELETE FROM ${q(t.name)} WHERE ${scope}`);
    for (const t of CORPUS_TABLES) {
      await db.exec(`INSERT INTO ${q(t.name)} (${columnList(t)}) SELECT ${columnList(t)} FROM ${q(undoTable(latest.batch.batchId, t.name))}`);
    }
    await dropScratch(db, latest.batch.batchId);
    await db.exec(`DELETE FROM ${q(IMPORT_LOG)} WHERE seq = ${String(latest.seq)}`);
    await db.exec(VIEWS_SQL);
    // The batch below is undoable again only if the tables are exactly as it left them.
    const below = entries[entries.length - 2];
    if (below !== undefined && below.fingerprint !== (await fingerprint(db))) {
      throw new Error(`the corpus does not match the state after batch ${below.batch.batchId}`);
    }
    await db.exec('COMMIT');
    return { ok: true, batch: latest.batch };
  } catch (e) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * Restores the corpus exactly as it was before `batch` (only the latest batch; one transaction).
 * Refuses, with a bilingual reason and nothing changed, when a newer batch is still live, when the
 * batch was already undone, or when another corpus was loaded since.
 */
export function undoImport(db: DbConnector, batch: AcceptedBatch): Promise<UndoOutcome> {
  return withCorpusLock(db, async () => {
    try {
      return await undoLocked(db, batch);
    } catch (e) {
      return { ok: false as const, error: asBilingual(e, UNDO_FAILED) };
    }
  });
}

/** The batches that can still be undone, oldest first (empty after another corpus was loaded). */
export function importBatches(db: DbConnector): Promise<AcceptedBatch[]> {
  return withCorpusLock(db, async () => (await currentLog(db)).entries.map((e) => e.batch));
}

/** Content hashes of the live reports with their ids, so the review screen can say "already in the corpus". */
export async function liveContentHashes(db: DbConnector, hashes: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (hashes.length === 0) return out;
  await ensureCorpusTables(db);
  const r = await db.query(`SELECT content_sha256, report_id FROM reports WHERE content_sha256 IN ${inList(hashes)} ORDER BY report_id`);
  for (const row of r.rows) {
    const h = String(row.content_sha256);
    out.set(h, [...(out.get(h) ?? []), String(row.report_id)]);
  }
  return out;
}
