/** Thin React wrapper around echarts-for-react's core build. Options come from the pure builders. */
import { useCallback, useEffect, useRef, type CSSProperties } from 'react';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { EChartsOption } from 'echarts';
import { echarts, type EChartsType } from './echarts';

/** A chart event handler (e.g. `click`), given ECharts' event params. */
export type ChartEventHandler = (params: { readonly dataIndex?: number; readonly seriesIndex?: number; readonly name?: string }) => void;

export interface EChartProps {
  readonly option: EChartsOption;
  /** Canvas by default; SVG renders text as real text (sharper, searchable). */
  readonly renderer?: 'canvas' | 'svg';
  readonly height?: number | string;
  /** Called with the instance once it is ready, and with null when it goes away (exports need it). */
  readonly onInstance?: (instance: EChartsType | null) => void;
  readonly onEvents?: Readonly<Record<string, ChartEventHandler>>;
  /** Accessible name for the chart container. */
  readonly ariaLabel?: string;
}

/** Renders an option; replaces (does not merge) on every change so stale series never linger. */
export function EChart({ option, renderer = 'canvas', height = 380, onInstance, onEvents, ariaLabel }: EChartProps) {
  const onInstanceRef = useRef(onInstance);
  useEffect(() => {
    onInstanceRef.current = onInstance;
  }, [onInstance]);
  useEffect(
    () => () => {
      onInstanceRef.current?.(null);
    },
    [],
  );
  const ready = useCallback((inst: EChartsType) => {
    onInstanceRef.current?.(inst);
  }, []);
  const style: CSSProperties = { height, width: '100%' };
  return (
    <div role="img" aria-label={ariaLabel}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        lazyUpdate
        opts={{ renderer }}
        style={style}
        onChartReady={ready}
        onEvents={onEvents ?? {}}
      />
    </div>
  );
}
