/**
 * What every per-report rule shares: the report's cells indexed once, which tables and layouts it
 * shows, and the helpers that turn a finding into a {@link CheckResult}.
 */
import type { CheckResult, CheckStatus, Severity } from '../model/checks';
import type { Bilingual, Report } from '../model/report';
import { REQUEST_ROWS_V2019, REQUEST_ROWS_V2021, type RowDef, type TableId, type TemplateVersion } from '../model/template';
import { CellIndex } from './operands';
import { ruleDef } from './rules';
import { tableVersionsOf, templateFallback } from './versions';

/** What every per-report rule needs, computed once. */
export interface ReportContext {
  readonly report: Report;
  readonly cells: CellIndex;
  /** The excerpt ends before the document does: gaps are not the author's. */
  readonly truncated: boolean;
  readonly tablePresent: Readonly<Record<TableId, boolean>>;
  /** Layout of table 三 (decides the （六） rows), null when nothing shows it. */
  readonly requestsVersion: TemplateVersion | null;
  /** Layout of table 二. */
  readonly activeVersion: TemplateVersion | null;
  /** True when the report claims a unified template, so table rules apply. */
  readonly tabular: boolean;
}

export const TABLE_PREFIX: Readonly<Record<TableId, string>> = { active: 'active.', requests: 'requests.', review: 'review_litigation.' };
export const TABLE_LABEL: Readonly<Record<TableId, Bilingual>> = {
  active: { zh: '表二（主动公开）', en: 'table 2 (proactive disclosure)' },
  requests: { zh: '表三（依申请公开）', en: 'table 3 (requests)' },
  review: { zh: '表四（复议诉讼）', en: 'table 4 (review and litigation)' },
};
export const TABLES: readonly TableId[] = ['active', 'requests', 'review'];

/** Builds the shared context; exported for tests and for callers that run single rules. */
export function reportContext(report: Report): ReportContext {
  const cells = new CellIndex(report.cells);
  const printed = cells.printed();
  // One pass over the printed keys for the tables present and the key list.
  const tablePresent = { active: false, requests: false, review: false };
  const keys: string[] = new Array<string>(printed.length);
  for (let i = 0; i < printed.length; i++) {
    const k = printed[i]?.key ?? '';
    keys[i] = k;
    // The first letter tells which prefix a key can have ('a'ctive., 'r'equests., 'r'eview_litigation.).
    const c0 = k.charCodeAt(0);
    if (c0 === 0x61) {
      if (k.startsWith(TABLE_PREFIX.active)) tablePresent.active = true;
    } else if (c0 === 0x72) {
      if (k.startsWith(TABLE_PREFIX.requests)) tablePresent.requests = true;
      else if (k.startsWith(TABLE_PREFIX.review)) tablePresent.review = true;
    }
  }
  const t = report.meta.template;
  const declared = report.meta.tableTemplates;
  // What a table printed wins over what was declared: the （六） rows that exist are the operands there are.
  const versions = tableVersionsOf(keys, declared.active ?? templateFallback(t), declared.requests ?? templateFallback(t));
  const requestsVersion = versions.requests;
  const activeVersion = versions.active;
  return {
    report,
    cells,
    truncated: report.diagnostics.some((d) => d.code === 'truncated'),
    tablePresent,
    requestsVersion,
    activeVersion,
    tabular: t === 'v2019' || t === 'v2021' || t === 'mixed',
  };
}

/** A per-report rule: the report in, zero or more results out. */
export type ReportRule = (ctx: ReportContext) => CheckResult[];

/** A result with the catalogue's severity unless the finding calls for a milder one. */
export function result(
  ruleId: string,
  status: CheckStatus,
  scope: string,
  keys: readonly string[],
  message: Bilingual,
  extra: { expected?: number | null; actual?: number | null; severity?: Severity } = {},
): CheckResult {
  return {
    ruleId,
    severity: extra.severity ?? ruleDef(ruleId).severity,
    status,
    scope,
    expected: extra.expected ?? null,
    actual: extra.actual ?? null,
    keys,
    message,
  };
}

/** One uncertain result for a rule whose whole table is not in the document. */
export function tableAbsent(ruleId: string, table: TableId, ctx: ReportContext): CheckResult {
  const l = TABLE_LABEL[table];
  const why: Bilingual = ctx.truncated
    ? { zh: `${l.zh}不在摘录中（文档被截断），无法判断`, en: `Cannot decide: ${l.en} is not in the excerpt (the document is truncated)` }
    : { zh: `文中没有${l.zh}，无法判断`, en: `Cannot decide: ${l.en} is not in the document` };
  return result(ruleId, 'uncertain', table, [], why);
}

/** Rows of table 三 for a layout; with the layout unknown, only the rows both versions share. */
export function requestRows(v: TemplateVersion | null): readonly RowDef[] {
  if (v === 'v2019') return REQUEST_ROWS_V2019;
  if (v === 'v2021') return REQUEST_ROWS_V2021;
  // Unknown layout: only the rows both versions share can be checked.
  const shared = new Set(REQUEST_ROWS_V2021.map((r) => r.key));
  return REQUEST_ROWS_V2019.filter((r) => shared.has(r.key));
}

/** Key of a table 三 cell. */
export const rq = (row: string, col: string): string => `requests.${row}.${col}`;

