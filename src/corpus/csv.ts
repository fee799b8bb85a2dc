/**
 * CSV in and out. Output is UTF-8 with a BOM (so spreadsheet programs detect the encoding of
 * Chinese text) and RFC 4180 quoting. No fs here: the same code runs in the browser.
 */
import type { OutputTableSpec } from './schema';
import type { CellValue, Row } from './rows';

const BOM = '\uFEFF';

function field(v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return numberText(v);
  // An empty string is quoted so it stays distinct from null (an empty field) in the file.
  return v === '' || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Shortest round-tripping decimal form (no exponent for ordinary magnitudes, so spreadsheets read it). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write ${n} to CSV`);
  return String(n);
}

/** The table as CSV text (with the BOM), header row = column names in schema order, CRLF line ends. */
export function toCsvText(spec: OutputTableSpec, rows: readonly Row[]): string {
  const names = spec.columns.map((c) => c.name);
  const lines = [names.join(',')];
  for (const r of rows) lines.push(names.map((n) => field(r[n] ?? null)).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

/** The table as UTF-8 CSV bytes (with the BOM). */
export function toCsv(spec: OutputTableSpec, rows: readonly Row[]): Uint8Array {
  return new TextEncoder().encode(toCsvText(spec, rows));
}

/**
 * Parses RFC 4180 CSV (a BOM, CRLF or LF line ends, quoted fields with doubled quotes and line
 * breaks) into records of strings. A trailing line end does not make an empty record.
 */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith(BOM) ? text.slice(1) : text;
  const records: string[][] = [];
  let rec: string[] = [];
  let cur = '';
  let quoted = false;
  let fieldStarted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      rec.push(cur);
      cur = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      rec.push(cur);
      records.push(rec);
      rec = [];
      cur = '';
      fieldStarted = false;
    } else {
      cur += ch;
      fieldStarted = true;
    }
  }
  if (fieldStarted || rec.length > 0) {
    rec.push(cur);
    records.push(rec);
  }
  return records;
}

/** Parses CSV with a header row into objects keyed by header name (missing trailing fields become ''). */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const [header, ...body] = parseCsv(text);
  if (!header) return [];
  return body
    .filter((r) => !(r.length === 1 && r[0] === ''))
    .map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ''])));
}
