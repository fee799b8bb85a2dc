/** Trend lines over years: one line per series value (agency, dimension) or a single line. Pure. */
import type { EChartsOption, MarkAreaComponentOption } from 'echarts';
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
  type TooltipParam,
} from '../common';
import type { ChartRow, ChartSpecBase, UnavailableSpan } from '../spec';

export interface LineSpec extends ChartSpecBase {
  /** The x field, usually `year`. */
  readonly xField: string;
  /** One line per value of this field; omit for a single line. */
  readonly seriesField?: string;
  /** Field that identifies a series member (e.g. agency_id) when names can repeat; default: the name. */
  readonly seriesKeyField?: string;
  /** Added to repeated names to tell them apart (e.g. city). */
  readonly contextField?: string;
  readonly valueField: string;
  /** Fill missing whole years between the first and last so an absent year is a visible gap (default true when x is numeric). */
  readonly fillYears?: boolean;
  /** Years where the metric does not exist (e.g. a template lacks it): shaded and labelled, never drawn as zero. */
  readonly unavailable?: readonly UnavailableSpan[];
}

export interface LineData {
  readonly xs: readonly string[];
  readonly series: readonly string[];
  /** matrix[series][x]; null is a gap. */
  readonly matrix: readonly (readonly (number | null)[])[];
}

const SINGLE = '\u0000single';

/** Step 1: the x values (years filled in when numeric), series, and the value grid with nulls for gaps. */
export function lineData(rows: readonly ChartRow[], spec: LineSpec): LineData {
  let xs = sortIfNumeric(distinct(rows, spec.xField));
  const numeric = xs.length > 0 && xs.every((x) => /^\d+$/.test(x));
  if (numeric && spec.fillYears !== false) {
    // Unavailable spans widen the axis so their band is drawn even when no row falls in them.
    const spans = (spec.unavailable ?? []).flatMap((u) => [Number(u.from), Number(u.to)]).filter(Number.isInteger);
    const nums = [...xs.map(Number), ...spans];
    const lo = Math.min(...nums);
    const hi = Math.max(...nums);
    // Guard against a stray non-year value producing a huge axis.
    if (hi - lo <= 200) xs = Array.from({ length: hi - lo + 1 }, (_v, i) => String(lo + i));
  }
  const sm = spec.seriesField ? members(rows, spec.seriesField, spec.seriesKeyField, spec.contextField) : null;
  const series = sm ? sm.labels : [SINGLE];
  const xi = new Map(xs.map((x, i) => [x, i]));
  const matrix = series.map(() => xs.map((): number | null => null));
  for (const r of rows) {
    const x = xi.get(textOf(r[spec.xField]));
    const s = sm ? sm.index.get(sm.keyOf(r)) : 0;
    const line = s === undefined ? undefined : matrix[s];
    if (x !== undefined && line) line[x] = numOrNull(r[spec.valueField]);
  }
  return { xs, series, matrix };
}

function seriesName(spec: LineSpec, s: string): string {
  return s === SINGLE ? (spec.valueName ?? spec.title) : labelOf(spec, s);
}

/** Step 2: shaded bands for spans where the metric does not exist. */
export function unavailableArea(spec: LineSpec): MarkAreaComponentOption | undefined {
  if (!spec.unavailable?.length) return undefined;
  return {
    silent: true,
    itemStyle: { color: 'rgba(140,149,159,0.15)' },
    label: { color: '#57606a', fontSize: 11, position: 'insideTop' },
    data: spec.unavailable.map((u) => [
      { name: u.label, xAxis: String(u.from) },
      { xAxis: String(u.to) },
    ]),
  };
}

/** Step 3: tooltip for the hovered year, each series with its value or "—". */
export function lineTooltip(data: LineData, spec: LineSpec) {
  return (params: TooltipParam | TooltipParam[]): string => {
    const list = Array.isArray(params) ? params : [params];
    const first = list[0];
    if (!first) return '';
    const x = data.xs[first.dataIndex] ?? '';
    const lines = list.map((p) => {
      const s = p.seriesIndex ?? 0;
      const v = data.matrix[s]?.[p.dataIndex] ?? null;
      return { name: seriesName(spec, data.series[s] ?? ''), value: tooltipValue(v, spec.format, spec.lang), color: p.color };
    });
    const missing = list.some((p) => (data.matrix[p.seriesIndex ?? 0]?.[p.dataIndex] ?? null) === null);
    const span = spec.unavailable?.find((u) => Number(x) >= Number(u.from) && Number(x) <= Number(u.to));
    const note = span ? span.label : missing ? `— ${noDataText(spec.lang)}` : undefined;
    return tooltipHtml(x, lines, note);
  };
}

/** Line option: nulls stay gaps (connectNulls off), isolated points still get a symbol. */
export function buildOption(rows: readonly ChartRow[], spec: LineSpec): EChartsOption {
  const data = lineData(rows, spec);
  const names = data.series.map((s) => seriesName(spec, s));
  const multi = data.series.length > 1 || data.series[0] !== SINGLE;
  const area = unavailableArea(spec);
  return {
    title: titleBlock(spec),
    graphic: [footnoteGraphic(spec)],
    ...(multi ? { legend: legendFor(spec, names) } : {}),
    grid: gridFor(spec, { legend: multi }),
    tooltip: { ...tooltipBase('axis'), axisPointer: { type: 'line' }, formatter: lineTooltip(data, spec) },
    xAxis: { type: 'category', data: [...data.xs], boundaryGap: false },
    yAxis: { type: 'value', name: spec.valueName ?? '', axisLabel: { formatter: axisFormatter(spec.format, spec.lang) } },
    series: data.series.map((_s, i) => ({
      type: 'line' as const,
      name: names[i] ?? '',
      data: [...(data.matrix[i] ?? [])],
      connectNulls: false,
      showSymbol: true,
      symbolSize: 6,
      ...(i === 0 && area ? { markArea: area } : {}),
    })),
  };
}
