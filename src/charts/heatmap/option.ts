/** Dimension × year heatmap. Cells without a value are left empty (not coloured as 0). Pure. */
import type { EChartsOption } from 'echarts';
import {
  axisFormatter,
  distinct,
  footnoteGraphic,
  gridFor,
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

export interface HeatmapSpec extends ChartSpecBase {
  /** Columns, usually `year` (sorted numerically). */
  readonly xField: string;
  /** Rows (agency, city…), in the order the rows arrive. */
  readonly yField: string;
  /** Field that identifies a row member (e.g. agency_id) when names can repeat; default: the name. */
  readonly yKeyField?: string;
  /** Added to repeated names to tell them apart (e.g. city). */
  readonly contextField?: string;
  readonly valueField: string;
}

export interface HeatCell {
  readonly x: number;
  readonly y: number;
  readonly value: number | null;
}

export interface HeatmapData {
  readonly xs: readonly string[];
  readonly ys: readonly string[];
  /** Every (x, y) present in the rows, including those whose value is null. */
  readonly cells: readonly HeatCell[];
  readonly min: number;
  readonly max: number;
}

/** Step 1: index rows by (x, y); min/max over real values only. */
export function heatmapData(rows: readonly ChartRow[], spec: HeatmapSpec): HeatmapData {
  const xs = sortIfNumeric(distinct(rows, spec.xField));
  const ym = members(rows, spec.yField, spec.yKeyField, spec.contextField);
  const ys = ym.labels;
  const xi = new Map(xs.map((x, i) => [x, i]));
  const cells: HeatCell[] = [];
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    const x = xi.get(textOf(r[spec.xField]));
    const y = ym.index.get(ym.keyOf(r));
    if (x === undefined || y === undefined) continue;
    const value = numOrNull(r[spec.valueField]);
    if (value !== null) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    cells.push({ x, y, value });
  }
  if (min === Infinity) {
    min = 0;
    max = 0;
  }
  return { xs, ys, cells, min, max };
}

/** Step 2: item tooltip naming the row and year. */
export function heatmapTooltip(data: HeatmapData, drawn: readonly HeatCell[], spec: HeatmapSpec) {
  return (params: TooltipParam | TooltipParam[]): string => {
    const p = Array.isArray(params) ? params[0] : params;
    const cell = p ? drawn[p.dataIndex] : undefined;
    if (!cell) return '';
    const y = data.ys[cell.y] ?? '';
    const x = data.xs[cell.x] ?? '';
    return tooltipHtml(y, [{ name: x, value: tooltipValue(cell.value, spec.format, spec.lang) }], cell.value === null ? noDataText(spec.lang) : undefined);
  };
}

const MAX_LABELLED_CELLS = 240;

/** Heatmap option: only cells with a value are drawn; a continuous visual map spans the real min–max. */
export function buildOption(rows: readonly ChartRow[], spec: HeatmapSpec): EChartsOption {
  const data = heatmapData(rows, spec);
  const drawn = data.cells.filter((c) => c.value !== null);
  const fmt = axisFormatter(spec.format, spec.lang);
  return {
    title: titleBlock(spec),
    graphic: [footnoteGraphic(spec)],
    grid: gridFor(spec, { legend: false, right: 24, bottomExtra: 72 }),
    tooltip: { ...tooltipBase('item'), formatter: heatmapTooltip(data, drawn, spec) },
    xAxis: { type: 'category', data: [...data.xs], splitArea: { show: true } },
    yAxis: {
      type: 'category',
      data: [...data.ys],
      inverse: true,
      splitArea: { show: true },
      axisLabel: { formatter: (v: string) => truncate(v, 14), interval: 0 },
    },
    visualMap: {
      type: 'continuous',
      min: data.min,
      max: data.max === data.min ? data.min + 1 : data.max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 30,
      itemWidth: 12,
      itemHeight: 180,
      formatter: (v: unknown) => (typeof v === 'number' ? fmt(v) : ''),
      inRange: { color: ['#eaf2fb', '#6baed6', '#08519c'] },
    },
    series: [
      {
        type: 'heatmap',
        name: spec.valueName ?? spec.title,
        data: drawn.map((c) => [c.x, c.y, c.value]),
        label: {
          show: drawn.length <= MAX_LABELLED_CELLS,
          fontSize: 10,
          formatter: (p: { dataIndex: number }) => {
            const v = drawn[p.dataIndex]?.value ?? null;
            return v === null ? '' : fmt(v);
          },
        },
      },
    ],
  };
}
