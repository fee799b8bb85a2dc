/**
 * Synthetic report documents: a `Report` printed as a plain-text or HTML 政府信息公开工作年度报告
 * in the layout of the template (spec §3, §4), so the parser can be measured on documents whose
 * every cell is known. Cells are printed as their `raw` text: parse(render(r)) gives r's cells back.
 */
import type { Report } from '../model/report';
import { REQUEST_COLUMNS, REVIEW_GROUPS, REVIEW_OUTCOMES, TEMPLATES, type TemplateVersion } from '../model/template';

export type RenderFormat = 'text' | 'html';

/** One printed table: rows of cells (label cells and values), a cell spanning `span` columns where given. */
type Cell = string | { readonly text: string; readonly span: number };
type Table = readonly (readonly Cell[])[];

const GROUP_LABEL: Readonly<Record<string, string>> = {
  'results.denied': '（三）不予公开',
  'results.unable': '（四）无法提供',
  'results.not_processed': '（五）不予处理',
  'results.other': '（六）其他处理',
};

function versionOf(report: Report): TemplateVersion {
  const t = report.meta.template;
  return t === 'v2019' ? 'v2019' : 'v2021';
}

function rawOf(report: Report): (key: string) => string {
  const by = new Map(report.cells.filter((c) => c.derived !== true).map((c) => [c.key, c.raw]));
  return (key) => by.get(key) ?? '';
}

function activeTables(v: TemplateVersion, raw: (k: string) => string): { caption: string; table: Table }[] {
  return TEMPLATES[v].active.map((sub) => ({
    caption: `第二十条第（${sub.item}）项`,
    table: [['信息内容', ...sub.columns.map((c) => c.zh)], ...sub.rows.map((r) => [r.zh, ...sub.columns.map((c) => raw(`active.${sub.id}.${r.key}.${c.key}`))])],
  }));
}

function requestTable(v: TemplateVersion, raw: (k: string) => string): Table {
  const cols = REQUEST_COLUMNS.map((c) => c.key);
  const rows: Cell[][] = [
    [{ text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', span: 2 }, { text: '申请人情况', span: 7 }],
    [{ text: '', span: 2 }, '自然人', { text: '法人或其他组织', span: 5 }, '总计'],
    [{ text: '', span: 2 }, '', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', ''],
  ];
  const seenGroup = new Set<string>();
  for (const r of TEMPLATES[v].requestRows) {
    const values = cols.map((c) => raw(`requests.${r.key}.${c}`));
    const group = Object.keys(GROUP_LABEL).find((g) => r.key.startsWith(`${g}.`) && r.key !== 'results.other.total');
    if (r.key === 'new_received' || r.key === 'carried_over' || r.key === 'carried_forward') {
      rows.push([{ text: r.zh, span: 2 }, ...values]);
    } else if (group !== undefined) {
      // Like the printed template: the group label only on the group's first row.
      const first = !seenGroup.has(group);
      seenGroup.add(group);
      rows.push([first ? (GROUP_LABEL[group] ?? '') : '', r.zh, ...values]);
    } else {
      rows.push([r.key === 'results.granted' ? '三、本年度办理结果' : '', r.zh, ...values]);
    }
  }
  return rows;
}

function reviewTable(raw: (k: string) => string): Table {
  return [
    [{ text: '行政复议', span: 5 }, { text: '行政诉讼', span: 10 }],
    [...REVIEW_OUTCOMES.map((o) => ({ text: o.zh, span: 1 })), { text: '未经复议直接起诉', span: 5 }, { text: '复议后起诉', span: 5 }],
    [...REVIEW_OUTCOMES.map(() => ''), ...REVIEW_OUTCOMES.map((o) => o.zh), ...REVIEW_OUTCOMES.map((o) => o.zh)],
    REVIEW_GROUPS.flatMap((g) => REVIEW_OUTCOMES.map((o) => raw(`review_litigation.${g.key}.${o.key}`))),
  ];
}

interface Doc {
  readonly title: string;
  readonly intro: readonly string[];
  readonly active: readonly { caption: string; table: Table }[];
  readonly requests: Table;
  readonly review: Table;
  readonly problems: string;
  readonly signature: readonly string[];
}

function docOf(report: Report): Doc {
  const v = versionOf(report);
  const raw = rawOf(report);
  const m = report.meta;
  const signed = m.signedDate === null ? [] : [m.signedDate.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$/, '$1年$2月$3日')];
  return {
    title: m.title ?? '政府信息公开工作年度报告',
    intro: [
      `本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限自${String(m.year ?? '')}年1月1日起至${String(m.year ?? '')}年12月31日止。本报告为合成数据，仅供演示与压力测试。`,
      report.sections.narrative,
    ],
    active: activeTables(v, raw),
    requests: requestTable(v, raw),
    review: reviewTable(raw),
    problems: report.sections.problems ?? '无。',
    signature: [(m.agencyName ?? '').replace(/（合成）$/, ''), ...signed],
  };
}

function textCell(c: Cell): string[] {
  if (typeof c === 'string') return [c];
  return [c.text, ...Array.from({ length: c.span - 1 }, () => '')];
}

function textTable(t: Table): string[] {
  return t.map((row) => `| ${row.flatMap(textCell).join(' | ')} |`);
}

function renderText(d: Doc): string {
  const lines: string[] = [d.title, '', '一、总体情况', ...d.intro, '', '二、主动公开政府信息情况'];
  for (const a of d.active) lines.push(a.caption, ...textTable(a.table));
  lines.push('', '三、收到和处理政府信息公开申请情况', ...textTable(d.requests));
  lines.push('', '四、政府信息公开行政复议、行政诉讼情况', ...textTable(d.review));
  lines.push('', '五、存在的主要问题及改进情况', d.problems, '', '六、其他需要报告的事项', '本年度无其他需要报告的事项。', '', ...d.signature, '');
  return lines.join('\n');
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function htmlTable(t: Table): string {
  const rows = t.map((row) => {
    const cells = row.map((c) => (typeof c === 'string' ? `<td>${esc(c)}</td>` : `<td colspan="${String(c.span)}">${esc(c.text)}</td>`));
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<table border="1">\n${rows.join('\n')}\n</table>`;
}

function renderHtml(d: Doc): string {
  const p = (s: string): string => `<p>${esc(s)}</p>`;
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>' + esc(d.title) + '</title></head><body>',
    `<h1>${esc(d.title)}</h1>`,
    p('一、总体情况'),
    ...d.intro.map(p),
    p('二、主动公开政府信息情况'),
  ];
  for (const a of d.active) parts.push(p(a.caption), htmlTable(a.table));
  parts.push(p('三、收到和处理政府信息公开申请情况'), htmlTable(d.requests));
  parts.push(p('四、政府信息公开行政复议、行政诉讼情况'), htmlTable(d.review));
  parts.push(p('五、存在的主要问题及改进情况'), p(d.problems), p('六、其他需要报告的事项'), p('本年度无其他需要报告的事项。'));
  parts.push(...d.signature.map(p), '</body></html>', '');
  return parts.join('\n');
}

/**
 * The report as a document: `text` (pipe-separated table rows, one line per row) or `html`
 * (`<table>` grids). Blank cells print empty, `/` as `/`, numbers and money as their raw text.
 */
export function renderReportDocument(report: Report, format: RenderFormat): string {
  const d = docOf(report);
  return format === 'html' ? renderHtml(d) : renderText(d);
}
