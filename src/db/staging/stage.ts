/**
 * From raw staging tables to typed ones that match `src/corpus/schema.ts`: recognise each file's
 * table, check required columns, coerce types (naming the first value that does not fit), and check
 * that report ids are unique and every row points at a report of the same load.
 */
import { CORPUS_TABLES, type ColumnSpec, type CorpusTableName, type TableSpec } from '../../corpus/schema';
import type { DbConnector } from '../connector';
import { engineMessage, fail } from './messages';
import { q } from './read';

/** Columns that identify rows: a missing value is an error, never an empty string. */
const ID_COLUMNS = new Set(['report_id', 'agency_id', 'key', 'rule_id', 'fact']);

function stem(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  return base.replace(/\.(parquet|pq|csv)$/i, '').toLowerCase();
}

/** The corpus table a file holds: by its name (`reports.csv`, `2024_cells.parquet`), else by its columns. */
export function recogniseTable(file: string, columns: readonly string[]): TableSpec {
  const s = stem(file);
  const byName = CORPUS_TABLES.find((t) => s === t.name || s.endsWith(`_${t.name}`) || s.endsWith(`-${t.name}`) || s.endsWith(`.${t.name}`));
  if (byName) return byName;
  const have = new Set(columns);
  const fits = CORPUS_TABLES.filter((t) => t.columns.filter((c) => !c.nullable).every((c) => have.has(c.name)));
  const score = (t: TableSpec): number => t.columns.filter((c) => have.has(c.name)).length;
  const ranked = [...fits].sort((a, b) => score(b) - score(a));
  const best = ranked[0];
  if (!best || (ranked[1] && score(ranked[1]) === score(best))) {
    fail(
      file,
      `无法识别为语料表（文件名或列应对应 ${CORPUS_TABLES.map((t) => t.name).join('、')} 之一）`,
      `not recognised as a corpus table (its name or columns must match one of ${CORPUS_TABLES.map((t) => t.name).join(', ')})`,
    );
  }
  return best;
}

/** The value of a present column as its schema type; text '' in a typed column means "no value". */
function valueExpr(c: ColumnSpec, rawType: string, fn: 'CAST' | 'TRY_CAST'): string {
  if (c.type === 'VARCHAR') return rawType === 'VARCHAR' ? q(c.name) : `${fn}(${q(c.name)} AS VARCHAR)`;
  if (rawType === 'VARCHAR') return `${fn}(nullif(trim(${q(c.name)}), '') AS ${c.type})`;
  return `${fn}(${q(c.name)} AS ${c.type})`;
}

function selectExpr(c: ColumnSpec, rawType: string | undefined): string {
  if (rawType === undefined) return `CAST(NULL AS ${c.type}) AS ${q(c.name)}`;
  const v = valueExpr(c, rawType, 'CAST');
  // Non-nullable text such as `raw` is '' for a blank cell; a CSV writer may leave that field empty.
  if (c.type === 'VARCHAR' && !c.nullable && !ID_COLUMNS.has(c.name)) return `coalesce(${v}, '') AS ${q(c.name)}`;
  return `${v} AS ${q(c.name)}`;
}

/** Finds the first value that does not convert to its column's type and throws a message naming it. */
async function diagnoseCast(db: DbConnector, file: string, spec: TableSpec, rawTable: string, rawTypes: ReadonlyMap<string, string>): Promise<void> {
  const typed = spec.columns.filter((c) => c.type !== 'VARCHAR' && rawTypes.has(c.name) && rawTypes.get(c.name) !== c.type);
  if (typed.length === 0) return;
  const bad = (c: ColumnSpec): string => `${q(c.name)} IS NOT NULL AND ${valueExpr(c, rawTypes.get(c.name) ?? 'VARCHAR', 'TRY_CAST')} IS NULL`;
  const counts = typed.map((c, i) => `count(*) FILTER (WHERE ${bad(c)}) AS b${String(i)}`);
  const r = await db.query(`SELECT ${counts.join(', ')} FROM ${q(rawTable)}`);
  const row = r.rows[0] ?? {};
  const badIdx = typed.findIndex((_, i) => Number(row[`b${String(i)}`] ?? 0) > 0);
  const col = typed[badIdx];
  if (!col) return;
  const ex = await db.query(`SELECT rowid + 1 AS n, CAST(${q(col.name)} AS VARCHAR) AS v FROM ${q(rawTable)} WHERE ${bad(col)} ORDER BY rowid LIMIT 1`);
  const e = ex.rows[0] ?? {};
  const n = typeof e.n === 'number' ? String(e.n) : '?';
  const v = typeof e.v === 'string' ? e.v : '';
  const total = String(row[`b${String(badIdx)}`]);
  fail(
    file,
    `列 ${col.name} 应为 ${col.type}，第 ${n} 行的值“${v}”无法转换（共 ${total} 个值）`,
    `column ${col.name} must be ${col.type}; row ${n} holds "${v}", which does not convert (${total} values in all)`,
  );
}

