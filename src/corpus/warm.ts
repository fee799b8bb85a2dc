/**
 * The warm-start file (`warm.json` beside a corpus's manifest): the answers to the statements the
 * app's first screen runs (the filter options and the Overview with no filter), computed when the
 * corpus is built, by the same SQL builders, on native DuckDB. The app shows them while
 * DuckDB-WASM is still starting (5 s on an office machine, whatever the corpus size) and swaps in
 * the live database when it is ready; every other statement waits for the database.
 *
 * The manifest announces the file in its optional `warm` entry (so a corpus without one costs no
 * request), and the file names the corpus it belongs to (each table's Parquet SHA-256 from the
 * manifest): the app uses it only when the manifest it loads says the same, so stale answers are
 * never shown.
 */
import type { QueryColumn, QueryResult } from '../db/connector';
import { filterOptionsSql } from '../queries/corpus';
import { EMPTY_FILTERS } from '../queries/filters';
import { overviewSqls } from '../queries/overview';

export const WARM_FILE = 'warm.json';
export const WARM_VERSION = 1;

/** What the corpus indicator needs before the database is live (`CorpusSummary` without label and sources). */
export interface WarmSummary {
  readonly reports: number;
  readonly agencies: number;
  readonly years: number[];
  readonly synthetic: boolean;
}

export interface WarmAnswer {
  readonly sql: string;
  readonly columns: QueryColumn[];
  readonly rows: Record<string, unknown>[];
}

export interface WarmStart {
  readonly version: typeof WARM_VERSION;
  /** Table name → SHA-256 of its Parquet file, as the corpus manifest lists them. */
  readonly corpus: Record<string, string>;
  readonly summary: WarmSummary;
  readonly answers: WarmAnswer[];
}

/** The statements answered ahead: what the first screen (Overview, no filter, filter bar) runs. */
export function warmSqls(): string[] {
  return [...new Set([filterOptionsSql(), ...overviewSqls(EMPTY_FILTERS)])];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The manifest's `warm` entry (written by `writeWarmStart`). */
export interface WarmEntry {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The path of the warm-start file a manifest announces, or null when it announces none. */
export function warmPath(manifest: unknown): string | null {
  if (!isRecord(manifest) || !isRecord(manifest.warm)) return null;
  const p = manifest.warm.path;
  // A file beside the manifest, never a path out of its folder.
  return typeof p === 'string' && /^[\w.-]+$/.test(p) && !p.startsWith('.') ? p : null;
}

/** Table name → Parquet SHA-256 from a corpus manifest, or null when it lists none. */
export function corpusFingerprint(manifest: unknown): Record<string, string> | null {
  if (!isRecord(manifest) || !isRecord(manifest.tables)) return null;
  const out: Record<string, string> = {};
  for (const [name, t] of Object.entries(manifest.tables)) {
    if (isRecord(t) && isRecord(t.parquet) && typeof t.parquet.sha256 === 'string') out[name] = t.parquet.sha256;
  }
  return Object.keys(out).length > 0 ? out : null;
}

function sameFingerprint(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

function isAnswer(v: unknown): v is WarmAnswer {
  return isRecord(v) && typeof v.sql === 'string' && Array.isArray(v.columns) && v.columns.every((c) => isRecord(c) && typeof c.name === 'string' && typeof c.type === 'string')
    && Array.isArray(v.rows) && v.rows.every(isRecord);
}

/**
 * The answers by SQL text when `json` is a well-formed warm-start file of the corpus `manifest`
 * describes; null otherwise (another corpus, an older format, a broken file): the app then simply
 * waits for the database, as it would without the file.
 */
export function warmAnswers(json: unknown, manifest: unknown): { summary: WarmSummary; answers: Map<string, QueryResult> } | null {
  const fp = corpusFingerprint(manifest);
  if (fp === null || !isRecord(json) || json.version !== WARM_VERSION || !isRecord(json.corpus) || !isRecord(json.summary) || !Array.isArray(json.answers)) return null;
  const corpus = Object.fromEntries(Object.entries(json.corpus).filter((e): e is [string, string] => typeof e[1] === 'string'));
  if (!sameFingerprint(corpus, fp)) return null;
  const s = json.summary;
  if (typeof s.reports !== 'number' || typeof s.agencies !== 'number' || typeof s.synthetic !== 'boolean' || !Array.isArray(s.years)) return null;
  const years = (s.years as unknown[]).filter((y): y is number => typeof y === 'number');
  if (years.length !== s.years.length) return null;
  if (!json.answers.every(isAnswer)) return null;
  const answers = new Map(json.answers.map((a) => [a.sql, { columns: a.columns, rows: a.rows }]));
  return { summary: { reports: s.reports, agencies: s.agencies, years, synthetic: s.synthetic }, answers };
}
