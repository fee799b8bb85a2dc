/** React wrapper for the stackedBar option builder; registers only the ECharts parts it uses. */
import { useMemo } from 'react';
import { BarChart } from 'echarts/charts';

import { echarts } from '../echarts';
import { EChart, type EChartProps } from '../EChart';
import type { ChartRow } from '../spec';
import { buildOption, type StackedBarSpec } from './option';

echarts.use([BarChart]);

export interface StackedBarChartProps extends Omit<EChartProps, 'option'> {
  readonly rows: readonly ChartRow[];
  readonly spec: StackedBarSpec;
}

export function StackedBarChart({ rows, spec, ...rest }: StackedBarChartProps) {
  const option = useMemo(() => buildOption(rows, spec), [rows, spec]);
  return <EChart option={option} ariaLabel={spec.title} {...rest} />;
}
