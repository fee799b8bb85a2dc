/**
 * Thin ECharts host (ECharts itself is registered once in src/charts/echarts.ts). Records each live
 * instance under its chart id so exports and end-to-end tests can reach it.
 *
 * The instance is created when its box is first laid out: a ResizeObserver's first call comes after
 * the browser's own layout of the frame and before its paint, with the box's size, so the chart is
 * drawn in the frame that shows it and nothing reads a size before the page is laid out. Until round
 * 9 (bench/SCALE.md) echarts-for-react hosted the charts: it created a first instance (whose size
 * reading forced a layout of the page React had just committed: 24 ms of a Compare step at 105k
 * reports), waited for it to render, disposed of it and created the real one with a fixed size, so a
 * chart kept its first width when the window or the layout changed (now an end-to-end test).
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { EChartsOption } from 'echarts';
import { CHART_THEME, echarts, type EChartsType } from '../charts/echarts';
import { optionUpdate } from '../charts/update';
import { useWarmingUp } from './viewWarmup';

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
  /** The option is the previous answer's, shown while the next one loads: not marked drawn. */
  readonly stale?: boolean;
}

export function EChart({ id, option, height, onItemClick, stale = false }: EChartProps) {
  const outerRef = useRef<HTMLDivElement | null>(null);
  // `data-drawn`: the canvas shows the current option, and it is not a previous answer kept while
  // the next loads (end-to-end tests and the benchmark wait on it).
  const painted = useRef(false);
  const staleRef = useRef(stale);
  const mark = (): void => { outerRef.current?.setAttribute('data-drawn', String(painted.current && !staleRef.current)); };
  const hostRef = useRef<HTMLDivElement | null>(null);
  const instRef = useRef<EChartsType | null>(null);
  const clickRef = useRef(onItemClick);
  const drawn = useMemo(() => still(option), [option]);
  const optionRef = useRef(drawn);
  const heightRef = useRef(height);
  const warming = useWarmingUp();

  useLayoutEffect(() => {
    clickRef.current = onItemClick;
  }, [onItemClick]);

  // A new option: a live chart draws it at once; one not yet created reads it when it is. Not
  // `lazyUpdate` alone: until the next frame the model would hold the new series while the canvas
  // still shows the old ones, and a pointer over an old element made ECharts throw (`getRawIndex`).
  // A new height with it (a ranking sized by its rows): the option is set without drawing and the
  // resize draws it once at its size, where drawing it and then following the box drew it twice.
  // Replaced as `optionUpdate` says: the components swapped, the tooltip's view kept where that
  // draws what a new chart would.
  useLayoutEffect(() => {
    const prev = optionRef.current;
    optionRef.current = drawn;
    heightRef.current = height;
    const inst = instRef.current;
    if (inst !== null && !inst.isDisposed()) {
      painted.current = false;
      mark();
      const how = optionUpdate(prev, drawn);
      if (height === inst.getHeight()) inst.setOption(drawn, how);
      else {
        inst.setOption(drawn, { ...how, lazyUpdate: true });
        inst.resize({ width: inst.getWidth(), height });
      }
    }
  }, [drawn, height]);
  useLayoutEffect(() => {
    staleRef.current = stale;
    mark();
  }, [stale]);

  // Observed in the commit (a layout effect), so the first call comes in this frame, before its paint.
  useLayoutEffect(() => {
    const el = hostRef.current;
    if (el === null) return undefined;
    let inst: EChartsType | null = null;
    const create = (width: number, height: number): void => {
      inst = echarts.init(el, CHART_THEME, { renderer: 'canvas', width, height });
      inst.on('finished', () => {
        painted.current = true;
        mark();
      });
      inst.on('click', (p: unknown) => {
        if (typeof p === 'object' && p !== null && 'data' in p) clickRef.current?.(p.data);
      });
      inst.setOption(optionRef.current, { notMerge: true });
      instRef.current = inst;
      // A chart drawn for warm-up is not on screen: exports and tests must not find it.
      if (!warming) registry()[id] = inst;
    };
    const fit = (width: number, height: number): void => {
      if (inst === null) create(width, height);
      else if (width !== inst.getWidth() || height !== inst.getHeight()) inst.resize({ width, height });
    };
    // Without ResizeObserver (an old browser) the size is read at once and the chart keeps it.
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box) fit(box.width, box.height);
    });
    if (ro) ro.observe(el);
    else fit(el.clientWidth, el.clientHeight);
    return () => {
      ro?.disconnect();
      const live = inst;
      if (live !== null) {
        if (registry()[id] === live) Reflect.deleteProperty(registry(), id);
        live.dispose();
      }
      instRef.current = null;
    };
  }, [id, warming]);

  return (
    <div ref={outerRef} data-testid={`echart-${id}`}>
      <div ref={hostRef} className="echart-host" style={{ height, width: '100%' }} />
    </div>
  );
}
