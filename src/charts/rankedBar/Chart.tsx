/** React wrapper for the rankedBar option builder; registers only the ECharts parts it uses. */
import { useMemo } from 'react';
import { BarChart } from 'echarts/charts';

import { echarts } from '../echarts';
import { EChart, type EChartProps } from '../EChart';
import type { ChartRow } from '../spec';
import { buildOption, type RankedBarSpec } from './option';

echarts.use([BarChart]);

export interface RankedBarChartProps extends Omit<EChartProps, 'option'> {
  readonly rows: readonly ChartRow[];
  readonly spec: RankedBarSpec;
}

export function RankedBarChart({ rows, spec, ...rest }: RankedBarChartProps) {
  const option = useMemo(() => buildOption(rows, spec), [rows, spec]);
  return <EChart option={option} ariaLabel={spec.title} {...rest} />;
}
