import { describe, expect, it } from 'vitest';
import { buildCorpus, expectedJsonFiles, writeCorpusFiles, type Engine } from '../../src/corpus/build';
import { diffExpectedJson, reportToExpectedJson } from '../../src/corpus/expected-json';
import { Manifest, parseManifest, type ManifestTable } from '../../src/corpus/manifest';
import { parseMetaCsv } from '../../src/corpus/meta';
import { reportToRows, templateMismatch, type ReportIdentity } from '../../src/corpus/rows';
import { OUTPUT_TABLES, SCHEMA_VERSION, type OutputTableName } from '../../src/corpus/schema';
import { sha256Hex } from '../../src/corpus/sha256';
import type { CheckResult } from '../../src/model/checks';
import type { Cell, Report } from '../../src/model/report';

/** A table's manifest entry; audit tables are optional in the type, but every manifest written now has them. */
function entry(m: Manifest, name: OutputTableName): ManifestTable {
  const e = m.tables[name];
  if (!e) throw new Error(`the manifest has no ${name} table`);
  return e;
}

/** A small hand-made report: the row builders are tested on their own, apart from the parser. */
const cell = (key: string, semantic: Cell['semantic'], value: number | null, raw: string, extra: Partial<Cell> = {}): Cell => ({
  key, semantic, value, raw, provenance: { line: 10 }, ...extra,
});

const report: Report = {
  meta: {
    agencyName: '文档里的机构名', year: 2020, template: 'v2019', tableTemplates: { active: 'v2019' }, title: '2020年政府信息公开工作年度报告',
    statPeriodStart: '2020-01-01', statPeriodEnd: '2020-12-31', signedDate: '2021-01-29', publishedDate: null, sourceFormat: 'txt',
  },
  cells: [
    cell('active.art20_1.regulations.new_made', 'number', 1, '1'),
    cell('active.art20_1.regulations.new_published', 'blank', null, ''),
    cell('active.art20_1.regulations.published_total', 'na', null, '/'),
    cell('active.art20_5.admin_licensing.items_change', 'number', -3, '-3'),
    cell('active.art20_6.admin_penalty.decisions', 'text', null, '无'),
    cell('active.art20_6.admin_coercion.decisions', 'text', null, '0/0'),
    cell('active.art20_9.central_procurement.total_amount', 'number', 0.0436, '0.0436 亿元', { unit: '亿元', valueYuan: 4360000 }),
    cell('requests.results.other.total', 'number', 0, '', { derived: true }),
    cell('review_litigation.admin_review.total', 'number', 0, '0', { provenance: { page: 4, path: 'td:nth-of-type(5)' } }),
  ],
  textFacts: [{ key: 'active_disclosure_items', value: 5082, raw: '主动公开政府信息5082条', provenance: { line: 3 } }],
  diagnostics: [],
  sections: { narrative: '', problems: null, found: [] },
};

const identity: ReportIdentity = {
  reportId: '000', agencyId: 'ag_0123456789abcdef', agencyName: '沈阳市工业和信息化局', province: '辽宁省', city: '沈阳市', district: null,
  regionCode: null, agencyType: 'department', year: 2020, sourceFile: '000.txt', sourceUrl: "the project's seed report",
  completeness: 'full', synthetic: false, contentSha256: 'a'.repeat(64),
};

const checks: CheckResult[] = [
  { ruleId: 'T3-BAL', severity: 'error', status: 'fail', scope: 'total', expected: 3, actual: 2, keys: ['requests.new_received.total', 'requests.carried_over.total'], message: { zh: '不平衡', en: 'unbalanced' } },
  { ruleId: 'T4-SUM', severity: 'error', status: 'pass', scope: '', expected: null, actual: null, keys: [], message: { zh: '通过', en: 'ok' } },
];

