/**
 * The SQL console's gallery of worked examples. Each runs as it is on the default corpus (a test
 * runs every one on native DuckDB) and passes the console's read-only guard. Column names of the
 * wide values are canonical keys with `.` written as `__` (spec Appendix A).
 */
import type { Bilingual } from '../model/report';

export interface SqlExample {
  readonly id: string;
  readonly title: Bilingual;
  readonly description: Bilingual;
  readonly sql: string;
}

export const SQL_EXAMPLES: readonly SqlExample[] = [
  {
    id: 'finance_bureau_disclosure_rate',
    title: { zh: '各市财政局公开率（2021–2024）', en: "Each city's finance bureau: disclosure rate 2021–2024" },
    description: {
      zh: '机构名含“财政局”的报告，按城市与年度列出办理结果总计和公开率 =（予以公开 + 部分公开）/ 办理结果总计；未填报表三的报告公开率为空，不是0。',
      en: 'Reports of agencies named 财政局 by city and year: results total and disclosure rate = (granted + partially granted) / results total; a report without table 3 has no rate (NULL, not 0).',
    },
    sql: `SELECT city, agency_name, year,
  requests__results__total__total AS results_total,
  round((requests__results__granted__total + requests__results__partially_granted__total)
        / nullif(requests__results__total__total, 0), 3) AS disclosure_rate
FROM v_reports
WHERE agency_name LIKE '%财政局%' AND year BETWEEN 2021 AND 2024
ORDER BY city NULLS LAST, year`,
  },
  {
    id: 'carry_over_mismatch',
    title: { zh: '上年结转与上年报告不衔接的机构', en: "Agencies whose carry-over does not match last year's" },
    description: {
      zh: '同一机构相邻两年：本年“上年结转”（总计列）与上一年报告的“结转下年度继续办理”比较；mismatch 为真即不衔接（检查规则 XY-CARRY）。',
      en: "For an agency's consecutive years: this year's carried over (total column) against last year's carried forward; mismatch true means they differ (rule XY-CARRY).",
    },
    sql: `SELECT cur.agency_name, prev.year AS prev_year, cur.year,
  prev.requests__carried_forward__total AS carried_forward_last_year,
  cur.requests__carried_over__total AS carried_over_this_year,
  prev.requests__carried_forward__total IS DISTINCT FROM cur.requests__carried_over__total AS mismatch
FROM v_reports cur
JOIN v_reports prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
WHERE cur.requests__carried_over__total IS NOT NULL OR prev.requests__carried_forward__total IS NOT NULL
ORDER BY mismatch DESC, cur.agency_name, cur.year`,
  },
  {
    id: 'failed_checks_by_rule',
    title: { zh: '各规则未通过次数', en: 'Failed checks per rule' },
    description: {
      zh: '按规则统计未通过（fail）的检查结果条数及涉及的报告数，错误级在前。',
      en: 'Failed check results and the reports they concern, per rule, errors first.',
    },
    sql: `SELECT rule_id, severity, count(*) AS failures, count(DISTINCT report_id) AS reports
FROM checks
WHERE status = 'fail'
GROUP BY rule_id, severity
ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, failures DESC`,
  },
  {
    id: 'narrative_vs_table',
    title: { zh: '正文与表格不一致的报告', en: 'Narrative figures that disagree with the tables' },
    description: {
      zh: '规则 TEXT-TABLE 未通过：正文写的件数（actual）与表格数（expected）不同。',
      en: 'Rule TEXT-TABLE failed: the figure the narrative states (actual) differs from the table (expected).',
    },
    sql: `SELECT r.agency_name, r.year, c.scope, c.expected AS table_value, c.actual AS narrative_value, c.message_zh
FROM checks c
JOIN reports r USING (report_id)
WHERE c.rule_id = 'TEXT-TABLE' AND c.status = 'fail'
ORDER BY r.agency_name, r.year`,
  },
  {
    id: 'reports_by_province_year',
    title: { zh: '各省各年度报告数', en: 'Reports per province and year' },
    description: {
      zh: '语料覆盖情况：每个省份每个年度的报告数和其中带统一格式表格的份数。',
      en: 'Corpus coverage: reports per province and year, and how many print the unified tables.',
    },
    sql: `SELECT province, year, count(*) AS reports,
  count(*) FILTER (WHERE template IN ('v2019', 'v2021', 'mixed')) AS with_tables
FROM reports
GROUP BY province, year
ORDER BY province NULLS LAST, year`,
  },
  {
    id: 'blank_cells',
    title: { zh: '空白与“/”单元格最多的报告', en: 'Reports with the most blank or “/” cells' },
    description: {
      zh: '按报告统计读出的空白（blank）与不适用（na，即 / - —）单元格；空白、“/”和0在语料中是三种不同的值。',
      en: 'Blank and not-applicable (/, -, —) cells read per report; blank, “/” and 0 are three different values in the corpus.',
    },
    sql: `SELECT r.agency_name, r.year,
  count(*) FILTER (WHERE c.semantic = 'blank') AS blank_cells,
  count(*) FILTER (WHERE c.semantic = 'na') AS na_cells,
  count(*) AS cells_read
FROM cells c
JOIN reports r USING (report_id)
GROUP BY r.agency_name, r.year
HAVING count(*) FILTER (WHERE c.semantic IN ('blank', 'na')) > 0
ORDER BY blank_cells + na_cells DESC
LIMIT 20`,
  },
  {
    id: 'disclosure_rate_by_type',
    title: { zh: '按机构类型的公开率', en: 'Disclosure rate by agency type' },
    description: {
      zh: '只计同时填报予以公开、部分公开和办理结果总计的报告，按机构类型合计后计算。',
      en: 'Pooled over reports printing granted, partially granted and the results total, per agency type.',
    },
    sql: `SELECT agency_type, count(*) AS reports,
  sum(requests__results__total__total) AS results_total,
  round(sum(requests__results__granted__total + requests__results__partially_granted__total)
        / nullif(sum(requests__results__total__total), 0), 3) AS disclosure_rate
FROM v_reports
WHERE requests__results__granted__total IS NOT NULL
  AND requests__results__partially_granted__total IS NOT NULL
  AND requests__results__total__total IS NOT NULL
GROUP BY agency_type
ORDER BY reports DESC`,
  },
  {
    id: 'late_reports',
    title: { zh: '逾期发布的报告', en: 'Reports published late' },
    description: {
      zh: '有发布日期的报告中，部门晚于次年1月31日、政府晚于次年3月31日发布的（条例第四十九条；乡镇等层级按3月31日）。',
      en: 'Among reports with a published date: departments after 31 January and governments after 31 March of the next year (art. 49; other levels against 31 March).',
    },
    sql: `SELECT agency_name, agency_type, year, published_date,
  CASE WHEN agency_type = 'department' THEN make_date(year + 1, 1, 31) ELSE make_date(year + 1, 3, 31) END AS deadline
FROM reports
WHERE published_date IS NOT NULL AND year IS NOT NULL
  AND TRY_CAST(published_date AS DATE) >
      CASE WHEN agency_type = 'department' THEN make_date(year + 1, 1, 31) ELSE make_date(year + 1, 3, 31) END
ORDER BY year, agency_name`,
  },
  {
    id: 'template_mismatch',
    title: { zh: '模板版本与年度不符', en: 'Template that does not fit the year' },
    description: {
      zh: '2019、2020年度应为2019版，2021年度起应为2021版；mixed 为两版混用。',
      en: 'Years 2019–2020 should use the 2019 template and 2021 on the 2021 one; mixed means both in one report.',
    },
    sql: `SELECT agency_name, year, template
FROM reports
WHERE template_mismatch
ORDER BY year, agency_name`,
  },
  {
    id: 'top_requests',
    title: { zh: '收到申请最多的机构', en: 'Agencies receiving the most requests' },
    description: {
      zh: '表三“本年新收政府信息公开申请数量”总计列，前20名。',
      en: 'Table 3 new requests received, total column: the top 20.',
    },
    sql: `SELECT agency_name, year, requests__new_received__total AS new_requests
FROM v_reports
WHERE requests__new_received__total IS NOT NULL
ORDER BY new_requests DESC
LIMIT 20`,
  },
];
