/**
 * Renders `docs/corpus-schema.md` from `schema.ts`, so the prose can never drift from the
 * contract: a test compares the committed file with this output.
 */
import { cellDef, columnToKey, DERIVED_KEYS } from '../model/template';
import { OUTPUT_TABLES, REPORT_VALUES, SCHEMA_VERSION, type ColumnSpec, type OutputTableSpec } from './schema';

const DERIVED_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  [DERIVED_KEYS.otherTotal2021]: {
    zh: '不填写：v2021 的推导合计按申请人列写入 requests__results__other__total__<列>；为结构稳定保留',
    en: 'Not filled: derived v2021 totals go to requests__results__other__total__<column>; kept for schema stability',
  },
  [DERIVED_KEYS.feesYuan2021]: { zh: '行政事业性收费金额折算为元（推导）', en: 'Administrative fees in yuan (derived)' },
  [DERIVED_KEYS.procurementYuan2019]: { zh: '政府集中采购总金额折算为元（推导）', en: 'Central procurement amount in yuan (derived)' },
};

const esc = (s: string): string => s.replace(/\|/g, '\\|');

/** Meaning of a wide-table column: the template's group, row and column labels of its key. */
function wideMeaning(col: ColumnSpec): { zh: string; en: string } {
  const key = columnToKey(col.name);
  const derived = DERIVED_LABELS[key];
  if (derived) return derived;
  const d = cellDef(key);
  if (!d) return { zh: col.zh, en: col.en };
  const parts = (pick: 'zh' | 'en'): string => [d.group?.[pick], d.row[pick], d.column[pick]].filter((x) => x !== undefined && x !== '').join(' · ');
  // v2019 prints this row; for v2021 the parser derives it from the three 其他处理 rows.
  const otherTotal = key.startsWith(`${DERIVED_KEYS.otherTotal2021}.`);
  return { zh: parts('zh') + (otherTotal ? '（v2021 为三行之和，推导）' : ''), en: parts('en') + (otherTotal ? ' (v2021: sum of three rows, derived)' : '') };
}

