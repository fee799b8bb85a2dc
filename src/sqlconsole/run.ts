/**
 * Running console input safely: the guard first, then each statement in turn on the connector.
 * Nothing runs unless every statement passed, so a refused input leaves the corpus untouched.
 * Restoring the corpus after scratch work is the store's business (reload from the manifest).
 */
import type { DbConnector, QueryResult } from '../db/connector';
import type { Bilingual } from '../model/report';
import { guardSql, type GuardOptions, type StatementVerdict } from './guard';

export type ConsoleOutcome =
  | { readonly ok: true; readonly result: QueryResult; readonly statements: readonly StatementVerdict[]; readonly ms: number }
  | { readonly ok: false; readonly error: Bilingual; readonly refused: boolean; readonly statements: readonly StatementVerdict[] };

/**
 * Guards `sql` and runs its statements one after another; the result is the last statement's.
 * An engine error stops the run and is returned bilingually with the engine's own text.
 */
export async function runConsoleSql(db: Pick<DbConnector, 'query'>, sql: string, opts: GuardOptions & { signal?: AbortSignal } = {}): Promise<ConsoleOutcome> {
  const g = guardSql(sql, opts);
  if (!g.ok) return { ok: false, error: g.reason, refused: true, statements: g.statements };
  const t0 = Date.now();
  let result: QueryResult = { columns: [], rows: [] };
  for (const [i, s] of g.statements.entries()) {
    try {
      result = await db.query(s.sql, opts.signal ? { signal: opts.signal, interruptible: true } : { interruptible: true });
    } catch (e) {
      if (e instanceof Error && e.name === 'AbortError') throw e;
      const m = e instanceof Error ? e.message : String(e);
      const n = String(i + 1);
      return { ok: false, refused: false, statements: g.statements, error: { zh: `第${n}条语句出错：${m}`, en: `Statement ${n} failed: ${m}` } };
    }
  }
  return { ok: true, result, statements: g.statements, ms: Date.now() - t0 };
}
