/**
 * The import pipeline, pure (no DOM, no fs, no DuckDB): one dropped file → parsed, checked report
 * with the identity the document suggests, or a bilingual reason it is not one. The Web Worker
 * runs it file by file; the review screen corrects identities with `applyEdits`; acceptance turns
 * the result into corpus rows with `importRows`.
 */
import { runReportChecks, type CrossYearResult } from '../checks';
import { agencyId, inferAgencyType } from '../corpus/agency';
import { fileStem, resolveIdentity } from '../corpus/meta';
import { appendRows, emptyTableRows, reportToRows, type ReportIdentity, type TableRows } from '../corpus/rows';
import { sha256Hex } from '../corpus/sha256';
import { versionForYear } from '../ingest/detect';
import { regionCode } from '../model/regions';
import { parseReportAsync, type AsyncParseEnv } from '../ingest/parse';
import type { CheckResult } from '../model/checks';
import type { Bilingual, Diagnostic, Report } from '../model/report';
import type { IdentityEdits, ImportFile, ImportItem, ImportStatus, ParsedImport } from './types';

/** Prefix of every imported report id: an import never takes a corpus id by accident. */
export const IMPORT_ID_PREFIX = 'import:';

/** Where pdf.js finds its assets (`pdf`), and optionally the report id to give this file. */
export interface ImportEnv extends AsyncParseEnv {
  /** The id for the report; default `import:<file stem>`. A session assigns ids with {@link assignImportIds}. */
  readonly reportId?: string;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Report ids for the files of one session, in the order given: `import:<stem>`, or, where two files
 * share a stem, `import:<path without extension, / as __>`; a path given twice gets `#2`, `#3`….
 */
export function assignImportIds(relPaths: readonly string[]): string[] {
  const stems = new Map<string, number>();
  for (const p of relPaths) stems.set(fileStem(p), (stems.get(fileStem(p)) ?? 0) + 1);
  const taken = new Set<string>();
  return relPaths.map((p) => {
    const stem = fileStem(p);
    const base = IMPORT_ID_PREFIX + ((stems.get(stem) ?? 0) > 1 ? p.replace(/\\/g, '/').replace(/\.[^./]+$/, '').replace(/\//g, '__') : stem);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}#${String(n)}`;
    taken.add(id);
    return id;
  });
}

function failure(index: number, relPath: string, code: string, message: Bilingual): ImportItem {
  return { index, relPath, status: 'error', failure: { code, message } };
}

function detail(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** `warn` when the parse or the checks found something worth a look: a failed check or a warn/error diagnostic (a missing table, a withdrawn row). */
export function statusOf(report: Report, checks: readonly CheckResult[]): ImportStatus {
  const serious = report.diagnostics.some((d) => d.level === 'error' || d.level === 'warn');
  return serious || checks.some((c) => c.status === 'fail') ? 'warn' : 'ok';
}

/**
 * Parses and checks one file. Never throws: an unreadable file, a scan without a text layer, an
 * encrypted PDF, a document that is no report, or a crash of the parser or the checks becomes an
 * `error` item with the reason in Chinese and English.
 */
export async function parseImportFile(file: ImportFile, index: number, env: ImportEnv = {}): Promise<ImportItem> {
  const { relPath, bytes } = file;
  try {
    if (bytes.length === 0) {
      return failure(index, relPath, 'empty_input', { zh: `文件为空：${relPath}`, en: `The file is empty: ${relPath}` });
    }
    const parsed = await parseReportAsync(bytes, { fileName: relPath }, env.pdf === undefined ? {} : { pdf: env.pdf });
    if (!parsed.ok) return failure(index, relPath, parsed.error.code, parsed.error.message);
    let checks: CheckResult[];
    try {
      checks = [...runReportChecks(parsed.report)];
    } catch (e) {
      // A report that cannot be checked is not accepted unchecked, as in the CLI.
      return failure(index, relPath, 'checks_error', { zh: `检查时出错：${detail(e)}`, en: `The checks failed: ${detail(e)}` });
    }
    const identity = resolveIdentity({
      reportId: env.reportId ?? assignImportIds([relPath])[0] ?? IMPORT_ID_PREFIX + fileStem(relPath),
      sourceFile: relPath,
      contentSha256: sha256Hex(bytes),
      synthetic: false,
      meta: undefined,
      report: parsed.report,
    });
    return { index, relPath, status: statusOf(parsed.report, checks), parsed: { report: parsed.report, checks, identity } };
  } catch (e) {
    return failure(index, relPath, 'internal_error', { zh: `导入时发生内部错误：${detail(e)}`, en: `Internal error while importing: ${detail(e)}` });
  }
}

/** The `template_mismatch` diagnostic for a year, as the parser words it (null when the template fits or is not a table template). */
function mismatchDiagnostic(report: Report, year: number | null): Diagnostic | null {
  const template = report.meta.template;
  const want = versionForYear(year);
  if (year === null || want === null || (template !== 'v2019' && template !== 'v2021' && template !== 'mixed') || template === want) return null;
  return {
    level: year === 2019 ? 'info' : 'warn',
    code: 'template_mismatch',
    message: {
      zh: `报告年度 ${String(year)} 应使用 ${want} 格式，表格标签显示为 ${template}。`,
      en: `Reporting year ${String(year)} calls for the ${want} format, but the table labels show ${template}.`,
    },
  };
}

function cleanName(name: string): string | null {
  const t = name.trim();
  return t === '' ? null : t;
}

/**
 * The parse with the user's corrections: region, name and type replace what the document
 * suggested and the agency id follows them (so an import pairs with the corpus' reports of the same
 * agency across years); a new name without a chosen type re-infers the type. A new year becomes
 * the report's year, so the per-report checks that depend on it (TEMPLATE-VERSION) and the
 * `template_mismatch` diagnostic are recomputed. Cells are not re-read: the tables were read with
 * the layout their labels show. Pure; `parsed` is not changed.
 */
export function applyEdits(parsed: ParsedImport, edits: IdentityEdits): ParsedImport {
  const id = parsed.identity;
  const agencyName = edits.agencyName !== undefined ? cleanName(edits.agencyName) : id.agencyName;
  const province = edits.province !== undefined ? edits.province : id.province;
  const city = edits.city !== undefined ? edits.city : id.city;
  const district = edits.district !== undefined ? edits.district : id.district;
  const nameChanged = agencyName !== id.agencyName;
  const agencyType = edits.agencyType ?? (nameChanged ? inferAgencyType(agencyName) : id.agencyType);
  const year = edits.year !== undefined ? edits.year : id.year;

  let report = parsed.report;
  let checks = parsed.checks;
  if (year !== report.meta.year) {
    const diagnostics = report.diagnostics.filter((d) => d.code !== 'template_mismatch');
    const mismatch = mismatchDiagnostic(report, year);
    report = { ...report, meta: { ...report.meta, year }, diagnostics: mismatch === null ? diagnostics : [...diagnostics, mismatch] };
    checks = runReportChecks(report);
  }
  const identity: ReportIdentity = {
    ...id,
    agencyName,
    province,
    city,
    district,
    agencyType,
    year,
    regionCode: regionCode({ province, city, district }),
    agencyId: agencyId({ province, city, district, name: agencyName, reportId: id.reportId }),
  };
  return { report, checks, identity };
}

/** The status an edited parse deserves (the review screen shows it after each correction). */
export function editedStatus(parsed: ParsedImport): ImportStatus {
  return statusOf(parsed.report, parsed.checks);
}

/**
 * Rows of every corpus table for accepted imports, sorted by report id like the CLI's: each
 * report's per-report checks plus the cross-year results (`crossYear`, e.g. from
 * `runCrossYearChecks` over the live corpus and the imports) that attach to it.
 */
export function importRows(items: readonly ParsedImport[], crossYear: readonly CrossYearResult[]): TableRows {
  const extra = new Map<string, CheckResult[]>();
  for (const c of crossYear) {
    const { reportId, ...check } = c;
    const list = extra.get(reportId) ?? [];
    list.push(check);
    extra.set(reportId, list);
  }
  const tables = emptyTableRows();
  const sorted = [...items].sort((a, b) => byCodeUnits(a.identity.reportId, b.identity.reportId));
  for (const p of sorted) {
    appendRows(tables, reportToRows({ identity: p.identity, report: p.report, checks: [...p.checks, ...(extra.get(p.identity.reportId) ?? [])] }));
  }
  return tables;
}


const IMAGE_EXT = /\.(png|jpe?g|gif|bmp|tiff?|webp|heic|heif|svg|ico)$/i;
const ARCHIVE_EXT = /\.(zip|rar|7z|tar|gz|tgz|bz2|xz|zst|cab|iso)$/i;
const SHEET_EXT = /\.(xlsx?|et|pptx?|dps)$/i;
const CORPUS_EXT = /\.(csv|parquet|pq|json)$/i;
const MEDIA_EXT = /\.(mp[34]|avi|mov|wmv|wav|flac|exe|dll|msi|dmg|apk)$/i;
const SYSTEM_NAMES = new Set(['thumbs.db', 'desktop.ini', '.ds_store']);

/**
 * Why a file is left out before parsing, or null to parse it: images (a scan must be a PDF to be
 * refused with its own reason), archives (unpack them first), spreadsheets and slides, media and
 * programs, and hidden or system files (`.DS_Store`, `Thumbs.db`, anything under a dot folder).
 * Everything else, whatever its extension, goes to the parser, which names its own reasons.
 */
export function skipReason(relPath: string): Bilingual | null {
  const parts = relPath.replace(/\\/g, '/').split('/');
  const name = parts[parts.length - 1] ?? relPath;
  if (SYSTEM_NAMES.has(name.toLowerCase()) || parts.some((p) => p.startsWith('.') && p !== '.' && p !== '..')) {
    return { zh: '系统或隐藏文件，已跳过', en: 'A system or hidden file; skipped' };
  }
  if (IMAGE_EXT.test(name)) {
    return { zh: '图片文件不是年报：扫描件请先进行文字识别（OCR），或提供带文字层的 PDF', en: 'An image is not a report: OCR a scan first, or provide a PDF with a text layer' };
  }
  if (ARCHIVE_EXT.test(name)) return { zh: '压缩包：请先解压，再导入其中的年报', en: 'An archive: unpack it first, then import the reports inside' };
  if (CORPUS_EXT.test(name)) {
    return { zh: '语料表或清单文件（CSV、Parquet、JSON）不是年报：请在“载入语料”处载入', en: 'A corpus table or manifest (CSV, Parquet, JSON) is not a report: load it under "Load corpus"' };
  }
  if (SHEET_EXT.test(name)) return { zh: '表格或演示文稿不是年报，已跳过', en: 'A spreadsheet or slide deck is not a report; skipped' };
  if (MEDIA_EXT.test(name)) return { zh: '音视频或程序文件不是年报，已跳过', en: 'A media or program file is not a report; skipped' };
  return null;
}
