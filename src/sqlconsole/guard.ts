/**
 * The SQL console's safety gate: a statement runs only when it is known to be read-only.
 *
 * The text is tokenised the way DuckDB lexes it (line and nested block comments, '…' strings with
 * doubled quotes, E'…' strings with backslash escapes, "…" identifiers, $tag$…$tag$ strings), split
 * into statements at top-level semicolons, and each statement is judged by its leading keyword.
 * Unknown leading keywords are refused: the list of read-only statements is short and stable,
 * the list of modifying ones is not. Keywords inside comments, strings and quoted identifiers never
 * count, so `SELECT 'drop'` and `-- drop` run while `SELECT 1; DROP TABLE x` is refused whole.
 */
import { CORPUS_TABLES, HELPER_VIEWS, INTERNAL_TABLES, INTERNAL_VIEWS, PRECOMPUTED_VIEWS } from '../corpus/schema';
import type { Bilingual } from '../model/report';

/** Protected names: a scratch object may not shadow them (a TEMP `reports` would hide the corpus). */
export const CORPUS_OBJECTS: readonly string[] = [...CORPUS_TABLES.map((t) => t.name), ...HELPER_VIEWS, ...INTERNAL_VIEWS, ...INTERNAL_TABLES, ...PRECOMPUTED_VIEWS];

type Token = { readonly kind: 'word'; readonly text: string; readonly upper: string } | { readonly kind: 'ident' | 'string' | 'symbol'; readonly text: string };

export type TokenizeResult = { ok: true; statements: Token[][]; texts: string[] } | { ok: false; reason: Bilingual };

const WORD = /[\p{L}_][\p{L}\p{N}_$]*/uy;

/** Statements of `sql` as token lists (comments dropped) plus their source text; an unterminated string or comment is an error. */
export function tokenize(sql: string): TokenizeResult {
  const statements: Token[][] = [];
  const texts: string[] = [];
  let cur: Token[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  const unterminated = (zh: string, en: string): TokenizeResult => ({ ok: false, reason: { zh: `SQL 中有未结束的${zh}`, en: `The SQL has an unterminated ${en}` } });
  const endStatement = (end: number): void => {
    if (cur.length > 0) {
      statements.push(cur);
      texts.push(sql.slice(start, end).trim());
    }
    cur = [];
    start = end + 1;
  };
  while (i < n) {
    const ch = sql.charAt(i);
    const next = sql.charAt(i + 1);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (ch === '/' && next === '*') {
      // DuckDB (like PostgreSQL) nests block comments.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (sql.startsWith('*/', i)) {
          depth--;
          i += 2;
        } else i++;
      }
      if (depth > 0) return unterminated('注释', 'comment');
    } else if (ch === "'" || ((ch === 'E' || ch === 'e') && next === "'")) {
      const backslash = ch !== "'";
      let j = i + (backslash ? 2 : 1);
      for (;;) {
        if (j >= n) return unterminated('字符串', 'string');
        const c = sql.charAt(j);
        if (backslash && c === '\\') j += 2;
        else if (c === "'" && sql.charAt(j + 1) === "'") j += 2;
        else if (c === "'") break;
        else j++;
      }
      cur.push({ kind: 'string', text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (ch === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= n) return unterminated('标识符引号', 'quoted identifier');
        if (sql.charAt(j) === '"' && sql.charAt(j + 1) === '"') j += 2;
        else if (sql.charAt(j) === '"') break;
        else j++;
      }
      cur.push({ kind: 'ident', text: sql.slice(i + 1, j).replace(/""/g, '"') });
      i = j + 1;
    } else if (ch === '$' && /^\$([A-Za-z_]\w*)?\$/.test(sql.slice(i, i + 66))) {
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i, i + 66))?.[0] ?? '$$';
      const end = sql.indexOf(tag, i + tag.length);
      if (end < 0) return unterminated('$ 字符串', 'dollar-quoted string');
      cur.push({ kind: 'string', text: sql.slice(i, end + tag.length) });
      i = end + tag.length;
    } else if (ch === ';') {
      endStatement(i);
      i++;
    } else {
      WORD.lastIndex = i;
      const m = WORD.exec(sql);
      if (m) {
        cur.push({ kind: 'word', text: m[0], upper: m[0].toUpperCase() });
        i += m[0].length;
      } else {
        cur.push({ kind: 'symbol', text: ch });
        i++;
      }
    }
  }
  endStatement(n);
  return { ok: true, statements, texts };
}

