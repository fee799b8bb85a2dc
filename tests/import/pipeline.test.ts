/**
 * The import pipeline on real reports: what the worker computes for a dropped file equals what the
 * CLI computes for the same bytes, golden cells hold, bad files become clear bilingual errors, and
 * the reviewer's corrections recompute identity and year-dependent checks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runReportChecks } from '../../src/checks';
import { agencyId } from '../../src/corpus/agency';
import { buildCorpus, type BuildResult } from '../../src/corpus/build';
import { parseCsvObjects } from '../../src/corpus/csv';
import { cleanMetaText } from '../../src/corpus/agency';
import { nodeEngine } from '../../src/corpus/node';
import { reportToRows } from '../../src/corpus/rows';
import { sha256Hex } from '../../src/corpus/sha256';
import { regionCode } from '../../src/model/regions';
import { applyEdits, assignImportIds, importRows, parseImportFile, skipReason } from '../../src/import/pipeline';
import type { ImportFile, ImportItem } from '../../src/import/types';
import { imageOnlyPdf, passwordPdf } from '../ingest-pdf/build-pdf';
import { encodeGbk } from '../ingest/gbk';
import { CORPUS_DIR } from '../shared';
import { DATA_DIR, metaRow, parsed, reportFile } from './helpers';

const EXPECTED_DIR = join(CORPUS_DIR, 'expected');
const EXPECTED_IDS = readdirSync(EXPECTED_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

type ExpectedValue = number | string | null | { raw: string; yuan: number };
function expected(id: string): Record<string, ExpectedValue> {
  const j = JSON.parse(readFileSync(join(EXPECTED_DIR, `${id}.json`), 'utf8')) as { cells: Record<string, ExpectedValue> };
  return j.cells;
}

function failed(item: ImportItem): { code: string; zh: string; en: string } {
  expect(item.status).toBe('error');
  expect(item.parsed).toBeUndefined();
  if (!item.failure) throw new Error('no failure');
  expect(item.failure.message.zh.length).toBeGreaterThan(0);
  expect(item.failure.message.en.length).toBeGreaterThan(0);
  return { code: item.failure.code, ...item.failure.message };
}

describe('parseImportFile on every report with a hand-checked expected file', { timeout: 180_000 }, () => {
  const files: ImportFile[] = EXPECTED_IDS.map(reportFile);
  let cli: BuildResult;
  let items: ImportItem[];
  beforeAll(async () => {
    // The CLI path for the same bytes, without the manifest (an import has none).
    cli = await buildCorpus(files, nodeEngine);
    const ids = assignImportIds(files.map((f) => f.relPath));
    items = [];
    for (const [i, f] of files.entries()) items.push(await parseImportFile(f, i, { reportId: ids[i] ?? '' }));
  }, 300_000);

  it('covers the PDFs, the HTML and the Markdown reports', () => {
    const exts = new Set(files.map((f) => f.relPath.split('.').pop()));
    expect([...exts].sort()).toEqual(['html', 'md', 'pdf', 'txt']);
    expect(files.length).toBe(EXPECTED_IDS.length);
  });

  it('gives the CLI’s report (cells, facts, diagnostics, sections), per-report checks and identity for the same bytes', () => {
    expect(cli.failures).toEqual([]);
    for (const [i, f] of files.entries()) {
      const item = items[i];
      const want = cli.reports.find((r) => r.identity.sourceFile === f.relPath);
      if (!item?.parsed || !want) throw new Error(`${f.relPath}: ${item?.failure?.message.en ?? 'missing in the CLI result'}`);
      expect(item.index).toBe(i);
      expect(item.relPath).toBe(f.relPath);
      expect(item.parsed.report, f.relPath).toEqual(want.report);
      expect(item.parsed.checks, f.relPath).toEqual(want.checks.filter((c) => !c.ruleId.startsWith('XY-')));
      const { reportId, agencyId: ag, ...rest } = item.parsed.identity;
      const { reportId: cliId, agencyId: cliAg, ...cliRest } = want.identity;
      expect(reportId).toBe(`import:${cliId}`);
      expect(rest, f.relPath).toEqual(cliRest);
      // Agencies pair by name and region; only a nameless report's id depends on the report id.
      if (want.identity.agencyName !== null) expect(ag).toBe(cliAg);
      expect(item.parsed.identity.contentSha256).toBe(sha256Hex(f.bytes));
      expect(['ok', 'warn']).toContain(item.status);
    }
  });

  it('reads the golden values of the PDF, HTML and Markdown reports', () => {
    let checked = 0;
    for (const [i, f] of files.entries()) {
      if (f.relPath.endsWith('.txt')) continue;
      const cells = new Map((items[i]?.parsed?.report.cells ?? []).map((c) => [c.key, c]));
      const want = Object.entries(expected(f.relPath.replace(/\.\w+$/, '')));
      for (const key of ['requests.new_received.total', 'requests.results.total.total', 'review_litigation.admin_review.total', 'active.art20_1.normative_docs.in_force']) {
        const v = want.find(([k]) => k === key)?.[1];
        if (typeof v !== 'number') continue;
        expect(cells.get(key)?.value, `${f.relPath} ${key}`).toBe(v);
        expect(cells.get(key)?.semantic).toBe('number');
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('marks a report whose own tables break a rule as warn (203: 行政复议 总计 0)', () => {
    const i = files.findIndex((f) => f.relPath === '203.pdf');
    expect(items[i]?.status).toBe('warn');
    expect(items[i]?.parsed?.checks.some((c) => c.ruleId === 'T4-SUM' && c.status === 'fail')).toBe(true);
  });

  it('builds the rows of all seven tables like the CLI', () => {
    const mine = importRows(
      items.flatMap((it) => (it.parsed ? [it.parsed] : [])),
      [],
    );
    const cliRows = cli.reports.map((r) => reportToRows({ ...r, checks: r.checks.filter((c) => !c.ruleId.startsWith('XY-')) }));
    for (const t of ['cells', 'text_facts', 'report_texts', 'diagnostics'] as const) {
      expect(mine[t].length, t).toBe(cliRows.reduce((n, r) => n + r[t].length, 0));
    }
    expect(mine.reports.map((r) => r.report_id)).toEqual([...mine.reports.map((r) => String(r.report_id))].sort());
    expect(mine.reports.length).toBe(files.length);
  });
});

describe('parseImportFile: encodings and files that are no report', { timeout: 180_000 }, () => {
  it('reads a GBK re-encoding of a real UTF-8 HTML report (001) exactly as the original', async () => {
    const f = reportFile('001');
    const text = new TextDecoder().decode(f.bytes);
    expect(text).toMatch(/charset="?utf-8/i);
    const gbk = encodeGbk(text.replace(/charset="?utf-8"?/i, 'charset="gbk"'));
    const a = await parseImportFile(f, 0);
    const b = await parseImportFile({ relPath: '001-gbk.html', bytes: gbk }, 1);
    expect(a.parsed?.report.cells.length).toBeGreaterThan(100);
    expect(b.parsed?.report.cells).toEqual(a.parsed?.report.cells);
    expect(b.parsed?.identity.agencyName).toBe(a.parsed?.identity.agencyName);
    expect(b.parsed?.identity.contentSha256).not.toBe(a.parsed?.identity.contentSha256);
  });

  it('refuses a scanned PDF (image only, no text layer) as 扫描件', async () => {
    const e = failed(await parseImportFile({ relPath: 'scans/2023年报扫描.pdf', bytes: imageOnlyPdf(3) }, 4));
    expect(e.code).toBe('scanned_pdf');
    expect(e.zh).toContain('扫描件，无文字层');
    expect(e.zh).toContain('2023年报扫描.pdf');
    expect(e.en).toMatch(/Scanned PDF/);
  });

  it('refuses an encrypted PDF, an empty file, random bytes and a text that is no report, never throwing', async () => {
    expect(failed(await parseImportFile({ relPath: 'locked.pdf', bytes: passwordPdf() }, 0)).code).toBe('pdf_encrypted');
    const empty = failed(await parseImportFile({ relPath: 'empty.txt', bytes: new Uint8Array(0) }, 1));
    expect(empty.code).toBe('empty_input');
    expect(empty.zh).toContain('empty.txt');
    let seed = 12345;
    const noise = new Uint8Array(8192).map(() => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed >> 16 & 0xff;
    });
    const random = await parseImportFile({ relPath: 'noise.bin', bytes: noise }, 2);
    expect(random.status).toBe('error');
    expect(random.failure?.message.en.length).toBeGreaterThan(0);
    const letter = failed(await parseImportFile({ relPath: 'letter.txt', bytes: new TextEncoder().encode('会议通知：请各位同事于周五下午三点到会议室开会。') }, 3));
    expect(letter.code).toBe('not_a_report');
    const truncatedPdf = failed(await parseImportFile({ relPath: 'cut.pdf', bytes: reportFile('092').bytes.slice(0, 2000) }, 5));
    expect(truncatedPdf.code).toMatch(/pdf_unreadable|scanned_pdf/);
  });
});

describe('assignImportIds and skipReason', { timeout: 180_000 }, () => {
  it('prefixes ids and keeps them unique within a session', () => {
    expect(assignImportIds(['a/092.pdf', 'b/092.pdf', '211.txt', '211.txt'])).toEqual(['import:a__092', 'import:b__092', 'import:211', 'import:211#2']);
  });

  it('skips images, archives, corpus files and system files, and parses everything else', () => {
    for (const p of ['scan.JPG', 'a/b/page.png', 'reports.zip', 'x.7z', 'cells.csv', 'manifest.json', '.DS_Store', 'Thumbs.db', 'a/.git/config', 'x.xlsx']) {
      const r = skipReason(p);
      expect(r?.zh.length, p).toBeGreaterThan(0);
      expect(r?.en.length, p).toBeGreaterThan(0);
    }
    for (const p of ['092.pdf', '年报/2023.docx', 'x.txt', 'page.shtml', 'old.doc', 'noext']) expect(skipReason(p), p).toBeNull();
  });
});

describe('applyEdits', { timeout: 180_000 }, () => {
  const dataReports = parseCsvObjects(readFileSync(join(DATA_DIR, 'reports.csv'), 'utf8'));

  it('recomputes the agency id from the corrected region and name, pairing the import with the corpus’ agency', async () => {
    const p = await parsed('211');
    const m = metaRow('211');
    const edits = { province: cleanMetaText(m.province), city: cleanMetaText(m.city), district: cleanMetaText(m.district), agencyName: cleanMetaText(m.agency) ?? '' };
    const e = applyEdits(p, edits);
    const want = agencyId({ province: edits.province, city: edits.city, district: edits.district, name: edits.agencyName, reportId: 'unused' });
    expect(e.identity.agencyId).toBe(want);
    expect(e.identity.agencyId).toBe(dataReports.find((r) => r.report_id === '211')?.agency_id);
    expect(e.identity.agencyId).not.toBe(p.identity.agencyId);
    expect(e.identity).toMatchObject({ province: edits.province, city: edits.city, district: null, agencyName: edits.agencyName, year: p.identity.year });
    // The region code follows the corrected names, as the CLI's identity gives it from the manifest.
    expect(e.identity.regionCode).toBe(regionCode({ province: edits.province, city: edits.city, district: edits.district }));
    expect(e.identity.regionCode).toBe('321300'); // 宿迁市 in GB/T 2260
    // Nothing year-dependent changed: the checks are the parse's own.
    expect(e.checks).toBe(p.checks);
  });

  it('re-infers the type for a new name unless a type is chosen', async () => {
    const p = await parsed('211');
    expect(applyEdits(p, { agencyName: '宿迁市人民政府' }).identity.agencyType).toBe('government');
    expect(applyEdits(p, { agencyName: '宿迁市宿城区幸福街道办事处' }).identity.agencyType).toBe('township');
    expect(applyEdits(p, { agencyName: '宿迁市财政局' }).identity.agencyType).toBe('department');
    expect(applyEdits(p, { agencyName: '宿迁市财政局', agencyType: 'other' }).identity.agencyType).toBe('other');
    expect(applyEdits(p, { agencyType: 'department' }).identity.agencyType).toBe('department');
  });

  it('a corrected year reruns the year-dependent checks and the template diagnostic; the original is untouched', async () => {
    const p = await parsed('211');
    expect(p.report.meta.template).toBe('v2021');
    const tv = (checks: readonly { ruleId: string; status: string }[]): string | undefined => checks.find((c) => c.ruleId === 'TEMPLATE-VERSION')?.status;
    expect(tv(p.checks)).toBe('pass');
    const e = applyEdits(p, { year: 2020 });
    expect(e.identity.year).toBe(2020);
    expect(e.report.meta.year).toBe(2020);
    expect(tv(e.checks)).toBe('fail');
    expect(e.checks).toEqual(runReportChecks(e.report));
    expect(e.report.diagnostics.filter((d) => d.code === 'template_mismatch')).toHaveLength(1);
    expect(reportToRows(e).reports[0]?.template_mismatch).toBe(true);
    expect(reportToRows(p).reports[0]?.template_mismatch).toBe(false);
    // Back to the document's year: the same checks and diagnostics as the parse.
    const back = applyEdits(e, { year: p.identity.year });
    expect(back.checks).toEqual(p.checks);
    expect(back.report.diagnostics).toEqual(p.report.diagnostics);
    expect(p.report.meta.year).toBe(2024);
    expect(tv(p.checks)).toBe('pass');
  });
});
