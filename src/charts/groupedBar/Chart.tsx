/** React wrapper for the groupedBar option builder; registers only the ECharts parts it uses. */
import { useMemo } from 'react';
import { BarChart } from 'echarts/charts';

import { echarts } from '../echarts';
import { EChart, type EChartProps } from '../EChart';
import type { ChartRow } from '../spec';
import { buildOption, type GroupedBarSpec } from './option';

echarts.use([BarChart]);

export interface GroupedBarChartProps extends Omit<EChartProps, 'option'> {
  readonly rows: readonly ChartRow[];
  readonly spec: GroupedBarSpec;
}

export function GroupedBarChart({ rows, spec, ...rest }: GroupedBarChartProps) {
  const option = useMemo(() => buildOption(rows, spec), [rows, spec]);
  return <EChart option={option} ariaLabel={spec.title} {...rest} />;
}
