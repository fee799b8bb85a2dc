import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, type Manifest, type ManifestTable } from '../../src/corpus/manifest';
import { sha256Hex } from '../../src/corpus/sha256';
import { OUTPUT_TABLES, type OutputTableName } from '../../src/corpus/schema';
import { nodeEngine } from '../../src/corpus/node';
import { runIngest, type CliIo } from '../../src/cli/run-ingest';
import { CORPUS_DIR, REPO_ROOT } from '../shared';
import { htmlToDocument } from '../../src/ingest/html/frontend';
import { docxFrom, documentXmlFrom } from '../ingest-docx/build-docx';

/** A table's manifest entry; audit tables are optional in the type, but every manifest written now has them. */
function entry(m: Manifest, name: OutputTableName): ManifestTable {
  const e = m.tables[name];
  if (!e) throw new Error(`the manifest has no ${name} table`);
  return e;
}

const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(REPO_ROOT, 'src', 'cli', 'ingest.ts');

const root = mkdtempSync(join(tmpdir(), 'atlas-cli-'));
const inputs = join(root, 'in');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Four real reports (text, HTML, markdown in a subfolder, PDF two levels down), a binary garbage file and an empty file. */
beforeAll(() => {
  mkdirSync(join(inputs, 'sub', 'deeper'), { recursive: true });
  copyFileSync(join(CORPUS_DIR, 'reports', '092.pdf'), join(inputs, 'sub', 'deeper', '092.pdf'));
  copyFileSync(join(CORPUS_DIR, 'reports', '000.txt'), join(inputs, '000.txt'));
  copyFileSync(join(CORPUS_DIR, 'reports', '001.html'), join(inputs, '001.html'));
  copyFileSync(join(CORPUS_DIR, 'reports', '205.md'), join(inputs, 'sub', '205.md'));
  const garbage = new Uint8Array(4096);
  let x = 12345;
  for (let i = 0; i < garbage.length; i++) garbage[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  writeFileSync(join(inputs, 'garbage.txt'), garbage);
  writeFileSync(join(inputs, 'empty.txt'), '');
  writeFileSync(join(inputs, 'notes.csv'), 'not a report, and not picked up by the folder walk');
});

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function readManifest(dir: string): Manifest {
  const r = parseManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  if (!r.ok) throw new Error(r.message.en);
  return r.manifest;
}

describe('npm run ingest, end to end', () => {
  const out = join(root, 'out');
  const json = join(root, 'json');
  let run: ReturnType<typeof runCli>;
  beforeAll(() => {
    run = runCli([inputs, '--out', out, '--json', json, '--meta', join(CORPUS_DIR, 'manifest.csv'), '--compare', join(CORPUS_DIR, 'expected')]);
  });

  it('exits 0 without --strict and lists each failure with its file and a bilingual reason', () => {
    expect(run.status, run.stderr).toBe(0);
    const failLines = run.stderr.split('\n').filter((l) => l.startsWith('✗'));
    expect(failLines).toHaveLength(2);
    expect(failLines[0]).toMatch(/^✗ empty\.txt \[\w+\] .*[\u4e00-\u9fff].* \/ .*[A-Za-z]/);
    expect(failLines[1]).toMatch(/^✗ garbage\.txt \[\w+\] .*[\u4e00-\u9fff].* \/ .*[A-Za-z]/);
    expect(run.stdout).toContain('parsed 4 of 6 files, 2 failed');
    expect(run.stderr).toContain('progress: 6/6');
  });

  it('writes Parquet and CSV of every table with a manifest whose hashes match', () => {
    const m = readManifest(out);
    expect(m.inputs).toEqual({ files: 6, reports: 4, failed: 2 });
    expect(m.failures.map((f) => f.file)).toEqual(['empty.txt', 'garbage.txt']);
    for (const t of OUTPUT_TABLES) {
      const e = entry(m, t.name);
      for (const f of [e.parquet, e.csv]) {
        const bytes = readFileSync(join(out, f.path));
        expect(sha256Hex(bytes), f.path).toBe(f.sha256);
        expect(bytes.length).toBe(f.bytes);
      }
    }
  });

  it('writes a corpus that native DuckDB reads: reports, regions and cells of report 000', async () => {
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    try {
      const q = async (sql: string): Promise<Record<string, unknown>[]> => (await conn.runAndReadAll(sql)).getRowObjectsJS();
      const reports = await q(`SELECT report_id, agency_name, province, city, agency_type, year, source_file, source_format FROM read_parquet('${join(out, 'reports.parquet')}') ORDER BY report_id`);
      expect(reports).toEqual([
        { report_id: '000', agency_name: '沈阳市工业和信息化局', province: '辽宁省', city: '沈阳市', agency_type: 'department', year: 2020, source_file: '000.txt', source_format: 'txt' },
        { report_id: '001', agency_name: '上海市人民政府办公厅', province: '上海市', city: '上海市', agency_type: 'government', year: 2019, source_file: '001.html', source_format: 'html' },
        { report_id: '092', agency_name: '淮安市人民政府', province: '江苏省', city: '淮安市', agency_type: 'government', year: 2024, source_file: 'sub/deeper/092.pdf', source_format: 'pdf' },
        { report_id: '205', agency_name: '上海市科学技术委员会', province: '上海市', city: '上海市', agency_type: 'department', year: 2024, source_file: 'sub/205.md', source_format: 'md' },
      ]);
      const [money] = await q(`SELECT raw, unit, value_yuan FROM read_parquet('${join(out, 'cells.parquet')}') WHERE report_id = '000' AND key = 'active.art20_9.central_procurement.total_amount'`);
      expect(money).toEqual({ raw: '0.0436 亿元', unit: '亿元', value_yuan: 4360000 });
      const [wide] = await q(`SELECT active__art20_1__regulations__published_total AS v, active__art20_9__central_procurement__total_amount_yuan AS yuan FROM read_parquet('${join(out, 'report_values.parquet')}') WHERE report_id = '000'`);
      expect(wide).toEqual({ v: 2, yuan: 4360000 });
      const [csvCount] = await q(`SELECT count(*) AS n FROM read_csv('${join(out, 'cells.csv')}', header = true)`);
      const [pqCount] = await q(`SELECT count(*) AS n FROM read_parquet('${join(out, 'cells.parquet')}')`);
      expect(csvCount).toEqual(pqCount);
    } finally {
      conn.closeSync();
      inst.closeSync();
    }
  });

  it('--json writes report 000 exactly as the hand-checked expected/000.json', () => {
    const expected = JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', '000.json'), 'utf8')) as Record<string, unknown>;
    const got = JSON.parse(readFileSync(join(json, '000.json'), 'utf8')) as Record<string, unknown>;
    expect(got.cells).toEqual(expected.cells);
    expect(got.text_facts).toEqual(expected.text_facts);
    expect({ template: got.template, year: got.year, agency: got.agency }).toEqual({ template: expected.template, year: expected.year, agency: expected.agency });
    expect(existsSync(join(json, '001.json'))).toBe(true);
    const n = Object.keys(expected.cells as object).length;
    expect(run.stdout).toContain(`000: ${n}/${n}\n`);
    expect(run.stdout).toMatch(/核对 \/ compared: \d+\/\d+ 个单元格一致/);
    expect(existsSync(join(json, 'garbage.json'))).toBe(false);
  });

  it('exits 1 with --strict when a file failed, and still writes the rest', () => {
    const strictOut = join(root, 'strict');
    const r = runCli([inputs, '--out', strictOut, '--strict', '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain('progress');
    expect(readManifest(strictOut).inputs.reports).toBe(4);
    // A second CLI process reading a PDF with pdf.js: slow on a loaded machine.
  }, 120_000);
});

describe('runIngest edge cases', () => {
  const capture = (): CliIo & { text: () => string } => {
    let buf = '';
    return { out: (l) => (buf += l + '\n'), err: (t) => (buf += t), tty: false, text: () => buf };
  };

  it('exits 1 when nothing parsed, even without --strict', async () => {
    const dir = join(root, 'only-bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'empty.txt'), '');
    const io = capture();
    expect(await runIngest([dir, '--out', join(root, 'only-bad-out')], nodeEngine, io)).toBe(1);
    expect(io.text()).toContain('no report was parsed');
  });

  it('exits 2 on bad arguments with a bilingual usage text', async () => {
    const io = capture();
    expect(await runIngest([inputs], nodeEngine, io)).toBe(2);
    expect(io.text()).toMatch(/--out is required/);
    expect(io.text()).toContain('用法 / usage');
    const io2 = capture();
    expect(await runIngest([inputs, '--out', 'x', '--bogus'], nodeEngine, io2)).toBe(2);
    expect(io2.text()).toContain("Unknown option '--bogus'");
  });

  it('names an input path that does not exist and counts it as a failure under --strict', async () => {
    const io = capture();
    const code = await runIngest([join(inputs, '000.txt'), join(root, 'missing.txt'), '--out', join(root, 'missing-out'), '--strict', '--quiet'], nodeEngine, io);
    expect(code).toBe(1);
    expect(io.text()).toContain('missing.txt: 找不到该文件或文件夹 / no such file or folder');
    expect(readManifest(join(root, 'missing-out')).inputs.reports).toBe(1);
  });

  it('shows progress as a redrawn bar on a terminal and as a line every N files otherwise', async () => {
    let tty = '';
    await runIngest([inputs, '--out', join(root, 'tty-out')], nodeEngine, { out: () => undefined, err: (t) => (tty += t), tty: true });
    expect(tty).toMatch(/\r\[#{30}\] 6\/6 .*\n/);
    let lines = '';
    await runIngest([inputs, '--out', join(root, 'lines-out'), '--progress-every', '2'], nodeEngine, { out: () => undefined, err: (t) => (lines += t), tty: false });
    expect(lines.split('\n').filter((l) => l.startsWith('进度'))).toEqual(['进度 / progress: 2/6', '进度 / progress: 4/6', '进度 / progress: 6/6']);
  });

  it('reads a Word file found deep in a folder: report 001 as .docx matches its hand-checked cells', async () => {
    // No real .docx is in the corpus: report 001's HTML tables (with row and column spans) become Word tables.
    const dir = join(root, 'docx-in', 'nested', 'deeper');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '001.docx'), docxFrom(documentXmlFrom(htmlToDocument(readFileSync(join(CORPUS_DIR, 'reports', '001.html'), 'utf8')))));
    const io = capture();
    const out = join(root, 'docx-out');
    const code = await runIngest([join(root, 'docx-in'), '--out', out, '--meta', join(CORPUS_DIR, 'manifest.csv'), '--compare', join(CORPUS_DIR, 'expected'), '--quiet'], nodeEngine, io);
    expect(code, io.text()).toBe(0);
    const m = readManifest(out);
    expect(m.inputs).toEqual({ files: 1, reports: 1, failed: 0 });
    const reports = readFileSync(join(out, 'reports.csv'), 'utf8');
    expect(reports).toContain(',nested/deeper/001.docx,');
    const n = Object.keys((JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', '001.json'), 'utf8')) as { cells: object }).cells).length;
    expect(io.text()).toContain(`001: ${String(n)}/${String(n)}\n`);
  });

  it('says so, bilingually, when the output folder cannot be written', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const io = capture();
    expect(await runIngest([join(inputs, '000.txt'), '--out', join(blocker, 'out'), '--quiet'], nodeEngine, io)).toBe(1);
    expect(io.text()).toContain('无法写出语料 / cannot write the corpus');
  });
});
