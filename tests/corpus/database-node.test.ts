import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_DB_FILE, tableOrder, writeCorpusDatabase } from '../../src/corpus/database-node';

const dirs: string[] = [];
const scratch = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'atlas-db-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('writeCorpusDatabase', () => {
  it('refuses a folder without manifest.json, in Chinese and English, and writes nothing', async () => {
    const d = scratch();
    await expect(writeCorpusDatabase(d)).rejects.toThrow(/不是语料目录.*not a corpus folder/);
    expect(existsSync(join(d, CORPUS_DB_FILE))).toBe(false);
  });

  it('names the Parquet files a manifest lists but the folder lacks', async () => {
    const d = scratch();
    writeFileSync(join(d, 'manifest.json'), JSON.stringify({ schemaVersion: 1, tables: { reports: { rows: 1 }, cells: { rows: 2 } } }));
    await expect(writeCorpusDatabase(d)).rejects.toThrow(/缺少 Parquet 文件 \/ Parquet files missing: reports\.parquet, cells\.parquet/);
    expect(existsSync(join(d, CORPUS_DB_FILE))).toBe(false);
  });
});

describe('tableOrder', () => {
  it('clusters checks by status and rule, cells by region and agency, and other report tables by report', () => {
    expect(tableOrder('checks', ['report_id', 'rule_id', 'status', 'scope'])).toBe(' ORDER BY status, rule_id, scope, report_id');
    expect(tableOrder('cells', ['report_id', 'key'])).toBe(' ORDER BY r.province NULLS LAST, r.city NULLS LAST, r.agency_id NULLS LAST, r.year NULLS LAST, c.report_id, c.key');
    expect(tableOrder('text_facts', ['report_id', 'fact'])).toBe(' ORDER BY report_id');
    expect(tableOrder('regions', ['code'])).toBe('');
  });
});
