/**
 * Arrow record batches (what DuckDB-WASM hands over) as plain row objects. Text columns are decoded
 * in bulk: reading a string through the vector's `get` runs one `TextDecoder.decode` per value, and
 * a region audit's 6,000 report rows made ~10^5 such calls, 190 ms of the step's main-thread time
 * (bench/SCALE.md, round 5). A column's bytes are decoded once and cut at its offsets instead.
 */
import { Type, type Data, type DataType, type RecordBatch, type Vector } from 'apache-arrow';

function hasMethod<K extends string>(v: object, k: K): v is Record<K, () => unknown> {
  return typeof (v as Record<string, unknown>)[k] === 'function';
}

/** Arrow values as plain JS (toJSON turns a vector into an array, a struct row into an object); bigints to numbers. */
export function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date || v instanceof Uint8Array) return v;
  if (hasMethod(v, 'toJSON')) return plain(v.toJSON());
  if (Array.isArray(v)) return v.map(plain);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
}

const decoder = new TextDecoder();

/**
 * The `n` strings of a UTF-8 column given by its bytes and its n + 1 byte offsets: one decode of the
 * whole range, then each value cut at the UTF-16 index its byte offset maps to (a lead byte starts a
 * code point; a 4-byte one is two UTF-16 units). Null when the bytes are not valid UTF-8 (the
 * mapping would not hold): the caller then decodes value by value.
 *
 * A value whose bytes repeat the previous value's is that same string, not a new one: a table's
 * rows come in its stored order, where an agency's name, region and type repeat over its years and
 * a province's name over all its rows. A region audit's 7,273 report rows carried 72,000 strings,
 * all alive at the next garbage collection of the page (a 12 ms scavenge in a profiled step, which
 * copies what survives); 72 % of them repeat the row before (bench/SCALE.md, round 16).
 */
export function utf8Values(bytes: Uint8Array, offsets: ArrayLike<number>, n: number): string[] | null {
  const start = offsets[0] ?? 0;
  const end = offsets[n] ?? start;
  const text = decoder.decode(bytes.subarray(start, end));
  const out = new Array<string>(n);
  // The previous value and its length in bytes. A value of as many bytes that the text continues
  // with where it starts is the same value (UTF-8 decodes one way): compared in the decoded text,
  // natively, where a loop over the bytes was 3 ms of a region audit's decoding.
  let prev = '';
  let prevLen = -1;
  // Without a replacement character the text is the bytes' exact decoding.
  const exact = !text.includes('\uFFFD');
  if (text.length === end - start && exact) {
    // One UTF-16 unit per byte and no replacement character: every byte is ASCII (ids, dates,
    // codes), so offsets need no mapping (valid non-ASCII text decodes shorter than its bytes).
    for (let i = 0; i < n; i++) {
      const a = offsets[i] ?? end;
      const len = (offsets[i + 1] ?? end) - a;
      if (len !== prevLen || !text.startsWith(prev, a - start)) {
        prev = text.slice(a - start, a - start + len);
        prevLen = len;
      }
      out[i] = prev;
    }
    return out;
  }
  let b = start;
  let ch = 0;
  for (let i = 0; i < n; i++) {
    const stop = offsets[i + 1] ?? end;
    if (exact && stop - b === prevLen && text.startsWith(prev, ch)) {
      out[i] = prev;
      ch += prev.length;
      b = stop;
      continue;
    }
    const from = ch;
    prevLen = stop - b;
    for (; b < stop; b++) {
      const c = bytes[b] ?? 0;
      if ((c & 0xc0) !== 0x80) ch += c >= 0xf0 ? 2 : 1;
    }
    prev = text.slice(from, ch);
    out[i] = prev;
  }
  return ch === text.length ? out : null;
}

/**
 * Whether value `j` of an unsliced, non-union Data is valid, read from its bitmap; null when it has
 * no NULL. Arrow's `getValid` reads two getters (`nullable`, `nullCount`) per call: 8 ms of a region
 * audit's decoding in a profile (bench/SCALE.md, round 11).
 */
function validity(d: Data): ((j: number) => boolean) | null {
  if (d.nullCount === 0) return null;
  const bits = d.nullBitmap;
  if (bits.length === 0) return null;
  return (j) => (((bits[j >> 3] ?? 0) >> (j & 7)) & 1) === 1;
}

/** A Data's strings (null where NULL), or null when its buffers are sliced or not UTF-8 (then the caller reads value by value). */
function dataStrings(d: Data): (string | null)[] | null {
  if (d.offset !== 0) return null;
  const strings = utf8Values(d.values as Uint8Array, d.valueOffsets as Int32Array, d.length);
  if (strings === null) return null;
  const valid = validity(d);
  return valid === null ? strings : strings.map((x, j) => (valid(j) ? x : null));
}

/**
 * The values of one batch's column, straight from its buffers (null for a type read value by
 * value, or a sliced Data): text from one decode of its bytes, numbers from the typed array,
 * booleans from the bitmap, text lists cut from one decode of their child's bytes. Value by value
 * through Arrow's `get` the non-text ones took a third of a region audit's row reading
 * (bench/SCALE.md, round 8). DuckDB-WASM's batches are never sliced.
 */
