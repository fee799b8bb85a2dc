/** React wrapper for the pie option builder; registers only the ECharts parts it uses. */
import { useMemo } from 'react';
import { PieChart as PieSeries } from 'echarts/charts';
import { echarts } from '../echarts';
import { EChart, type EChartProps } from '../EChart';
import type { ChartRow } from '../spec';
import { buildOption, type PieSpec } from './option';

echarts.use([PieSeries]);

export interface PieChartProps extends Omit<EChartProps, 'option'> {
  readonly rows: readonly ChartRow[];
  readonly spec: PieSpec;
}

export function PieChart({ rows, spec, ...rest }: PieChartProps) {
  const option = useMemo(() => buildOption(rows, spec), [rows, spec]);
  return <EChart option={option} ariaLabel={spec.title} {...rest} />;
}