/** Statements that only read. */
const READ_ONLY = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'DESCRIBE', 'DESC', 'SHOW', 'SUMMARIZE', 'PIVOT', 'UNPIVOT', 'PIVOT_WIDER', 'PIVOT_LONGER', 'EXPLAIN']);

/** PRAGMAs that only report; any other PRAGMA (or one with `=`) changes a setting. */
const READ_PRAGMAS = new Set([
  'table_info', 'show', 'show_tables', 'show_tables_expanded', 'show_databases', 'database_list', 'database_size', 'storage_info',
  'version', 'platform', 'functions', 'collations', 'metadata_info', 'user_agent',
]);

/** Keywords that write anywhere in a statement (a data-modifying CTE, EXPLAIN ANALYZE of a write). */
const WRITE_WORDS = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'DROP', 'CREATE', 'ALTER', 'COPY', 'ATTACH', 'DETACH', 'INSTALL', 'LOAD', 'SET', 'RESET', 'TRUNCATE',
  'MERGE', 'UPSERT', 'IMPORT', 'EXPORT', 'CHECKPOINT', 'VACUUM', 'CALL', 'PRAGMA', 'USE', 'PREPARE', 'EXECUTE', 'DEALLOCATE', 'GRANT', 'REVOKE', 'COMMENT',
  // Table functions that create tables when called from FROM.
  'DBGEN', 'DSDGEN',
]);

export type StatementKind = 'read' | 'scratch' | 'write';

export interface StatementVerdict {
  readonly kind: StatementKind;
  /** Source text of the statement (comments kept, trimmed). */
  readonly sql: string;
  /** The leading keyword (upper case), '' when it starts with something else. */
  readonly keyword: string;
  /** Why it is refused (write) or undefined. */
  readonly reason?: Bilingual;
}

export type GuardResult =
  | { readonly ok: true; readonly statements: readonly StatementVerdict[] }
  | { readonly ok: false; readonly reason: Bilingual; readonly statements: readonly StatementVerdict[] };

export interface GuardOptions {
  /**
   * Allow `CREATE [OR REPLACE] TEMP|TEMPORARY TABLE|VIEW name …` (and `DROP TABLE|VIEW [IF EXISTS] name`
   * of such a name) when the name is not a corpus object: scratch work that lives in the session
   * and never touches the loaded corpus. Off by default.
   */
  readonly allowScratch?: boolean;
}

const words = (ts: readonly Token[]): string[] => ts.flatMap((t) => (t.kind === 'word' ? [t.upper] : []));

function refuse(sql: string, keyword: string, zh: string, en: string): StatementVerdict {
  return { kind: 'write', sql, keyword, reason: { zh, en } };
}

function objectName(t: Token | undefined): string | null {
  if (!t) return null;
  if (t.kind === 'word' || t.kind === 'ident') return t.text.toLowerCase();
  return null;
}

/** The last part of a possibly qualified name starting at `i` (`temp.main.x` → x). */
function qualifiedName(ts: readonly Token[], i: number): string | null {
  let name = objectName(ts[i]);
  let j = i + 1;
  while (name !== null && ts[j]?.text === '.' && ts[j]?.kind === 'symbol') {
    name = objectName(ts[j + 1]);
    j += 2;
  }
  return name;
}

