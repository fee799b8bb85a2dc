/**
 * Pure row builders: one parsed report (plus what the manifest knows about it and its check
 * results) becomes rows of every corpus table in `schema.ts`. Values are never invented here:
 * a cell the parser did not read has no row, and the wide table holds null for it.
 */
import type { CheckResult } from '../model/checks';
import type { Cell, Diagnostic, Report, TextFact } from '../model/report';
import { DERIVED_KEYS, keyToColumn, type TableId } from '../model/template';
import { OUTPUT_TABLES, REPORT_VALUES, type OutputTableName } from './schema';
import type { AgencyType } from './agency';

export type CellValue = string | number | boolean | null;
export type Row = Readonly<Record<string, CellValue>>;
export type TableRows = Record<OutputTableName, Row[]>;

/** Who and what a report is, resolved from the manifest and the document (see `identity.ts`). */
export interface ReportIdentity {
  readonly reportId: string;
  readonly agencyId: string;
  readonly agencyName: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly district: string | null;
  readonly regionCode: string | null;
  readonly agencyType: AgencyType;
  readonly year: number | null;
  /** Path relative to the input root, `/`-separated. */
  readonly sourceFile: string;
  readonly sourceUrl: string | null;
  readonly completeness: string | null;
  readonly synthetic: boolean;
  readonly contentSha256: string;
}

export interface ReportRowsInput {
  readonly identity: ReportIdentity;
  readonly report: Report;
  /** Per-report and cross-year results that concern this report. */
  readonly checks: readonly CheckResult[];
}

export function emptyTableRows(): TableRows {
  return { reports: [], cells: [], report_values: [], checks: [], text_facts: [], report_texts: [], diagnostics: [] };
}

/** The table of a key, from its first segment (derived keys included). */
export function tableOfKey(key: string): TableId {
  if (key.startsWith('active.')) return 'active';
  if (key.startsWith('requests.')) return 'requests';
  if (key.startsWith('review_litigation.')) return 'review';
  throw new Error(`cell key outside the three tables: ${key}`);
}

/** Whether the detected template fits the reporting year (spec §5: v2019 for 2019–2020, v2021 from 2021). */
export function templateMismatch(report: Report, year: number | null): boolean {
  if (report.diagnostics.some((d) => d.code === 'template_mismatch')) return true;
  const t = report.meta.template;
  if (t === 'mixed') return true;
  if (year === null || t === 'text_only') return false;
  if (t === 'pre2019') return year >= 2019;
  if (t === 'v2019') return year < 2019 || year > 2020;
  return year < 2021;
}

function reportRow(id: ReportIdentity, report: Report, checks: readonly CheckResult[]): Row {
  const m = report.meta;
  return {
    report_id: id.reportId,
    agency_id: id.agencyId,
    agency_name: id.agencyName,
    province: id.province,
    city: id.city,
    district: id.district,
    region_code: id.regionCode,
    agency_type: id.agencyType,
    year: id.year,
    template: m.template,
    template_mismatch: templateMismatch(report, id.year),
    title: m.title,
    source_format: m.sourceFormat,
    source_url: id.sourceUrl,
    source_file: id.sourceFile,
    completeness: id.completeness,
    stat_period_start: m.statPeriodStart,
    stat_period_end: m.statPeriodEnd,
    signed_date: m.signedDate,
    published_date: m.publishedDate,
    n_cells: report.cells.filter((c) => c.derived !== true).length,
    n_checks_failed: checks.filter((c) => c.status === 'fail').length,
    synthetic: id.synthetic,
    content_sha256: id.contentSha256,
  };
}

function cellRow(reportId: string, c: Cell): Row {
  return {
    report_id: reportId,
    key: c.key,
    table_id: tableOfKey(c.key),
    value: c.value,
    semantic: c.semantic,
    raw: c.raw,
    unit: c.unit ?? null,
    value_yuan: c.valueYuan ?? null,
    derived: c.derived === true,
    prov_line: c.provenance.line ?? null,
    prov_page: c.provenance.page ?? null,
    prov_path: c.provenance.path ?? null,
  };
}

/** Yuan columns of the wide table and the printed money cell they come from when the parser did not derive them. */
const YUAN_SOURCES: readonly (readonly [string, string])[] = [
  [DERIVED_KEYS.procurementYuan2019, 'active.art20_9.central_procurement.total_amount'],
  [DERIVED_KEYS.feesYuan2021, 'active.art20_8.admin_fees.amount_wan_yuan'],
];

function wideRow(reportId: string, cells: readonly Cell[]): Row {
  const byKey = new Map(cells.map((c) => [c.key, c]));
  const row: Record<string, CellValue> = {};
  for (const col of REPORT_VALUES.columns) row[col.name] = null;
  row.report_id = reportId;
  for (const c of cells) {
    const col = keyToColumn(c.key);
    if (col in row && c.semantic === 'number') row[col] = c.value;
  }
  for (const [yuanKey, moneyKey] of YUAN_SOURCES) {
    const col = keyToColumn(yuanKey);
    const money = byKey.get(moneyKey);
    if (row[col] === null && money?.semantic === 'number' && typeof money.valueYuan === 'number') row[col] = money.valueYuan;
  }
  return row;
}

/** One `checks` row: a result of the checks about the report `id` names. */
export function checkRow(id: Pick<ReportIdentity, 'reportId' | 'agencyId' | 'year'>, c: CheckResult): Row {
  return {
    report_id: id.reportId,
    agency_id: id.agencyId,
    year: id.year,
    rule_id: c.ruleId,
    severity: c.severity,
    status: c.status,
    scope: c.scope,
    expected: c.expected,
    actual: c.actual,
    keys: c.keys.join(' '),
    message_zh: c.message.zh,
    message_en: c.message.en,
  };
}

function factRow(reportId: string, f: TextFact): Row {
  return { report_id: reportId, fact: f.key, value: f.value, raw: f.raw, prov_line: f.provenance.line ?? null };
}

function diagnosticRow(reportId: string, d: Diagnostic): Row {
  return {
    report_id: reportId,
    level: d.level,
    code: d.code,
    table_id: d.table ?? null,
    keys: d.keys?.join(' ') ?? '',
    message_zh: d.message.zh,
    message_en: d.message.en,
  };
}

/** Rows of every corpus table for one report. */
export function reportToRows({ identity, report, checks }: ReportRowsInput): TableRows {
  const id = identity.reportId;
  return {
    reports: [reportRow(identity, report, checks)],
    cells: report.cells.map((c) => cellRow(id, c)),
    report_values: [wideRow(id, report.cells)],
    checks: checks.map((c) => checkRow(identity, c)),
    text_facts: report.textFacts.map((f) => factRow(id, f)),
    report_texts: [{ report_id: id, narrative: report.sections.narrative, problems: report.sections.problems }],
    diagnostics: report.diagnostics.map((d) => diagnosticRow(id, d)),
  };
}

/** Appends `more` to `into`, table by table. */
export function appendRows(into: TableRows, more: TableRows): void {
  for (const t of OUTPUT_TABLES) into[t.name].push(...more[t.name]);
}
