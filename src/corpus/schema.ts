/**
 * The corpus schema: the contract between the CLI that writes corpus files and the dashboard
 * that loads them. Column order here is the column order in every Parquet and CSV file.
 * docs/corpus-schema.md is this file in prose; keep both in step.
 */
import { ALL_CELL_KEYS, keyToColumn } from '../model/template';
import { CELL_BLOCKS_VIEW } from './cell-blocks';

export const SCHEMA_VERSION = 1;

export type ColumnType = 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly zh: string;
  readonly en: string;
}

/** One corpus table: its name, what it holds, and its columns in file order. */
export interface TableSpec {
  readonly name: CorpusTableName;
  readonly zh: string;
  readonly en: string;
  readonly columns: readonly ColumnSpec[];
  /**
   * Tables added after the first corpora were written (the audit's prose and parse diagnostics):
   * a corpus without them still loads, and they are then empty.
   */
  readonly optional?: true;
}

/** The five core tables, present in every corpus. */
export type CoreTableName = 'reports' | 'cells' | 'report_values' | 'checks' | 'text_facts';

/** Tables written beside the core for the audit (prose for copy detection, parse diagnostics). */
export type AuditTableName = 'report_texts' | 'diagnostics';

export type CorpusTableName = CoreTableName | AuditTableName;

/** Every table the CLI writes (an alias kept for the writers' vocabulary). */
export type OutputTableName = CorpusTableName;
export type OutputTableSpec = TableSpec;

const c = (name: string, type: ColumnType, nullable: boolean, zh: string, en: string): ColumnSpec => ({ name, type, nullable, zh, en });

export const REPORTS: TableSpec = {
  name: 'reports',
  zh: '报告（每份年报一行）',
  en: 'Reports (one row per annual report)',
  columns: [
    c('report_id', 'VARCHAR', false, '报告标识（来源文件名）', 'Report id (source file stem)'),
    c('agency_id', 'VARCHAR', false, '机构标识（由地区与机构名生成，跨年稳定）', 'Agency id (from region and name; stable across years)'),
    c('agency_name', 'VARCHAR', true, '机构名称', 'Agency name'),
    c('province', 'VARCHAR', true, '省级', 'Province'),
    c('city', 'VARCHAR', true, '地市级', 'City'),
    c('district', 'VARCHAR', true, '区县级', 'District / county'),
    c('region_code', 'VARCHAR', true, '行政区划代码（GB/T 2260，已知时）', 'Region code (GB/T 2260, where known)'),
    c('agency_type', 'VARCHAR', false, '机构类型：government 政府 / department 部门 / township 乡镇街道 / other 其他', 'Agency type: government / department / township / other'),
    c('year', 'INTEGER', true, '报告年度', 'Reporting year'),
    c('template', 'VARCHAR', false, '模板版本：v2019 / v2021 / mixed / text_only / pre2019', 'Template version: v2019 / v2021 / mixed / text_only / pre2019'),
    c('template_mismatch', 'BOOLEAN', false, '模板与年度不符', 'Template does not fit the year'),
    c('title', 'VARCHAR', true, '报告标题', 'Report title'),
    c('source_format', 'VARCHAR', false, '来源格式：txt / md / html / pdf / docx', 'Source format'),
    c('source_url', 'VARCHAR', true, '来源地址', 'Source URL or reference'),
    c('source_file', 'VARCHAR', false, '来源文件名', 'Source file name'),
    c('completeness', 'VARCHAR', true, '完整性：full 全文 / partial 节选', 'Completeness: full / partial'),
    c('stat_period_start', 'VARCHAR', true, '统计期起（YYYY-MM-DD）', 'Statistics period start'),
    c('stat_period_end', 'VARCHAR', true, '统计期止（YYYY-MM-DD）', 'Statistics period end'),
    c('signed_date', 'VARCHAR', true, '落款日期（YYYY-MM-DD）', 'Signed date'),
    c('published_date', 'VARCHAR', true, '发布日期（YYYY-MM-DD）', 'Published date'),
    c('n_cells', 'INTEGER', false, '读出的表格单元格数', 'Table cells read'),
    c('n_checks_failed', 'INTEGER', false, '未通过的检查数', 'Failed checks'),
    c('synthetic', 'BOOLEAN', false, '是否为合成数据（演示与压测用）', 'Synthetic data (demos and scale tests)'),
    c('content_sha256', 'VARCHAR', false, '来源文件内容哈希', 'SHA-256 of the source file'),
  ],
};

