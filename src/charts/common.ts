/**
 * Building blocks shared by the option builders (pure): title, footnote, grid, tooltip HTML and
 * value access. Corpus strings only ever reach tooltip HTML through `escapeHtml`; titles, axis
 * labels and the footnote are drawn as canvas/SVG text, which ECharts does not parse as HTML.
 */
import type {
  GraphicComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts';
import { escapeHtml } from '../format/escape';
import { formatValue, formatValueExact, MISSING, type Lang, type ValueFormat } from '../format/number';
import type { ChartRow, ChartSpecBase } from './spec';
import { CHART_FONT } from './font';

/** The minimum ECharts passes to a tooltip formatter that the builders rely on. */
export interface TooltipParam {
  readonly dataIndex: number;
  readonly seriesIndex?: number;
  readonly color?: unknown;
}

/** A value from a row as a finite number, or null (never coerced to 0). Numeric strings are accepted since CSV-loaded data may carry them. */
export function numOrNull(v: ChartRow[string]): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return null;
}

/** A value from a row as display text ('' for null). */
export function textOf(v: ChartRow[string]): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}

/** The display name for a field or series value. */
export function labelOf(spec: ChartSpecBase, key: string): string {
  return spec.labels?.[key] ?? key;
}

const TOP_TITLE_ONLY = 44;
const TOP_WITH_SUBTITLE = 64;
const LEGEND_HEIGHT = 26;
const FOOTNOTE_SPACE = 30;

/** Top offset where the plot (or legend) starts, leaving room for title and subtitle. */
export function headerHeight(spec: ChartSpecBase): number {
  return spec.subtitle ? TOP_WITH_SUBTITLE : TOP_TITLE_ONLY;
}

/** Title with the filter summary as subtitle. */
export function titleBlock(spec: ChartSpecBase): TitleComponentOption {
  return {
    text: spec.title,
    subtext: spec.subtitle ?? '',
    left: 12,
    top: 8,
    textStyle: { fontSize: 15, fontWeight: 600, color: '#1f2328' },
    subtextStyle: { fontSize: 12, color: '#57606a' },
  };
}

/** The source footnote as graphic text at the bottom left, so it is part of every exported image. */
export function footnoteGraphic(spec: ChartSpecBase): GraphicComponentOption {
  return {
    type: 'text',
    left: 12,
    bottom: 8,
    silent: true,
    // A graphic's text does not take the theme's font.
    style: { text: spec.footnote, fill: '#57606a', fontSize: 11, fontFamily: CHART_FONT },
  };
}

/** Grid that keeps clear of title, legend and footnote and contains its axis labels. */
export function gridFor(spec: ChartSpecBase, opts: { legend: boolean; right?: number; bottomExtra?: number }): GridComponentOption {
  return {
    left: 12,
    right: opts.right ?? 24,
    top: headerHeight(spec) + (opts.legend ? LEGEND_HEIGHT : 0) + 8,
    bottom: FOOTNOTE_SPACE + (opts.bottomExtra ?? 0),
    outerBoundsMode: 'same',
    outerBoundsContain: 'all',
  };
}

/** A scrollable legend under the title. */
export function legendFor(spec: ChartSpecBase, names: readonly string[]): LegendComponentOption {
  return { type: 'scroll', data: [...names], top: headerHeight(spec), left: 12, right: 12, tooltip: { show: false } };
}

/** Tooltip base: HTML mode (so the formatter output must be escaped), confined to the chart. */
export function tooltipBase(trigger: 'item' | 'axis'): TooltipComponentOption {
  return { trigger, confine: true, renderMode: 'html', ...(trigger === 'axis' ? { axisPointer: { type: 'shadow' } } : {}) };
}

