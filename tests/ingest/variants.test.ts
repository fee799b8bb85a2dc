/**
 * Front-end quirks and spec §10 variants on small hand-written inputs. Each input is written
 * the way the corpus prints it; the values asserted are the ones printed in the input.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/ingest/parse';
import type { Report } from '../../src/model/report';

function parse(text: string, format: 'txt' | 'md' | 'html' = 'txt', year?: number): Report {
  const r = parseReport(text, { format, hints: year === undefined ? {} : { year } });
  if (!r.ok) throw new Error(r.error.code);
  return r.report;
}

function values(r: Report, prefix: string): Record<string, number | null | string> {
  const out: Record<string, number | null | string> = {};
  for (const c of r.cells) if (c.key.startsWith(prefix) && c.derived !== true) out[c.key.slice(prefix.length)] = c.semantic === 'text' ? c.raw : c.value;
  return out;
}

const TITLE = '某县某局2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n';

const V2021_ACTIVE_PIPE = `${TITLE}第二十条第(一)项 | |||
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 1 | 2 | 3 |
行政规范性文件 | 4 | 5 | 6 |
第二十条第(五)项 | |||
信息内容 | 本年处理决定数量 | ||
行政许可 | 7 | ||
第二十条第(六)项 | |||
信息内容 | 本年处理决定数量 | ||
行政处罚 | 8 | ||
行政强制 | 9 | ||
第二十条第(八)项 | |||
信息内容 | 本年收费金额(单位:万元) | ||
行政事业性收费 | 1.5 | ||
`;

describe('front ends', () => {
  it('pipe rows with phantom "||" cells (V3, 177 style)', () => {
    const r = parse(V2021_ACTIVE_PIPE);
    expect(values(r, 'active.')).toEqual({
      'art20_1.regulations.issued': 1, 'art20_1.regulations.repealed': 2, 'art20_1.regulations.in_force': 3,
      'art20_1.normative_docs.issued': 4, 'art20_1.normative_docs.repealed': 5, 'art20_1.normative_docs.in_force': 6,
      'art20_5.admin_licensing.decisions': 7, 'art20_6.admin_penalty.decisions': 8, 'art20_6.admin_coercion.decisions': 9,
      'art20_8.admin_fees.amount_wan_yuan': 1.5,
    });
    expect(r.meta.template).toBe('v2021');
  });

  it('one value per line, with blank lines between (018 style)', () => {
    const text = V2021_ACTIVE_PIPE.replace(/ \|+/g, '\n').replace(/\|/g, '').split('\n').map((l) => l.trim()).join('\n\n');
    expect(values(parse(text), 'active.art20_1.')).toEqual({
      'regulations.issued': 1, 'regulations.repealed': 2, 'regulations.in_force': 3,
      'normative_docs.issued': 4, 'normative_docs.repealed': 5, 'normative_docs.in_force': 6,
    });
  });

  it('space-aligned pdftotext -layout rows with a wrapped label (V4)', () => {
    const text = `${TITLE}三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况
一、本年新收政府信息公开申请数量                  12     1    0   0    0     0   13
二、上年结转政府信息公开申请数量                   2      0     0   0    0     0   2
              2.其他法律行政法规禁止公
结             开                    27      0     0   0    0     0   27
`;
    const r = parse(text);
    expect(values(r, 'requests.new_received.')).toEqual({ natural_person: 12, org_commercial: 1, org_research: 0, org_public_interest: 0, org_legal_services: 0, org_other: 0, total: 13 });
    expect(values(r, 'requests.results.denied.prohibited_by_law.')).toMatchObject({ natural_person: 27, total: 27 });
  });

  it('tab-separated PDF text with a page break inside a row label (V1: "出版" / page / "物")', () => {
    const row = (label: string, n: number): string => `\t\t${label}${'\t0'.repeat(n)}`;
    const text = `${TITLE}三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\n${row('2.重复申请', 7)}\n${row('3.要求提供公开出版', 7)}\n\n- 4 -\n\t物\t\t\t\n\t4.无正当理由大量反复申请\t1\t0\t0\t0\t0\t0\t1\t0\n`;
    const r = parse(text);
    expect(values(r, 'requests.results.not_processed.publication.')).toMatchObject({ natural_person: 0, total: 0 });
    expect(values(r, 'requests.results.not_processed.excessive_repeated.')).toEqual({ natural_person: 1, org_commercial: 0, org_research: 0, org_public_interest: 0, org_legal_services: 0, org_other: 0, total: 1 });
  });

  it('cells glued to labels without separators (032 "规章000")', () => {
    const text = `2019年某乡政府信息公开工作年度报告\n二、主动公开政府信息情况\n信息内容本年新制作数量本年新公开数量对外公开总数量\n规章000\n规范性文件000\n第二十条(八)项\n信息内容上一年项目数量本年增/减\n行政事业性收费00\n`;
    const r = parse(text);
    expect(r.meta.template).toBe('v2019');
    expect(values(r, 'active.art20_1.regulations.')).toEqual({ new_made: 0, new_published: 0, published_total: 0 });
    expect(values(r, 'active.art20_8.')).toEqual({ 'admin_fees.prev_year_items': 0, 'admin_fees.items_change': 0 });
  });

  it('markdown tables with rule lines and headings (207 style)', () => {
    const md = `# 某县2025年政府信息公开工作年度报告\n## 二、主动公开政府信息情况\n### 第二十条第（五）项\n| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 517645 |\n`;
    expect(values(parse(md, 'md'), 'active.')).toEqual({ 'art20_5.admin_licensing.decisions': 517645 });
  });

  it('HTML through the HTML front end, blank cells stay blank', () => {
    const html = `<html><body><p>某局2019年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p><table>
      <tr><td colspan="4">第二十条第（五）项</td></tr>
      <tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>
      <tr><td>行政许可</td><td>5</td><td>&nbsp;</td><td>-</td></tr></table></body></html>`;
    const r = parse(html, 'html');
    expect(r.cells.find((c) => c.key === 'active.art20_5.admin_licensing.items_change')?.semantic).toBe('blank');
    expect(r.cells.find((c) => c.key === 'active.art20_5.admin_licensing.decisions')?.semantic).toBe('na');
    expect(r.cells.find((c) => c.key === 'active.art20_5.admin_licensing.prev_year_items')?.value).toBe(5);
  });
});

describe('spec §10 variants', () => {
  it('V2: one character per line in the table 四 header still yields the 15 values in order', () => {
    const head = '四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n结\n果\n维\n持\n未经复议直接起诉\n复议后起诉\n';
    const vals = Array.from({ length: 15 }, (_, i) => String(i)).join('\n');
    const r = parse(`${TITLE}${head}${vals}\n五、存在的主要问题及改进情况\n无\n`);
    expect(r.cells.find((c) => c.key === 'review_litigation.admin_review.upheld')?.value).toBe(0);
    expect(r.cells.find((c) => c.key === 'review_litigation.litigation_after_review.total')?.value).toBe(14);
  });

  it('V5: Traditional mirror and full-width punctuation (規章, 第二十條第（一）項)', () => {
    const text = '某鎮2021年政府信息公開工作年度報告\n二、主動公開政府信息情況\n第二十條第（一）項 | |||\n信息內容 | 本年制發件數 | 本年廢止件數 | 現行有效件數 |\n規章 | ０ | １ | ２ |\n';
    const r = parse(text);
    expect(values(r, 'active.art20_1.regulations.')).toEqual({ issued: 0, repealed: 1, in_force: 2 });
    expect(r.meta.template).toBe('v2021');
  });

  it('V6: annotated labels still match (规章（设区的市…）, 本年增/减（…如-8）)', () => {
    const text = '2020年某局政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（五）项\n信息内容\t上一年项目数量（指2019年事项数）\t本年增/减（减用负值表示，如-8）\t处理决定数量（指2020年办件量）\n行政许可\t12\t-3\t40\n';
    expect(values(parse(text), 'active.art20_5.admin_licensing.')).toEqual({ prev_year_items: 12, items_change: -3, decisions: 40 });
  });

  it('V7: an extra row (其他主动公开文件) is reported, not recorded, and does not shift the next row', () => {
    const text = '2020年某局政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n规范性文件\t3\t3\t9\n其他主动公开文件\t1\t1\t1\n第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t2\t0\t5\n';
    const r = parse(text);
    expect(values(r, 'active.art20_1.normative_docs.')).toEqual({ new_made: 3, new_published: 3, published_total: 9 });
    expect(values(r, 'active.art20_5.admin_licensing.')).toEqual({ prev_year_items: 2, items_change: 0, decisions: 5 });
    expect(r.diagnostics.some((d) => d.code === 'unknown_row')).toBe(true);
  });

  it('V10: old section names in the intro do not decide the version; the table labels do', () => {
    const text = `某镇2021年政府信息公开工作年度报告\n本报告包括概述、依申请公开政府信息情况、收费及减免情况等。\n${V2021_ACTIVE_PIPE}`;
    expect(parse(text).meta.template).toBe('v2021');
  });

  it('V8: v2019 labels in a 2021 report are v2019 with template_mismatch', () => {
    const text = '某镇2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n';
    const r = parse(text, 'txt', 2021);
    expect(r.meta.template).toBe('v2019');
    expect(r.diagnostics.find((d) => d.code === 'template_mismatch')?.level).toBe('warn');
  });

  it('V13: garbled period dates (年/月 lost) do not break parsing; the year comes from the file name', () => {
    const text = V2021_ACTIVE_PIPE.replace(TITLE, '某镇政府信息公开工作年度报告\n本报告统计期限为202111日起至20211230日。\n二、主动公开政府信息情况\n');
    const r = parseReport(text, { fileName: '2021年某镇政府信息公开工作年度报告.txt' });
    expect(r.ok && r.report.meta.year).toBe(2021);
    expect(r.ok && r.report.meta.template).toBe('v2021');
    expect(r.ok && r.report.diagnostics.some((d) => d.code === 'template_mismatch')).toBe(false);
  });

  it('V14: table 四 missing with a nil statement in the narrative', () => {
    const text = `${V2021_ACTIVE_PIPE}三、收到和处理政府信息公开申请情况\n本年度未收到政府信息公开申请。\n四、政府信息公开行政复议、行政诉讼情况\n本年度未发生政府信息公开行政复议、行政诉讼。\n五、存在的主要问题及改进情况\n无。\n`;
    const r = parse(text);
    expect(r.diagnostics.find((d) => d.code === 'table_missing_with_nil_statement')?.table).toBe('review');
    expect(r.diagnostics.find((d) => d.code === 'table_missing')?.table).toBe('requests');
    expect(r.cells.some((c) => c.key.startsWith('review_litigation.'))).toBe(false);
  });

  it('V15: a heading typo (主动公开政府政府情况) still opens table 二', () => {
    const text = V2021_ACTIVE_PIPE.replace('二、主动公开政府信息情况', '二、主动公开政府政府情况');
    expect(parse(text).cells.length).toBeGreaterThan(9);
  });

  it('V17: very large aggregated counts are read as printed', () => {
    const text = V2021_ACTIVE_PIPE.replace('行政许可 | 7 |', '行政许可 | 11398889 |');
    expect(values(parse(text), 'active.art20_5.')).toEqual({ 'admin_licensing.decisions': 11398889 });
  });

  it('V18: a subtotal row (小计) is accepted and not recorded under a template key', () => {
    const rows = ['一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |', '小计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |', '二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |'];
    const r = parse(`${TITLE}三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |\n${rows.join('\n')}\n`);
    expect(values(r, 'requests.carried_over.')).toMatchObject({ natural_person: 0, total: 0 });
    expect(values(r, 'requests.new_received.')).toMatchObject({ natural_person: 1, total: 1 });
    expect(r.cells.filter((c) => c.key.startsWith('requests.')).length).toBe(14);
  });

  it('mixed: v2021 table 二 with a v2019 single （六）其他处理 row (203/204)', () => {
    const req = `三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |\n（六）其他处理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n（七）总计 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n`;
    const r = parse(`${V2021_ACTIVE_PIPE}${req}`);
    expect(r.meta.template).toBe('mixed');
    expect(r.meta.tableTemplates).toEqual({ active: 'v2021', requests: 'v2019' });
    expect(values(r, 'requests.results.other.total.')).toMatchObject({ natural_person: 2, total: 2 });
  });

  it('a row cut by the end of an excerpt emits only its visible cells, counted from the left', () => {
    const text = `${TITLE}三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |\n一、本年新收政府信息公开申请数量 | 5 | 1 | 0`;
    const r = parse(text);
    expect(values(r, 'requests.new_received.')).toEqual({ natural_person: 5, org_commercial: 1, org_research: 0 });
    expect(r.diagnostics.some((d) => d.code === 'row_truncated')).toBe(true);
  });
});
