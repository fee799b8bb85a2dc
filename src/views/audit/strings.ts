/** UI strings of the Audit view (kept beside the view so the shared dictionaries stay small). */
import type { Bilingual } from '../../model/report';

export const AUDIT_TEXT = {
  intro: {
    zh: '所选范围内全部检查结果、跨年度发现、覆盖情况、发布时效和雷同检测，按机构计分排名。点击机构名称打开机构页，未通过的单元格会高亮显示。',
    en: 'Every check result of the selection, cross-year findings, coverage, timeliness and copy detection, with a per-agency score and ranking. Click an agency to open its profile with the failing cells highlighted.',
  },
  summary: { zh: '{findings} 条发现 · {agencies} 个机构 · {reports} 份报告', en: '{findings} findings · {agencies} agencies · {reports} reports' },
  findings: { zh: '发现列表', en: 'Findings' },
  noFindings: { zh: '所选范围及筛选条件下没有发现问题。', en: 'No findings for this selection and these filters.' },
  rule: { zh: '规则', en: 'Rule' },
  severity: { zh: '严重程度', en: 'Severity' },
  source: { zh: '来源', en: 'Source' },
  agencyType: { zh: '机构类型', en: 'Agency type' },
  groupBy: { zh: '分组', en: 'Group by' },
  noGroup: { zh: '不分组', en: 'No grouping' },
  all: { zh: '全部', en: 'All' },
  uncertain: { zh: '含无法判定的结果', en: 'Include undecided results' },
  agency: { zh: '机构', en: 'Agency' },
  region: { zh: '地区', en: 'Region' },
  year: { zh: '年度', en: 'Year' },
  message: { zh: '说明', en: 'Message' },
  expected: { zh: '应为', en: 'Expected' },
  actual: { zh: '实为', en: 'Actual' },
  cells: { zh: '涉及单元格', en: 'Cells involved' },
  nCells: { zh: '{n} 个单元格', en: '{n} cells' },
  open: { zh: '打开机构页', en: 'Open profile' },
  exportCsv: { zh: '导出 CSV', en: 'Export CSV' },
  exportXlsx: { zh: '导出 XLSX', en: 'Export XLSX' },
  coverage: { zh: '覆盖情况（机构 × 年度）', en: 'Coverage (agencies × years)' },
  coverageHelp: {
    zh: '有：含统一格式统计表；不完整：统计表缺失部分；仅文字：只有正文；缺失：语料中没有该年度报告。',
    en: 'Present: has the unified tables; partial: some tables missing; text only: narrative only; missing: no report for the year in the corpus.',
  },
  noCoverage: { zh: '所选范围内没有机构。', en: 'No agency in the selection.' },
  ranking: { zh: '机构得分与排名', en: 'Agency scores and ranking' },
  rank: { zh: '排名', en: 'Rank' },
  score: { zh: '得分', en: 'Score' },
  worstFirst: { zh: '低分在前', en: 'Lowest scores first' },
  deductions: { zh: '扣分明细', en: 'Deductions' },
  copies: { zh: '雷同检测', en: 'Copy detection' },
  copiesHelp: {
    zh: '与同一机构上一年度报告比较：正文片段重合比例，或统计表数值完全相同。',
    en: "Compared with the same agency's report of the year before: share of shared narrative pieces, or identical table values.",
  },
  noCopies: { zh: '所选范围内未发现雷同。', en: 'No copies found in the selection.' },
  similarity: { zh: '相似度', en: 'Similarity' },
  table: { zh: '统计表', en: 'Table' },
  identicalCells: { zh: '相同单元格', en: 'identical cells' },
  timeliness: { zh: '发布时效', en: 'Timeliness' },
  timelinessHelp: {
    zh: '按条例第四十九条，年度报告应于每年1月31日前公布；仅对语料中有发布日期的报告判断。',
    en: 'Under art. 49 the annual report is due by 31 January; judged only for reports whose publication date is known.',
  },
  timelinessNone: { zh: '所选范围内没有发现逾期发布的报告。', en: 'No late report found in the selection.' },
  province: { zh: '省级', en: 'Province' },
  city: { zh: '地市级', en: 'City' },
  sheet: { zh: '机构审查单', en: 'Agency audit sheet' },
  sheetPick: { zh: '选择机构', en: 'Choose an agency' },
  print: { zh: '打印 / 存为 PDF', en: 'Print / save as PDF' },
  status_present: { zh: '有', en: 'present' },
  status_partial: { zh: '不完整', en: 'partial' },
  status_text_only: { zh: '仅文字', en: 'text only' },
  status_missing: { zh: '缺失', en: 'missing' },
  src_check: { zh: '检查规则', en: 'check' },
  src_copy: { zh: '雷同', en: 'copy' },
  src_timeliness: { zh: '时效', en: 'timeliness' },
  src_coverage: { zh: '覆盖', en: 'coverage' },
  sev_error: { zh: '错误', en: 'error' },
  sev_warn: { zh: '提醒', en: 'warning' },
  sev_info: { zh: '信息', en: 'info' },
  st_fail: { zh: '未通过', en: 'failed' },
  st_uncertain: { zh: '无法判定', en: 'undecided' },
  findingsFirst: {
    zh: '页面仅列出前 {shown} 条发现（共 {total} 条）；分组计数、导出 CSV/XLSX 均含全部发现。缩小范围或按规则筛选可查看其余。',
    en: 'The page lists the first {shown} of {total} findings; group counts and the CSV/XLSX export include all of them. Narrow the selection or pick a rule to see the rest.',
  },
  gridFirst: {
    zh: '仅显示前 {shown} 个机构（共 {total} 个）；图例计数为全部机构。缩小范围可查看其余机构。',
    en: 'Showing the first {shown} of {total} agencies; the legend counts all of them. Narrow the selection to see the rest.',
  },
  listFirst: { zh: '仅显示前 {shown} 条（共 {total} 条）；导出发现列表可得全部。', en: 'Showing the first {shown} of {total}; export the findings for all.' },
  rankingFirst: { zh: '仅显示前 {shown} 个机构（共 {total} 个）。', en: 'Showing the first {shown} of {total} agencies.' },
  copiesFirst: { zh: '仅显示前 {shown} 条雷同（共 {total} 条）；导出发现列表可得全部。', en: 'Showing the first {shown} of {total} copies; export the findings for all.' },
  sheetFirst: { zh: '下拉列表仅含排名前 {shown} 个机构（共 {total} 个）；其他机构请先缩小范围。', en: 'The list holds the first {shown} of {total} ranked agencies; narrow the selection for the others.' },
} as const satisfies Record<string, Bilingual>;

export type AuditTextKey = keyof typeof AUDIT_TEXT;

/** A string of the Audit view in a language, with `{name}` placeholders filled. */
export function at(lang: 'zh' | 'en', key: AuditTextKey, vars: Readonly<Record<string, string | number>> = {}): string {
  return AUDIT_TEXT[key][lang].replace(/\{(\w+)\}/g, (m, n: string) => (vars[n] === undefined ? m : String(vars[n])));
}
