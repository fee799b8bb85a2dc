/**
 * The app's side of the data engine: one DuckDB-WASM connector and one query executor for the page,
 * plus corpus loading that reports into the store. Handles and promises live here, never in the store.
 */
import { getBrowserDb, registerFileUrl } from '../db/browser';
import { isAbortError, type DbConnector, type QueryResult } from '../db/connector';
import { QueryExecutor, type QueryObserver } from '../db/executor';
import { PreemptedError } from '../db/jobs';
import { runAgencyStatements, warmUpShapes, type CompareWarmUp } from '../corpus/warmup';
import { readCellBlock, type CellBlock, type CellBlockPlace } from '../corpus/cell-blocks';
import { corpusDatabaseEntry, loadCorpusFiles, loadCorpusFromDatabase, loadCorpusFromManifest, type CorpusDatabaseEntry, type CorpusFile, type CorpusHotEntry, type LoadOutcome } from '../corpus/load';
import { sha256Hex } from '../corpus/sha256';
import { warmAnswers, warmPath } from '../corpus/warm';
import { appStore } from '../store/store';
import { bilingual } from '../i18n';
import type { Bilingual } from '../model/report';

/** The label the default corpus is loaded under; the header shows it translated. */
export const DEFAULT_CORPUS_LABEL = 'default';

/**
 * What `npm run bench` reads from the page: set `window.__atlasBench = { queries: [], marks: {},
 * inFlight: 0 }` before the app starts (playwright's addInitScript) and the app fills it in.
 * Absent in normal use, so nothing is recorded.
 */
export interface BenchProbe {
  /**
   * `error`: why a query failed (absent when it succeeded or was cancelled on purpose);
   * `background`: a prefetch or warm-up query (no view waited for it).
   */
  queries: { sql: string; ms: number; ok: boolean; at: number; error?: string; background?: boolean }[];
  /**
   * performance.now() of `dbReady` (DuckDB instantiated), `corpusReady` (default corpus live),
   * `viewsWarm` (the views not open rendered once out of sight) and `backgroundIdle` (the first
   * background plan after it done, that warm-up included).
   */
  marks: Record<string, number>;
  /**
   * The last background plan that ran to its end: when (performance.now()) and its statements, so a
   * harness can wait for the plan of a given selection rather than for whichever plan ends next.
   */
  lastBackgroundPlan?: { at: number; sqls: readonly string[] };
  /** Foreground queries running (what a view waits for). */
  inFlight: number;
  /** Set by the app: runs `sql` on the engine directly (no cache); its rows and wall time in ms. */
  run?: (sql: string) => Promise<{ ms: number; rows: Record<string, unknown>[] }>;
}

function benchProbe(): BenchProbe | undefined {
  const p: unknown = (globalThis as { __atlasBench?: unknown }).__atlasBench;
  return typeof p === 'object' && p !== null && 'queries' in p && Array.isArray(p.queries) ? (p as BenchProbe) : undefined;
}