function directValues(d: Data): unknown[] | null {
  if (d.offset !== 0) return null;
  const type = d.type;
  if (type.typeId === Type.Utf8) return dataStrings(d);
  // Read once: `nullCount` is a getter, and per value it was 6 ms of a region audit's decoding.
  const bitmap = validity(d);
  const valid = (j: number): boolean => bitmap === null || bitmap(j);
  if (type.typeId === Type.Float || (type.typeId === Type.Int && (type as DataType<Type.Int> & { bitWidth: number }).bitWidth <= 32)) {
    const values = d.values as ArrayLike<number>;
    return Array.from({ length: d.length }, (_, j) => (valid(j) ? values[j] ?? null : null));
  }
  if (type.typeId === Type.Bool) {
    const bits = d.values as Uint8Array;
    return Array.from({ length: d.length }, (_, j) => (valid(j) ? (((bits[j >> 3] ?? 0) >> (j & 7)) & 1) === 1 : null));
  }
  const child = d.children[0];
  if (type.typeId === Type.List && child !== undefined && child.type.typeId === Type.Utf8) {
    const items = dataStrings(child);
    if (items === null) return null;
    const offsets = d.valueOffsets as Int32Array;
    return Array.from({ length: d.length }, (_, j) => (valid(j) ? items.slice(offsets[j] ?? 0, offsets[j + 1] ?? 0) : null));
  }
  return null;
}

/** Every value of a column as plain JS, NULL as null. */
function columnValues(v: Vector | null, n: number): unknown[] {
  if (v === null) return new Array<unknown>(n).fill(null);
  const direct: unknown[] = [];
  for (const d of v.data as Data[]) {
    const xs = directValues(d);
    if (xs === null) break;
    for (const x of xs) direct.push(x);
  }
  if (direct.length === n) return direct;
  const out = new Array<unknown>(n);
  for (let j = 0; j < n; j++) out[j] = plain(v.get(j));
  return out;
}

/** Builds row `j` of a batch from its columns' values (`cols[i]`: column i's values). */
export type RowMaker = (cols: readonly (readonly unknown[])[], j: number) => Record<string, unknown>;

/** Makers by column list: a statement's batches share one, and so do the statements a view repeats. */
const makers = new Map<string, RowMaker | null>();
const MAKERS_KEPT = 64;

/**
 * A function whose one object literal is a row of these columns, or null where the page may not
 * compile code (a content security policy without 'unsafe-eval') or a column is named `__proto__`
 * (which a literal would take as the prototype). Each row then gets all its properties at once, in
 * its own fields: assigned one by one under names the code does not know, every store went through
 * V8's generic keyed path, and the properties past the fourth to a second allocation. A region
 * audit's 7,273 report rows of 13 columns took 15 ms of its step's main thread that way in a
 * profile; in Node that way took 3.5–4.4 times as long as the literal (bench/SCALE.md, round 17).
 */
export function rowMaker(names: readonly string[]): RowMaker | null {
  const key = JSON.stringify(names);
  let maker = makers.get(key);
  if (maker !== undefined) return maker;
  maker = compileRowMaker(names);
  if (makers.size >= MAKERS_KEPT) makers.delete(makers.keys().next().value ?? key);
  makers.set(key, maker);
  return maker;
}

function compileRowMaker(names: readonly string[]): RowMaker | null {
  if (names.includes('__proto__')) return null;
  // Each name is a string literal (JSON.stringify escapes it), each value read from the arguments.
  const body = `return {${names.map((name, i) => `${JSON.stringify(name)}: c[${String(i)}][j] ?? null`).join(', ')}};`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- no caller text reaches the code but as a quoted key
    return new Function('c', 'j', body) as RowMaker;
  } catch {
    return null;
  }
}

/**
 * Appends a batch's rows to `rows` as objects keyed by `names` (the schema's field names, in
 * order), each made by the columns' `rowMaker`. Without one, properties are assigned one by one (no
 * array of pairs per row: fromEntries made a region audit's rows a tenth of its step's garbage); a
 * column named `__proto__` is defined, so it stays an own property instead of setting the prototype.
 * `compiled` false takes that path always (what a page that may not compile code gets).
 */
export function appendBatchRows(rows: Record<string, unknown>[], batch: RecordBatch, names: readonly string[], compiled = true): void {
  const n = batch.numRows;
  const cols = names.map((_, i) => columnValues(batch.getChildAt(i), n));
  const make = compiled ? rowMaker(names) : null;
  if (make !== null) {
    for (let j = 0; j < n; j++) rows.push(make(cols, j));
    return;
  }
  for (let j = 0; j < n; j++) {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i] ?? '';
      const value = cols[i]?.[j] ?? null;
      if (name === '__proto__') Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
      else row[name] = value;
    }
    rows.push(row);
  }
}
