/**
 * The warm-start file: the committed data/warm.json must answer exactly what the database answers
 * for the first screen's statements, belong to data/manifest.json, and be refused whenever it
 * belongs to another corpus or is malformed; the writer gives the same answers over the prebuilt
 * database as over the Parquet files.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpusDatabase } from '../../src/corpus/database-node';
import { summarise } from '../../src/corpus/load';
import { WARM_FILE, WARM_VERSION, corpusFingerprint, warmAnswers, warmPath, warmSqls } from '../../src/corpus/warm';
import { writeWarmStart } from '../../src/corpus/warm-node';
import type { DbConnector } from '../../src/db/connector';
import { filterOptionsSql } from '../../src/queries/corpus';
import { EMPTY_FILTERS } from '../../src/queries/filters';
import { overviewKpisSql, overviewSqls } from '../../src/queries/overview';
import { sha256Hex } from '../../src/corpus/sha256';
import { loadTruthDb } from '../e2e/harness';
import { REPO_ROOT } from '../shared';

const DATA = join(REPO_ROOT, 'data');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
let truth: DbConnector;
const dirs: string[] = [];

beforeAll(async () => {
  truth = await loadTruthDb();
}, 120_000);

afterAll(async () => {
  await truth.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Doubles summed in another row order may differ in the last bits. */
function approx(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(12));
  if (Array.isArray(v)) return v.map(approx);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, approx(x)]));
  return v;
}

describe('warmSqls', () => {
  it('are the filter options and every Overview statement with no filter, once each', () => {
    const sqls = warmSqls();
    expect(sqls).toEqual([filterOptionsSql(), ...overviewSqls(EMPTY_FILTERS)]);
    expect(new Set(sqls).size).toBe(sqls.length);
  });
});

describe('the committed data/warm.json', () => {
  const manifest = readJson(join(DATA, 'manifest.json'));
  const json = readJson(join(DATA, WARM_FILE));

  it('is announced by data/manifest.json with its size and hash, and belongs to it', () => {
    expect(warmPath(manifest)).toBe(WARM_FILE);
    const entry = (manifest as { warm: { bytes: number; sha256: string } }).warm;
    const bytes = readFileSync(join(DATA, WARM_FILE));
    expect(entry.bytes).toBe(bytes.length);
    expect(entry.sha256).toBe(sha256Hex(bytes));
    expect(warmAnswers(json, manifest)).not.toBeNull();
  });

  it('answers every first-screen statement as the database does, and summarises the corpus', async () => {
    const w = warmAnswers(json, manifest);
    if (w === null) throw new Error('warm.json does not belong to data/manifest.json: run npm run corpus:build');
    expect([...w.answers.keys()]).toEqual(warmSqls());
    for (const sql of warmSqls()) {
      const live = await truth.query(sql);
      expect(live.rows.length, sql).toBeGreaterThan(0);
      expect(approx(w.answers.get(sql)), sql).toEqual(approx(live));
    }
    const { reports, agencies, years, synthetic } = await summarise(truth, '', []);
    expect(w.summary).toEqual({ reports, agencies, years, synthetic });
  });

  it('is refused for another corpus, another format or a malformed answer', () => {
    const fp = corpusFingerprint(manifest) ?? {};
    const tables = (manifest as { tables: Record<string, { parquet: { sha256: string } }> }).tables;
    const changed = { ...(manifest as object), tables: { ...tables, cells: { ...tables.cells, parquet: { sha256: '0'.repeat(64) } } } };
    expect(Object.keys(fp)).toContain('cells');
    expect(warmAnswers(json, changed)).toBeNull();
    const j = json as Record<string, unknown> & { answers: Record<string, unknown>[] };
    expect(warmAnswers({ ...j, version: WARM_VERSION + 1 }, manifest)).toBeNull();
    expect(warmAnswers({ ...j, answers: [...j.answers, { sql: 'SELECT 1', rows: [] }] }, manifest)).toBeNull();
    expect(warmAnswers({ ...j, summary: { reports: 1, agencies: 1, years: ['2020'], synthetic: false } }, manifest)).toBeNull();
    expect(warmAnswers(json, {})).toBeNull();
    expect(warmAnswers(null, manifest)).toBeNull();
  });

  it('a manifest path out of the corpus folder is not followed', () => {
    expect(warmPath({ warm: { path: '../secret.json' } })).toBeNull();
    expect(warmPath({ warm: { path: '/etc/passwd' } })).toBeNull();
    expect(warmPath({ warm: {} })).toBeNull();
    expect(warmPath({})).toBeNull();
  });
});

describe('writeWarmStart', () => {
  it('gives the same answers over the prebuilt database as over the Parquet files, and keeps the database entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-warm-'));
    dirs.push(dir);
    for (const f of readdirSync(DATA)) if (f === 'manifest.json' || f.endsWith('.parquet')) copyFileSync(join(DATA, f), join(dir, f));
    await writeCorpusDatabase(dir);
    const entry = await writeWarmStart(dir);
    const manifest = readJson(join(dir, 'manifest.json')) as Record<string, unknown>;
    expect(manifest.database).toBeDefined();
    expect(manifest.warm).toEqual(entry);
    const attached = warmAnswers(readJson(join(dir, WARM_FILE)), manifest);
    const committed = warmAnswers(readJson(join(DATA, WARM_FILE)), manifest);
    if (attached === null || committed === null) throw new Error('warm file refused');
    expect(approx(attached.summary)).toEqual(approx(committed.summary));
    for (const sql of warmSqls()) expect(approx(attached.answers.get(sql)), sql).toEqual(approx(committed.answers.get(sql)));
    expect(attached.answers.get(overviewKpisSql(EMPTY_FILTERS))?.rows).toHaveLength(1);
  }, 120_000);

  it('refuses a folder that is no corpus, in Chinese and English, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-warm-'));
    dirs.push(dir);
    await expect(writeWarmStart(dir)).rejects.toThrow(/不是语料目录.*not a corpus folder/);
    expect(existsSync(join(dir, WARM_FILE))).toBe(false);
  });
});
