/**
 * The page's glue for accepting imports: the page's DuckDB, the query cache and the store. Views
 * call these and never see the database.
 *
 * The corpus label is kept as it was (e.g. `default`): the header says which corpus is loaded, and
 * the Data view lists the accepted batches itself (`undoableBatches`). The summary's counts and
 * years are recomputed, and the store's generation bump makes every view query again.
 */
import { getExecutor, stopBackground } from '../components/engine';
import { summarise } from '../corpus/load';
import { getBrowserDb } from '../db/browser';
import type { DbConnector } from '../db/connector';
import type { Bilingual } from '../model/report';
import { appStore } from '../store/store';
import { acceptImports, importBatches, liveContentHashes, undoImport } from './accept';
import { corpusZip } from './download';
import type { AcceptedBatch, ParsedImport } from './types';

function failMessage(e: unknown, what: Bilingual): Bilingual {
  const detail = e instanceof Error ? e.message : String(e);
  return { zh: `${what.zh}：${detail}`, en: `${what.en}: ${detail}` };
}

/** After the tables changed: forget cached results and tell the store (every view re-runs its queries). */
async function refresh(db: DbConnector): Promise<void> {
  const info = appStore.getState().corpus.info;
  const summary = await summarise(db, info?.label ?? 'default', info?.sources ?? []);
  (await getExecutor()).clearCache();
  appStore.getState().markCorpusLoaded(summary);
}

/**
 * Runs one change of the live tables: on success the store learns the new corpus; on a refusal or
 * an exception the corpus is unchanged and an error toast says why.
 */
async function change(work: (db: DbConnector) => Promise<{ ok: true } | { ok: false; error: Bilingual }>, failed: Bilingual): Promise<boolean> {
  const st = appStore.getState();
  // Background statements would read the tables while they change: the next plan starts after.
  stopBackground();
  try {
    const db = await getBrowserDb();
    const out = await work(db);
    if (!out.ok) {
      st.pushToast('error', out.error);
      return false;
    }
    await refresh(db);
    return true;
  } catch (e) {
    st.pushToast('error', failMessage(e, failed));
    return false;
  }
}

const NOTHING_TO_UNDO: Bilingual = { zh: '没有可撤销的导入（或语料已重新载入）', en: 'There is no import to undo (or the corpus was loaded again)' };

/**
 * Adds the reports to the live corpus as one undoable batch. False (with an error toast, corpus
 * unchanged) when it could not; the accepted batch is then on top of `undoableBatches()`.
 */
export function acceptIntoCorpus(items: readonly ParsedImport[]): Promise<boolean> {
  return change((db) => acceptImports(db, items), { zh: '导入的年报未能加入语料', en: 'The imported reports could not be added' });
}

/** Undoes the latest accepted batch; false (with an error toast saying why, corpus unchanged) when there is none or it cannot be undone. */
export function undoLastImport(): Promise<boolean> {
  return change(async (db) => {
    const last = (await importBatches(db)).at(-1);
    return last === undefined ? { ok: false as const, error: NOTHING_TO_UNDO } : undoImport(db, last);
  }, { zh: '撤销导入失败', en: 'Undoing the import failed' });
}

/** The accepted batches that can still be undone, oldest first (empty once another corpus was loaded). */
export async function undoableBatches(): Promise<AcceptedBatch[]> {
  return importBatches(await getBrowserDb());
}

/** Live report ids by content hash, for the hashes given (the review screen flags a file already in the corpus). */
export async function reportsWithContent(hashes: readonly string[]): Promise<Map<string, string[]>> {
  return liveContentHashes(await getBrowserDb(), hashes);
}

/** The live corpus (imports included) as a ZIP of Parquet + CSV + manifest.json (see `download.ts`). */
export async function liveCorpusZip(): Promise<Uint8Array> {
  return corpusZip(await getBrowserDb());
}
