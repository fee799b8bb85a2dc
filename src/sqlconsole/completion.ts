/**
 * Completion items for the SQL console, from the corpus schema (`src/corpus/schema.ts`): every
 * table, the `v_reports`, `v_agency_cells` and `v_findings` views, and every column with its type and documented meaning. The
 * item shape (`label`, `type`, `detail`, `info`) is what CodeMirror's completion expects, so
 * `completionSchema` can be handed to `@codemirror/lang-sql`'s `schema` option as it is.
 */
import { AGENCY_CELLS_REGION, CELLS, CHECKS, CORPUS_TABLES, FINDINGS_VIEW_COLUMNS, REPORTS, REPORT_VALUES, type ColumnSpec } from '../corpus/schema';

export interface CompletionItem {
  readonly label: string;
  readonly type: 'table' | 'column';
  /** Column type, or `table` / `view`. */
  readonly detail: string;
  /** The documented meaning in the chosen language. */
  readonly info: string;
}

export interface CompletionTable {
  readonly name: string;
  readonly kind: 'table' | 'view';
  readonly zh: string;
  readonly en: string;
  readonly columns: readonly ColumnSpec[];
}

/** `v_reports` as the loader defines it: reports joined with the wide values (report_id once). */
const V_REPORTS: CompletionTable = {
  name: 'v_reports',
  kind: 'view',
  zh: '视图：reports 与 report_values 按 report_id 连接（每份报告一行）',
  en: 'View: reports joined with report_values on report_id (one row per report)',
  columns: [...REPORTS.columns, ...REPORT_VALUES.columns.filter((c) => c.name !== 'report_id')],
};

/** `v_agency_cells` as the loader defines it: every cell with its report's agency_id in front. */
const V_AGENCY_CELLS: CompletionTable = {
  name: 'v_agency_cells',
  kind: 'view',
  zh: '视图：cells 加上所属报告的 agency_id、province、city（按机构或地区查单元格用它最快）',
  en: "View: cells with their report's agency_id, province and city (the fast way to read one agency's or region's cells)",
  columns: [...AGENCY_CELLS_REGION.map((name) => REPORTS.columns.find((c) => c.name === name)).filter((c): c is ColumnSpec => c !== undefined), ...CELLS.columns],
};

/** The check row's own year, which `v_findings` keeps beside its report's. */
const CHECK_YEAR: ColumnSpec = { name: 'check_year', type: 'INTEGER', nullable: true, zh: '检查结果自身记录的年度（year 为所属报告的年度）', en: "The year the check row itself records (year is its report's)" };

/** `v_findings` as the loader defines it: every check that did not pass, with its report's columns. */
const V_FINDINGS: CompletionTable = {
  name: 'v_findings',
  kind: 'view',
  zh: '视图：未通过（fail / uncertain）的检查结果，带所属报告的机构、地区、类型、年度与模板（按地区或机构查问题用它最快）',
  en: "View: the checks that did not pass (fail / uncertain) with their report's agency, region, type, year and template (the fast way to read a region's or an agency's findings)",
  columns: FINDINGS_VIEW_COLUMNS.map((name) => (name === 'check_year' ? CHECK_YEAR : (CHECKS.columns.find((c) => c.name === name && name !== 'agency_id' && name !== 'year') ?? REPORTS.columns.find((c) => c.name === name))))
    .filter((c): c is ColumnSpec => c !== undefined),
};

/** Every table and view a console user can query, with its columns. */
export const COMPLETION_TABLES: readonly CompletionTable[] = [
  ...CORPUS_TABLES.map((t) => ({ name: t.name, kind: 'table' as const, zh: t.zh, en: t.en, columns: t.columns })),
  V_REPORTS,
  V_AGENCY_CELLS,
  V_FINDINGS,
];

function columnItem(c: ColumnSpec, lang: 'zh' | 'en'): CompletionItem {
  // report_values columns carry the canonical key as their text: show it in both languages.
  return { label: c.name, type: 'column', detail: c.type, info: lang === 'zh' ? c.zh : c.en };
}

/** Table → column items, the shape of lang-sql's `schema` option. */
export function completionSchema(lang: 'zh' | 'en'): Record<string, CompletionItem[]> {
  return Object.fromEntries(COMPLETION_TABLES.map((t) => [t.name, t.columns.map((c) => columnItem(c, lang))]));
}

/** Table items (lang-sql's `tables` option). */
export function tableCompletions(lang: 'zh' | 'en'): CompletionItem[] {
  return COMPLETION_TABLES.map((t) => ({ label: t.name, type: 'table', detail: t.kind, info: lang === 'zh' ? t.zh : t.en }));
}

/**
 * Items whose label starts with `prefix` (case-insensitive), tables first; columns of `table`
 * only when a table is given, else the columns of every table once.
 */
export function complete(prefix: string, lang: 'zh' | 'en', table?: string): CompletionItem[] {
  const p = prefix.toLowerCase();
  const tables = tableCompletions(lang).filter((t) => t.label.startsWith(p));
  const source = table === undefined ? COMPLETION_TABLES : COMPLETION_TABLES.filter((t) => t.name === table.toLowerCase());
  const seen = new Set<string>();
  const columns: CompletionItem[] = [];
  for (const t of source) {
    for (const c of t.columns) {
      if (!c.name.startsWith(p) || seen.has(c.name)) continue;
      seen.add(c.name);
      columns.push(columnItem(c, lang));
    }
  }
  return [...tables, ...columns];
}