describe('reportToRows', () => {
  const rows = reportToRows({ identity, report, checks });

  it('writes one reports row from identity and meta', () => {
    expect(rows.reports).toEqual([expect.objectContaining({
      report_id: '000', agency_name: '沈阳市工业和信息化局', agency_type: 'department', year: 2020, template: 'v2019', template_mismatch: false,
      signed_date: '2021-01-29', n_cells: 8, n_checks_failed: 1, source_url: "the project's seed report", synthetic: false,
    })]);
    expect(Object.keys(rows.reports[0]!)).toEqual(OUTPUT_TABLES[0]!.columns.map((c) => c.name));
  });

  it('keeps blank, na, text and zero apart in cells', () => {
    expect(rows.cells.map((r) => [r.semantic, r.value, r.raw])).toEqual([
      ['number', 1, '1'], ['blank', null, ''], ['na', null, '/'], ['number', -3, '-3'], ['text', null, '无'], ['text', null, '0/0'],
      ['number', 0.0436, '0.0436 亿元'], ['number', 0, ''], ['number', 0, '0'],
    ]);
    expect(rows.cells[6]).toMatchObject({ unit: '亿元', value_yuan: 4360000, table_id: 'active' });
    expect(rows.cells[7]).toMatchObject({ derived: true, table_id: 'requests' });
    expect(rows.cells[8]).toMatchObject({ table_id: 'review', prov_line: null, prov_page: 4, prov_path: 'td:nth-of-type(5)' });
  });

  it('fills the wide row with numbers only, nulls elsewhere, and yuan from the money cell', () => {
    const w = rows.report_values[0]!;
    expect(w.active__art20_1__regulations__new_made).toBe(1);
    expect(w.active__art20_1__regulations__new_published).toBeNull();
    expect(w.active__art20_1__regulations__published_total).toBeNull();
    expect(w.active__art20_5__admin_licensing__items_change).toBe(-3);
    expect(w.active__art20_6__admin_penalty__decisions).toBeNull();
    expect(w.active__art20_9__central_procurement__total_amount_yuan).toBe(4360000);
    expect(w.requests__results__other__total).toBe(0);
    expect(w.requests__new_received__total).toBeNull();
    // report_id plus the six numbers above (the review total among them)
    expect(Object.values(w).filter((v) => v !== null)).toHaveLength(7);
  });

  it('writes checks with space-joined keys and both messages', () => {
    expect(rows.checks[0]).toEqual({
      report_id: '000', agency_id: 'ag_0123456789abcdef', year: 2020, rule_id: 'T3-BAL', severity: 'error', status: 'fail', scope: 'total',
      expected: 3, actual: 2, keys: 'requests.new_received.total requests.carried_over.total', message_zh: '不平衡', message_en: 'unbalanced',
    });
    expect(rows.text_facts).toEqual([{ report_id: '000', fact: 'active_disclosure_items', value: 5082, raw: '主动公开政府信息5082条', prov_line: 3 }]);
  });

  it('writes the prose and the diagnostics, with blank problems as null and keys space-joined', () => {
    const withProse: Report = {
      ...report,
      sections: { narrative: '一、总体情况 本机关…', problems: '存在的问题：公开不及时。', found: ['overview', 'problems'] },
      diagnostics: [
        { level: 'warn', code: 'table_missing', table: 'review', message: { zh: '缺表四', en: 'table 四 missing' } },
        { level: 'info', code: 'row_truncated', keys: ['requests.results.other.total', 'requests.new_received.total'], message: { zh: '截断', en: 'cut' } },
      ],
    };
    const r = reportToRows({ identity, report: withProse, checks });
    expect(r.report_texts).toEqual([{ report_id: '000', narrative: '一、总体情况 本机关…', problems: '存在的问题：公开不及时。' }]);
    expect(r.diagnostics).toEqual([
      { report_id: '000', level: 'warn', code: 'table_missing', table_id: 'review', keys: '', message_zh: '缺表四', message_en: 'table 四 missing' },
      { report_id: '000', level: 'info', code: 'row_truncated', table_id: null, keys: 'requests.results.other.total requests.new_received.total', message_zh: '截断', message_en: 'cut' },
    ]);
    expect(rows.report_texts).toEqual([{ report_id: '000', narrative: '', problems: null }]);
    expect(rows.diagnostics).toEqual([]);
    for (const t of OUTPUT_TABLES) for (const row of r[t.name]) expect(Object.keys(row), t.name).toEqual(t.columns.map((c) => c.name));
  });

  it('flags templates that do not fit the year', () => {
    expect(templateMismatch(report, 2020)).toBe(false);
    expect(templateMismatch(report, 2022)).toBe(true);
    expect(templateMismatch({ ...report, meta: { ...report.meta, template: 'v2021' } }, 2020)).toBe(true);
    expect(templateMismatch({ ...report, meta: { ...report.meta, template: 'mixed' } }, 2023)).toBe(true);
    expect(templateMismatch({ ...report, meta: { ...report.meta, template: 'text_only' } }, 2023)).toBe(false);
    expect(templateMismatch({ ...report, meta: { ...report.meta, template: 'pre2019' } }, 2011)).toBe(false);
  });
});

