/**
 * Report import on the Data view: the pending list (files being parsed or waiting for review), the
 * user's corrections, the selection, and the accepted batches that can be undone. Plain values
 * only: the worker, DuckDB and the parsed files' bytes stay in `src/import`.
 */
import type { StateCreator } from 'zustand';
import type { Bilingual } from '../model/report';
import type { AcceptedBatch, IdentityEdits, ImportItem, ImportProgress } from '../import/types';

/** One row of the pending list. `key` is unique across sessions (an item's `index` only within its session). */
export interface PendingImport {
  readonly key: string;
  readonly session: number;
  readonly item: ImportItem;
}

export interface ImportNotice {
  readonly kind: 'info' | 'error';
  readonly message: Bilingual;
}

export interface ImportsState {
  /** The last session started (0: none yet). */
  readonly session: number;
  /** Whether `session` is still parsing. */
  readonly running: boolean;
  /** Files of the running (or last) session, and how many of them have finished. */
  readonly total: number;
  readonly done: number;
  readonly pending: readonly PendingImport[];
  /** The row whose review is open. */
  readonly selected: string | null;
  /** Rows ticked for "accept selected". */
  readonly checked: readonly string[];
  readonly edits: Readonly<Record<string, IdentityEdits>>;
  /** Accepted batches, oldest first; undo takes the last. */
  readonly batches: readonly AcceptedBatch[];
  readonly notice: ImportNotice | null;
}

export const INITIAL_IMPORTS: ImportsState = {
  session: 0,
  running: false,
  total: 0,
  done: 0,
  pending: [],
  selected: null,
  checked: [],
  edits: {},
  batches: [],
  notice: null,
};

/** The key of item `index` of session `session`. */
export function pendingKey(session: number, index: number): string {
  return `${String(session)}-${String(index)}`;
}

/** A file left out before parsing (an image, an archive…), shown as a failed row with the reason. */
export interface SkippedRow {
  readonly relPath: string;
  readonly reason: Bilingual;
}

/**
 * A new session: its files join the list as queued rows (earlier unaccepted rows stay); files left
 * out before parsing join as failed rows after them (indices past the worker's, so progress never meets them).
 */
export function withImportStarted(s: ImportsState, relPaths: readonly string[], skipped: readonly SkippedRow[] = []): ImportsState {
  const session = s.session + 1;
  const rows: PendingImport[] = relPaths.map((relPath, index) => ({ key: pendingKey(session, index), session, item: { index, relPath, status: 'queued' } }));
  skipped.forEach((k, i) => {
    const index = relPaths.length + i;
    rows.push({ key: pendingKey(session, index), session, item: { index, relPath: k.relPath, status: 'error', failure: { code: 'skipped', message: k.reason } } });
  });
  return { ...s, session, running: relPaths.length > 0, total: relPaths.length, done: 0, pending: [...s.pending, ...rows], notice: null };
}

/** One file finished (or started parsing). Progress of an older session is ignored. */
export function withImportProgress(s: ImportsState, session: number, p: ImportProgress): ImportsState {
  if (session !== s.session) return s;
  const key = pendingKey(session, p.item.index);
  const at = s.pending.findIndex((r) => r.key === key);
  if (at < 0) return s;
  const pending = s.pending.map((r, i) => (i === at ? { ...r, item: p.item } : r));
  return { ...s, pending, done: Math.max(s.done, p.done), total: p.total };
}

/** The session ended; after a cancel, its rows that never finished leave the list. */
export function withImportFinished(s: ImportsState, session: number, cancelled: boolean, notice: ImportNotice | null = null): ImportsState {
  if (session !== s.session) return s;
  const pending = cancelled ? s.pending.filter((r) => r.session !== session || r.item.status === 'ok' || r.item.status === 'warn' || r.item.status === 'error') : s.pending;
  const keys = new Set(pending.map((r) => r.key));
  return {
    ...s,
    running: false,
    pending,
    selected: s.selected !== null && keys.has(s.selected) ? s.selected : null,
    checked: s.checked.filter((k) => keys.has(k)),
    notice: notice ?? s.notice,
  };
}

export function withImportSelected(s: ImportsState, key: string | null): ImportsState {
  return { ...s, selected: key };
}

export function withImportChecked(s: ImportsState, key: string, on: boolean): ImportsState {
  const rest = s.checked.filter((k) => k !== key);
  return { ...s, checked: on ? [...rest, key] : rest };
}

