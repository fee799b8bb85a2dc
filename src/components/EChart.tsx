/**
 * Thin ECharts host. Registers only the parts the views use (both renderers: canvas on screen, SVG for
 * export) and records each instance under its chart id so exports and end-to-end tests can reach it.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import ReactEChartsCore from 'echarts-for-react/esm/core';
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
import type { EChartsOption, EChartsType } from 'echarts';

echarts.use([
  BarChart, HeatmapChart, LineChart, PieChart,
  DataZoomComponent, GraphicComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent,
  TitleComponent, TooltipComponent, VisualMapComponent,
  CanvasRenderer, SVGRenderer,
]);

declare global {
  interface Window {
    /** Live chart instances by chart id (exports and end-to-end tests read them). */
    __atlasCharts?: Record<string, EChartsType>;
  }
}

const registry = (): Record<string, EChartsType> => (window.__atlasCharts ??= {});

/** The instance drawn under `id`, if it is on screen. */
export function chartInstance(id: string): EChartsType | undefined {
  const inst = registry()[id];
  return inst && !inst.isDisposed() ? inst : undefined;
}

const OPTS = { renderer: 'canvas' } as const;

/** Renders `option` off screen with the SVG renderer and returns the SVG text (ECharts' own SSR path: no DOM needed). */
export function renderSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface EChartProps {
  readonly id: string;
  readonly option: EChartsOption;
  readonly height: number;
  /** Called with the `data` item of a clicked element (the builders carry ids there). */
  readonly onItemClick?: (data: unknown) => void;
}

export function EChart({ id, option, height, onItemClick }: EChartProps) {
  const instRef = useRef<EChartsType | null>(null);
  const clickRef = useRef(onItemClick);
  useEffect(() => { clickRef.current = onItemClick; }, [onItemClick]);

  // echarts-for-react creates a first instance, waits for it to render, then replaces it: only the
  // instance handed to onChartReady is the live one, so that is the one recorded.
  const ready = useCallback((inst: EChartsType) => {
    instRef.current = inst;
    registry()[id] = inst;
  }, [id]);
  useEffect(() => () => {
    if (instRef.current !== null && registry()[id] === instRef.current) Reflect.deleteProperty(registry(), id);
  }, [id]);
  const onEvents = useMemo(() => ({
    click: (p: unknown) => {
      if (typeof p === 'object' && p !== null && 'data' in p) clickRef.current?.(p.data);
    },
  }), []);

  return (
    <div data-testid={`echart-${id}`}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        lazyUpdate
        opts={OPTS}
        style={{ height, width: '100%' }}
        onChartReady={ready}
        onEvents={onEvents}
      />
    </div>
  );
}
