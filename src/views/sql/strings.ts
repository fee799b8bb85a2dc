/** UI strings of the SQL console (kept beside the view so the shared dictionaries stay small). */
import type { Bilingual } from '../../model/report';

export const SQL_TEXT = {
  intro: {
    zh: '用 SQL 直接查询已载入的语料（DuckDB 语法）。查询面向整个语料，不受仪表盘筛选条件影响。只运行只读语句：修改语料的语句会被拒绝。Ctrl/⌘+Enter 运行。',
    en: 'Query the loaded corpus directly in SQL (DuckDB dialect). Queries see the whole corpus; the dashboard filters do not apply. Read-only statements only: anything that would modify the corpus is refused. Ctrl/⌘+Enter runs.',
  },
  editor: { zh: 'SQL 编辑器', en: 'SQL editor' },
  run: { zh: '运行', en: 'Run' },
  cancel: { zh: '取消', en: 'Cancel' },
  running: { zh: '正在运行…', en: 'Running…' },
  cancelled: { zh: '查询已取消。', en: 'Query cancelled.' },
  refused: { zh: '已拒绝', en: 'Refused' },
  error: { zh: '出错', en: 'Error' },
  rows: { zh: '{rows} 行 · {cols} 列 · {ms} 毫秒', en: '{rows} rows · {cols} columns · {ms} ms' },
  noRows: { zh: '查询成功，但没有返回任何行。', en: 'The query succeeded but returned no rows.' },
  notRun: { zh: '尚未运行查询。编写 SQL 或从右侧示例中选择一条，然后点“运行”。', en: 'No query run yet. Write SQL or pick an example, then Run.' },
  results: { zh: '查询结果', en: 'Results' },
  exportCsv: { zh: 'CSV', en: 'CSV' },
  exportXlsx: { zh: 'XLSX', en: 'XLSX' },
  exportParquet: { zh: 'Parquet', en: 'Parquet' },
  exportLabel: { zh: '导出结果', en: 'Export results' },
  chart: { zh: '快速图表', en: 'Quick chart' },
  chartKind: { zh: '类型', en: 'Type' },
  bar: { zh: '柱状图', en: 'Bars' },
  line: { zh: '折线图', en: 'Lines' },
  x: { zh: 'X（类别）', en: 'X (category)' },
  y: { zh: 'Y（数值）', en: 'Y (value)' },
  series: { zh: '系列', en: 'Series' },
  none: { zh: '无', en: 'none' },
  noChart: { zh: '结果中没有数值列，无法作图。', en: 'The result has no numeric column to chart.' },
  chartCapped: { zh: '图表只绘制前 {n} 行。', en: 'The chart draws the first {n} rows only.' },
  chartSubtitle: { zh: '自定义 SQL 查询（不受筛选条件影响）', en: 'Custom SQL query (dashboard filters do not apply)' },
  chartTitle: { zh: '查询结果：{y}', en: 'Query result: {y}' },
  schema: { zh: '表与字段', en: 'Tables and columns' },
  examples: { zh: '示例查询', en: 'Worked examples' },
  use: { zh: '使用', en: 'Use' },
  saved: { zh: '已保存的查询', en: 'Saved queries' },
  saveName: { zh: '名称', en: 'Name' },
  save: { zh: '保存', en: 'Save' },
  load: { zh: '载入', en: 'Load' },
  remove: { zh: '删除', en: 'Delete' },
  noSaved: { zh: '还没有保存的查询（保存在本浏览器中）。', en: 'No saved queries yet (they are kept in this browser).' },
  savedFailed: { zh: '无法写入浏览器本地存储', en: 'Could not write to the browser’s local storage' },
  share: { zh: '复制分享链接', en: 'Copy share link' },
  shared: { zh: '分享链接已复制（链接中包含 SQL）', en: 'Share link copied (the link carries the SQL)' },
  shareTooLong: { zh: 'SQL 太长，无法放入链接', en: 'The SQL is too long to put in a link' },
  restore: { zh: '恢复语料', en: 'Restore corpus' },
  restoreHelp: { zh: '从最近一次载入的来源（内置语料或你选择的文件）重新载入全部语料表。', en: 'Reloads every corpus table from the source last loaded (the default corpus or the files you picked).' },
  restored: { zh: '语料已重新载入', en: 'Corpus reloaded' },
} as const satisfies Record<string, Bilingual>;

export type SqlTextKey = keyof typeof SQL_TEXT;

/** A string of the SQL console in a language, with `{name}` placeholders filled. */
export function st(lang: 'zh' | 'en', key: SqlTextKey, vars: Readonly<Record<string, string | number>> = {}): string {
  return SQL_TEXT[key][lang].replace(/\{(\w+)\}/g, (m, n: string) => (vars[n] === undefined ? m : String(vars[n])));
}

/** Both languages of a console string (for toasts, which outlive a language switch). */
export function both(key: SqlTextKey): Bilingual {
  return { zh: st('zh', key), en: st('en', key) };
}