export const CELLS: TableSpec = {
  name: 'cells',
  zh: '单元格（每个读出的表格单元格一行，含出处）',
  en: 'Cells (one row per table cell read, with provenance)',
  columns: [
    c('report_id', 'VARCHAR', false, '报告标识', 'Report id'),
    c('key', 'VARCHAR', false, '规范键（见模板规范附录A）', 'Canonical key (spec Appendix A)'),
    c('table_id', 'VARCHAR', false, '表：active 主动公开 / requests 依申请 / review 复议诉讼', 'Table: active / requests / review'),
    c('value', 'DOUBLE', true, '数值；空白、“/”与文字为空', 'Value; null for blank, "/" and text'),
    c('semantic', 'VARCHAR', false, '语义：number 数字 / blank 空白 / na 不适用（/ - —） / text 文字', 'Semantic: number / blank / na / text'),
    c('raw', 'VARCHAR', false, '原文', 'Text as printed'),
    c('unit', 'VARCHAR', true, '金额单位（元/万元/亿元）', 'Money unit'),
    c('value_yuan', 'DOUBLE', true, '折算为元的金额', 'Money in yuan'),
    c('derived', 'BOOLEAN', false, '是否为推导值', 'Derived (computed, not printed)'),
    c('prov_line', 'INTEGER', true, '出处：行号', 'Provenance: line'),
    c('prov_page', 'INTEGER', true, '出处：页码', 'Provenance: page'),
    c('prov_path', 'VARCHAR', true, '出处：HTML 路径', 'Provenance: HTML path'),
  ],
};

/** One row per report, one DOUBLE column per canonical key (null when blank, `/`, text or absent). */
export const REPORT_VALUES: TableSpec = {
  name: 'report_values',
  zh: '宽表（每份报告一行，每个规范键一列；空白与“/”为空值）',
  en: 'Wide values (one row per report, one column per canonical key; blank and "/" are null)',
  columns: [
    c('report_id', 'VARCHAR', false, '报告标识', 'Report id'),
    ...[...ALL_CELL_KEYS, 'requests.results.other.total', 'active.art20_8.admin_fees.amount_yuan', 'active.art20_9.central_procurement.total_amount_yuan']
      .filter((k, i, a) => a.indexOf(k) === i)
      .map((k) => c(keyToColumn(k), 'DOUBLE', true, k, k)),
  ],
};

export const CHECKS: TableSpec = {
  name: 'checks',
  zh: '检查结果（勾稽关系、结构、跨年度）',
  en: 'Check results (balances, structure, cross-year)',
  columns: [
    c('report_id', 'VARCHAR', false, '报告标识', 'Report id'),
    c('agency_id', 'VARCHAR', false, '机构标识', 'Agency id'),
    c('year', 'INTEGER', true, '报告年度', 'Reporting year'),
    c('rule_id', 'VARCHAR', false, '规则编号', 'Rule id'),
    c('severity', 'VARCHAR', false, '严重程度：error / warn / info', 'Severity'),
    c('status', 'VARCHAR', false, '结果：pass 通过 / fail 未通过 / uncertain 无法判定', 'Status: pass / fail / uncertain'),
    c('scope', 'VARCHAR', false, '适用范围（如列）', 'Scope (e.g. column)'),
    c('expected', 'DOUBLE', true, '应为', 'Expected'),
    c('actual', 'DOUBLE', true, '实为', 'Actual'),
    c('keys', 'VARCHAR', false, '涉及的单元格键（空格分隔）', 'Cell keys involved (space-separated)'),
    c('message_zh', 'VARCHAR', false, '说明（中文）', 'Message (Chinese)'),
    c('message_en', 'VARCHAR', false, '说明（英文）', 'Message (English)'),
  ],
};

