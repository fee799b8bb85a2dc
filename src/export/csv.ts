/**
 * CSV for people who open it in Excel: UTF-8 with a BOM (otherwise Excel reads Chinese as GBK),
 * RFC 4180 quoting with CRLF, and formula neutralisation (CSV injection): a text cell that starts
 * with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`. Values that are numbers stay numbers, so
 * a genuine −3 (本年增/减) is still −3.
 */
import { normalizeColumns, type ColumnLike, type ExportRow, type ExportValue } from './table';

export const BOM = '\uFEFF';

// Quotes already in front are counted too, so that `unneutralizeFormula` can undo exactly one.
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** Prefixes a text cell that a spreadsheet would run as a formula. */
export function neutralizeFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/**
 * Undoes `neutralizeFormula` (for loaders reading our own CSV back): drops the one `'` it added.
 * `unneutralizeFormula(neutralizeFormula(s)) === s` for every string.
 */
export function unneutralizeFormula(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One cell as CSV text (without the separator). */
export function csvCell(v: ExportValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  return quote(neutralizeFormula(v));
}

/** The whole table as a CSV string: BOM, a header row of labels, CRLF line ends. */
export function toCsv(columns: readonly ColumnLike[], rows: readonly ExportRow[]): string {
  const cols = normalizeColumns(columns);
  const lines = [cols.map((c) => csvCell(c.label)).join(',')];
  for (const row of rows) lines.push(cols.map((c) => csvCell(row[c.key])).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
