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
}

export const INITIAL_CORPUS: CorpusState = { status: 'idle', info: null, generation: 0, replacing: false, error: null };

export function corpusLoading(s: CorpusState): CorpusState {
  return { ...s, status: s.info ? s.status : 'loading', replacing: s.info !== null, error: null };
}

export function corpusLoaded(s: CorpusState, info: CorpusInfo): CorpusState {
  return { status: 'ready', info, generation: s.generation + 1, replacing: false, error: null };
}

/** A failed load keeps the corpus that was live: the database swap is atomic, so the state must be too. */
export function corpusFailed(s: CorpusState, error: Bilingual & { file?: string }): CorpusState {
  return { ...s, status: s.info ? 'ready' : 'error', replacing: false, error };
}

export interface CorpusSlice {
  corpus: CorpusState;
  markCorpusLoading: () => void;
  markCorpusLoaded: (info: CorpusInfo) => void;
  markCorpusFailed: (error: Bilingual & { file?: string }) => void;
}

export const createCorpusSlice: StateCreator<CorpusSlice, [], [], CorpusSlice> = (set) => ({
  corpus: INITIAL_CORPUS,
  markCorpusLoading: () => { set((s) => ({ corpus: corpusLoading(s.corpus) })); },
  markCorpusLoaded: (info) => { set((s) => ({ corpus: corpusLoaded(s.corpus, info) })); },
  markCorpusFailed: (error) => { set((s) => ({ corpus: corpusFailed(s.corpus, error) })); },
});
