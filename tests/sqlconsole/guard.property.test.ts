import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardSql } from '../../src/sqlconsole/guard';

const WRITES = ['DROP TABLE reports', 'DELETE FROM checks', 'INSERT INTO cells VALUES (1)', 'UPDATE reports SET year = 1', 'CREATE TABLE t (a INT)', "COPY reports TO 'x.csv'", 'ATTACH \'x\' AS y', 'SET threads = 1', 'ALTER TABLE reports ADD COLUMN z INT'];
const write = fc.constantFrom(...WRITES);
/** Text that cannot close a quote or comment it is put in. */
const inert = fc.string({ maxLength: 20 }).map((s) => s.replace(/['"$*\\/\n-]/g, ' '));

describe('guardSql properties', () => {
  it('a write statement anywhere in the input refuses it, whatever read statements surround it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('SELECT 1', 'FROM reports', 'SHOW TABLES', 'DESCRIBE checks'), { maxLength: 3 }), write, fc.array(fc.constantFrom('SELECT 2', 'SUMMARIZE cells'), { maxLength: 3 }), fc.constantFrom(';', ';\n', ' ;  '), fc.boolean(), (before, w, after, sep, lower) => {
        const sql = [...before, lower ? w.toLowerCase() : w, ...after].join(sep);
        expect(guardSql(sql).ok).toBe(false);
      }),
    );
  });

  it('write keywords hidden in comments, strings and quoted identifiers never refuse a SELECT', () => {
    fc.assert(
      fc.property(write, inert, fc.constantFrom('line', 'block', 'string', 'ident', 'dollar'), (w, pad, where) => {
        const hidden =
          where === 'line' ? `-- ${pad} ${w}; \n` :
          where === 'block' ? `/* ${pad}; ${w}; */` :
          where === 'string' ? `'${pad}; ${w.replace(/'/g, "''")}'` :
          where === 'ident' ? `"${pad}; ${w.replace(/"/g, '""')}"` :
          `$$${pad}; ${w}$$`;
        const sql = where === 'line' || where === 'block' ? `${hidden} SELECT 1` : `SELECT ${hidden} AS x`;
        expect(guardSql(sql), sql).toMatchObject({ ok: true });
      }),
    );
  });
});
