/**
 * The views' single entry to the chart builders (src/charts/*): long points (x, series, value) in,
 * ECharts option out. A change in a builder's spec is absorbed here, not in every view.
 */
import type { EChartsOption } from 'echarts';
import type { ValueFormat } from '../format/number';
import type { Lang } from '../i18n';
import type { ChartRow, UnavailableSpan } from '../charts/spec';
import { buildOption as lineOption } from '../charts/line/option';
import { buildOption as groupedOption } from '../charts/groupedBar/option';
import { buildOption as stackedOption } from '../charts/stackedBar/option';
import { buildOption as heatmapOption } from '../charts/heatmap/option';

/** One value: category `x` (a year or a name), series name, value (null = gap, never 0). */
export interface Point {
  readonly x: string;
  readonly series: string;
  readonly value: number | null;
}

export interface ChartMeta {
  readonly title: string;
  readonly subtitle: string;
  readonly footnote: string;
  readonly lang: Lang;
  readonly format: ValueFormat;
  readonly valueName?: string;
  readonly unavailable?: readonly UnavailableSpan[];
}

function rowsOf(points: readonly Point[]): ChartRow[] {
  return points.map((p) => ({ x: p.x, series: p.series, value: p.value }));
}

function base(meta: ChartMeta) {
  return { title: meta.title, subtitle: meta.subtitle, footnote: meta.footnote, lang: meta.lang, format: meta.format, valueName: meta.valueName };
}

export function lineChart(points: readonly Point[], meta: ChartMeta): EChartsOption {
  return lineOption(rowsOf(points), { ...base(meta), xField: 'x', seriesField: 'series', valueField: 'value', unavailable: meta.unavailable });
}

export function groupedBarChart(points: readonly Point[], meta: ChartMeta): EChartsOption {
  return groupedOption(rowsOf(points), { ...base(meta), categoryField: 'x', seriesField: 'series', valueField: 'value' });
}

/** Stacked bars: one bar per `x`, one stacked part per series (in order of first appearance). */
export function stackedBarChart(points: readonly Point[], meta: ChartMeta & { share: boolean }): EChartsOption {
  const series: string[] = [];
  const byX = new Map<string, Record<string, string | number | null>>();
  for (const p of points) {
    if (!series.includes(p.series)) series.push(p.series);
    let row = byX.get(p.x);
    if (!row) byX.set(p.x, (row = { x: p.x }));
    row[`s${String(series.indexOf(p.series))}`] = p.value;
  }
  return stackedOption([...byX.values()], {
    ...base(meta),
    categoryField: 'x',
    components: series.map((label, i) => ({ field: `s${String(i)}`, label })),
    mode: meta.share ? 'share' : 'absolute',
  });
}

/** Heatmap: `x` across (years), `series` down (members). */
export function heatmapChart(points: readonly Point[], meta: ChartMeta): EChartsOption {
  return heatmapOption(rowsOf(points), { ...base(meta), xField: 'x', yField: 'series', valueField: 'value' });
}