function tableSection(t: OutputTableSpec): string {
  const lines = [`## \`${t.name}\`: ${t.zh} / ${t.en}`, ''];
  if (t === REPORT_VALUES) {
    lines.push(
      'Column names are canonical keys with `.` replaced by `__` (`keyToColumn`). Only cells whose semantic is `number` have a value;',
      'blank, `/`-like, text and absent cells are null (look them up in `cells`). 列名为规范键（`.` 换成 `__`）；仅数字单元格有值。',
      '',
    );
  }
  lines.push('| column | type | null | 中文 | English |', '|---|---|---|---|---|');
  for (const c of t.columns) {
    const m = t === REPORT_VALUES && c.name !== 'report_id' ? wideMeaning(c) : { zh: c.zh, en: c.en };
    lines.push(`| \`${c.name}\` | ${c.type} | ${c.nullable ? 'yes' : 'no'} | ${esc(m.zh)} | ${esc(m.en)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

const PREAMBLE = `# Corpus schema / 语料结构 (version ${SCHEMA_VERSION})

<!-- Generated from src/corpus/schema.ts by \`npm run docs:schema\`; do not edit by hand. -->

The corpus is a folder of files written by \`npm run ingest\` / \`npm run corpus:build\`:
every table below as \`<table>.parquet\` **and** \`<table>.csv\`, plus \`manifest.json\`.
语料为一个文件夹：下列每张表各有 Parquet 与 CSV 两份，另有清单 \`manifest.json\`。

- **Parquet**: SNAPPY-compressed; VARCHAR → STRING (UTF-8), INTEGER → INT32, DOUBLE → DOUBLE,
  BOOLEAN → BOOLEAN; non-nullable columns are REQUIRED.
- **CSV**: UTF-8 with a BOM, header row, CRLF, RFC 4180 quoting. Null is an empty field; an empty
  string is written \`""\` (in DuckDB read with \`allow_quoted_nulls = false\` to keep them apart).
  CSV 为带 BOM 的 UTF-8；空值为空字段，空字符串写作 \`""\`。
- **manifest.json** (\`src/corpus/manifest.ts\`, zod \`Manifest\`): \`schemaVersion\`, \`generator\`,
  \`synthetic\` (true when any report is synthetic), \`inputs\` (files / reports / failed), \`tables\`
  (per table: \`rows\`, \`columns\`, and \`parquet\` / \`csv\` each with \`path\`, \`bytes\`, \`sha256\`)
  and \`failures\` (file, code, bilingual message for every input that produced no report).
  The bytes depend only on the inputs and the code (no timestamps, fixed order). An optional
  \`database\` entry (\`path\`, \`bytes\`, \`sha256\`, \`tables\`, \`wide\`, \`agency_cells\`, \`hot\`; \`corpusDatabaseEntry\` in
  \`src/corpus/load.ts\`) names a prebuilt DuckDB file of the same tables, which the app attaches
  read-only instead of decoding the Parquet files (large corpora: written by
  \`npm run corpus:database -- <dir>\`, \`src/corpus/database-node.ts\`; see bench/SCALE.md; \`checks\` sorted by status and rule there, \`cells\` sorted by province, city
  and agency and stored with its report's \`agency_id\`, \`province\`, \`city\`, which the \`v_agency_cells\` view reads).
  Its \`hot\` entry (\`path\`, \`bytes\`, \`sha256\`) names \`corpus-hot.duckdb\`: \`reports_wide\` (\`v_reports\`
  materialised, sorted by region), \`findings\` (every check whose status is not \`pass\`;
  with \`findings_reports: true\` in the entry, stored with its report's agency and filter columns and sorted by
  region and agency, which the \`v_findings\` view reads; with \`findings_by_status: true\` by status first, so a
  statement over the failures alone reads only their row groups) and, when every
  agency-year lies in one region, \`identical_tables\` (the audit's identical-tables flags over the whole
  corpus; \`identical_min_cells\` in the entry; read through the view \`v_identical_tables\` for selections
  by region and year), \`narrative_reports\` and \`narrative_similarity\` (the reports with a narrative, and
  the similarity of every consecutive-year pair; \`narratives: true\` in the entry; views
  \`v_narrative_reports\`, \`v_narrative_similarity\`). With \`audit_region: true\` in the entry the audit's
  tables carry their region: \`reports_wide\` ends with \`audit_tables_gap\` and \`audit_has_narrative\`
  (read through \`v_audit_reports\`; \`v_reports\` leaves them out), \`identical_tables\` stores its keys as
  one space-separated \`keys_text\` with both reports' \`province\`, \`city\`, \`district\` (and \`prev_…\`;
  with \`identical_key_ids: true\` also as \`key_ids\`, the keys' numbers in the table \`identical_keys\`,
  \`id\` and \`key\`, view \`v_identical_keys\`),
  and \`narrative_similarity\` its current report's \`province\`, \`city\`, \`district\` and \`year\`,
  both sorted by region, so a selection by region and year filters them directly. With
  \`narrative_region: true\` (every agency-year in one region) \`narrative_similarity\` also has the pair's
  \`agency_id\` and its previous report's \`prev_year\`, \`prev_province\`, \`prev_city\`, \`prev_district\`:
  a selection by region and year then reads its narrative pairs from them without pairing its reports
  (\`npm run bench\` adds them to a database written before, \`addAuditColumns\`). With a
  \`cell_blocks\` entry (\`path\`, \`bytes\`, \`sha256\`) it also holds \`agency_cell_blocks\` (\`agency_id\`,
  \`province\`, \`city\`, \`byte_offset\`, \`byte_length\`; view \`v_agency_cell_blocks\`, which adds the file
  name), the place of every agency's cells in \`agency-cells.bin\` beside it: one gzip member per agency of
  JSON \`{"v":1, "<column>": [...]}\` with the cells' \`report_id\`, \`key\`, \`table_id\`, \`value\`, \`semantic\`,
  \`raw\`, \`unit\`, \`value_yuan\`, \`derived\`, \`prov_line\`, \`prov_page\`, \`prov_path\` in the order of year,
  report and key (\`src/corpus/cell-blocks.ts\`); the Agency view reads an agency's cells with one range
  request of it. 每个机构的单元格另存为一个压缩块，打开机构只需一次范围请求。With a \`rollup\`
  entry (the columns it stores past its keys) it also holds \`report_rollup\`: the reports' figures summed
  per \`year\`, \`province\`, \`city\`, \`agency_type\` and \`template\`, and \`split_agency\`: NULL but for an
  agency-year whose reports fall under two of those keys, whose rows are kept apart per agency and
  carry its id (\`reports\` the count, \`agencies\` the distinct agencies, one column per summed metric under
  the metric's id, and a rate's numerator and denominator as \`<id>__num\` and \`<id>__den\`;
  \`rollupSelectSql\` in \`src/queries/metrics.ts\`), which \`v_report_rollup\` reads when it has
  \`split_agency\` and every column the metric catalogue names (\`npm run bench\` adds it to a database
  written before, \`addRollup\`). 按年度、省、市、机构类型与模板汇总的指标表，对比页按市、省、类型排名时读它。The app
  fetches it whole, checks its size and hash, and reads \`v_reports\`, \`reports\` and the non-passed
  \`checks\` from memory; the main file is read by HTTP range. 常用数据（宽表与未通过的检查）单独成文件，整体载入内存。
- **warm.json** (optional, announced by the manifest's \`warm\` entry: \`path\`, \`bytes\`,
  \`sha256\`; \`src/corpus/warm.ts\`): the answers to the first screen's statements (filter
  options and the Overview with no filter) and the corpus summary, computed by native DuckDB when
  the corpus is built (\`npm run corpus:build\`, \`npm run corpus:database\`). It names each
  table's Parquet SHA-256; the app shows it while DuckDB-WASM starts only when they match the manifest.
  首屏预计算结果：DuckDB 启动前先显示，与清单不符时不用。
- **Views / 视图** (made by every load): \`v_reports\` (reports ⨝ report_values, one row per report),
  \`v_agency_cells\` (cells with their report's \`agency_id\`, \`province\` and \`city\` in front;
  the fast way to read one agency's or one region's cells) and \`v_findings\` (the checks whose status is
  not \`pass\`, with their report's \`agency_id\`, \`agency_name\`, \`province\`, \`city\`, \`district\`,
  \`agency_type\`, \`year\` and \`template\`, and the check row's own year as \`check_year\`; what the audit
  and the Overview's failure cards read). 视图 v_findings：未通过的检查结果连同所属报告的机构、地区与年度。
  The dashboard's own statements also read \`v_report_metrics\` (\`v_reports\` narrowed to the report's
  fields and the figures the metrics read) and \`v_report_rollup\` (the stored \`report_rollup\` of an
  attached corpus; over loaded tables the same rows grouped from \`v_report_metrics\` at every load into
  the table \`report_rollup_rows\`; for an attached corpus without a current stored one, grouped when
  read); the SQL console does not list them.
- **Cell semantics / 单元格语义**: \`number\`; \`blank\` (printed empty; value null); \`na\` (\`/\`, \`-\`,
  \`—\`; value null); \`text\` (other text kept in \`raw\`; value null). Blank, \`/\` and \`0\` stay distinct.
- **agency_id**: \`ag_\` + the first 16 hex digits of SHA-256 over
  \`province|city|district|agency name\`, each label-normalised (NFKC, Traditional → Simplified,
  no whitespace); a report without an agency name gets an id of its own. 机构标识跨年稳定。
- Region and agency fields come from the \`--meta\` CSV where it has them (its \`（推断…）\` notes and
  \`unknown\` removed), else from the document; \`agency_type\` falls back to a guess from the name.

`;

/** The whole of docs/corpus-schema.md. */
export function renderSchemaDoc(): string {
  return PREAMBLE + OUTPUT_TABLES.map(tableSection).join('\n');
}
