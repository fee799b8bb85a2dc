/** React hook: runs the audit the selection allows (`auditSelection`), cancelled when the selection or corpus changes. */
import { useEffect, useState } from 'react';
import { AUDIT_REPORT_LIMIT, auditAheadSqls, auditSelection, createAuditCache, type AuditCache, type AuditOverview, type AuditResult } from '../../audit/run';
import type { FindingStatus } from '../../audit/findings';
import { isAbortError } from '../../db/connector';
import type { Bilingual } from '../../model/report';
import type { Filters } from '../../queries/filters';
import { errorMessage, runQuery } from '../../components/engine';
import { SLOW_MS } from '../../components/useQuery';
import { useApp } from '../../store/store';
import { useWarmingUp } from '../../components/viewWarmup';

export type AuditOutcome = { kind: 'full'; result: AuditResult } | { kind: 'overview'; overview: AuditOverview };

export interface AuditState {
  readonly loading: boolean;
  readonly slow: boolean;
  readonly result: AuditOutcome | null;
  readonly error: Bilingual | null;
}

interface Settled {
  readonly key: string;
  readonly result: AuditOutcome | null;
  readonly error: Bilingual | null;
}

/**
 * Every query goes through the shared executor (one slot per query text would cancel siblings, so
 * none); an audit rendered for warm-up asks as background work (src/components/viewWarmup.tsx).
 */
const connector = (background: boolean) => ({
  query: (sql: string, opts?: { signal?: AbortSignal }) => runQuery(sql, { ...(opts?.signal ? { signal: opts.signal } : {}), ...(background ? { background } : {}) }),
});
const db = connector(false);
const warmDb = connector(true);

/**
 * One cache for the loaded corpus: revisiting a selection, or toggling what only the findings
 * table depends on, reuses the coverage, copy and narrative work. A new corpus drops it.
 */
let cached: { generation: number; cache: AuditCache } | null = null;
function cacheFor(generation: number): AuditCache {
  if (cached?.generation !== generation) cached = { generation, cache: createAuditCache() };
  return cached.cache;
}

/**
 * The statements the Audit view will ask first for `f` and `statuses` on the corpus of `generation`
 * (`auditAheadSqls`, with what its cache knows of that corpus): for `subscribeAhead`.
 */
export function auditAhead(f: Filters, generation: number, statuses: readonly FindingStatus[]): string[] {
  return auditAheadSqls(f, cacheFor(generation), AUDIT_REPORT_LIMIT, statuses);
}

export function useAudit(f: Filters, statuses: readonly FindingStatus[]): AuditState {
  const generation = useApp((s) => s.corpus.generation);
  const ready = useApp((s) => s.corpus.info !== null);
  const key = ready ? JSON.stringify([generation, f, statuses]) : null;
  const [settled, setSettled] = useState<Settled | null>(null);
  const [slowKey, setSlowKey] = useState<string | null>(null);
  const warming = useWarmingUp();

  useEffect(() => {
    if (key === null) return undefined;
    const ac = new AbortController();
    const timer = setTimeout(() => { setSlowKey(key); }, SLOW_MS);
    auditSelection(warming ? warmDb : db, f, { statuses, signal: ac.signal, cache: cacheFor(generation) }).then(
      (result) => { if (!ac.signal.aborted) setSettled({ key, result, error: null }); },
      (e: unknown) => { if (!ac.signal.aborted && !isAbortError(e)) setSettled({ key, result: null, error: errorMessage(e) }); },
    ).finally(() => { clearTimeout(timer); });
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
    // `key` carries f and statuses by value: objects rebuilt on render must not re-run the audit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const mine = settled !== null && settled.key === key ? settled : null;
  return {
    loading: key !== null && mine === null,
    slow: key !== null && mine === null && slowKey === key,
    result: mine?.result ?? null,
    error: mine?.error ?? null,
  };
}
