/** Grouped bars: categories on the axis, one bar per year (or other series field) in each group. Pure. */
import type { EChartsOption } from 'echarts';
import {
  axisFormatter,
  distinct,
  footnoteGraphic,
  gridFor,
  labelOf,
  legendFor,
  members,
  noDataText,
  numOrNull,
  sortIfNumeric,
  textOf,
  titleBlock,
  tooltipBase,
  tooltipHtml,
  tooltipValue,
  truncate,
  type TooltipParam,
} from '../common';
import type { ChartRow, ChartSpecBase } from '../spec';

export interface GroupedBarSpec extends ChartSpecBase {
  /** Field on the category axis (agency, city…), in the order the rows arrive. */
  readonly categoryField: string;
  /** Field that identifies a category (e.g. agency_id) when names can repeat; default: the name. */
  readonly categoryKeyField?: string;
  /** Added to repeated names to tell them apart (e.g. city). */
  readonly contextField?: string;
  /** Field that makes the bars within a group (usually `year`), sorted numerically when numeric. */
  readonly seriesField: string;
  readonly valueField: string;
  /** Horizontal bars read better with many long names. */
  readonly horizontal?: boolean;
}

/** The grid of values: matrix[series][category], null where the corpus has no value. */
export interface GroupedData {
  readonly categories: readonly string[];
  readonly series: readonly string[];
  readonly matrix: readonly (readonly (number | null)[])[];
}

/** Step 1: pivot long rows into series × category; a missing combination is null (a gap), not 0. */
export function pivot(rows: readonly ChartRow[], spec: GroupedBarSpec): GroupedData {
  const cats = members(rows, spec.categoryField, spec.categoryKeyField, spec.contextField);
  const categories = cats.labels;
  const series = sortIfNumeric(distinct(rows, spec.seriesField));
  const si = new Map(series.map((s, i) => [s, i]));
  const matrix = series.map(() => categories.map((): number | null => null));
  for (const r of rows) {
    const c = cats.index.get(cats.keyOf(r));
    const s = si.get(textOf(r[spec.seriesField]));
    const line = s === undefined ? undefined : matrix[s];
    if (c !== undefined && line) line[c] = numOrNull(r[spec.valueField]);
  }
  return { categories, series, matrix };
}

/** Step 2: axis tooltip listing every series for the hovered category. */
export function groupedTooltip(data: GroupedData, spec: GroupedBarSpec) {
  return (params: TooltipParam | TooltipParam[]): string => {
    const list = Array.isArray(params) ? params : [params];
    const first = list[0];
    if (!first) return '';
    const category = data.categories[first.dataIndex] ?? '';
    const lines = list.map((p) => {
      const s = p.seriesIndex ?? 0;
      const v = data.matrix[s]?.[p.dataIndex] ?? null;
      return { name: labelOf(spec, data.series[s] ?? ''), value: tooltipValue(v, spec.format, spec.lang), color: p.color };
    });
    const anyMissing = list.some((p) => (data.matrix[p.seriesIndex ?? 0]?.[p.dataIndex] ?? null) === null);
    return tooltipHtml(category, lines, anyMissing ? `— ${noDataText(spec.lang)}` : undefined);
  };
}

/** Grouped bar option. */
export function buildOption(rows: readonly ChartRow[], spec: GroupedBarSpec): EChartsOption {
  const data = pivot(rows, spec);
  const names = data.series.map((s) => labelOf(spec, s));
  const categoryAxis = {
    type: 'category' as const,
    data: [...data.categories],
    axisLabel: { formatter: (v: string) => truncate(v, spec.horizontal ? 14 : 8), interval: 0, rotate: spec.horizontal ? 0 : 30 },
    ...(spec.horizontal ? { inverse: true } : {}),
  };
  const valueAxis = { type: 'value' as const, name: spec.valueName ?? '', axisLabel: { formatter: axisFormatter(spec.format, spec.lang) } };
  return {
    title: titleBlock(spec),
    graphic: [footnoteGraphic(spec)],
    legend: legendFor(spec, names),
    grid: gridFor(spec, { legend: true }),
    tooltip: { ...tooltipBase('axis'), formatter: groupedTooltip(data, spec) },
    xAxis: spec.horizontal ? valueAxis : categoryAxis,
    yAxis: spec.horizontal ? categoryAxis : valueAxis,
    series: data.series.map((_s, i) => ({
      type: 'bar' as const,
      name: names[i] ?? '',
      data: [...(data.matrix[i] ?? [])],
      barMaxWidth: 18,
    })),
  };
}
