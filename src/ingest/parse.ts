/**
 * Public parser entry: bytes or text in, a Report (or a clear bilingual error) out.
 * Pure: no fs, DOM or DuckDB; runs in Node and the browser. Never throws.
 */
import type { Bilingual, Cell, Diagnostic, ParseOptions, ParseResult, Report, SourceFormat } from '../model/report';
import { DERIVED_KEYS, REQUEST_ROWS_V2019, REQUEST_ROWS_V2021, TEMPLATES, type TableId, type TemplateVersion } from '../model/template';
import type { SourceDocument } from './document';
import { decodeBytes, sniffBinary, type Utf8Decoder } from './decode';
import { detectTemplate, versionForYear } from './detect';
import { extractTextFacts } from './facts';
import { htmlToDocument } from './html/frontend';
import { extractMeta } from './meta';
import { hasTraditional, toSimplified } from './normalize';
import { splitSections } from './sections';
import { mapTables, type TableMapping } from './tables';
import { textToDocument } from './text/frontend';
import { docxToDocument, DocxReadError } from './docx/frontend';
import { extractPdfItems, PdfReadError, type PdfLoadOptions } from './pdf/extract';
import { pdfPagesToDocument, type PdfPageItems } from './pdf/layout';

function fail(code: string, zh: string, en: string): ParseResult {
  return { ok: false, error: { code, message: { zh, en } } };
}

const UNSUPPORTED = (what: string): ParseResult =>
  fail(
    'format_unsupported',
    `同步解析不支持 ${what} 文件：请使用异步入口 parseReportAsync，或提供文本、Markdown 或 HTML 版本。`,
    `${what} files cannot be parsed synchronously: use the async entry parseReportAsync, or provide a text, Markdown or HTML version.`,
  );

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

function tableDiagnostics(m: TableMapping, template: string, byKey: ReadonlyMap<string, Cell>): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (template !== 'v2019' && template !== 'v2021' && template !== 'mixed') {
    // A pre-2019 report has no template tables to miss; an untabled newer one is an excerpt.
    if (template === 'text_only' && !m.sawSectionEnd) {
      out.push({ level: 'info', code: 'truncated', message: msg('文档在表格之前结束（摘录），未找到表格数据。', 'The document ends before the tables (an excerpt); no table values were found.') });
    }
    return out;
  }
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
    const missing = expected.filter((k) => !byKey.has(k));
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

/** The keys a table shows under a layout; constant per (table, layout), so built once. */
const EXPECTED_KEYS = new Map<string, readonly string[]>();
function expectedKeys(t: TableId, v: TemplateVersion): readonly string[] {
  const id = `${t}/${v}`;
  let keys = EXPECTED_KEYS.get(id);
  if (keys === undefined) {
    keys = buildExpectedKeys(t, v);
    EXPECTED_KEYS.set(id, keys);
  }
  return keys;
}

function buildExpectedKeys(t: TableId, v: TemplateVersion): string[] {
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
  return derivedFrom(cellsByKey(cells), tableTemplates);
}

/** Cells by key, the last of a repeated key winning (as `new Map(cells.map(…))` has it). */
function cellsByKey(cells: readonly Cell[]): Map<string, Cell> {
  const by = new Map<string, Cell>();
  for (const c of cells) by.set(c.key, c);
  return by;
}

/** Per applicant column: the derived v2021 other-handling total's key and the keys it sums (constant, built once). */
const OTHER_TOTAL_2021: readonly { readonly key: string; readonly parts: readonly string[] }[] = [
  'natural_person', 'org_commercial', 'org_research', 'org_public_interest', 'org_legal_services', 'org_other', 'total',
].map((col) => ({
  key: `${DERIVED_KEYS.otherTotal2021}.${col}`,
  parts: ['no_correction', 'fee_unpaid', 'other'].map((r) => `requests.results.other.${r}.${col}`),
}));