const SAFE_COLOR = /^(#[0-9a-f]{3,8}|rgba?\([\d.,\s%]+\))$/i;

/** A coloured dot; only plain colour strings are used, anything else gives no marker. */
export function marker(color: unknown): string {
  if (typeof color !== 'string' || !SAFE_COLOR.test(color)) return '';
  return `<span style="display:inline-block;margin-right:6px;width:9px;height:9px;border-radius:50%;background:${color}"></span>`;
}

export interface TooltipLine {
  readonly name: string;
  readonly value: string;
  readonly color?: unknown;
}

/** Tooltip HTML from plain strings: header and names escaped here, values are formatted numbers (escaped too). */
export function tooltipHtml(header: string, lines: readonly TooltipLine[], note?: string): string {
  const head = `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(header)}</div>`;
  const body = lines
    .map(
      (l) =>
        `<div>${marker(l.color)}${escapeHtml(l.name)}<span style="float:right;margin-left:16px;font-weight:600">${escapeHtml(l.value)}</span></div>`,
    )
    .join('');
  const tail = note ? `<div style="margin-top:4px;color:#57606a">${escapeHtml(note)}</div>` : '';
  return head + body + tail;
}

/** Axis tick formatter: compact (1.23万, 45.0%). */
export function axisFormatter(format: ValueFormat, lang: Lang): (v: number) => string {
  return (v: number) => formatValue(v, format, lang);
}

/** Tooltip value text: exact, "—" for null. */
export function tooltipValue(v: number | null, format: ValueFormat, lang: Lang): string {
  return v === null ? MISSING : formatValueExact(v, format, lang);
}

/** Shortens a category label for an axis; the tooltip shows it whole. */
export function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

/** Makes display labels unique: a repeated name gets its context (e.g. city) and, if still repeated, a counter. */
export function uniqueLabels(names: readonly string[], contexts?: readonly (string | null)[]): string[] {
  const count = new Map<string, number>();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  const withContext = names.map((n, i) => {
    const ctx = contexts?.[i];
    return (count.get(n) ?? 0) > 1 && ctx ? `${n}（${ctx}）` : n;
  });
  const seen = new Map<string, number>();
  return withContext.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k > 1 ? `${n} #${k}` : n;
  });
}

/** Distinct values of a field in order of first appearance. */
export function distinct(rows: readonly ChartRow[], field: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const v = textOf(r[field]);
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

/** Sorts values numerically when all are numbers (years), otherwise keeps their order. */
export function sortIfNumeric(values: readonly string[]): string[] {
  if (values.every((v) => v !== '' && !Number.isNaN(Number(v)))) return [...values].sort((a, b) => Number(a) - Number(b));
  return [...values];
}

/** The text for "no value" in the chart's language. */
export function noDataText(lang: Lang): string {
  return lang === 'zh' ? '无数据（空白、“/”或未填报）' : 'no data (blank, "/" or not reported)';
}

/** Members of a dimension: distinct keys in order of first appearance, each with a unique display label. */
export interface Members {
  readonly keys: readonly string[];
  readonly labels: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** The member key of a row. */
  readonly keyOf: (row: ChartRow) => string;
}

/**
 * Groups rows by `keyField` (e.g. agency_id) when given, else by the label itself. Two members that
 * share a name (every city's 财政局) stay apart when a key is given, and get the context (e.g. city)
 * or a counter added to their label.
 */
export function members(rows: readonly ChartRow[], labelField: string, keyField?: string, contextField?: string): Members {
  const keyOf = (r: ChartRow) => textOf(r[keyField ?? labelField]);
  const keys: string[] = [];
  const names: string[] = [];
  const contexts: (string | null)[] = [];
  const index = new Map<string, number>();
  for (const r of rows) {
    const k = keyOf(r);
    if (index.has(k)) continue;
    index.set(k, keys.length);
    keys.push(k);
    names.push(textOf(r[labelField]));
    contexts.push(contextField ? textOf(r[contextField]) : null);
  }
  return { keys, labels: uniqueLabels(names, contexts), index, keyOf };
}
