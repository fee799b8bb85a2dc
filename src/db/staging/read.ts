/**
 * Reading one corpus file into a raw staging table, untyped as far as possible: CSV as VARCHAR
 * through DuckDB's reader, Parquet decoded in JS (hyparquet; DuckDB-WASM has no offline Parquet
 * reader) and inserted as Arrow IPC. Types are enforced afterwards against the schema.
 */
import { Bool, Float64, Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { DbConnector } from '../connector';
import { engineMessage, fail } from './messages';

export type FileFormat = 'parquet' | 'csv';

const PAR1 = [0x50, 0x41, 0x52, 0x31];

/** Format from the extension, else from the bytes (Parquet starts and ends with `PAR1`). */
export function detectFormat(name: string, bytes: Uint8Array): FileFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  if (lower.endsWith('.csv')) return 'csv';
  if (bytes.length >= 8 && PAR1.every((b, i) => bytes[i] === b)) return 'parquet';
  return null;
}

export const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

let fileSeq = 0;

/** Creates `rawTable` from a CSV buffer; every column VARCHAR, "" kept apart from an empty field (NULL). */
export async function readCsv(db: DbConnector, file: string, bytes: Uint8Array, rawTable: string): Promise<void> {
  if (bytes.length === 0) fail(file, '文件为空', 'the file is empty');
  const header = csvHeader(bytes);
  if (header.length === 0 || header.some((h) => h === '')) fail(file, '首行不是列名', 'the first line is not a header of column names');
  if (new Set(header).size !== header.length) fail(file, '列名重复', 'duplicate column names');
  fileSeq += 1;
  const reg = `atlas_load_${String(fileSeq)}.csv`;
  await db.registerFileBuffer(reg, bytes);
  // Every column as text: the schema check then names the first value that does not fit its type.
  const columns = header.map((h) => `'${h.replace(/'/g, "''")}': 'VARCHAR'`).join(', ');
  try {
    await db.exec(
      `CREATE TABLE ${q(rawTable)} AS SELECT * FROM read_csv('${reg}', header = true, columns = {${columns}}, ` +
        `allow_quoted_nulls = false, delim = ',', quote = '"', escape = '"', auto_detect = false)`,
    );
  } catch (e) {
    fail(file, `不是可读的 CSV 文件（${engineMessage(e)}）`, `not a readable CSV file (${engineMessage(e)})`);
  } finally {
    // The rows now live in the staging table; the registered copy would only hold memory.
    await db.dropFile?.(reg).catch(() => undefined);
  }
}

/** Column names from the first CSV record (RFC 4180 quoting; a UTF-8 BOM is dropped by the decoder). */
export function csvHeader(bytes: Uint8Array): string[] {
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field.trim());
      field = '';
    } else if (ch === '\n' || ch === '\r') break;
    else field += ch;
  }
  fields.push(field.trim());
  return fields.length === 1 && fields[0] === '' ? [] : fields;
}

/** Validity bitmap (bit set = value present) and the number of nulls. */
function validity(values: readonly unknown[]): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null || values[i] === undefined) nulls++;
    else bitmap[i >> 3] = (bitmap[i >> 3] ?? 0) | (1 << (i & 7));
  }
  return { bitmap, nulls };
}

// Vectors are assembled from typed buffers: vectorFromArray's builders are several times slower,
// which a 100k-row cells table feels.
function float64Vector(values: readonly unknown[]): Vector {
  const data = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) data[i] = Number(v);
  }
  const { bitmap, nulls } = validity(values);
  return makeVector(makeData({ type: new Float64(), length: values.length, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : null, data }));
}

function boolVector(values: readonly unknown[]): Vector {
  const data = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) if (values[i] === true) data[i >> 3] = (data[i >> 3] ?? 0) | (1 << (i & 7));
  const { bitmap, nulls } = validity(values);
  return makeVector(makeData({ type: new Bool(), length: values.length, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : null, data }));
}

const encoder = new TextEncoder();

function utf8Vector(values: readonly (string | null)[]): Vector {
  const offsets = new Int32Array(values.length + 1);
  let buf = new Uint8Array(1024);
  let pos = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && v.length > 0) {
      const need = pos + v.length * 3;
      if (need > buf.length) {
        const grown = new Uint8Array(Math.max(need, buf.length * 2));
        grown.set(buf.subarray(0, pos));
        buf = grown;
      }
      pos += encoder.encodeInto(v, buf.subarray(pos)).written;
    }
    offsets[i + 1] = pos;
  }
  const { bitmap, nulls } = validity(values);
  return makeVector(makeData({ type: new Utf8(), length: values.length, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : null, valueOffsets: offsets, data: buf.subarray(0, pos) }));
}

function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

function toArrow(values: readonly unknown[]): Vector {
  let numeric = true;
  let boolean = true;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number' && typeof v !== 'bigint') numeric = false;
    if (typeof v !== 'boolean') boolean = false;
    if (!numeric && !boolean) break;
  }
  if (numeric) return float64Vector(values);
  if (boolean) return boolVector(values);
  // Anything else travels as text; the schema check then says which value does not fit.
  return utf8Vector(values.map(asText));
}

/** Creates `rawTable` from a Parquet buffer, decoded in JS. */
export async function readParquet(db: DbConnector, file: string, bytes: Uint8Array, rawTable: string): Promise<void> {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let names: string[];
  const chunks = new Map<string, { rowStart: number; data: ArrayLike<unknown> }[]>();
  let numRows = 0;
  try {
    const md = parquetMetadata(ab);
    names = parquetSchema(md).children.map((c) => c.element.name);
    numRows = Number(md.num_rows);
    // Column chunks straight into columns: no row objects in between.
    await parquetRead({
      file: ab,
      compressors,
      onChunk: (c) => {
        const list = chunks.get(c.columnName) ?? [];
        list.push({ rowStart: c.rowStart, data: c.columnData });
        chunks.set(c.columnName, list);
      },
    });
  } catch (e) {
    fail(file, `不是可读的 Parquet 文件（${engineMessage(e)}）`, `not a readable Parquet file (${engineMessage(e)})`);
  }
  if (new Set(names).size !== names.length) fail(file, '列名重复', 'duplicate column names');
  const columns: Record<string, Vector> = {};
  for (const n of names) {
    const values: unknown[] = new Array<unknown>(numRows).fill(null);
    for (const c of chunks.get(n) ?? []) {
      for (let i = 0; i < c.data.length; i++) values[c.rowStart + i] = c.data[i];
    }
    columns[n] = toArrow(values);
  }
  const table = new Table(columns);
  await db.insertArrowIPC(rawTable, tableToIPC(table, 'stream'));
}

/** Column names of a table, in order. */
export async function columnsOf(db: DbConnector, table: string): Promise<string[]> {
  const r = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = '${table.replace(/'/g, "''")}' ORDER BY ordinal_position`);
  return r.rows.map((row) => String(row.column_name));
}