describe('reportToExpectedJson', () => {
  it('follows the expected/*.json value conventions and leaves derived cells out', () => {
    const j = reportToExpectedJson(report, { id: '000', agency: '沈阳市工业和信息化局', year: 2020 });
    expect(j).toEqual({
      id: '000', template: 'v2019', year: 2020, agency: '沈阳市工业和信息化局',
      cells: {
        'active.art20_1.regulations.new_made': 1,
        'active.art20_1.regulations.new_published': null,
        'active.art20_1.regulations.published_total': 'na',
        'active.art20_5.admin_licensing.items_change': -3,
        'active.art20_6.admin_penalty.decisions': 'na',
        'active.art20_6.admin_coercion.decisions': '0/0',
        'active.art20_9.central_procurement.total_amount': { raw: '0.0436 亿元', yuan: 4360000 },
        'review_litigation.admin_review.total': 0,
      },
      text_facts: { active_disclosure_items: 5082 },
    });
  });
});

/** An engine over canned reports keyed by file content, so the batch logic is tested without the parser. */
function cannedEngine(byText: Record<string, Report>): Engine {
  return {
    parse: (input) => {
      const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
      if (text === '') return { ok: false, error: { code: 'empty_input', message: { zh: '文件为空', en: 'The file is empty' } } };
      if (text === 'boom') throw new Error('kaput');
      const r = byText[text];
      return r ? { ok: true, report: r } : { ok: false, error: { code: 'not_a_report', message: { zh: '不是年报', en: 'Not a report' } } };
    },
    reportChecks: () => checks,
    crossYearChecks: (inputs) => inputs.filter((i) => i.year === 2021).map((i) => ({ ...checks[1]!, ruleId: 'XY-CARRY', reportId: i.reportId })),
  };
}

describe('buildCorpus and writeCorpusFiles', async () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const r2021: Report = { ...report, meta: { ...report.meta, year: 2021, template: 'v2021' } };
  // One engine answers synchronously, the other with promises (as PDF and DOCX do): both must work.
  const syncEngine = cannedEngine({ A: report, B: r2021 });
  const engine: Engine = { ...syncEngine, parse: async (input, opts) => syncEngine.parse(input, opts) };
  const { index } = parseMetaCsv('id,file,agency,province,city,district,agency_type,year,source\nx1,b/one.txt,沈阳市工业和信息化局,辽宁省,沈阳市,,department,2020,https://example.org/1\n');
  const files = [
    { relPath: 'c/two.txt', bytes: enc('B') },
    { relPath: 'b/one.txt', bytes: enc('A') },
    { relPath: 'empty.txt', bytes: enc('') },
    { relPath: 'crash.md', bytes: enc('boom') },
    { relPath: 'junk.html', bytes: enc('<p>hello</p>') },
  ];
  const progress: number[] = [];
  const result = await buildCorpus(files, engine, { meta: index, onProgress: (d) => progress.push(d) });

  it('keeps going past bad files and names each failure', () => {
    expect(result.reports.map((r) => r.identity.reportId)).toEqual(['two', 'x1']);
    expect(result.failures.map((f) => [f.file, f.code])).toEqual([['crash.md', 'parser_error'], ['empty.txt', 'empty_input'], ['junk.html', 'not_a_report']]);
    expect(result.failures[0]!.message.en).toContain('kaput');
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });

  it('takes identity from the meta row where it has one, from the document otherwise', () => {
    const [two, x1] = result.reports;
    expect(x1!.identity).toMatchObject({ agencyName: '沈阳市工业和信息化局', year: 2020, sourceUrl: 'https://example.org/1', sourceFile: 'b/one.txt', contentSha256: sha256Hex('A') });
    expect(two!.identity).toMatchObject({ agencyName: '文档里的机构名', year: 2021, sourceUrl: null, agencyType: 'other', province: null });
  });

  it('attaches cross-year results to their report', () => {
    expect(result.tables.checks.filter((c) => c.rule_id === 'XY-CARRY').map((c) => c.report_id)).toEqual(['two']);
    expect(result.tables.reports.map((r) => r.n_checks_failed)).toEqual([1, 1]);
  });

  it('writes a manifest whose hashes and counts describe the files', () => {
    const { files: out, manifest } = writeCorpusFiles(result, { name: 'disclosure-atlas', version: '0.1.0' });
    expect(Manifest.parse(manifest)).toEqual(manifest);
    expect([...out.keys()]).toEqual([...OUTPUT_TABLES.flatMap((t) => [`${t.name}.parquet`, `${t.name}.csv`]), 'manifest.json']);
    expect(manifest).toMatchObject({ schemaVersion: SCHEMA_VERSION, synthetic: false, inputs: { files: 5, reports: 2, failed: 3 } });
    for (const t of OUTPUT_TABLES) {
      const e = entry(manifest, t.name);
      expect(e.rows).toBe(result.tables[t.name].length);
      expect(e.columns).toEqual(t.columns.map((c) => c.name));
      expect(e.parquet.sha256).toBe(sha256Hex(out.get(e.parquet.path)!));
      expect(e.csv.bytes).toBe(out.get(e.csv.path)!.length);
    }
    const json: unknown = JSON.parse(new TextDecoder().decode(out.get('manifest.json')));
    expect(parseManifest(json)).toEqual({ ok: true, manifest });
    expect(Object.keys(manifest.tables).sort()).toEqual(OUTPUT_TABLES.map((t) => t.name).sort());
  });

  it('is deterministic whatever the input order, sync or async engine', async () => {
    const again = await buildCorpus([...files].reverse(), syncEngine, { meta: index });
    const a = writeCorpusFiles(result, { name: 'x', version: '1' }).files;
    const b = writeCorpusFiles(again, { name: 'x', version: '1' }).files;
    for (const [name, bytes] of a) expect(b.get(name), name).toEqual(bytes);
  });

  it('marks a synthetic corpus and rejects a manifest of another schema version', async () => {
    const syn = await buildCorpus(files, engine, { synthetic: true });
    const { manifest } = writeCorpusFiles(syn, { name: 'x', version: '1' });
    expect(manifest.synthetic).toBe(true);
    expect(syn.tables.reports.every((r) => r.synthetic === true)).toBe(true);
    const r = parseManifest({ ...manifest, schemaVersion: SCHEMA_VERSION + 1 });
    expect(r.ok).toBe(false);
    expect(parseManifest({ ...manifest, tables: {} }).ok).toBe(false);
    // A corpus written before the audit tables existed still loads.
    const older = Object.fromEntries(Object.entries(manifest.tables).filter(([name]) => name !== 'report_texts' && name !== 'diagnostics'));
    expect(parseManifest({ ...manifest, tables: older }).ok).toBe(true);
  });
});