export const TEXT_FACTS: TableSpec = {
  name: 'text_facts',
  zh: '正文数字（叙述中明确写出的数字）',
  en: 'Text facts (figures the narrative states)',
  columns: [
    c('report_id', 'VARCHAR', false, '报告标识', 'Report id'),
    c('fact', 'VARCHAR', false, '事实键', 'Fact key'),
    c('value', 'DOUBLE', false, '数值', 'Value'),
    c('raw', 'VARCHAR', false, '原文片段', 'Source fragment'),
    c('prov_line', 'INTEGER', true, '出处：行号', 'Provenance: line'),
  ],
};

/** The report's prose, for copy detection across agencies and years (one row per report). */
export const REPORT_TEXTS: TableSpec = {
  name: 'report_texts',
  optional: true,
  zh: '报告正文（每份报告一行，表格以外的叙述，供查重）',
  en: 'Report texts (one row per report: the narrative outside the tables, for copy detection)',
  columns: [
    c('report_id', 'VARCHAR', false, '报告标识', 'Report id'),
    c('narrative', 'VARCHAR', false, '表格以外的叙述（空白已折叠）', 'Narrative outside the tables (whitespace folded)'),
    c('problems', 'VARCHAR', true, '第五部分“存在的主要问题及改进情况”原文；未找到该部分时为空', 'Text of section 五 (problems and improvements); null when the section was not found'),
  ],
};

/** What the parser noticed but could not turn into cells: missing tables, excerpts, ambiguous rows. */
export const DIAGNOSTICS: TableSpec = {
  name: 'diagnostics',
  optional: true,
  zh: '解析诊断（缺表、节选截断、无法定位的行等）',
  en: 'Parse diagnostics (missing tables, truncated excerpts, ambiguous rows…)',
  columns: [
    c('report_id', 'VARCHAR', false, '报告标识', 'Report id'),
    c('level', 'VARCHAR', false, '级别：error / warn / info', 'Level: error / warn / info'),
    c('code', 'VARCHAR', false, '代码（如 table_missing、truncated、row_truncated）', 'Code (e.g. table_missing, truncated, row_truncated)'),
    c('table_id', 'VARCHAR', true, '涉及的表：active / requests / review', 'Table concerned: active / requests / review'),
    c('keys', 'VARCHAR', false, '涉及的单元格键（空格分隔，可为空串）', 'Cell keys involved (space-separated; may be empty)'),
    c('message_zh', 'VARCHAR', false, '说明（中文）', 'Message (Chinese)'),
    c('message_en', 'VARCHAR', false, '说明（英文）', 'Message (English)'),
  ],
};

/** Every corpus table, in file order: the CLI writes each (Parquet + CSV + a manifest entry), the dashboard loads each. */
export const CORPUS_TABLES: readonly TableSpec[] = [REPORTS, CELLS, REPORT_VALUES, CHECKS, TEXT_FACTS, REPORT_TEXTS, DIAGNOSTICS];

/** The helper views every load creates over the corpus tables (`VIEWS_SQL` in ./load.ts). */
export const HELPER_VIEWS: readonly string[] = ['v_reports', 'v_agency_cells', 'v_findings'];

/**
 * `v_reports` narrowed to the report's fields and the figures the metric catalogue reads
 * (`REPORT_METRICS_COLUMNS` in src/queries/metrics.ts): what the builders of metric statements read
 * (the Overview's, Compare's, the trends). DuckDB binds every column of a view at each mention, and
 * for these statements planning was about half their time (bench/SCALE.md, round 14). Every load
 * creates it, like the helper views; the SQL console does not list it.
 */
