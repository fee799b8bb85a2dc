/**
 * Bulk decoding of text columns must give exactly what Arrow's own per-value reader gives: NULLs,
 * empty strings, CJK, 4-byte code points, and batches read back from IPC as DuckDB-WASM sends them.
 */
import { describe, expect, it } from 'vitest';
import { Bool, Field, Float64, Int32, List, Table, tableFromIPC, type RecordBatch, type Vector, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { appendBatchRows, plain, rowMaker, utf8Values } from '../../src/db/arrow-rows';

const TEXTS = ['辽宁省', null, '', 'a', '沈阳市工业和信息化局', '😀表三', null, '（一）予以公开', 'x'.repeat(300), '𠀋𠀋', ''];

/** The batches of a table as a reader on the other side of IPC sees them. */
function overIpc(t: Table): RecordBatch[] {
  return tableFromIPC(tableToIPC(t, 'stream')).batches;
}

describe('appendBatchRows', () => {
  it('gives the same rows as Arrow read value by value, batch by batch, after IPC', () => {
    // Built with fromEntries: a `__proto__` key in an object literal would set the prototype.
    const t = new Table(Object.fromEntries<Vector>([
      ['s', vectorFromArray(TEXTS, new Utf8())],
      ['n', vectorFromArray(TEXTS.map((x, i) => (x === null ? null : i * 1.5)), new Float64())],
      ['__proto__', vectorFromArray(TEXTS.map((x) => (x === null ? 'n' : x.slice(0, 2))), new Utf8())],
      // Read straight from their buffers: numbers (-0 and NaN too), booleans, lists of text.
      ['f', vectorFromArray(TEXTS.map((x, i) => (x === null ? null : [-0, Number.NaN, 2 ** 53, -1.25][i % 4] ?? 0)), new Float64())],
      ['i', vectorFromArray(TEXTS.map((x, i) => (i % 3 === 1 ? null : i - 5)), new Int32())],
      ['b', vectorFromArray(TEXTS.map((x, i) => (x === null ? null : i % 2 === 0)), new Bool())],
      ['l', vectorFromArray(TEXTS.map((x, i) => (i % 4 === 3 ? null : x === null ? [] : [x, 'active.x', null, '表'].slice(0, 1 + (i % 4)))), new List(new Field('item', new Utf8(), true)))],
    ]));
    const names = t.schema.fields.map((f) => f.name);
    const rows: Record<string, unknown>[] = [];
    const reference: Record<string, unknown>[] = [];
    for (const batch of overIpc(t)) {
      appendBatchRows(rows, batch, names);
      for (let j = 0; j < batch.numRows; j++) reference.push(Object.fromEntries(names.map((n, i) => [n, plain(batch.getChildAt(i)?.get(j))])));
    }
    expect(rows).toEqual(reference);
    expect(rows.map((r) => r.s)).toEqual(TEXTS);
    expect(Object.keys(rows[0] ?? {})).toContain('__proto__');
    expect(rows[1]?.n).toBeNull();
    expect(rows.map((r) => r.i)).toEqual(TEXTS.map((_x, i) => (i % 3 === 1 ? null : i - 5)));
    expect(rows.map((r) => r.b)).toEqual(TEXTS.map((x, i) => (x === null ? null : i % 2 === 0)));
    expect(rows[2]?.l).toEqual(['', 'active.x', null]);
    expect(rows[3]?.l).toBeNull();
    expect(Object.is(rows[0]?.f, -0)).toBe(true);
    // Batches of several Data chunks, and a second batch: the direct reading spans them.
    const two = new Table({ i: vectorFromArray([1, null, 3], new Int32()).concat(vectorFromArray([4, 5], new Int32())) });
    const joined: Record<string, unknown>[] = [];
    for (const batch of overIpc(two)) appendBatchRows(joined, batch, ['i']);
    expect(joined.map((r) => r.i)).toEqual([1, null, 3, 4, 5]);
  });

  it('builds rows with any column names as the one-by-one path does, and runs no name as code', () => {
    // Names a compiled object literal must keep as plain keys: quotes, line separators, braces and
    // code, numeric names (listed first by JS), a repeated name (the last value wins), the empty name.
    const names = ['a"b', 'x\u2028y\n', '}); throw new Error("ran"); ({', '10', 'constructor', 'dup', 'dup', '', '__proto__ ', '表'];
    const t = new Table(Object.fromEntries<Vector>(names.map((_, i) => [`c${String(i)}`, vectorFromArray(TEXTS.map((x) => (x === null ? null : `${String(i)}:${x}`)), new Utf8())])));
    // Compiled for these names (this test runs where code may be compiled); never for `__proto__`.
    expect(rowMaker(names)).not.toBeNull();
    expect(rowMaker(['a', '__proto__'])).toBeNull();
    const compiled: Record<string, unknown>[] = [];
    const loop: Record<string, unknown>[] = [];
    for (const batch of overIpc(t)) {
      appendBatchRows(compiled, batch, names);
      appendBatchRows(loop, batch, names, false);
    }
    expect(compiled).toEqual(loop);
    expect(compiled.map((r) => Object.keys(r))).toEqual(loop.map((r) => Object.keys(r)));
    expect(Object.keys(compiled[0] ?? {})).toEqual(['10', 'a"b', 'x\u2028y\n', '}); throw new Error("ran"); ({', 'constructor', 'dup', '', '__proto__ ', '表']);
    expect(compiled.map((r) => r.dup)).toEqual(TEXTS.map((x) => (x === null ? null : `6:${x}`)));
    expect(compiled[0]?.['}); throw new Error("ran"); ({']).toBe('2:辽宁省');
    expect(compiled[1]?.['a"b']).toBeNull();
    expect(Object.getPrototypeOf(compiled[0])).toBe(Object.prototype);
  });

  it('falls back to per-value decoding for a sliced column', () => {
    const t = new Table({ s: vectorFromArray(TEXTS, new Utf8()) }).slice(3, 9);
    const rows: Record<string, unknown>[] = [];
    for (const batch of t.batches) appendBatchRows(rows, batch, ['s']);
    expect(rows.map((r) => r.s)).toEqual(TEXTS.slice(3, 9));
  });
});

describe('utf8Values', () => {
  it('cuts one decode at the byte offsets, and refuses bytes that are not UTF-8', () => {
    const enc = new TextEncoder();
    const parts = ['政府', '', '😀', 'ab'].map((x) => enc.encode(x));
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    const offsets = [0];
    for (const p of parts) {
      bytes.set(p, offsets[offsets.length - 1] ?? 0);
      offsets.push((offsets[offsets.length - 1] ?? 0) + p.length);
    }
    expect(utf8Values(bytes, offsets, 4)).toEqual(['政府', '', '😀', 'ab']);
    // A lone continuation byte decodes to U+FFFD: the mapping no longer holds.
    expect(utf8Values(new Uint8Array([0x61, 0x80, 0x62]), [0, 2, 3], 2)).toBeNull();
  });

  it('cuts ASCII (ids, dates) and mixed text from offsets that do not start at 0', () => {
    const enc = new TextEncoder();
    expect(utf8Values(enc.encode('xxab2024-01-31cdef'), [2, 4, 4, 14, 18], 4)).toEqual(['ab', '', '2024-01-31', 'cdef']);
    // 'x' then 政 (3 bytes) then 'ab': the bytes from 1 are 政, '', 'ab'.
    expect(utf8Values(enc.encode('x政ab'), [1, 4, 4, 6], 3)).toEqual(['政', '', 'ab']);
  });

  it('gives each value as decoded alone, in runs of equal values and between equal-length ones', () => {
    // Runs (sorted answers repeat a province or an id row after row), equal byte lengths with
    // different bytes, empty values between equal ones, astral characters, ASCII-only columns.
    const alphabets = [['a', 'b', '0', '-'], ['政', '府', '市', 'a', '😀', '']];
    let seed = 7;
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor(seed / 65536) % n; };
    const enc = new TextEncoder();
    for (let round = 0; round < 300; round++) {
      const letters = alphabets[round % 2] ?? [];
      const values: string[] = [];
      for (let i = 0; i < 1 + rand(40); i++) {
        const prev = values[values.length - 1];
        values.push(prev !== undefined && rand(3) === 0 ? prev : Array.from({ length: rand(4) }, () => letters[rand(letters.length)] ?? '').join(''));
      }
      const parts = values.map((v) => enc.encode(v));
      const pad = rand(3);
      const bytes = new Uint8Array(pad + parts.reduce((n, p) => n + p.length, 0));
      const offsets = [pad];
      for (const p of parts) {
        bytes.set(p, offsets[offsets.length - 1] ?? 0);
        offsets.push((offsets[offsets.length - 1] ?? 0) + p.length);
      }
      expect(utf8Values(bytes, offsets, values.length)).toEqual(values);
    }
  });
});
