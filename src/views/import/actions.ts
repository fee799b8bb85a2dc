/**
 * The import screens' side effects, kept out of the components: gathering dropped or picked files,
 * running a session in the worker (progress into the store), accepting, undoing and downloading.
 * The engine is `src/import`; this file only wires it to the page's store and database.
 */
import { appStore } from '../../store/store';
import type { PendingImport, SkippedRow } from '../../store/imports';
import type { GatheredFiles, ParsedImport } from '../../import/types';
import { filesFromDrop, filesFromList, startImport, type ImportHandle } from '../../import/client';
import { acceptIntoCorpus, liveCorpusZip, undoableBatches, undoLastImport } from '../../import/session';
import { applyEdits } from '../../import/pipeline';
import type { AcceptedBatch } from '../../import/types';
import { errorMessage, loadUserFiles } from '../../components/engine';
import { downloadBlob } from '../../export/download';
import type { Bilingual } from '../../model/report';
import { fileKind, isAcceptable } from './model';
import { both } from './strings';

let current: { session: number; handle: ImportHandle; cancelled: boolean } | null = null;
// Sessions run one after another: a drop while one runs waits its turn (its files are not lost).
let queue: Promise<void> = Promise.resolve();

const notice = (kind: 'info' | 'error', message: Bilingual): void => {
  appStore.getState().setImportNotice({ kind, message });
};

const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

async function run(gathered: GatheredFiles, corpus: readonly File[]): Promise<void> {
  const st = appStore.getState();
  const corpusNames = new Set(corpus.map((f) => f.name));
  if (corpus.length > 0) void loadUserFiles(corpus);
  // Corpus tables dropped here went to the corpus loader: they are not skipped reports.
  const skipped: SkippedRow[] = gathered.skipped
    .filter((k) => !(corpusNames.has(baseName(k.relPath)) && fileKind(k.relPath) === 'corpus'))
    .map((k) => ({ relPath: k.relPath, reason: k.reason }));
  const files = gathered.files;
  if (files.length === 0 && skipped.length === 0) {
    if (corpus.length > 0) notice('info', both('toCorpusLoader', { n: corpus.length }));
    else notice('error', both('noneSkipped'));
    return;
  }
  const session = st.importStarted(files.map((f) => f.relPath), skipped);
  if (corpus.length > 0) notice('info', both('toCorpusLoader', { n: corpus.length }));
  if (files.length === 0) {
    st.importFinished(session, false);
    return;
  }
  let handle: ImportHandle;
  try {
    handle = startImport(files, (p) => { appStore.getState().importProgress(session, p); });
  } catch (e) {
    st.importFinished(session, true, { kind: 'error', message: errorMessage(e, both('readFailed', { detail: '' })) });
    return;
  }
  const me = { session, handle, cancelled: false };
  current = me;
  try {
    await handle.done;
    const s = appStore.getState().imports;
    appStore.getState().importFinished(session, me.cancelled, me.cancelled ? { kind: 'info', message: both('cancelled', { done: s.done, total: s.total }) } : null);
  } catch (e) {
    appStore.getState().importFinished(session, true, { kind: 'error', message: errorMessage(e) });
  } finally {
    if (current === me) current = null;
  }
}

function enqueue(gather: Promise<GatheredFiles>, corpus: readonly File[]): void {
  queue = queue.then(
    () => gather.then((g) => run(g, corpus)),
    () => undefined,
  ).catch((e: unknown) => {
    console.warn('[import]', e);
    notice('error', errorMessage(e));
  });
}

/** Files and folders dropped on the import zone; must be called inside the drop handler (the entries are taken synchronously). */
export function importFromDrop(dt: DataTransfer): void {
  const corpus = Array.from(dt.files).filter((f) => fileKind(f.name) === 'corpus');
  enqueue(filesFromDrop(dt), corpus);
}

/** Files from the file or folder picker. */
export function importFromList(list: readonly File[]): void {
  const corpus = list.filter((f) => f.webkitRelativePath === '' && fileKind(f.name) === 'corpus');
  enqueue(filesFromList(list), corpus);
}

/** Stops the running session; the files finished so far stay in the list. */
export function cancelImport(): void {
  if (current === null) return;
  current.cancelled = true;
  current.handle.cancel();
}

/** Accepts the usable rows among `rows` (with the user's corrections) as one batch; a failure is toasted by the session. */
export async function acceptPending(rows: readonly PendingImport[]): Promise<void> {
  const st = appStore.getState();
  const usable = rows.filter((r) => isAcceptable(r.item));
  const parsed: ParsedImport[] = [];
  for (const r of usable) {
    if (!r.item.parsed) continue;
    const e = st.imports.edits[r.key];
    parsed.push(e ? applyEdits(r.item.parsed, e) : r.item.parsed);
  }
  try {
    if (!(await acceptIntoCorpus(parsed))) return;
    const batch = (await undoableBatches()).at(-1);
    if (!batch) return;
    const added = both('accepted', { n: batch.reportIds.length });
    const replaced = batch.replaced.length > 0 ? both('acceptedReplaced', { n: batch.replaced.length }) : { zh: '', en: '' };
    appStore.getState().importsAccepted(usable.map((r) => r.key), batch, { kind: 'info', message: { zh: added.zh + replaced.zh, en: added.en + replaced.en } });
  } catch (e) {
    notice('error', errorMessage(e, both('acceptFailed')));
  }
}

/** Undoes the last accepted batch (the session refuses, with a toast, when the database cannot). */
export async function undoLastBatch(batch: AcceptedBatch): Promise<void> {
  try {
    if (await undoLastImport()) {
      appStore.getState().importUndone(batch.batchId, { kind: 'info', message: both('undone', { n: batch.reportIds.length }) });
    }
    await syncBatches();
  } catch (e) {
    notice('error', errorMessage(e, both('undoFailed')));
  }
}

/** The undo stack as the database has it (loading another corpus empties it). */
export async function syncBatches(): Promise<void> {
  appStore.getState().setImportBatches(await undoableBatches());
}

/** Downloads the whole live corpus (imports included) as one zip. */
export async function downloadCorpusZip(): Promise<void> {
  try {
    downloadBlob('disclosure-atlas-corpus.zip', await liveCorpusZip(), 'application/zip');
  } catch (e) {
    notice('error', errorMessage(e));
  }
}