export const REPORT_METRICS_VIEW = 'v_report_metrics';

/**
 * The reports' figures summed per year, province, city, agency type and template (`ROLLUP_KEYS`,
 * with an agency-year whose reports differ in those kept apart: `ROLLUP_SPLIT`, `rollupSelectSql`
 * in src/queries/metrics.ts): what the metric statements of a selection without
 * a district or a name read instead of every report (Compare by city, province or type). At 10^6
 * reports it has about 7,500 rows. Over an attached corpus whose hot file stores it, the stored
 * table; over loaded tables, `REPORT_ROLLUP_TABLE`; otherwise (an attached corpus whose hot file
 * stores none, or an older one) a view that groups `v_report_metrics` when read, with the same rows.
 */
export const REPORT_ROLLUP_VIEW = 'v_report_rollup';

/**
 * The rollup of loaded tables, grouped again whenever they change (`VIEWS_SQL` in ./load.ts runs at
 * every load, import and undo): finding the split agency-years groups every agency and year, which
 * tripled the cost of grouping the rollup when read (13 → 37–65 ms natively at 10^5 reports;
 * bench/SCALE.md, round 21), and read from a table the rollup costs next to nothing.
 */
export const REPORT_ROLLUP_TABLE = 'report_rollup_rows';

/** Views every load creates for the dashboard's own statements. */
export const INTERNAL_VIEWS: readonly string[] = [REPORT_METRICS_VIEW, REPORT_ROLLUP_VIEW];

/** Tables every load of tables creates for the dashboard's own statements. */
export const INTERNAL_TABLES: readonly string[] = [REPORT_ROLLUP_TABLE];

/**
 * Views over results a prebuilt database computed when it was written (`attachedViewsSql` in
 * ./load.ts); only an attached corpus has them, and nothing that changes the corpus keeps them.
 */
export const PRECOMPUTED_VIEWS: readonly string[] = ['v_identical_tables', 'v_identical_keys', 'v_narrative_reports', 'v_narrative_similarity', 'v_audit_reports', CELL_BLOCKS_VIEW];

/** The `reports` columns `v_agency_cells` puts before the cells' own. */
export const AGENCY_CELLS_REGION = ['agency_id', 'province', 'city'] as const;

/**
 * The `reports` columns `v_findings` carries with each finding: the agency, and every column the
 * filter bar selects on (`filterPredicate` in src/queries/filters.ts), so the audit and the
 * overview filter and group findings without joining `reports`. `year` is the report's.
 */
export const FINDINGS_REPORT_COLUMNS = ['agency_id', 'agency_name', 'province', 'city', 'district', 'agency_type', 'year', 'template'] as const;

/** The `checks` columns that are the finding's own (not its report's identity). */
export const FINDINGS_CHECK_COLUMNS = ['rule_id', 'severity', 'status', 'scope', 'expected', 'actual', 'keys', 'message_zh', 'message_en'] as const;

/**
 * The columns of `v_findings`, every check that did not pass with its report's columns: report_id,
 * `FINDINGS_REPORT_COLUMNS`, `check_year` (the check row's own `year`, which the agency profile
 * shows), then `FINDINGS_CHECK_COLUMNS`.
 */
export const FINDINGS_VIEW_COLUMNS = ['report_id', ...FINDINGS_REPORT_COLUMNS, 'check_year', ...FINDINGS_CHECK_COLUMNS] as const;

/** The same list under the writers' name. */
export const OUTPUT_TABLES: readonly TableSpec[] = CORPUS_TABLES;

export function tableSpec(name: CorpusTableName): TableSpec {
  const t = CORPUS_TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`unknown corpus table ${name}`);
  return t;
}
