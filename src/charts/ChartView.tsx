/** Draws any chart by kind with its own wrapper. */
import type { AnyChart } from './anyChart';
import type { EChartProps } from './EChart';
import { GroupedBarChart } from './groupedBar/Chart';
import { HeatmapChart } from './heatmap/Chart';
import { LineChart } from './line/Chart';
import { PieChart } from './pie/Chart';
import { RankedBarChart } from './rankedBar/Chart';
import { StackedBarChart } from './stackedBar/Chart';

export type ChartViewProps = Omit<EChartProps, 'option'> & { readonly chart: AnyChart };

export function ChartView({ chart, ...rest }: ChartViewProps) {
  switch (chart.kind) {
    case 'rankedBar':
      return <RankedBarChart rows={chart.rows} spec={chart.spec} {...rest} />;
    case 'groupedBar':
      return <GroupedBarChart rows={chart.rows} spec={chart.spec} {...rest} />;
    case 'line':
      return <LineChart rows={chart.rows} spec={chart.spec} {...rest} />;
    case 'heatmap':
      return <HeatmapChart rows={chart.rows} spec={chart.spec} {...rest} />;
    case 'stackedBar':
      return <StackedBarChart rows={chart.rows} spec={chart.spec} {...rest} />;
    case 'pie':
      return <PieChart rows={chart.rows} spec={chart.spec} {...rest} />;
  }
}