function derivedFrom(by: ReadonlyMap<string, Cell>, tableTemplates: Partial<Record<TableId, TemplateVersion>>): Cell[] {
  const out: Cell[] = [];
  if (tableTemplates.requests === 'v2021' && !by.has('requests.results.other.total.total')) {
    for (const { key, parts: partKeys } of OTHER_TOTAL_2021) {
      const parts = partKeys.map((k) => by.get(k));
      if (parts.every((p) => p?.semantic === 'number' && p.value !== null)) {
        const value = parts.reduce((s, p) => s + (p?.value ?? 0), 0);
        out.push({ key, value, semantic: 'number', raw: '', derived: true, provenance: parts[0]?.provenance ?? {} });
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
  const m = mapTables(doc, versionForYear(year), { year });
  if (m.cells.length === 0) {
    const head = doc.text.slice(0, 20_000);
    const probe = hasTraditional(head) ? toSimplified(head) : head;
    if (!REPORT_WORD_RE.test(probe)) {
      return fail('not_a_report', '该文档不是政府信息公开工作年度报告：未找到报告的标题用语或统计表。', 'This document is not a government information-disclosure annual report: no report wording or statistics tables were found.');
    }
  }
  const tt = Object.keys(m.tableTemplates).length > 0 ? m.tableTemplates : m.signals;
  const template = detectTemplate(tt, m.cells.length > 0 || Object.keys(m.signals).length > 0, year, doc.text);
  // One index of the mapped cells serves the diagnostics and the derived values.
  const byKey = cellsByKey(m.cells);
  const diagnostics: Diagnostic[] = [...m.diagnostics, ...tableDiagnostics(m, template, byKey)];
  const expectedV = versionForYear(year);
  if (year !== null && expectedV !== null && (template === 'v2019' || template === 'v2021' || template === 'mixed') && template !== expectedV) {
    diagnostics.push({
      level: year === 2019 ? 'info' : 'warn',
      code: 'template_mismatch',
      message: msg(`报告年度 ${String(year)} 应使用 ${expectedV} 格式，表格标签显示为 ${template}。`, `Reporting year ${String(year)} calls for the ${expectedV} format, but the table labels show ${template}.`),
    });
  }
  const cells = [...m.cells, ...derivedFrom(byKey, m.tableTemplates)];
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

/** What the synchronous parser may be given by its host (the Node adapter supplies a faster UTF-8 decoder). */
export interface ParseEnv {
  readonly decodeUtf8?: Utf8Decoder;
}

/**
 * Parses one text report synchronously. Bytes are decoded (UTF-8, GBK/GB18030); the format comes
 * from `opts.format`, the file name, or the content. PDF and DOCX need `parseReportAsync`: here they
 * give `format_unsupported` with a message that says so.
 */
export function parseReport(input: string | Uint8Array, opts: ParseOptions = {}, env: ParseEnv = {}): ParseResult {
  try {
    let text: string;
    if (typeof input === 'string') {
      text = input;
    } else {
      const bin = sniffBinary(input);
      if (bin === 'pdf') return UNSUPPORTED('PDF');
      if (bin === 'zip') return UNSUPPORTED('DOCX');
      const d = decodeBytes(input, env.decodeUtf8);
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

/** Environment for the binary front ends (where pdf.js finds its character maps in Node or the browser). */
export interface AsyncParseEnv extends ParseEnv {
  readonly pdf?: PdfLoadOptions;
}

function hasText(pages: readonly PdfPageItems[]): boolean {
  return pages.some((p) => p.items.some((it) => it.str.trim() !== ''));
}

function describeName(opts: ParseOptions): string {
  return opts.fileName ?? '';
}

/**
 * Parses a PDF from its pages' text items (as `extractPdfItems` gives them): pure, so that a browser
 * that runs pdf.js itself, and tests, can call it. Pages without any text are a scan.
 */
export function parsePdfPages(pages: readonly PdfPageItems[], opts: ParseOptions = {}): ParseResult {
  try {
    return parsePages(pages, opts);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return fail('internal_error', `解析时发生内部错误：${detail}`, `Internal error while parsing: ${detail}`);
  }
}

/** Below this many characters per page (page numbers and furniture aside) a PDF is a scan with a stamp or two of text. */
const SCAN_CHARS_PER_PAGE = 10;

function parsePages(pages: readonly PdfPageItems[], opts: ParseOptions): ParseResult {
  const doc = hasText(pages) ? pdfPagesToDocument(pages) : null;
  if (doc === null || doc.text.replace(/\s+/g, '').length < SCAN_CHARS_PER_PAGE * Math.max(pages.length, 2)) {
    // Never read a scan as an empty report: without a text layer there is nothing to extract.
    const what = `${describeName(opts)}（${String(pages.length)} 页）`;
    return fail('scanned_pdf', `扫描件，无文字层：${what}，需先进行文字识别（OCR）。`, `Scanned PDF with no text layer: ${describeName(opts)} (${String(pages.length)} page(s)); it needs OCR first.`);
  }
  if (!readableText(doc.text)) {
    return fail(
      'pdf_text_unreadable',
      `PDF 的文字层无法识别（字体缺少字符映射，提取出的多为乱码）：${describeName(opts)}，需按扫描件进行文字识别（OCR）。`,
      `The PDF's text layer cannot be read (its fonts lack a character map; the extracted text is mostly garbage): ${describeName(opts)}; treat it as a scan and OCR it.`,
    );
  }
  // The layout marks blank cells from the column geometry, as an HTML grid does: the mapper reads
  // a label's own line the HTML way; the report still says it came from a PDF.
  const r = parseDocument({ ...doc, format: 'html' }, opts);
  if (!r.ok) return r;
  const report = dropUncertainRows({ ...r.report, meta: { ...r.report.meta, sourceFormat: 'pdf' } });
  const blank = pages.filter((p) => !p.items.some((it) => it.str.trim() !== '')).map((p) => p.page);
  if (blank.length === 0) return { ok: true, report };
  // Text pages with image-only pages among them: tables pasted as pictures are a common cause.
  const list = blank.join('、');
  const scanned: Diagnostic = {
    level: 'warn',
    code: 'scanned_pages',
    message: msg(`第 ${list} 页是扫描图像，无文字层，其中的内容（可能包括统计表）未能读取。`, `Page(s) ${blank.join(', ')} are scanned images with no text layer; their content (possibly the tables) was not read.`),
    provenance: { page: blank[0] ?? 1 },
  };
  return { ok: true, report: { ...report, diagnostics: [...report.diagnostics, scanned] } };
}

const READABLE_CHAR_RE = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffefA-Za-z0-9]/g;

/** False when most of the text is not Chinese, Latin or digits (fonts without a Unicode map). */
function readableText(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) return false;
  const good = compact.match(READABLE_CHAR_RE)?.length ?? 0;
  return good / compact.length >= 0.5;
}

/** The table row a cell key belongs to (table 四 is one row of 15), and that row's width. */
function rowOf(key: string, report: Report): { row: string; width: number } | null {
  const parts = key.split('.');
  if (parts[0] === 'review_litigation') return { row: 'review_litigation', width: 15 };
  if (parts[0] === 'requests') return { row: parts.slice(0, -1).join('.'), width: 7 };
  if (parts[0] === 'active') {
    const v = report.meta.tableTemplates.active ?? 'v2021';
    const sub = TEMPLATES[v].active.find((t) => t.id === parts[1]);
    return sub === undefined ? null : { row: parts.slice(0, -1).join('.'), width: sub.columns.length };
  }
  return null;
}

/**
 * A whole PDF is never cut off, so a table row showing fewer cells than its template has blank
 * cells in columns the layout could not see (a column blank in every row prints nothing at all).
 * Which values sit where is then unknown: the row's cells are withdrawn with a diagnostic rather
 * than placed from the left.
 */
function dropUncertainRows(report: Report): Report {
  const printed = report.cells.filter((c) => c.derived !== true);
  const rows = new Map<string, { width: number; keys: string[] }>();
  for (const c of printed) {
    const r = rowOf(c.key, report);
    if (r === null) continue;
    const e = rows.get(r.row) ?? { width: r.width, keys: [] };
    e.keys.push(c.key);
    rows.set(r.row, e);
  }
  const drop = new Set<string>();
  const diagnostics: Diagnostic[] = report.diagnostics.filter((d) => d.code !== 'row_truncated');
  for (const [row, e] of rows) {
    if (e.keys.length >= e.width) continue;
    for (const k of e.keys) drop.add(k);
    const table: TableId = row.startsWith('active') ? 'active' : row.startsWith('requests') ? 'requests' : 'review';
    diagnostics.push({
      level: 'warn',
      code: 'row_ambiguous',
      table,
      keys: e.keys,
      message: msg(
        `PDF 表格行 ${row} 只显示 ${String(e.keys.length)}/${String(e.width)} 个单元格，空白单元格的列位置无法从版面确定，该行数值未记录。`,
        `PDF table row ${row} shows ${String(e.keys.length)} of ${String(e.width)} cells; the columns of its blank cells cannot be told from the layout, so its values were not recorded.`,
      ),
    });
  }
  if (drop.size === 0 && diagnostics.length === report.diagnostics.length) return report;
  const kept = printed.filter((c) => !drop.has(c.key));
  return { ...report, cells: [...kept, ...derivedCells(kept, report.meta.tableTemplates)], diagnostics };
}

/** PDF bytes → report, or `scanned_pdf` / `pdf_encrypted` / `pdf_unreadable`. */
async function parsePdf(bytes: Uint8Array, opts: ParseOptions, env: AsyncParseEnv): Promise<ParseResult> {
  let pages: PdfPageItems[];
  try {
    pages = await extractPdfItems(bytes, env.pdf);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    if (e instanceof PdfReadError && e.reason === 'encrypted') {
      return fail('pdf_encrypted', `PDF 已加密，无法读取：${detail}`, `The PDF is encrypted and cannot be read: ${detail}`);
    }
    return fail('pdf_unreadable', `PDF 文件损坏或无法读取：${detail}`, `The PDF is damaged or cannot be read: ${detail}`);
  }
  return parsePdfPages(pages, opts);
}

function withSourceFormat(r: ParseResult, sourceFormat: SourceFormat): ParseResult {
  return r.ok ? { ok: true, report: { ...r.report, meta: { ...r.report.meta, sourceFormat } } } : r;
}

function parseDocx(bytes: Uint8Array, opts: ParseOptions): ParseResult {
  try {
    const doc = docxToDocument(bytes);
    // Word tables are exact grids like HTML ones (an empty cell is a real blank cell), so the
    // mapper reads them the HTML way; the report still says it came from DOCX.
    return withSourceFormat(parseDocument({ ...doc, format: 'html' }, opts), 'docx');
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    if (e instanceof DocxReadError && e.reason === 'legacy_doc') {
      return fail('format_unsupported', `旧版 Word（.doc）文件不受支持，请另存为 .docx：${detail}`, `Legacy Word (.doc) files are not supported; save as .docx: ${detail}`);
    }
    return fail('docx_unreadable', `DOCX 文件损坏或无法读取：${detail}`, `The DOCX file is damaged or cannot be read: ${detail}`);
  }
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * Parses one report of any supported format (text, Markdown, HTML, PDF with a text layer, DOCX).
 * PDF and DOCX go through their front ends, everything else through `parseReport`. Never throws:
 * a scanned PDF is `scanned_pdf`, an encrypted one `pdf_encrypted`, a damaged one `pdf_unreadable`.
 */
export async function parseReportAsync(input: string | Uint8Array, opts: ParseOptions = {}, env: AsyncParseEnv = {}): Promise<ParseResult> {
  try {
    if (typeof input === 'string') return parseReport(input, opts, env);
    const bin = sniffBinary(input);
    const named = opts.format ?? formatFromName(opts.fileName);
    if (bin === 'pdf') return await parsePdf(input, opts, env);
    if (bin === 'zip') return parseDocx(input, opts);
    if (OLE_MAGIC.every((b, i) => input[i] === b)) {
      return fail('format_unsupported', '旧版 Word（.doc）或其他 OLE 文件不受支持，请另存为 .docx 或 PDF。', 'Legacy Word (.doc) and other OLE files are not supported; save as .docx or PDF.');
    }
    if (named === 'pdf') return fail('pdf_unreadable', 'PDF 文件损坏或无法读取：缺少 %PDF 文件头。', 'The PDF is damaged or cannot be read: the %PDF header is missing.');
    if (named === 'docx') return fail('docx_unreadable', 'DOCX 文件损坏或无法读取：不是 ZIP 压缩包。', 'The DOCX file is damaged or cannot be read: it is not a ZIP archive.');
    return parseReport(input, opts, env);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return fail('internal_error', `解析时发生内部错误：${detail}`, `Internal error while parsing: ${detail}`);
  }
}