/**
 * Creates `typedTable` with exactly the schema's columns, in order, from `rawTable`. Throws a
 * bilingual error naming the file, the column and the first offending row.
 */
export async function stageTyped(db: DbConnector, file: string, spec: TableSpec, rawTable: string, typedTable: string): Promise<void> {
  const info = await db.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${rawTable.replace(/'/g, "''")}'`);
  const rawTypes = new Map(info.rows.map((r) => [String(r.column_name), String(r.data_type)]));
  const missing = spec.columns.filter((c) => !c.nullable && !rawTypes.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    fail(file, `${spec.name} 表缺少必需的列：${missing.join('、')}`, `the ${spec.name} table lacks required columns: ${missing.join(', ')}`);
  }

  // Strict casts first: the common, valid file needs one statement; only a failure pays for the diagnosis.
  try {
    await db.exec(`CREATE TABLE ${q(typedTable)} AS SELECT ${spec.columns.map((c) => selectExpr(c, rawTypes.get(c.name))).join(', ')} FROM ${q(rawTable)} ORDER BY rowid`);
  } catch (e) {
    await diagnoseCast(db, file, spec, rawTable, rawTypes);
    fail(file, `数据无法转换为语料表结构（${engineMessage(e)}）`, `the data does not convert to the corpus schema (${engineMessage(e)})`);
  }

  const required = spec.columns.filter((c) => !c.nullable && (c.type !== 'VARCHAR' || ID_COLUMNS.has(c.name)));
  if (required.length > 0) {
    const counts = required.map((c, i) => `count(*) FILTER (WHERE ${q(c.name)} IS NULL${ID_COLUMNS.has(c.name) ? ` OR ${q(c.name)} = ''` : ''}) AS n${String(i)}`);
    const r = await db.query(`SELECT ${counts.join(', ')} FROM ${q(typedTable)}`);
    const row = r.rows[0] ?? {};
    const idx = required.findIndex((_, i) => Number(row[`n${String(i)}`] ?? 0) > 0);
    const col = required[idx];
    if (col) {
      const n = String(row[`n${String(idx)}`]);
      fail(file, `列 ${col.name} 不能为空（${n} 行为空）`, `column ${col.name} must not be empty (${n} rows are)`);
    }
  }
}

/** Report ids unique in `reports` and `report_values`, and every other table pointing at a report of this load. */
export async function checkReferences(db: DbConnector, staged: ReadonlyMap<CorpusTableName, { file: string; table: string }>): Promise<void> {
  const reports = staged.get('reports');
  if (!reports) return;
  for (const name of ['reports', 'report_values'] as const) {
    const s = staged.get(name);
    if (!s) continue;
    const d = await db.query(`SELECT report_id, count(*) AS n FROM ${q(s.table)} GROUP BY report_id HAVING count(*) > 1 ORDER BY report_id LIMIT 1`);
    const dup = d.rows[0];
    if (dup) {
      fail(s.file, `报告标识 ${String(dup.report_id)} 出现 ${String(dup.n)} 次（应唯一）`, `report id ${String(dup.report_id)} occurs ${String(dup.n)} times (must be unique)`);
    }
  }
  for (const [name, s] of staged) {
    if (name === 'reports') continue;
    const r = await db.query(
      `SELECT t.report_id, count(*) OVER () AS n FROM ${q(s.table)} t ANTI JOIN ${q(reports.table)} r ON r.report_id = t.report_id ORDER BY t.report_id LIMIT 1`,
    );
    const orphan = r.rows[0];
    if (orphan) {
      fail(
        s.file,
        `${String(orphan.n)} 行引用了 reports 中不存在的报告（如 ${String(orphan.report_id)}）`,
        `${String(orphan.n)} rows refer to reports that are not in reports (e.g. ${String(orphan.report_id)})`,
      );
    }
  }
}
