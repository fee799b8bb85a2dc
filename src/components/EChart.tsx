/**
 * Thin ECharts host (ECharts itself is registered once in src/charts/echarts.ts). Records each live
 * instance under its chart id so exports and end-to-end tests can reach it.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { EChartsOption } from 'echarts';
import { echarts, type EChartsType } from '../charts/echarts';

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

/**
 * Charts are drawn without animation unless an option asks for it: ECharts' entry and update
 * animations repaint every canvas for about a second after each change, main-thread work that
 * delayed the next interaction by 0.3–1 s on the benchmark machine (bench/SCALE.md, round 5),
 * and a figure that grows into place reads no better in a report.
 */
function still(option: EChartsOption): EChartsOption {
  return { animation: false, ...option };
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

  const drawn = useMemo(() => still(option), [option]);

  return (
    <div data-testid={`echart-${id}`}>
      <ReactEChartsCore
        echarts={echarts}
        option={drawn}
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