function benchObserver(probe: BenchProbe | undefined): QueryObserver | undefined {
  if (!probe) return undefined;
  return {
    start(_sql, background) { if (!background) probe.inFlight++; },
    promote() { probe.inFlight++; },
    end(sql, ms, ok, error, background) {
      if (background !== true) probe.inFlight--;
      const failed = !ok && error !== undefined && !isAbortError(error);
      probe.queries.push({
        sql, ms, ok, at: performance.now(),
        ...(failed ? { error: error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error' } : {}),
        ...(background === true ? { background: true } : {}),
      });
    },
  };
}

function mark(name: string): void {
  const probe = benchProbe();
  if (probe) probe.marks[name] ??= performance.now();
}

let executor: Promise<QueryExecutor> | null = null;
/** The executor once DuckDB is up: `startAhead` posts through it without waiting a microtask. */
let liveExecutor: QueryExecutor | null = null;

/** The page's executor; DuckDB starts on first use (single-flight: StrictMode and parallel views share it). */
export function getExecutor(): Promise<QueryExecutor> {
  if (executor === null) {
    const p = getBrowserDb().then(
      (db: DbConnector) => {
        mark('dbReady');
        const probe = benchProbe();
        if (probe) {
          probe.run = async (sql) => {
            const t0 = performance.now();
            const r = await db.query(sql);
            return { ms: performance.now() - t0, rows: r.rows };
          };
        }
        const observer = benchObserver(probe);
        liveExecutor = new QueryExecutor(db, observer ? { cacheSize: 200, observer } : { cacheSize: 200 });
        return liveExecutor;
      },
      (e: unknown) => {
        executor = null;
        throw e;
      },
    );
    executor = p;
    return p;
  }
  return executor;
}

async function getDb(): Promise<DbConnector> {
  return getBrowserDb();
}

/**
 * While the default corpus is loading on top of nothing: its warm-start answers by SQL text, and
 * the promise of the load, which every other statement waits for (it would otherwise run on the
 * empty tables). Null once a corpus is live or the load failed.
 */
let warm: { answers: ReadonlyMap<string, QueryResult>; live: Promise<unknown> } | null = null;
/** Loads ended so far (successful or not): warm answers that arrive after a load ended are dropped. */
let loadsEnded = 0;

/**
 * Runs SQL through the shared executor (cached by SQL text; a newer query in `slot` cancels the
 * older; `background`: work ahead of time, which yields to the user's). During a warm start the
 * first screen's statements are answered from the warm-start file.
 */
export async function runQuery(sql: string, opts: { signal?: AbortSignal; slot?: string; background?: boolean } = {}): Promise<QueryResult> {
  const w = warm;
  if (w !== null) {
    const answer = w.answers.get(sql);
    if (answer !== undefined) return answer;
    await w.live;
  }
  return (await getExecutor()).run(sql, opts);
}

let ahead: AbortController | null = null;

/**
 * Asks the engine for the statements a view is about to ask for, as the user's own (foreground)
 * queries, from the store change that will render it: the first is posted to the worker before
 * React renders the change, where the view's cards post theirs only after rendering, 5–11 ms
 * later at 105k reports (bench/SCALE.md, round 10). The cards then join these queries (same SQL
 * text). A newer call drops what no card has joined. Nothing is asked while the corpus loads or
 * before DuckDB is up.
 */
export function startAhead(sqls: readonly string[]): void {
  ahead?.abort();
  ahead = null;
  const ex = liveExecutor;
  if (ex === null || warm !== null || sqls.length === 0) return;
  const ac = new AbortController();
  ahead = ac;
  // Failures and cancellations are the view's to report: it runs the same statements.
  for (const sql of sqls) ex.run(sql, { signal: ac.signal }).catch(() => undefined);
}

/** Quiet time after the last foreground query before a background statement starts. */
const BACKGROUND_IDLE_MS = 400;
/** How often a preempted background statement is tried again before the plan moves on. */
const BACKGROUND_RETRIES = 5;
let background: AbortController | null = null;

/** The executor generation (a corpus) whose engine warm-up (src/corpus/warmup.ts) has run. */
let warmedUp: QueryExecutor | null = null;
let warmedCorpus = -1;

/**
 * Replaces the background plan with the statements `plan` builds (src/queries/background.ts) once
 * no foreground query has run for a moment: each statement runs once the engine is idle again,
 * yields to every foreground query (which preempts it: it is tried again at the next pause), and
 * fills the executor's cache. Then, once per corpus, the engine warm-up of the Agency and Audit
 * statements and of Compare by agency for `compare`, the selection and the Compare parameters the
 * plan was made for (a change of either makes a new plan, which drops this one). Errors are not
 * shown: the view that needs a statement runs it again and says what went wrong.
 */
export function runInBackground(plan: () => readonly string[], corpus: number, compare: CompareWarmUp): void {
  background?.abort();
  const ac = new AbortController();
  background = ac;
  const since = performance.now();
  const run = async (): Promise<void> => {
    // Read afresh after every wait (a newer plan may have dropped this one meanwhile).
    const dropped = (): boolean => ac.signal.aborted;
    const ex = await getExecutor();
    // Built only now, not in the render that asked for it: the SQL of every view is a few
    // milliseconds of the main thread, which a step spends on its own answers first.
    await ex.whenIdle(BACKGROUND_IDLE_MS, ac.signal, since);
    const sqls = plan();
    const q = { query: (sql: string, o?: { signal?: AbortSignal }) => ex.run(sql, { signal: o?.signal ?? ac.signal, background: true }) };
    // One unit of work, retried when a foreground query preempts it; false when the plan is dropped.
    const step = async (work: () => Promise<unknown>): Promise<boolean> => {
      for (let attempt = 0; attempt < BACKGROUND_RETRIES; attempt++) {
        try {
          await ex.whenIdle(BACKGROUND_IDLE_MS, ac.signal, since);
          await work();
          return true;
        } catch (e) {
          if (ac.signal.aborted) return false;
          if (!(e instanceof PreemptedError)) return true;
        }
      }
      return true;
    };
    for (const sql of sqls) if (!(await step(() => q.query(sql)))) return;
    if (warmedUp !== ex || warmedCorpus !== corpus) {
      const warmUp = async (): Promise<void> => {
        const sampled = await warmUpShapes(q, ac.signal, hasCellBlocks() ? cellBlockAt : undefined, compare);
        warmSample = { province: sampled?.province ?? null, medianProvince: sampled?.medianProvince ?? null };
      };
      if (!(await step(warmUp))) return;
      warmedUp = ex;
      warmedCorpus = corpus;
    }
    // Then, once per page, the views not opened yet, rendered out of sight (src/components/viewWarmup.tsx).
    if (viewWarmer !== null && !viewsWarmed) {
      await ex.whenIdle(BACKGROUND_IDLE_MS, ac.signal, since);
      await viewWarmer(ac.signal, warmSample);
      if (dropped()) return;
      viewsWarmed = true;
      mark('viewsWarm');
    }
    if (background === ac) {
      mark('backgroundIdle');
      const probe = benchProbe();
      if (probe) probe.lastBackgroundPlan = { at: performance.now(), sqls };
    }
  };
  void run().catch(() => undefined);
}

/** What the engine's warm-up sampled (src/corpus/warmup.ts), whose answers the views' warm-up shows. */
export interface WarmUpSample {
  readonly province: string | null;
  /** The province of median size, whose Overview the engine's warm-up ran. */
  readonly medianProvince: string | null;
}

let viewWarmer: ((signal: AbortSignal, sample: WarmUpSample) => Promise<void>) | null = null;
let warmSample: WarmUpSample = { province: null, medianProvince: null };
/** Whether the views have been warmed up in this page (the code they run stays compiled whatever the corpus). */
let viewsWarmed = false;

/** Set by the app: renders the views the user has not opened yet, out of sight (src/components/viewWarmup.tsx). */
export function setViewWarmer(fn: (signal: AbortSignal, sample: WarmUpSample) => Promise<void>): void {
  viewWarmer = fn;
}

let agencyPrefetch: AbortController | null = null;

/**
 * Fetches an agency's statements ahead of a click (a pointer resting on its name, see AgencyLink):
 * in the background, so every foreground query comes first and preempts it, and one agency at a
 * time (a newer call drops the older). The Agency view then finds its answers in the executor's
 * cache; a click that comes first runs them itself, as without the prefetch.
 */
export function prefetchAgency(agencyId: string): void {
  agencyPrefetch?.abort();
  const ac = new AbortController();
  agencyPrefetch = ac;
  const run = async (): Promise<void> => {
    // Not before the corpus is live: until then a statement would wait on the warm start.
    if (warm !== null) return;
    const ex = await getExecutor();
    const q = { query: (sql: string, o?: { signal?: AbortSignal }) => ex.run(sql, { signal: o?.signal ?? ac.signal, background: true }) };
    await runAgencyStatements(q, agencyId, ac.signal, hasCellBlocks() ? cellBlockAt : undefined);
  };
  void run().catch(() => undefined).finally(() => { if (agencyPrefetch === ac) agencyPrefetch = null; });
}

/**
 * `length` bytes of a file of the default corpus from `offset`: one range request, refused unless
 * the server answers with exactly that range (a server that ignores ranges would send the whole
 * file, gigabytes at a national scale: the body is then not read).
 */
async function readRange(file: string, offset: number, length: number): Promise<Uint8Array<ArrayBuffer>> {
  const range = `${String(offset)}-${String(offset + length - 1)}`;
  const res = await fetch(dataUrl(file), { headers: { Range: `bytes=${range}` } });
  if (res.status !== 206 || !(res.headers.get('content-range') ?? '').startsWith(`bytes ${range}/`)) {
    await res.body?.cancel();
    throw new Error(`${file}: HTTP ${String(res.status)}, not the range ${range}`);
  }
  return new Uint8Array(await res.arrayBuffer());
}

/** The corpus generation whose database came with agency cell blocks (null: none). */
let blocksGeneration: number | null = null;
/** Set by a load of the default corpus from a database with blocks, read by `afterLoad`. */
let loadingBlocks = false;

/**
 * Whether the live corpus has agency cell blocks (src/corpus/cell-blocks.ts): the default corpus
 * attached from a database whose manifest names them, and nothing loaded or imported since (every
 * load and import makes a new generation; an import drops the view over them too).
 */
export function hasCellBlocks(): boolean {
  return blocksGeneration !== null && blocksGeneration === appStore.getState().corpus.generation;
}

/** Cell blocks read last, by corpus generation and place. */
const CELL_BLOCKS_KEPT = 16;
const cellBlocks = new Map<string, Promise<CellBlock>>();

/**
 * The cell block at `place` in the live corpus (when `hasCellBlocks()`; one range request,
 * src/corpus/cell-blocks.ts), read once for the Agency view and the prefetch of a pressed or hovered
 * name alike. A failure is not kept (the next open tries again; meanwhile the cells statement answers).
 */
export function cellBlockAt(place: CellBlockPlace): Promise<CellBlock> {
  const key = [appStore.getState().corpus.generation, place.file, place.offset, place.length].join('\u0000');
  const known = cellBlocks.get(key);
  if (known) return known;
  const p = readCellBlock(place, readRange);
  p.catch((e: unknown) => {
    cellBlocks.delete(key);
    console.warn(`${place.file}: ${e instanceof Error ? e.message : String(e)}`);
  });
  cellBlocks.set(key, p);
  if (cellBlocks.size > CELL_BLOCKS_KEPT) cellBlocks.delete(cellBlocks.keys().next().value ?? key);
  return p;
}

/** Drops the background plan (a corpus is about to change under it). */
export function stopBackground(): void {
  background?.abort();
  background = null;
}

/** Any thrown value as a bilingual message. */
export function errorMessage(e: unknown, fallback: Bilingual = bilingual('state.queryFailed')): Bilingual {
  if (typeof e === 'object' && e !== null && 'zh' in e && 'en' in e && typeof e.zh === 'string' && typeof e.en === 'string') {
    return { zh: e.zh, en: e.en };
  }
  const detail = e instanceof Error ? e.message : String(e);
  return { zh: `${fallback.zh}：${detail}`, en: `${fallback.en}: ${detail}` };
}

/** Where the built app keeps its default corpus (copied from data/ at build time), relative to the page. */
function dataUrl(path: string): string {
  return new URL(`data/${path}`, document.baseURI).href;
}

/** Fetches a corpus file from the page's own origin; a static server's HTML fallback is a missing file, not data. */
async function fetchBytes(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const url = dataUrl(path);
  const res = await fetch(url);
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || (type.includes('text/html') && !path.endsWith('.html'))) {
    throw new Error(`${path}: ${res.ok ? 'not found (the server answered with a web page)' : `HTTP ${res.status}`}`);
  }
  return new Uint8Array(await res.arrayBuffer());
}

async function afterLoad(outcome: LoadOutcome, fromWarm: boolean): Promise<boolean> {
  const st = appStore.getState();
  const answered = fromWarm ? warm?.answers : undefined;
  warm = null;
  loadsEnded++;
  if (outcome.ok) {
    // The warm answers are this corpus's (checked against its manifest): they stay cached, so going
    // back to the first screen later costs no cold read of the whole corpus.
    (await getExecutor()).clearCache(answered);
    st.markCorpusLoaded(outcome.summary, fromWarm);
    blocksGeneration = loadingBlocks ? appStore.getState().corpus.generation : null;
    loadingBlocks = false;
    mark('corpusReady');
    return true;
  }
  loadingBlocks = false;
  st.markCorpusFailed(outcome.error);
  const file = outcome.error.file ? `${outcome.error.file}: ` : '';
  st.pushToast('error', { zh: `${file}${outcome.error.zh}`, en: `${file}${outcome.error.en}` });
  return false;
}

async function guarded(work: (db: DbConnector) => Promise<LoadOutcome>, fromWarm = false): Promise<boolean> {
  const st = appStore.getState();
  stopBackground();
  st.markCorpusLoading();
  try {
    const db = await getDb();
    mark('dbReady');
    return await afterLoad(await work(db), fromWarm);
  } catch (e) {
    warm = null;
    loadsEnded++;
    loadingBlocks = false;
    const message = errorMessage(e, bilingual('error.load'));
    appStore.getState().markCorpusFailed(message);
    appStore.getState().pushToast('error', message);
    return false;
  }
}

/**
 * Whether the page's origin serves `url` by byte range, and its size: a HEAD with `Range: bytes=0-`
 * must answer 206, which is exactly what DuckDB-WASM asks before it reads a file in blocks.
 */
async function rangedSize(url: string): Promise<{ ranges: boolean; size: number | null }> {
  const res = await fetch(url, { method: 'HEAD', headers: { Range: 'bytes=0-' } });
  if (!res.ok) throw new Error(`HTTP ${String(res.status)}`);
  const total = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1];
  const len = total ?? res.headers.get('content-length');
  return { ranges: res.status === 206, size: len === null ? null : Number(len) };
}

