/**
 * The one place that loads ECharts for the app: the tree-shaken core with only the chart types and
 * components the builders use, and both renderers (canvas on screen, SVG for export).
 */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { CHART_FONT } from './font';

echarts.use([
  BarChart, HeatmapChart, LineChart, PieChart,
  DataZoomComponent, GraphicComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent,
  TitleComponent, TooltipComponent, VisualMapComponent,
  CanvasRenderer, SVGRenderer,
]);

/** The theme every chart is created with (on screen and for export): the page's font stack for all text. */
export const CHART_THEME = 'atlas';
echarts.registerTheme(CHART_THEME, { textStyle: { fontFamily: CHART_FONT } });

export { echarts };
export type { EChartsType } from 'echarts/core';
