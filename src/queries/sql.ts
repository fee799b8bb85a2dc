/** Literal and identifier quoting for the SQL builders: every value from the corpus or the URL goes through here. */

const NUL = String.fromCharCode(0);

/** A SQL string literal; quotes are doubled and NUL (which DuckDB rejects) is dropped. */
export function sqlString(s: string): string {
  return `'${s.replaceAll(NUL, '').replace(/'/g, "''")}'`;
}

/** A quoted identifier (table or column name). */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll(NUL, '').replace(/"/g, '""')}"`;
}

/** A finite number as a literal; anything else is a programming error, not data to pass on. */
export function sqlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${String(n)}`);
  return String(n);
}

/**
 * Wide to long without UNPIVOT: `unnest` of two parallel lists gives one row per name, keeping
 * NULL values (UNPIVOT drops them and its syntax differs between DuckDB versions).
 */
export function unnestPairs(names: readonly string[], alias: string, nameCol: string, valueCol: string): string {
  return `unnest([${names.map(sqlString).join(', ')}]) AS ${nameCol}, unnest([${names.map((n) => `${alias}.${sqlIdent(n)}`).join(', ')}]) AS ${valueCol}`;
}
