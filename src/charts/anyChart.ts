/**
 * Any chart as data: `{ kind, rows, spec }`. Views hand this to ChartPanel, which draws it and
 * exports both the picture and the values behind it. Pure.
 */
import type { EChartsOption } from 'echarts';
import type { ExportColumn, ExportRow } from '../export/table';
import { buildOption as groupedBar, type GroupedBarSpec } from './groupedBar/option';
import { buildOption as heatmap, type HeatmapSpec } from './heatmap/option';
import { buildOption as line, type LineSpec } from './line/option';
import { buildOption as pie, type PieSpec } from './pie/option';
import { buildOption as rankedBar, rankItems, type RankedBarSpec } from './rankedBar/option';
import { buildOption as stackedBar, stackData, type StackedBarSpec } from './stackedBar/option';
import type { ChartRow, ChartSpecBase } from './spec';

export type AnyChart =
  | { readonly kind: 'rankedBar'; readonly rows: readonly ChartRow[]; readonly spec: RankedBarSpec }
  | { readonly kind: 'groupedBar'; readonly rows: readonly ChartRow[]; readonly spec: GroupedBarSpec }
  | { readonly kind: 'line'; readonly rows: readonly ChartRow[]; readonly spec: LineSpec }
  | { readonly kind: 'heatmap'; readonly rows: readonly ChartRow[]; readonly spec: HeatmapSpec }
  | { readonly kind: 'stackedBar'; readonly rows: readonly ChartRow[]; readonly spec: StackedBarSpec }
  | { readonly kind: 'pie'; readonly rows: readonly ChartRow[]; readonly spec: PieSpec };

export type ChartKind = AnyChart['kind'];

/** The ECharts option for any chart. */
export function buildAnyOption(chart: AnyChart): EChartsOption {
  switch (chart.kind) {
    case 'rankedBar':
      return rankedBar(chart.rows, chart.spec);
    case 'groupedBar':
      return groupedBar(chart.rows, chart.spec);
    case 'line':
      return line(chart.rows, chart.spec);
    case 'heatmap':
      return heatmap(chart.rows, chart.spec);
    case 'stackedBar':
      return stackedBar(chart.rows, chart.spec);
    case 'pie':
      return pie(chart.rows, chart.spec);
  }
}

function col(spec: ChartSpecBase, field: string): ExportColumn {
  return { key: field, label: spec.labels?.[field] ?? field };
}

/** The values behind a chart as a table (raw numbers, not formatted), for CSV and XLSX export. */
export function chartTable(chart: AnyChart): { columns: ExportColumn[]; rows: ExportRow[] } {
  const rows = chart.rows as readonly ExportRow[];
  switch (chart.kind) {
    case 'rankedBar': {
      const s = chart.spec;
      const items = rankItems(chart.rows, s);
      const rank = s.lang === 'zh' ? '排名' : 'Rank';
      const name = s.labels?.[s.categoryField] ?? s.categoryField;
      return {
        columns: [{ key: 'rank', label: rank }, { key: 'label', label: name }, ...(s.idField ? [col(s, s.idField)] : []), { key: 'value', label: s.labels?.[s.valueField] ?? s.title }],
        rows: items.map((it, i) => ({ rank: i + 1, label: it.label, ...(s.idField ? { [s.idField]: it.id } : {}), value: it.value })),
      };
    }
    case 'groupedBar': {
      const s = chart.spec;
      return { columns: [col(s, s.categoryField), col(s, s.seriesField), col(s, s.valueField)], rows: [...rows] };
    }
    case 'line': {
      const s = chart.spec;
      return { columns: [col(s, s.xField), ...(s.seriesField ? [col(s, s.seriesField)] : []), col(s, s.valueField)], rows: [...rows] };
    }
    case 'pie': {
      const s = chart.spec;
      return { columns: [col(s, s.nameField), col(s, s.valueField)], rows: [...rows] };
    }
    case 'heatmap': {
      const s = chart.spec;
      return { columns: [col(s, s.yField), col(s, s.xField), col(s, s.valueField)], rows: [...rows] };
    }
    case 'stackedBar': {
      const s = chart.spec;
      const data = stackData(chart.rows, s);
      const shareSuffix = s.lang === 'zh' ? '占比' : 'share';
      const columns: ExportColumn[] = [
        col(s, s.categoryField),
        ...s.components.map((c) => ({ key: c.field, label: c.label })),
        ...s.components.map((c) => ({ key: `${c.field}__share`, label: `${c.label} ${shareSuffix}` })),
      ];
      const out = chart.rows.map((r, j) => {
        const row: Record<string, ExportRow[string]> = { [s.categoryField]: r[s.categoryField] };
        s.components.forEach((c, i) => {
          row[c.field] = data.absolute[i]?.[j] ?? null;
          row[`${c.field}__share`] = data.share[i]?.[j] ?? null;
        });
        return row;
      });
      return { columns, rows: out };
    }
  }
}
