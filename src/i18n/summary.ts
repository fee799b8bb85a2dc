/** The filter selection as one line of text: chart subtitles, export footnotes, the filter bar's summary. */
import type { FilterState } from '../store/filters';
import { translate, type Lang, type MessageKey } from './index';
import { zh } from './zh';

function yearsText(years: readonly number[]): string {
  if (years.length === 0) return '';
  const sorted = [...years].sort((a, b) => a - b);
  const first = sorted[0] ?? 0;
  const last = sorted.at(-1) ?? 0;
  const contiguous = last - first + 1 === sorted.length;
  return contiguous && sorted.length > 2 ? `${String(first)}–${String(last)}` : sorted.join(', ');
}

/** A label for a code-like value (agency type, template), falling back to the value itself. */
export function codeLabel(lang: Lang, prefix: 'type' | 'template', value: string): string {
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? translate(lang, key) : value;
}

function isMessageKey(k: string): k is MessageKey {
  return Object.hasOwn(zh, k);
}

/** e.g. "2019–2021 · 江苏省 淮安市 · 政府、部门 · “财政” · 2019版"; "全部报告" when nothing is filtered. */
export function filterSummary(f: FilterState, lang: Lang): string {
  const sep = lang === 'zh' ? '、' : ', ';
  const parts: string[] = [];
  const y = yearsText(f.years);
  if (y) parts.push(y);
  const region = [f.province, f.city, f.district].filter((x): x is string => x !== null).join(' ');
  if (region) parts.push(region);
  if (f.agencyTypes.length) parts.push(f.agencyTypes.map((t) => codeLabel(lang, 'type', t)).join(sep));
  if (f.agencyQuery.trim()) parts.push(lang === 'zh' ? `“${f.agencyQuery.trim()}”` : `"${f.agencyQuery.trim()}"`);
  if (f.templates.length) parts.push(f.templates.map((t) => codeLabel(lang, 'template', t)).join(sep));
  return parts.length ? parts.join(' · ') : translate(lang, 'filters.summaryNone');
}
