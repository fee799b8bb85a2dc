/**
 * What the app knows about the loaded corpus. Only plain values live here: the DuckDB handle and
 * load promises stay in the data layer, so a failed load can never leave half a corpus in the state.
 */
import type { StateCreator } from 'zustand';
import type { Bilingual } from '../model/report';

/** Mirrors the loader's `CorpusSummary` (structurally), so the store does not depend on the DB layer. */
export interface CorpusInfo {
  readonly label: string;
  readonly reports: number;
  readonly agencies: number;
  readonly years: number[];
  readonly synthetic: boolean;
  readonly sources: string[];
}

export type CorpusStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface CorpusState {
  readonly status: CorpusStatus;
  /** The corpus that is live in the database; kept when a later load fails. */
  readonly info: CorpusInfo | null;
  /** Bumped on every successful load so views re-run their queries. */
  readonly generation: number;
  /** A load in progress on top of a live corpus (the user dropped files). */
  readonly replacing: boolean;
  readonly error: (Bilingual & { file?: string }) | null;
  /**
   * `info` comes from the default corpus's warm-start file and the database is not live yet: the
   * first screen's queries are answered from the file, every other one waits (src/corpus/warm.ts).
   */
  readonly warm: boolean;
}

export const INITIAL_CORPUS: CorpusState = { status: 'idle', info: null, generation: 0, replacing: false, error: null, warm: false };

export function corpusLoading(s: CorpusState): CorpusState {
  return { ...s, status: s.info && !s.warm ? s.status : 'loading', replacing: s.info !== null && !s.warm, error: null };
}

/** The warm-start answers arrived before any corpus was live: views may render from them. */
export function corpusWarm(s: CorpusState, info: CorpusInfo): CorpusState {
  if (s.info !== null) return s;
  return { ...s, status: 'loading', info, generation: s.generation + 1, warm: true };
}

/**
 * A corpus is live. `sameAsWarm`: it is the corpus the warm-start answers were computed from, so
 * the views keep what they show (same generation: nothing re-runs); any other load re-runs them.
 */
export function corpusLoaded(s: CorpusState, info: CorpusInfo, sameAsWarm = false): CorpusState {
  return { status: 'ready', info, generation: sameAsWarm && s.warm ? s.generation : s.generation + 1, replacing: false, error: null, warm: false };
}

/**
 * A failed load keeps the corpus that was live: the database swap is atomic, so the state must be
 * too. Warm-start answers are not a live corpus: after a failure they are gone.
 */
export function corpusFailed(s: CorpusState, error: Bilingual & { file?: string }): CorpusState {
  if (s.warm) return { ...s, status: 'error', info: null, generation: s.generation + 1, replacing: false, error, warm: false };
  return { ...s, status: s.info ? 'ready' : 'error', replacing: false, error };
}

export interface CorpusSlice {
  corpus: CorpusState;
  markCorpusLoading: () => void;
  markCorpusWarm: (info: CorpusInfo) => void;
  markCorpusLoaded: (info: CorpusInfo, sameAsWarm?: boolean) => void;
  markCorpusFailed: (error: Bilingual & { file?: string }) => void;
}

export const createCorpusSlice: StateCreator<CorpusSlice, [], [], CorpusSlice> = (set) => ({
  corpus: INITIAL_CORPUS,
  markCorpusLoading: () => { set((s) => ({ corpus: corpusLoading(s.corpus) })); },
  markCorpusWarm: (info) => { set((s) => ({ corpus: corpusWarm(s.corpus, info) })); },
  markCorpusLoaded: (info, sameAsWarm) => { set((s) => ({ corpus: corpusLoaded(s.corpus, info, sameAsWarm) })); },
  markCorpusFailed: (error) => { set((s) => ({ corpus: corpusFailed(s.corpus, error) })); },
});
