/**
 * How a chart on screen takes its next option (pure; used by the ECharts host, src/components/EChart.tsx).
 *
 * `notMerge` rebuilds the chart's whole model: ECharts then disposes of every component view and
 * creates it again, the tooltip's HTML element too, whose creation reads the container's computed
 * style and so forces a style recalculation of the page React has just changed (8 ms of each chart
 * update in a profiled province filter at 10^5 reports; 13 → 6 ms per update of a 30-bar chart on a
 * large page; bench/SCALE.md, round 14). `replaceMerge` of every component type the two options
 * name replaces those components as `notMerge` would and keeps the tooltip's view. That is the same
 * chart only where what stays merged cannot keep anything of the previous option: the tooltip and
 * the root settings (`animation`, `textStyle`…) must have the same keys in both, at every depth,
 * so each value of the next one overwrites the previous one's. Otherwise the chart is rebuilt.
 */
import type { EChartsOption, SetOptionOpts } from 'echarts';

/**
 * Component main types the builders may use (the components src/charts/echarts.ts registers, with
 * their axes and series): replaced on update. Any other root key (the tooltip, whose view is the
 * one worth keeping, and the settings) is merged.
 */
const COMPONENTS: ReadonlySet<string> = new Set([
  'title', 'legend', 'grid', 'xAxis', 'yAxis', 'series', 'dataset', 'visualMap', 'dataZoom', 'graphic', 'axisPointer',
]);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Whether merging `next` into `prev` leaves nothing of `prev`: plain objects with the same keys at
 * every depth (ECharts merges them key by key), anything else replaced whole (values, functions and
 * arrays, which its merge copies over), so long as neither side is an object where the other is not.
 */
function overwrites(prev: unknown, next: unknown): boolean {
  if (!isPlainObject(prev) || !isPlainObject(next)) return !isPlainObject(prev) && !isPlainObject(next);
  const keys = Object.keys(prev);
  if (keys.length !== Object.keys(next).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(next, k) && overwrites(prev[k], next[k]));
}

/**
 * The `setOption` options that draw `next` on a chart showing `prev` exactly as a new chart would
 * draw `next`: `replaceMerge` of the components both name when the rest merges without a trace of
 * `prev`, else `notMerge`.
 */
export function optionUpdate(prev: EChartsOption, next: EChartsOption): SetOptionOpts {
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  const replaced: string[] = [];
  for (const k of keys) {
    if (COMPONENTS.has(k)) replaced.push(k);
    else if (!(k in prev) || !(k in next) || !overwrites((prev as Record<string, unknown>)[k], (next as Record<string, unknown>)[k])) return { notMerge: true };
  }
  return { replaceMerge: replaced };
}
