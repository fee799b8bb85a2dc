/**
 * Test fixtures for the checks: real reports rebuilt from the hand-checked values of
 * `../shared/corpus/expected/<id>.json` (never from a parser's output), so the rules can be tested
 * while the parser is written in parallel.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseCsv } from '../../src/corpus/csv';
import { join } from 'node:path';
import type { Cell, Diagnostic, MoneyUnit, Report, ReportSections, SourceFormat, TextFact, TextFactKey } from '../../src/model/report';
import type { DetectedTemplate, TableId, TemplateVersion } from '../../src/model/template';
import { CORPUS_DIR } from '../shared';

type ExpectedValue = number | string | null | { raw: string; yuan: number | null };

interface Expected {
  id: string;
  template: DetectedTemplate;
  year: number | null;
  agency: string;
  cells: Record<string, ExpectedValue>;
  text_facts?: Partial<Record<TextFactKey, number>>;
}

export interface ManifestRow {
  id: string;
  file: string;
  format: string;
  agency: string;
  agency_type: string;
  year: string;
  template: string;
  completeness: string;
}


let manifestCache: Map<string, ManifestRow> | null = null;

export function manifest(): Map<string, ManifestRow> {
  if (manifestCache) return manifestCache;
  const [header, ...rows] = parseCsv(readFileSync(join(CORPUS_DIR, 'manifest.csv'), 'utf8'));
  if (!header) throw new Error('empty manifest');
  const m = new Map<string, ManifestRow>();
  for (const r of rows) {
    const get = (name: string): string => r[header.indexOf(name)] ?? '';
    const o: ManifestRow = {
      id: get('id'),
      file: get('file'),
      format: get('format'),
      agency: get('agency'),
      agency_type: get('agency_type'),
      year: get('year'),
      template: get('template'),
      completeness: get('completeness'),
    };
    if (o.id !== '') m.set(o.id, o);
  }
  manifestCache = m;
  return m;
}

export function loadExpected(id: string): Expected {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', `${id}.json`), 'utf8')) as Expected;
}

/** Ids of every report with hand-checked values. */
export function expectedIds(): string[] {
  return [...manifest().keys()].filter((id) => existsSync(join(CORPUS_DIR, 'expected', `${id}.json`)));
}

const FACT_KEYS: readonly TextFactKey[] = ['active_disclosure_items', 'requests_received_total', 'requests_processed_total', 'admin_review_total', 'litigation_total'];
const FORMATS: readonly SourceFormat[] = ['txt', 'md', 'html', 'pdf', 'docx'];

const UNIT = /(亿元|万元|元)/;
const YUAN_PER: Record<MoneyUnit, number> = { 元: 1, 万元: 1e4, 亿元: 1e8 };

function toCell(key: string, v: ExpectedValue): Cell {
  const provenance = {};
  if (typeof v === 'number') {
    if (key.endsWith('.amount_wan_yuan')) return { key, value: v, semantic: 'number', raw: String(v), unit: '万元', valueYuan: v * YUAN_PER['万元'], provenance };
    return { key, value: v, semantic: 'number', raw: String(v), provenance };
  }
  if (v === null) return { key, value: null, semantic: 'blank', raw: '', provenance };
  if (v === 'na') return { key, value: null, semantic: 'na', raw: '/', provenance };
  if (typeof v === 'string') return { key, value: null, semantic: 'text', raw: v, provenance };
  const num = /-?\d+(?:\.\d+)?/.exec(v.raw.replace(/,/g, ''));
  const unitText = UNIT.exec(v.raw)?.[1];
  const unit: MoneyUnit | undefined = unitText === '元' || unitText === '万元' || unitText === '亿元' ? unitText : undefined;
  return {
    key,
    value: num ? Number(num[0]) : null,
    semantic: num ? 'number' : 'text',
    raw: v.raw,
    ...(unit ? { unit } : {}),
    valueYuan: v.yuan,
    provenance,
  };
}

function tableTemplates(t: DetectedTemplate): Partial<Record<TableId, TemplateVersion>> {
  if (t === 'v2019' || t === 'v2021') return { active: t, requests: t, review: t };
  // The corpus' mixed reports (203, 204): table 二 in the v2021 layout, table 三 with the single （六） row.
  if (t === 'mixed') return { active: 'v2021', requests: 'v2019', review: 'v2019' };
  return {};
}

/** Section 一 as narrative and section 五 as problems, cut from a plain-text report at its headings. */
function sectionsOf(row: ManifestRow | undefined): ReportSections {
  if (!row || !(row.format === 'txt' || row.format === 'md')) return { narrative: '', problems: null, found: [] };
  const text = readFileSync(join(CORPUS_DIR, row.file), 'utf8');
  const sec2 = text.search(/二、主动公开/);
  const narrative = sec2 >= 0 ? text.slice(0, sec2) : text;
  const sec5 = /^\s*五、存在的主要问题[^\n]*\n/m.exec(text);
  let problems: string | null = null;
  if (sec5) {
    const rest = text.slice(sec5.index + sec5[0].length);
    const sec6 = rest.search(/^\s*六、/m);
    problems = sec6 >= 0 ? rest.slice(0, sec6) : rest;
  }
  return { narrative, problems, found: [] };
}

/** A `Report` built from the hand-checked values of one corpus report, plus its manifest facts. */
export function reportFromExpected(id: string): Report {
  const e = loadExpected(id);
  const row = manifest().get(id);
  const cells = Object.entries(e.cells).map(([k, v]) => toCell(k, v));
  const textFacts: TextFact[] = FACT_KEYS.flatMap((k) => {
    const v = e.text_facts?.[k];
    return v === undefined ? [] : [{ key: k, value: v, raw: `text_facts.${k}=${String(v)}`, provenance: {} }];
  });
  const diagnostics: Diagnostic[] =
    row?.completeness === 'partial'
      ? [{ level: 'info', code: 'truncated', message: { zh: '摘录在文档结束前截断', en: 'The excerpt ends before the document does' } }]
      : [];
  return {
    meta: {
      agencyName: e.agency,
      year: e.year,
      template: e.template,
      tableTemplates: tableTemplates(e.template),
      title: null,
      statPeriodStart: null,
      statPeriodEnd: null,
      signedDate: null,
      publishedDate: null,
      sourceFormat: FORMATS.find((f) => f === row?.format) ?? 'txt',
    },
    cells,
    textFacts,
    diagnostics,
    sections: sectionsOf(row),
  };
}

/** A copy of a report with some cells replaced (or removed, with `undefined`): how failing cases are made. */
export function withCells(report: Report, changes: Record<string, ExpectedValue | undefined>): Report {
  const keep = report.cells.filter((c) => !(c.key in changes));
  const added = Object.entries(changes).flatMap(([k, v]) => (v === undefined ? [] : [toCell(k, v)]));
  return { ...report, cells: [...keep, ...added] };
}

/** Keys of a report's cells that start with a prefix, for dropping a whole table or row. */
export function keysWithPrefix(report: Report, prefix: string): string[] {
  return report.cells.filter((c) => c.key.startsWith(prefix)).map((c) => c.key);
}
