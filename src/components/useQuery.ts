/** React hook: runs one SQL statement through the shared executor, cancelling it when the SQL or the view changes. */
import { useEffect, useState } from 'react';
import type { QueryResult } from '../db/connector';
import { isAbortError } from '../db/connector';
import { useApp } from '../store/store';
import type { Bilingual } from '../model/report';
import { errorMessage, runQuery } from './engine';
import { useWarmingUp } from './viewWarmup';

/** Loading indicators appear only for queries slower than this (the 200 ms rule). */
export const SLOW_MS = 200;

export interface QueryState {
  /** The query has not answered yet. */
  readonly loading: boolean;
  /** Still loading after SLOW_MS: show a loading state. */
  readonly slow: boolean;
  readonly result: QueryResult | null;
  readonly error: Bilingual | null;
}

interface Settled {
  readonly key: string;
  readonly result: QueryResult | null;
  readonly error: Bilingual | null;
}

/**
 * `sql === null` means "nothing to ask" (e.g. no agency chosen). Results are keyed by the corpus
 * generation too, so loading a new corpus re-runs every visible query.
 */
export function useQuery(sql: string | null, slot: string): QueryState {
  const generation = useApp((s) => s.corpus.generation);
  const ready = useApp((s) => s.corpus.info !== null);
  const key = sql !== null && ready ? `${String(generation)}\u0000${sql}` : null;
  const [settled, setSettled] = useState<Settled | null>(null);
  const [slowKey, setSlowKey] = useState<string | null>(null);
  const warming = useWarmingUp();

  useEffect(() => {
    if (key === null || sql === null) return undefined;
    const ac = new AbortController();
    const timer = setTimeout(() => { setSlowKey(key); }, SLOW_MS);
    // A view rendered for warm-up asks as background work, and in no slot (a slot would cancel the
    // same card's query on screen).
    runQuery(sql, warming ? { signal: ac.signal, background: true } : { signal: ac.signal, slot }).then(
      (result) => { if (!ac.signal.aborted) setSettled({ key, result, error: null }); },
      (e: unknown) => { if (!ac.signal.aborted && !isAbortError(e)) setSettled({ key, result: null, error: errorMessage(e) }); },
    ).finally(() => { clearTimeout(timer); });
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
  }, [key, sql, slot, warming]);

  const mine = settled !== null && settled.key === key ? settled : null;
  return {
    loading: key !== null && mine === null,
    slow: key !== null && mine === null && slowKey === key,
    result: mine?.result ?? null,
    error: mine?.error ?? null,
  };
}