/** Replaces the corrections of one row (an empty object: back to what was detected). */
export function withImportEdits(s: ImportsState, key: string, edits: IdentityEdits): ImportsState {
  const rest = Object.fromEntries(Object.entries(s.edits).filter(([k]) => k !== key));
  return { ...s, edits: Object.keys(edits).length === 0 ? rest : { ...rest, [key]: edits } };
}

function withoutKeys(s: ImportsState, gone: ReadonlySet<string>): Pick<ImportsState, 'pending' | 'checked' | 'edits' | 'selected'> {
  const edits: Record<string, IdentityEdits> = {};
  for (const [k, v] of Object.entries(s.edits)) if (!gone.has(k)) edits[k] = v;
  return {
    pending: s.pending.filter((r) => !gone.has(r.key)),
    checked: s.checked.filter((k) => !gone.has(k)),
    edits,
    selected: s.selected !== null && gone.has(s.selected) ? null : s.selected,
  };
}

/** Accepted rows leave the pending list; the batch goes on the undo stack. */
export function withImportsAccepted(s: ImportsState, keys: readonly string[], batch: AcceptedBatch, notice: ImportNotice): ImportsState {
  return { ...s, ...withoutKeys(s, new Set(keys)), batches: [...s.batches.filter((b) => b.batchId !== batch.batchId), batch], notice };
}

/** The last batch was undone. */
export function withImportUndone(s: ImportsState, batchId: string, notice: ImportNotice): ImportsState {
  return { ...s, batches: s.batches.filter((b) => b.batchId !== batchId), notice };
}

/** Drops every finished row (not while a session runs). */
export function withImportsCleared(s: ImportsState): ImportsState {
  if (s.running) return s;
  return { ...s, ...withoutKeys(s, new Set(s.pending.map((r) => r.key))), total: 0, done: 0, notice: null };
}

/** The batches the database can still undo (after another corpus was loaded: none). */
export function withImportBatches(s: ImportsState, batches: readonly AcceptedBatch[]): ImportsState {
  const same = batches.length === s.batches.length && batches.every((b, i) => b.batchId === s.batches[i]?.batchId);
  return same ? s : { ...s, batches };
}

export function withImportNotice(s: ImportsState, notice: ImportNotice | null): ImportsState {
  return { ...s, notice };
}

export interface ImportsSlice {
  imports: ImportsState;
  /** Starts a session; returns its number (progress callbacks pass it back). */
  importStarted: (relPaths: readonly string[], skipped?: readonly SkippedRow[]) => number;
  importProgress: (session: number, p: ImportProgress) => void;
  importFinished: (session: number, cancelled: boolean, notice?: ImportNotice | null) => void;
  selectImport: (key: string | null) => void;
  checkImport: (key: string, on: boolean) => void;
  editImport: (key: string, edits: IdentityEdits) => void;
  importsAccepted: (keys: readonly string[], batch: AcceptedBatch, notice: ImportNotice) => void;
  importUndone: (batchId: string, notice: ImportNotice) => void;
  clearImports: () => void;
  setImportNotice: (notice: ImportNotice | null) => void;
  setImportBatches: (batches: readonly AcceptedBatch[]) => void;
}

export const createImportsSlice: StateCreator<ImportsSlice, [], [], ImportsSlice> = (set, get) => ({
  imports: INITIAL_IMPORTS,
  importStarted: (relPaths, skipped = []) => {
    set((s) => ({ imports: withImportStarted(s.imports, relPaths, skipped) }));
    return get().imports.session;
  },
  importProgress: (session, p) => { set((s) => ({ imports: withImportProgress(s.imports, session, p) })); },
  importFinished: (session, cancelled, notice = null) => { set((s) => ({ imports: withImportFinished(s.imports, session, cancelled, notice) })); },
  selectImport: (key) => { set((s) => ({ imports: withImportSelected(s.imports, key) })); },
  checkImport: (key, on) => { set((s) => ({ imports: withImportChecked(s.imports, key, on) })); },
  editImport: (key, edits) => { set((s) => ({ imports: withImportEdits(s.imports, key, edits) })); },
  importsAccepted: (keys, batch, notice) => { set((s) => ({ imports: withImportsAccepted(s.imports, keys, batch, notice) })); },
  importUndone: (batchId, notice) => { set((s) => ({ imports: withImportUndone(s.imports, batchId, notice) })); },
  clearImports: () => { set((s) => ({ imports: withImportsCleared(s.imports) })); },
  setImportNotice: (notice) => { set((s) => ({ imports: withImportNotice(s.imports, notice) })); },
  setImportBatches: (batches) => { set((s) => ({ imports: withImportBatches(s.imports, batches) })); },
});
