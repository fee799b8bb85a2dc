/**
 * Composition as stacked bars (e.g. request outcomes by year or agency), as absolute counts or as
 * shares. A share has a denominator: the `totalField` when given, else the sum of the components
 * that have a value; a zero or missing denominator gives no bar ("—"), never 0%. Pure.
 */
import type { EChartsOption } from 'echarts';
import {
  axisFormatter,
  footnoteGraphic,
  gridFor,
  legendFor,
  noDataText,
  numOrNull,
  textOf,
  titleBlock,
  tooltipBase,
  tooltipHtml,
  tooltipValue,
  truncate,
  uniqueLabels,
  type TooltipParam,
} from '../common';
import type { ChartRow, ChartSpecBase } from '../spec';
import { formatRate, formatValueExact, MISSING } from '../../format/number';

export interface StackComponent {
  readonly field: string;
  readonly label: string;
}

export interface StackedBarSpec extends ChartSpecBase {
  /** One bar per row; this field names it (year, agency…). */
  readonly categoryField: string;
  /** The stacked parts, bottom first. */
  readonly components: readonly StackComponent[];
  readonly mode: 'absolute' | 'share';
  /** Denominator for shares (e.g. 办理结果总计); default: the sum of the components. */
  readonly totalField?: string;
  readonly horizontal?: boolean;
}

export interface StackedData {
  readonly categories: readonly string[];
  /** absolute[component][category] */
  readonly absolute: readonly (readonly (number | null)[])[];
  /** share[component][category], fractions; null where the denominator is 0 or missing. */
  readonly share: readonly (readonly (number | null)[])[];
  readonly denominators: readonly (number | null)[];
}

/** Step 1: absolute values and shares per component and category. */
export function stackData(rows: readonly ChartRow[], spec: StackedBarSpec): StackedData {
  const categories = uniqueLabels(rows.map((r) => textOf(r[spec.categoryField])));
  const absolute = spec.components.map((c) => rows.map((r) => numOrNull(r[c.field])));
  const denominators = rows.map((r, j) => {
    if (spec.totalField) return numOrNull(r[spec.totalField]);
    const parts = absolute.map((col) => col[j] ?? null).filter((v): v is number => v !== null);
    return parts.length ? parts.reduce((a, b) => a + b, 0) : null;
  });
  const share = absolute.map((col) =>
    col.map((v, j) => {
      const d = denominators[j] ?? null;
      return v === null || d === null || d === 0 ? null : v / d;
    }),
  );
  return { categories, absolute, share, denominators };
}

/** Step 2: tooltip with count and share of every part. */
export function stackedTooltip(data: StackedData, spec: StackedBarSpec) {
  return (params: TooltipParam | TooltipParam[]): string => {
    const list = Array.isArray(params) ? params : [params];
    const first = list[0];
    if (!first) return '';
    const j = first.dataIndex;
    const lines = list.map((p) => {
      const s = p.seriesIndex ?? 0;
      const abs = data.absolute[s]?.[j] ?? null;
      const sh = data.share[s]?.[j] ?? null;
      const value = abs === null ? MISSING : `${formatValueExact(abs, spec.format, spec.lang)} · ${formatRate(sh, spec.lang)}`;
      return { name: spec.components[s]?.label ?? '', value, color: p.color };
    });
    const total = data.denominators[j] ?? null;
    const totalLabel = spec.lang === 'zh' ? '合计' : 'Total';
    lines.push({ name: totalLabel, value: tooltipValue(total, spec.format, spec.lang), color: undefined });
    const missing = list.some((p) => (data.absolute[p.seriesIndex ?? 0]?.[j] ?? null) === null);
    return tooltipHtml(data.categories[j] ?? '', lines, missing ? `— ${noDataText(spec.lang)}` : undefined);
  };
}

/** Stacked bar option in absolute or share mode. */
export function buildOption(rows: readonly ChartRow[], spec: StackedBarSpec): EChartsOption {
  const data = stackData(rows, spec);
  const share = spec.mode === 'share';
  const values = share ? data.share : data.absolute;
  const names = spec.components.map((c) => c.label);
  const categoryAxis = {
    type: 'category' as const,
    data: [...data.categories],
    axisLabel: { formatter: (v: string) => truncate(v, spec.horizontal ? 14 : 8), interval: 0 },
    ...(spec.horizontal ? { inverse: true } : {}),
  };
  const valueAxis = {
    type: 'value' as const,
    name: share ? '' : (spec.valueName ?? ''),
    ...(share ? { max: 1 } : {}),
    axisLabel: { formatter: axisFormatter(share ? 'rate' : spec.format, spec.lang) },
  };
  return {
    title: titleBlock(spec),
    graphic: [footnoteGraphic(spec)],
    legend: legendFor(spec, names),
    grid: gridFor(spec, { legend: true }),
    tooltip: { ...tooltipBase('axis'), formatter: stackedTooltip(data, spec) },
    xAxis: spec.horizontal ? valueAxis : categoryAxis,
    yAxis: spec.horizontal ? categoryAxis : valueAxis,
    series: spec.components.map((c, i) => ({
      type: 'bar' as const,
      name: c.label,
      stack: 'total',
      data: [...(values[i] ?? [])],
      barMaxWidth: 36,
      emphasis: { focus: 'series' as const },
    })),
  };
}
