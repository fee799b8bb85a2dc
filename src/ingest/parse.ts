/**
 * Public parser entry: bytes or text in, a Report (or a clear bilingual error) out.
 * Pure: no fs, DOM or DuckDB; runs in Node and the browser. Never throws.
 */
import type { Bilingual, Cell, Diagnostic, ParseOptions, ParseResult, Report, SourceFormat } from '../model/report';
import { DERIVED_KEYS, REQUEST_ROWS_V2019, REQUEST_ROWS_V2021, TEMPLATES, type TableId, type TemplateVersion } from '../model/template';
import type { SourceDocument } from './document';
import { decodeBytes, sniffBinary } from './decode';
import { detectTemplate, versionForYear } from './detect';
import { extractTextFacts } from './facts';
import { htmlToDocument } from './html/frontend';
import { extractMeta } from './meta';
import { hasTraditional, toSimplified } from './normalize';
import { splitSections } from './sections';
import { mapTables, type TableMapping } from './tables';
import { textToDocument } from './text/frontend';

function fail(code: string, zh: string, en: string): ParseResult {
  return { ok: false, error: { code, message: { zh, en } } };
}

const UNSUPPORTED = (what: string): ParseResult =>
  fail('format_unsupported', `暂不支持 ${what} 文件，请提供文本、Markdown 或 HTML 版本。`, `${what} files are not supported yet; please provide a text, Markdown or HTML version.`);

function formatFromName(name: string | undefined): SourceFormat | null {
  const m = name === undefined ? null : /\.([A-Za-z0-9]+)$/.exec(name);
  const ext = m?.[1]?.toLowerCase();
  if (ext === 'html' || ext === 'htm' || ext === 'shtml' || ext === 'xhtml') return 'html';
  if (ext === 'md' || ext === 'markdown') return 'md';
  if (ext === 'txt' || ext === 'text') return 'txt';
  if (ext === 'pdf') return 'pdf';
  if (ext === 'docx' || ext === 'doc') return 'docx';
  return null;
}

const HTML_SNIFF_RE = /<(?:!doctype\s+html|html|body|table|p|div)[\s>]/i;
const MD_SNIFF_RE = /^#{1,6}\s|^\|?\s*:?-{3,}\s*\|/m;

function formatFromContent(text: string): 'html' | 'md' | 'txt' {
  const head = text.slice(0, 4096);
  if (HTML_SNIFF_RE.test(head)) return 'html';
  if (MD_SNIFF_RE.test(text.slice(0, 200_000))) return 'md';
  return 'txt';
}

const REPORT_WORD_RE = /信息公开|政务公开|年度报告|工作报告|年报/;
const YEAR_RE = /(20\d{2}|19\d{2})\s*年(?:度)?/;

/** The reporting year as a last resort: the first "20XX年" in the opening lines, else the file name (V13). */
function quickYear(text: string, fileName: string | undefined): number | null {
  const m = YEAR_RE.exec(text.slice(0, 600)) ?? (fileName === undefined ? null : FILE_YEAR_RE.exec(fileName));
  return m?.[1] !== undefined ? Number(m[1]) : null;
}

const FILE_YEAR_RE = /(20[12]\d)/;

const TABLE_ORDER: readonly TableId[] = ['active', 'requests', 'review'];
const TABLE_ZH: Readonly<Record<TableId, string>> = { active: '表二（主动公开）', requests: '表三（依申请公开）', review: '表四（复议诉讼）' };
const TABLE_EN: Readonly<Record<TableId, string>> = { active: 'table 二 (proactive disclosure)', requests: 'table 三 (requests)', review: 'table 四 (review and litigation)' };

