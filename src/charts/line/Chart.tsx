/** React wrapper for the line option builder; registers only the ECharts parts it uses. */
import { useMemo } from 'react';
import { LineChart as LineSeries } from 'echarts/charts';
import { MarkAreaComponent } from 'echarts/components';
import { echarts } from '../echarts';
import { EChart, type EChartProps } from '../EChart';
import type { ChartRow } from '../spec';
import { buildOption, type LineSpec } from './option';

echarts.use([LineSeries, MarkAreaComponent]);

export interface LineChartProps extends Omit<EChartProps, 'option'> {
  readonly rows: readonly ChartRow[];
  readonly spec: LineSpec;
}

export function LineChart({ rows, spec, ...rest }: LineChartProps) {
  const option = useMemo(() => buildOption(rows, spec), [rows, spec]);
  return <EChart option={option} ariaLabel={spec.title} {...rest} />;
}
