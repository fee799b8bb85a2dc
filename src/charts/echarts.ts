/**
 * The one place that loads ECharts for the app: the tree-shaken core with both renderers and the
 * components every chart uses. Chart types register their own series in their Chart.tsx.
 */
import * as echarts from 'echarts/core';
import { GraphicComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([CanvasRenderer, SVGRenderer, TitleComponent, TooltipComponent, GridComponent, LegendComponent, GraphicComponent]);

export { echarts };
export type { EChartsType } from 'echarts/core';