function scratchVerdict(ts: readonly Token[], sql: string): StatementVerdict | null {
  const w = ts.map((t) => (t.kind === 'word' ? t.upper : ''));
  let i: number;
  if (w[0] === 'CREATE') {
    i = 1;
    if (w[i] === 'OR' && w[i + 1] === 'REPLACE') i += 2;
    if (w[i] !== 'TEMP' && w[i] !== 'TEMPORARY') return null;
    i++;
    if (w[i] !== 'TABLE' && w[i] !== 'VIEW') return null;
    i++;
    if (w[i] === 'IF' && w[i + 1] === 'NOT' && w[i + 2] === 'EXISTS') i += 3;
  } else if (w[0] === 'DROP' && (w[1] === 'TABLE' || w[1] === 'VIEW')) {
    i = 2;
    if (w[i] === 'IF' && w[i + 1] === 'EXISTS') i += 2;
  } else return null;
  const name = qualifiedName(ts, i);
  if (name === null || CORPUS_OBJECTS.includes(name)) return null;
  // The body of a scratch CREATE … AS must itself only read.
  const rest = ts.slice(i + 1);
  if (w[0] === 'DROP' && rest.some((t) => t.kind !== 'symbol' || t.text !== ',')) {
    // `DROP TABLE a, reports` or `DROP TABLE x CASCADE`: not a single scratch name.
    return null;
  }
  if (words(rest).some((x) => WRITE_WORDS.has(x))) return null;
  return { kind: 'scratch', sql, keyword: w[0] };
}

function judge(ts: readonly Token[], sql: string, opts: GuardOptions): StatementVerdict {
  // `(SELECT …) UNION (SELECT …)`: look past leading parentheses.
  let k = 0;
  while (ts[k]?.kind === 'symbol' && ts[k]?.text === '(') k++;
  const first = ts[k];
  const keyword = first?.kind === 'word' ? first.upper : '';
  const all = words(ts);
  if (keyword === 'PRAGMA') {
    const name = objectName(ts[k + 1]);
    const setting = ts.some((t) => t.kind === 'symbol' && t.text === '=');
    if (name !== null && READ_PRAGMAS.has(name) && !setting) return { kind: 'read', sql, keyword };
    return refuse(sql, keyword, `PRAGMA ${name ?? ''} 可能更改设置，控制台只允许查看类 PRAGMA（如 table_info）`, `PRAGMA ${name ?? ''} may change a setting; the console only runs informational PRAGMAs such as table_info`);
  }
  if (READ_ONLY.has(keyword)) {
    // A write keyword anywhere (a data-modifying CTE, EXPLAIN ANALYZE of an INSERT) refuses the statement;
    // a column that happens to be named like one must be quoted ("set").
    const w = all.find((x) => WRITE_WORDS.has(x));
    if (w !== undefined) {
      return refuse(sql, keyword, `语句中含有修改操作 ${w}，控制台只运行只读查询`, `The statement contains ${w}, which modifies data; the console runs read-only queries only`);
    }
    return { kind: 'read', sql, keyword };
  }
  if (opts.allowScratch) {
    const s = scratchVerdict(ts, sql);
    if (s) return s;
  }
  const what = keyword === '' ? (first?.text ?? '') : keyword;
  return refuse(
    sql,
    keyword,
    `不能运行 ${what} 语句：控制台只运行只读查询（SELECT、WITH、DESCRIBE、SHOW、SUMMARIZE 等），以免改动已载入的语料`,
    `${what} statements are refused: the console runs read-only queries only (SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE…) so the loaded corpus cannot be damaged`,
  );
}

/**
 * Judges every statement of `sql`. `ok` only when every statement may run; otherwise `reason`
 * is the first refusal (the whole input is refused, so nothing runs half-way).
 */
export function guardSql(sql: string, opts: GuardOptions = {}): GuardResult {
  const t = tokenize(sql);
  if (!t.ok) return { ok: false, reason: t.reason, statements: [] };
  if (t.statements.length === 0) return { ok: false, reason: { zh: '没有可运行的语句', en: 'There is no statement to run' }, statements: [] };
  const statements = t.statements.map((ts, i) => judge(ts, t.texts[i] ?? '', opts));
  const bad = statements.find((s) => s.kind === 'write');
  return bad?.reason ? { ok: false, reason: bad.reason, statements } : { ok: true, statements };
}

/** Whether the whole input is read-only (no scratch statements either). */
export function isReadOnly(sql: string): boolean {
  const g = guardSql(sql);
  return g.ok && g.statements.every((s) => s.kind === 'read');
}
