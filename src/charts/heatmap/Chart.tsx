/** React wrapper for the heatmap option builder; registers only the ECharts parts it uses. */
import { useMemo } from 'react';
import { HeatmapChart as HeatmapSeries } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import { echarts } from '../echarts';
import { EChart, type EChartProps } from '../EChart';
import type { ChartRow } from '../spec';
import { buildOption, type HeatmapSpec } from './option';

echarts.use([HeatmapSeries, VisualMapComponent]);

export interface HeatmapChartProps extends Omit<EChartProps, 'option'> {
  readonly rows: readonly ChartRow[];
  readonly spec: HeatmapSpec;
}

export function HeatmapChart({ rows, spec, ...rest }: HeatmapChartProps) {
  const option = useMemo(() => buildOption(rows, spec), [rows, spec]);
  return <EChart option={option} ariaLabel={spec.title} {...rest} />;
}
