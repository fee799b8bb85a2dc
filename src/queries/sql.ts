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

/** The years a bitmap counts in {@link distinctYearsSql}: 64 of them, one bit each. */
export const YEAR_BITS = { from: 1984, to: 2047 } as const;

/**
 * `count(DISTINCT col)` for a column of years (INTEGER), per group: the years from
 * `YEAR_BITS.from` to `YEAR_BITS.to` as bits of one UBIGINT (`bit_or`, then `bit_count`), any other
 * year by a distinct count over those rows alone, so the figure is exact for any year. A distinct
 * aggregate keeps a hash table of its own per group: per agency over 10^6 reports it took 288–335
 * ms natively on one thread against 55 for a sum, and 75 this way (bench/SCALE.md, round 22).
 */
export function distinctYearsSql(col: string): string {
  const inside = `${col} BETWEEN ${sqlNumber(YEAR_BITS.from)} AND ${sqlNumber(YEAR_BITS.to)}`;
  // `& 63` keeps the shift in range on every row, as the shift is computed before the filter; a
  // group without a year in the window has no bits (NULL), which counts 0.
  return `(coalesce(bit_count(bit_or(CAST(1 AS UBIGINT) << CAST((${col} - ${sqlNumber(YEAR_BITS.from)}) & 63 AS UTINYINT)) FILTER (WHERE ${inside})), 0) + count(DISTINCT ${col}) FILTER (WHERE NOT (${inside})))`;
}