function tableDiagnostics(m: TableMapping, template: string, cells: readonly Cell[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (template !== 'v2019' && template !== 'v2021' && template !== 'mixed') {
    // A pre-2019 report has no template tables to miss; an untabled newer one is an excerpt.
    if (template === 'text_only' && !m.sawSectionEnd) {
      out.push({ level: 'info', code: 'truncated', message: msg('文档在表格之前结束（摘录），未找到表格数据。', 'The document ends before the tables (an excerpt); no table values were found.') });
    }
    return out;
  }
  const keys = new Set(cells.map((c) => c.key));
  let truncatedSaid = false;
  TABLE_ORDER.forEach((t, idx) => {
    const closed = m.sawSectionEnd || m.reached > idx;
    if (!m.found.has(t)) {
      if (closed) {
        if (t === 'review' && m.narrativeNilReview) {
          out.push({ level: 'info', code: 'table_missing_with_nil_statement', table: t, message: msg('未找到表四，正文说明未发生行政复议、行政诉讼；未填写任何数值。', 'Table 四 is missing and the narrative states there was no review or litigation; nothing was filled in.') });
        } else {
          out.push({ level: 'warn', code: 'table_missing', table: t, message: msg(`未找到${TABLE_ZH[t]}。`, `${TABLE_EN[t]} was not found.`) });
        }
      } else if (!truncatedSaid) {
        truncatedSaid = true;
        out.push({ level: 'info', code: 'truncated', table: t, message: msg(`文档在${TABLE_ZH[t]}之前或之中结束（摘录），之后的单元格缺失。`, `The document ends before or inside ${TABLE_EN[t]} (an excerpt); later cells are absent.`) });
      }
      return;
    }
    const expected = expectedKeys(t, m.tableTemplates[t] ?? (template === 'v2019' ? 'v2019' : 'v2021'));
    const missing = expected.filter((k) => !keys.has(k));
    if (missing.length === 0) return;
    if (closed) {
      out.push({ level: 'warn', code: 'row_missing', table: t, keys: missing, message: msg(`${TABLE_ZH[t]}缺少 ${String(missing.length)} 个单元格。`, `${TABLE_EN[t]} lacks ${String(missing.length)} cell(s).`) });
    } else if (!truncatedSaid) {
      truncatedSaid = true;
      out.push({ level: 'info', code: 'truncated', table: t, keys: missing, message: msg(`文档在${TABLE_ZH[t]}中结束（摘录），${String(missing.length)} 个单元格不可见。`, `The document ends inside ${TABLE_EN[t]} (an excerpt); ${String(missing.length)} cell(s) are not visible.`) });
    }
  });
  return out;
}

function expectedKeys(t: TableId, v: TemplateVersion): string[] {
  if (t === 'active') return TEMPLATES[v].active.flatMap((s) => s.rows.flatMap((r) => s.columns.map((c) => `active.${s.id}.${r.key}.${c.key}`)));
  if (t === 'requests') {
    const rows = v === 'v2019' ? REQUEST_ROWS_V2019 : REQUEST_ROWS_V2021;
    return rows.flatMap((r) => ['natural_person', 'org_commercial', 'org_research', 'org_public_interest', 'org_legal_services', 'org_other', 'total'].map((c) => `requests.${r.key}.${c}`));
  }
  return ['admin_review', 'litigation_direct', 'litigation_after_review'].flatMap((g) => ['upheld', 'corrected', 'other', 'pending', 'total'].map((o) => `review_litigation.${g}.${o}`));
}

function msg(zh: string, en: string): Bilingual {
  return { zh, en };
}

/** Values computed from printed cells (flag `derived`), only when every input is a number. */
export function derivedCells(cells: readonly Cell[], tableTemplates: Partial<Record<TableId, TemplateVersion>>): Cell[] {
  const by = new Map(cells.map((c) => [c.key, c]));
  const out: Cell[] = [];
  if (tableTemplates.requests === 'v2021' && !by.has('requests.results.other.total.total')) {
    for (const col of ['natural_person', 'org_commercial', 'org_research', 'org_public_interest', 'org_legal_services', 'org_other', 'total']) {
      const parts = ['no_correction', 'fee_unpaid', 'other'].map((r) => by.get(`requests.results.other.${r}.${col}`));
      if (parts.every((p) => p?.semantic === 'number' && p.value !== null)) {
        const value = parts.reduce((s, p) => s + (p?.value ?? 0), 0);
        out.push({ key: `${DERIVED_KEYS.otherTotal2021}.${col}`, value, semantic: 'number', raw: '', derived: true, provenance: parts[0]?.provenance ?? {} });
      }
    }
  }
  const fee = by.get('active.art20_8.admin_fees.amount_wan_yuan');
  if (fee?.valueYuan !== undefined && fee.valueYuan !== null) {
    out.push({ key: DERIVED_KEYS.feesYuan2021, value: fee.valueYuan, semantic: 'number', raw: fee.raw, unit: '元', valueYuan: fee.valueYuan, derived: true, provenance: fee.provenance });
  }
  const proc = by.get('active.art20_9.central_procurement.total_amount');
  if (proc?.valueYuan !== undefined && proc.valueYuan !== null) {
    out.push({ key: DERIVED_KEYS.procurementYuan2019, value: proc.valueYuan, semantic: 'number', raw: proc.raw, unit: '元', valueYuan: proc.valueYuan, derived: true, provenance: proc.provenance });
  }
  return out;
}

function parseDocument(doc: SourceDocument, opts: ParseOptions): ParseResult {
  const meta = extractMeta(doc.text, opts.hints);
  const year = meta.year ?? opts.hints?.year ?? quickYear(doc.text, opts.fileName);
  const m = mapTables(doc, versionForYear(year));
  if (m.cells.length === 0) {
    const head = doc.text.slice(0, 20_000);
    const probe = hasTraditional(head) ? toSimplified(head) : head;
    if (!REPORT_WORD_RE.test(probe)) {
      return fail('not_a_report', '该文档不是政府信息公开工作年度报告：未找到报告的标题用语或统计表。', 'This document is not a government information-disclosure annual report: no report wording or statistics tables were found.');
    }
  }
  const tt = Object.keys(m.tableTemplates).length > 0 ? m.tableTemplates : m.signals;
  const template = detectTemplate(tt, m.cells.length > 0 || Object.keys(m.signals).length > 0, year, doc.text);
  const diagnostics: Diagnostic[] = [...m.diagnostics, ...tableDiagnostics(m, template, m.cells)];
  const expectedV = versionForYear(year);
  if (year !== null && expectedV !== null && (template === 'v2019' || template === 'v2021' || template === 'mixed') && template !== expectedV) {
    diagnostics.push({
      level: year === 2019 ? 'info' : 'warn',
      code: 'template_mismatch',
      message: msg(`报告年度 ${String(year)} 应使用 ${expectedV} 格式，表格标签显示为 ${template}。`, `Reporting year ${String(year)} calls for the ${expectedV} format, but the table labels show ${template}.`),
    });
  }
  const cells = [...m.cells, ...derivedCells(m.cells, m.tableTemplates)];
  const report: Report = {
    meta: {
      agencyName: meta.agencyName,
      year,
      template,
      tableTemplates: m.tableTemplates,
      title: meta.title,
      statPeriodStart: meta.statPeriodStart,
      statPeriodEnd: meta.statPeriodEnd,
      signedDate: meta.signedDate,
      publishedDate: meta.publishedDate,
      sourceFormat: doc.format,
    },
    cells,
    textFacts: extractTextFacts(doc.text),
    diagnostics,
    sections: splitSections(doc.text),
  };
  return { ok: true, report };
}

/**
 * Parses one report. Bytes are decoded (UTF-8, GBK/GB18030); the format comes from
 * `opts.format`, the file name, or the content. PDF and DOCX give `format_unsupported` for now.
 */
export function parseReport(input: string | Uint8Array, opts: ParseOptions = {}): ParseResult {
  try {
    let text: string;
    if (typeof input === 'string') {
      text = input;
    } else {
      const bin = sniffBinary(input);
      if (bin === 'pdf') return UNSUPPORTED('PDF');
      if (bin === 'zip') return UNSUPPORTED('DOCX');
      const d = decodeBytes(input);
      if (!d.ok) return { ok: false, error: d.error };
      text = d.text;
    }
    if (text.startsWith('%PDF')) return UNSUPPORTED('PDF');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') return fail('empty_input', '输入为空。', 'The input is empty.');
    const format = opts.format ?? formatFromName(opts.fileName) ?? formatFromContent(text);
    if (format === 'pdf') return UNSUPPORTED('PDF');
    if (format === 'docx') return UNSUPPORTED('DOCX');
    const doc = format === 'html' ? htmlToDocument(text) : textToDocument(text, format);
    return parseDocument(doc, opts);
  } catch (e) {
    // The parser must not throw; an internal fault is still reported, bilingually.
    const detail = e instanceof Error ? e.message : String(e);
    return fail('internal_error', `解析时发生内部错误：${detail}`, `Internal error while parsing: ${detail}`);
  }
}
