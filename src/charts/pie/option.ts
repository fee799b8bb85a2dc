/**
 * Pie (share of a whole, e.g. applicant types). A pie cannot show a gap, so parts without a value
 * are left out and named in the tooltip note, and a whole with nothing in it draws no slices. Pure.
 */
import type { EChartsOption } from 'echarts';
import { footnoteGraphic, headerHeight, legendFor, noDataText, numOrNull, textOf, titleBlock, tooltipBase, tooltipHtml, tooltipValue, type TooltipParam } from '../common';
import { formatRate } from '../../format/number';
import type { ChartRow, ChartSpecBase } from '../spec';

export interface PieSpec extends ChartSpecBase {
  readonly nameField: string;
  readonly valueField: string;
}

export interface PieData {
  /** Parts with a value (zeros kept: a real 0 is a fact, though it draws no slice). */
  readonly parts: readonly { readonly name: string; readonly value: number }[];
  /** Names of parts without a value. */
  readonly missing: readonly string[];
  readonly total: number;
}

/** Step 1: split rows into valued parts and parts without a value. */
export function pieData(rows: readonly ChartRow[], spec: PieSpec): PieData {
  const parts: { name: string; value: number }[] = [];
  const missing: string[] = [];
  for (const r of rows) {
    const name = textOf(r[spec.nameField]);
    const v = numOrNull(r[spec.valueField]);
    if (v === null) missing.push(name);
    else parts.push({ name, value: v });
  }
  return { parts, missing, total: parts.reduce((a, p) => a + p.value, 0) };
}

/** Step 2: item tooltip with value and share. */
export function pieTooltip(data: PieData, spec: PieSpec) {
  return (params: TooltipParam | TooltipParam[]): string => {
    const p = Array.isArray(params) ? params[0] : params;
    const part = p ? data.parts[p.dataIndex] : undefined;
    if (!part) return '';
    const share = data.total === 0 ? null : part.value / data.total;
    const note = data.missing.length ? `${noDataText(spec.lang)}: ${data.missing.join(', ')}` : undefined;
    return tooltipHtml(part.name, [{ name: spec.valueName ?? spec.title, value: `${tooltipValue(part.value, spec.format, spec.lang)} · ${formatRate(share, spec.lang)}`, color: p?.color }], note);
  };
}

/** Pie option. */
export function buildOption(rows: readonly ChartRow[], spec: PieSpec): EChartsOption {
  const data = pieData(rows, spec);
  return {
    title: titleBlock(spec),
    graphic: [footnoteGraphic(spec)],
    legend: legendFor(
      spec,
      data.parts.map((p) => p.name),
    ),
    tooltip: { ...tooltipBase('item'), formatter: pieTooltip(data, spec) },
    series: [
      {
        type: 'pie',
        name: spec.valueName ?? spec.title,
        top: headerHeight(spec) + 30,
        bottom: 30,
        radius: ['35%', '65%'],
        data: data.parts.map((p) => ({ name: p.name, value: p.value })),
        label: { formatter: '{b}: {d}%' },
      },
    ],
  };
}
