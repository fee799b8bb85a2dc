import { Bool, Float64, Int32, Int64, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAbortError, type DbConnector } from '../../src/db/connector';
import { createNodeDb } from '../../src/db/node';

let db: DbConnector;
beforeEach(async () => {
  db = await createNodeDb();
});
afterEach(async () => {
  await db.close();
});

describe('createNodeDb', () => {
  it('returns plain rows with numbers for BIGINT and HUGEINT, as the browser connector does', async () => {
    const r = await db.query(`SELECT count(*) AS n, sum(x) AS s, 'a''b' AS t, NULL::DOUBLE AS z, [1, 2] AS l FROM (VALUES (1), (2)) v(x)`);
    expect(r.columns.map((c) => c.name)).toEqual(['n', 's', 't', 'z', 'l']);
    expect(r.rows).toEqual([{ n: 2, s: 3, t: "a'b", z: null, l: [1, 2] }]);
  });

  it('creates a table from an Arrow IPC stream with its column types and nulls', async () => {
    const t = new Table({
      id: vectorFromArray(['甲', null, 'c'], new Utf8()),
      v: vectorFromArray([1.5, null, -2], new Float64()),
      i: vectorFromArray([1, 2, null], new Int32()),
      big: vectorFromArray([10n, null, 30n], new Int64()),
      b: vectorFromArray([true, false, null], new Bool()),
    });
    await db.insertArrowIPC('t', tableToIPC(t, 'stream'));
    const r = await db.query('SELECT * FROM t ORDER BY rowid');
    expect(r.rows).toEqual([
      { id: '甲', v: 1.5, i: 1, big: 10, b: true },
      { id: null, v: null, i: 2, big: null, b: false },
      { id: 'c', v: -2, i: null, big: 30, b: null },
    ]);
  });

  it('reads a registered buffer by its bare name and refuses path-like names', async () => {
    await db.registerFileBuffer('x.csv', new TextEncoder().encode('a,b\n1,二\n'));
    const r = await db.query(`SELECT * FROM read_csv('x.csv', header = true)`);
    expect(r.rows).toEqual([{ a: 1, b: '二' }]);
    await expect(db.registerFileBuffer('../evil.csv', new Uint8Array())).rejects.toThrow(/unsupported file name/);
  });

  it('runs exec with several statements and reports SQL errors', async () => {
    await db.exec('CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (7);');
    expect((await db.query('SELECT x FROM a')).rows).toEqual([{ x: 7 }]);
    await expect(db.query('SELECT nope FROM a')).rejects.toThrow(/nope/);
  });

  it('rejects an aborted query that is still waiting its turn without running it', async () => {
    await db.exec('CREATE TABLE log (x INTEGER)');
    const c = new AbortController();
    const first = db.query('SELECT count(*) AS n FROM range(3000000)');
    const queued = db.query('INSERT INTO log VALUES (1) RETURNING x', { signal: c.signal });
    c.abort();
    await expect(queued).rejects.toSatisfy(isAbortError);
    await first;
    expect((await db.query('SELECT count(*) AS n FROM log')).rows).toEqual([{ n: 0 }]);
  });
});