/** SHA-256 of `bytes` as hex: WebCrypto off the main thread where the page may use it, else in JS. */
async function sha256Of(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  // WebCrypto exists only in a secure context (https, localhost); an intranet page on plain http has none.
  if (!globalThis.isSecureContext) return sha256Hex(bytes);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hot file, fetched whole and checked against the manifest's size and hash. */
async function fetchHot(hot: CorpusHotEntry): Promise<Uint8Array> {
  const bytes = await fetchBytes(hot.path);
  if (bytes.length !== hot.bytes) throw new Error(`${String(bytes.length)} bytes; the manifest says ${String(hot.bytes)}`);
  if ((await sha256Of(bytes)) !== hot.sha256) throw new Error('its SHA-256 differs from the manifest\'s');
  return bytes;
}

/**
 * How the default corpus will be attached, decided as soon as its manifest is in: the manifest, its
 * database entry, the range probe of the main file, and the fetch of the hot file (started here, so
 * it runs alongside DuckDB's start). Null when the corpus is to be read from its Parquet files.
 */
interface DatabasePlan {
  readonly json: unknown;
  readonly entry: CorpusDatabaseEntry;
  readonly size: number | null;
  readonly hot: Promise<Uint8Array> | null;
}

async function planDatabase(manifestFetch: Promise<Uint8Array>): Promise<DatabasePlan | null> {
  const json: unknown = JSON.parse(new TextDecoder().decode(await manifestFetch));
  const entry = corpusDatabaseEntry(json);
  if (entry === null) return null;
  // A server without ranges would make DuckDB download the whole main file: read the Parquet files instead.
  const probe = await rangedSize(dataUrl(entry.path)).catch(() => null);
  if (probe?.ranges !== true) return null;
  const hot = entry.hot ? fetchHot(entry.hot) : null;
  // Reported by the loader when it asks for the file; not an unhandled rejection meanwhile.
  hot?.catch(() => undefined);
  return { json, entry, size: probe.size, hot };
}

let hotSeq = 0;

/**
 * The default corpus: attached from its prebuilt DuckDB file when the manifest names one and the
 * server reads it by range (large corpora: blocks fetched on demand; the hot file, when there is
 * one, fetched whole and read from memory), else fetched and staged table by table from Parquet.
 */
async function loadDefault(db: DbConnector, manifestFetch: Promise<Uint8Array>, planned: Promise<DatabasePlan | null>): Promise<LoadOutcome> {
  let plan: DatabasePlan | null;
  try {
    plan = await planned;
  } catch {
    // The manifest is missing or unreadable: loadCorpusFromManifest fetches it again and says so in both languages.
    return loadCorpusFromManifest(db, fetchBytes, DEFAULT_CORPUS_LABEL);
  }
  if (plan === null) {
    const manifestBytes = await manifestFetch;
    return loadCorpusFromManifest(db, (path) => (path === 'manifest.json' ? Promise.resolve(manifestBytes) : fetchBytes(path)), DEFAULT_CORPUS_LABEL);
  }
  const { entry, hot, size, json } = plan;
  loadingBlocks = entry.hot?.cell_blocks !== undefined;
  return loadCorpusFromDatabase(db, json, async (path, how) => {
    if (how === 'whole') {
      if (hot === null || path !== entry.hot?.path) throw new Error('not announced by the manifest');
      // A name of its own per load: the corpus it replaces keeps its file until it is detached.
      const name = `hot-${String(++hotSeq)}.duckdb`;
      await db.registerFileBuffer(name, await hot, { transfer: true });
      return name;
    }
    if (size !== null && size !== entry.bytes) throw new Error(`${String(size)} bytes; the manifest says ${String(entry.bytes)}`);
    await registerFileUrl(path, dataUrl(path));
    return path;
  }, DEFAULT_CORPUS_LABEL);
}

let defaultLoad: Promise<boolean> | null = null;

/**
 * The default corpus's warm-start answers, when the manifest announces a file (data/warm.json) and
 * it belongs to that manifest; null otherwise (the app then just waits for the database).
 */
async function fetchWarm(manifestFetch: Promise<Uint8Array>): Promise<ReturnType<typeof warmAnswers>> {
  try {
    const decode = (b: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(b));
    const manifest = decode(await manifestFetch);
    const path = warmPath(manifest);
    return path === null ? null : warmAnswers(decode(await fetchBytes(path)), manifest);
  } catch {
    return null;
  }
}

/**
 * Loads the corpus embedded in the build (data/manifest.json); single-flight. When nothing is
 * live yet, the warm-start file is fetched alongside DuckDB's start and answers the first screen.
 */
export function loadDefaultCorpus(force = false): Promise<boolean> {
  if (force || defaultLoad === null) {
    const manifestFetch = fetchBytes('manifest.json');
    // Fetched once for both; a failure is reported by loadDefault (and ignored by fetchWarm).
    manifestFetch.catch(() => undefined);
    const nothingLive = appStore.getState().corpus.info === null;
    const ended = loadsEnded;
    const planned = planDatabase(manifestFetch);
    planned.catch(() => undefined);
    const load = guarded((db) => loadDefault(db, manifestFetch, planned), nothingLive);
    if (nothingLive) {
      void fetchWarm(manifestFetch).then((w) => {
        // Nothing usable, or too late: a load ended meanwhile (the database won the race, or failed).
        if (w === null || loadsEnded !== ended || appStore.getState().corpus.info !== null) return;
        warm = { answers: w.answers, live: load };
        appStore.getState().markCorpusWarm({ ...w.summary, label: DEFAULT_CORPUS_LABEL, sources: [] });
        mark('warm');
      });
    }
    defaultLoad = load;
    void load.then((ok) => { if (ok) userSource = null; });
  }
  return defaultLoad;
}

/**
 * The bytes of the corpus files the user loaded last, kept so "restore" can reload them without
 * asking for the files again (null: the live corpus is the default one).
 */
let userSource: readonly CorpusFile[] | null = null;

/** Loads files the user dropped or picked; on failure the corpus already loaded stays live. */
export async function loadUserFiles(files: readonly File[]): Promise<boolean> {
  const read = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  const ok = await guarded((db) => loadCorpusFiles(db, read));
  if (ok) userSource = read;
  return ok;
}

/** Reloads the corpus from the source it was last loaded from: the user's files, else the default corpus. */
export function restoreCorpus(): Promise<boolean> {
  const files = userSource;
  return files === null ? loadDefaultCorpus(true) : guarded((db) => loadCorpusFiles(db, files));
}
