/**
 * One agency's audit sheet as a self-contained HTML document for printing to PDF from the browser
 * (open it in a window or iframe and call `print()`): A4 portrait, black on white, table headers
 * repeated on every page, rows never split across pages, no scripts. Every corpus string is
 * escaped: names and messages come from documents found on the web.
 */
import { escapeHtml } from '../format/escape';
import type { Bilingual } from '../model/report';
import { ruleTitle } from './findings';
import type { AgencySheet } from './run';
import { SCORE_FORMULA } from './score';

const T: Record<string, Bilingual> = {
  title: { zh: '政府信息公开年报审查单', en: 'Annual report audit sheet' },
  score: { zh: '得分', en: 'Score' },
  rank: { zh: '排名', en: 'Rank' },
  formula: { zh: '计分方法', en: 'How the score is computed' },
  coverage: { zh: '各年度报告情况', en: 'Reports by year' },
  findings: { zh: '发现的问题', en: 'Findings' },
  none: { zh: '未发现问题。', en: 'No findings.' },
  year: { zh: '年度', en: 'Year' },
  rule: { zh: '规则', en: 'Rule' },
  severity: { zh: '严重程度', en: 'Severity' },
  message: { zh: '说明', en: 'Message' },
  expected: { zh: '应为', en: 'Expected' },
  actual: { zh: '实为', en: 'Actual' },
  cells: { zh: '涉及单元格', en: 'Cells' },
  generated: { zh: '生成日期', en: 'Generated' },
};

const STATUS: Record<string, Bilingual> = {
  present: { zh: '有（含统计表）', en: 'present' },
  partial: { zh: '不完整', en: 'partial' },
  text_only: { zh: '仅文字', en: 'text only' },
  missing: { zh: '缺失', en: 'missing' },
};
const SEVERITY: Record<string, Bilingual> = { error: { zh: '错误', en: 'error' }, warn: { zh: '提醒', en: 'warning' }, info: { zh: '信息', en: 'info' } };

const CSS = `@page { size: A4 portrait; margin: 15mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff; font-size: 10.5pt; line-height: 1.45; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2mm; }
.meta { color: #333; }
.score { font-size: 14pt; font-weight: bold; }
table { width: 100%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #444; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.keys { font-family: monospace; font-size: 8pt; word-break: break-all; }
.error { font-weight: bold; }`;

export interface PrintSheetOptions {
  readonly lang: 'zh' | 'en';
  /** ISO date printed in the footer line; passed in so the output is reproducible. */
  readonly date: string;
  /** Region line under the name (e.g. "江苏省 宿迁市"). */
  readonly region?: string;
}

const num = (v: number | null): string => (v === null ? '' : escapeHtml(v));

/** The sheet as a complete HTML document string. */
export function agencySheetHtml(sheet: AgencySheet, o: PrintSheetOptions): string {
  const l = o.lang;
  const t = (k: string): string => escapeHtml(T[k]?.[l] ?? k);
  const name = escapeHtml(sheet.agency?.agencyName ?? sheet.agency?.agencyId ?? '');
  const coverage = sheet.coverage.length
    ? `<table><thead><tr><th>${t('year')}</th>${sheet.coverage.map((c) => `<th>${escapeHtml(c.year)}</th>`).join('')}</tr></thead>
<tbody><tr><td></td>${sheet.coverage.map((c) => `<td>${escapeHtml(STATUS[c.status]?.[l] ?? c.status)}</td>`).join('')}</tr></tbody></table>`
    : '';
  const rows = sheet.findingsByYear.flatMap((g) =>
    g.findings.map(
      (f) => `<tr class="${escapeHtml(f.severity)}"><td>${escapeHtml(g.year)}</td><td>${escapeHtml(ruleTitle(f.ruleId, l))}<br><small>${escapeHtml(f.ruleId)}</small></td>` +
        `<td>${escapeHtml(SEVERITY[f.severity]?.[l] ?? f.severity)}</td><td>${escapeHtml(f.message[l])}</td>` +
        `<td class="num">${num(f.expected)}</td><td class="num">${num(f.actual)}</td><td class="keys">${escapeHtml(f.keys.join(' '))}</td></tr>`,
    ),
  );
  const findings = rows.length
    ? `<table><thead><tr><th>${t('year')}</th><th>${t('rule')}</th><th>${t('severity')}</th><th>${t('message')}</th><th>${t('expected')}</th><th>${t('actual')}</th><th>${t('cells')}</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`
    : `<p>${t('none')}</p>`;
  const score = sheet.agency
    ? `<p class="score">${t('score')}: ${escapeHtml(sheet.agency.score)} &nbsp; ${t('rank')}: ${escapeHtml(sheet.agency.rank)}</p><p>${escapeHtml(sheet.scoreLine)}</p>`
    : '';
  return `<!doctype html>
<html lang="${l === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${t('title')} · ${name}</title><style>${CSS}</style></head>
<body>
<h1>${t('title')}${l === 'zh' ? '：' : ': '}${name}</h1>
${o.region ? `<p class="meta">${escapeHtml(o.region)}</p>` : ''}
${score}
<h2>${t('coverage')}</h2>
${coverage}
<h2>${t('findings')}</h2>
${findings}
<h2>${t('formula')}</h2>
<p>${escapeHtml(SCORE_FORMULA[l])}</p>
<p class="meta">${t('generated')}: ${escapeHtml(o.date)}</p>
</body></html>`;
}
