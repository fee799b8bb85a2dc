/** Ranked horizontal bars: one value per category (agency, city…), largest first. Pure. */
import type { EChartsOption } from 'echarts';
import {
  axisFormatter,
  footnoteGraphic,
  gridFor,
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

export interface RankedBarSpec extends ChartSpecBase {
  /** Field holding the category name (e.g. agency_name). */
  readonly categoryField: string;
  readonly valueField: string;
  /** Field used to tell repeated names apart (e.g. city for every city's 财政局). */
  readonly contextField?: string;
  /** Field with a stable id (e.g. agency_id), carried into the data for click handling. */
  readonly idField?: string;
  /** Keep only the first N after sorting. */
  readonly limit?: number;
  readonly order?: 'desc' | 'asc';
}

/** One bar, after sorting. */
export interface RankedItem {
  readonly label: string;
  readonly id: string | null;
  readonly value: number | null;
}

/** Step 1: read, label and sort the rows; categories without a value go last (shown, but with no bar). */
export function rankItems(rows: readonly ChartRow[], spec: RankedBarSpec): RankedItem[] {
  const names = rows.map((r) => textOf(r[spec.categoryField]));
  const contexts = spec.contextField ? rows.map((r) => textOf(r[spec.contextField ?? ''])) : undefined;
  const labels = uniqueLabels(names, contexts);
  const items = rows.map((r, i) => ({
    label: labels[i] ?? '',
    id: spec.idField ? textOf(r[spec.idField]) : null,
    value: numOrNull(r[spec.valueField]),
  }));
  const sign = spec.order === 'asc' ? 1 : -1;
  items.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? 0 : 1) : -1;
    return sign * (a.value - b.value);
  });
  return spec.limit !== undefined ? items.slice(0, spec.limit) : items;
}

/** Step 2: the tooltip, reading the item by index (never trusting text handed back by the chart). */
export function rankedTooltip(items: readonly RankedItem[], spec: RankedBarSpec) {
  return (params: TooltipParam | TooltipParam[]): string => {
    const p = Array.isArray(params) ? params[0] : params;
    const item = p ? items[p.dataIndex] : undefined;
    if (!p || !item) return '';
    const header = `${p.dataIndex + 1}. ${item.label}`;
    return tooltipHtml(header, [{ name: spec.valueName ?? spec.title, value: tooltipValue(item.value, spec.format, spec.lang), color: p.color }], item.value === null ? noDataText(spec.lang) : undefined);
  };
}

/** Ranked bar option: category axis top-down in rank order, null values drawn as no bar. */
export function buildOption(rows: readonly ChartRow[], spec: RankedBarSpec): EChartsOption {
  const items = rankItems(rows, spec);
  return {
    title: titleBlock(spec),
    graphic: [footnoteGraphic(spec)],
    grid: gridFor(spec, { legend: false, right: 56 }),
    tooltip: { ...tooltipBase('item'), formatter: rankedTooltip(items, spec) },
    xAxis: {
      type: 'value',
      name: spec.valueName ?? '',
      axisLabel: { formatter: axisFormatter(spec.format, spec.lang) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((it) => it.label),
      axisLabel: { formatter: (v: string) => truncate(v, 14), interval: 0 },
    },
    series: [
      {
        type: 'bar',
        name: spec.valueName ?? spec.title,
        data: items.map((it) => ({ value: it.value, ...(it.id !== null ? { id: it.id } : {}) })),
        label: {
          show: true,
          position: 'right',
          formatter: (p: { dataIndex: number }) => {
            const v = items[p.dataIndex]?.value ?? null;
            return v === null ? '—' : axisFormatter(spec.format, spec.lang)(v);
          },
        },
        barMaxWidth: 22,
      },
    ],
  };
}