describe('expectedJsonFiles', () => {
  it('names each file after its input, falling back to the report id when stems collide', async () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    const engine = cannedEngine({ A: report, B: report });
    const result = await buildCorpus(
      [{ relPath: 'a/same.txt', bytes: enc('A') }, { relPath: 'b/same.txt', bytes: enc('B') }, { relPath: 'c/other.html', bytes: enc('A') }],
      engine,
    );
    const names = [...expectedJsonFiles(result).keys()].sort();
    expect(names).toEqual(['a__same.json', 'b__same.json', 'other.json']);
    expect(expectedJsonFiles(result).get('other.json')?.id).toBe('other');
  });
});

describe('a report whose checks crash', () => {
  it('fails like a parse error instead of being published unchecked', async () => {
    const engine: Engine = { ...cannedEngine({ A: report }), reportChecks: () => { throw new Error('rule bug'); } };
    const result = await buildCorpus([{ relPath: 'a.txt', bytes: new TextEncoder().encode('A') }], engine);
    expect(result.reports).toEqual([]);
    expect(result.failures).toEqual([{ file: 'a.txt', code: 'checks_error', message: { zh: '检查时出错：rule bug', en: 'The checks failed: rule bug' } }]);
  });
});

describe('diffExpectedJson', () => {
  it('names missing, extra and wrong cells and differing facts', () => {
    const got = reportToExpectedJson(report, { id: '000', agency: null, year: 2020 });
    const d = diffExpectedJson(got, {
      cells: {
        'active.art20_1.regulations.new_made': 1,
        'active.art20_1.regulations.new_published': 0,
        'active.art20_9.central_procurement.total_amount': { raw: '0.0436 亿元', yuan: 4360000 },
        'requests.new_received.total': 4,
      },
      text_facts: { active_disclosure_items: 5082, requests_received_total: 4 },
    });
    expect(d.missing).toEqual(['requests.new_received.total']);
    expect(d.wrong).toEqual([{ key: 'active.art20_1.regulations.new_published', expected: 0, got: null }]);
    expect(d.extra).toEqual([
      'active.art20_1.regulations.published_total', 'active.art20_5.admin_licensing.items_change', 'active.art20_6.admin_penalty.decisions',
      'active.art20_6.admin_coercion.decisions', 'review_litigation.admin_review.total',
    ]);
    expect(d.facts).toEqual([{ key: 'requests_received_total', expected: 4, got: null }]);
    expect(diffExpectedJson(got, got)).toEqual({ missing: [], extra: [], wrong: [], facts: [] });
  });
});
