/**
 * `optionUpdate`: a chart on screen given its next option draws what a new chart given that option
 * draws. Checked on the real builders' options (hand-checked figures of the shared corpus), drawn by
 * ECharts itself (server-side SVG), one option after another.
 */
import { describe, expect, it } from 'vitest';
import * as echarts from 'echarts/core';
import type { EChartsOption, SetOptionOpts } from 'echarts';
import { buildAnyOption, type AnyChart } from '../../src/charts/anyChart';
import { optionUpdate } from '../../src/charts/update';
import { loadExpected, rowsFor, valueOf } from './fixtures';
import './render';

const REQ = 'requests.new_received.total';
const GRANTED = 'requests.results.granted.total';
const footnote = '来源：政府信息公开工作年度报告';

/** Each kind twice: other reports, other language, other figure, so the second differs everywhere. */
const pairs: readonly (readonly [AnyChart, AnyChart])[] = [
  [
    { kind: 'rankedBar', rows: rowsFor(['001', '092', '210', '211', '204', '018'], [REQ]), spec: { title: '新收申请', footnote, lang: 'zh', format: 'count', categoryField: 'agency_name', contextField: 'year', valueField: REQ } },
    { kind: 'rankedBar', rows: rowsFor(['203', '204', '092'], [GRANTED]), spec: { title: 'Granted', subtitle: '2024', footnote, lang: 'en', format: 'count', categoryField: 'agency_name', valueField: GRANTED } },
  ],
  [
    { kind: 'line', rows: rowsFor(['001', '203', '204', '210', '211'], [REQ]), spec: { title: '趋势', footnote, lang: 'zh', format: 'count', xField: 'year', seriesField: 'agency_name', valueField: REQ } },
    { kind: 'line', rows: rowsFor(['210', '211'], [GRANTED]), spec: { title: 'Trend', subtitle: 'Suqian', footnote, lang: 'en', format: 'count', xField: 'year', seriesField: 'agency_name', valueField: GRANTED } },
  ],
  [
    { kind: 'heatmap', rows: rowsFor(['001', '092', '210', '211', '203', '204'], [GRANTED]), spec: { title: '予以公开', footnote, lang: 'zh', format: 'count', xField: 'year', yField: 'agency_name', valueField: GRANTED } },
    { kind: 'heatmap', rows: rowsFor(['210', '211'], [REQ]), spec: { title: 'Received', footnote, lang: 'en', format: 'count', xField: 'year', yField: 'agency_name', valueField: REQ } },
  ],
  [
    { kind: 'groupedBar', rows: rowsFor(['203', '204', '210', '211', '092'], [REQ]), spec: { title: '新收', footnote, lang: 'zh', format: 'count', categoryField: 'agency_name', seriesField: 'year', valueField: REQ } },
    { kind: 'groupedBar', rows: rowsFor(['210', '211'], [GRANTED]), spec: { title: 'Granted', footnote, lang: 'en', format: 'count', categoryField: 'agency_name', seriesField: 'year', valueField: GRANTED } },
  ],
  [
    { kind: 'stackedBar', rows: outcomes(['092', '001']), spec: { title: '办理结果', footnote, lang: 'zh', format: 'count', categoryField: 'agency_name', components: [{ field: 'granted', label: '予以公开' }, { field: 'partial', label: '部分公开' }], mode: 'absolute' } },
    { kind: 'stackedBar', rows: outcomes(['210', '211', '203']), spec: { title: 'Outcomes', footnote, lang: 'en', format: 'count', categoryField: 'agency_name', components: [{ field: 'granted', label: 'Granted' }, { field: 'partial', label: 'Partly' }], mode: 'share' } },
  ],
  [
    { kind: 'pie', rows: applicants('092'), spec: { title: '申请人', footnote, lang: 'zh', format: 'count', nameField: 'type', valueField: 'n' } },
    { kind: 'pie', rows: applicants('211'), spec: { title: 'Applicants', footnote, lang: 'en', format: 'count', nameField: 'type', valueField: 'n' } },
  ],
];

function outcomes(ids: readonly string[]) {
  return ids.map((id) => {
    const e = loadExpected(id);
    return { agency_name: e.agency, total: valueOf(e, 'requests.results.total.total'), granted: valueOf(e, GRANTED), partial: valueOf(e, 'requests.results.partially_granted.total') };
  });
}

function applicants(id: string) {
  const e = loadExpected(id);
  return [['natural_person', '自然人'], ['org_commercial', '商业企业'], ['org_legal_services', '法律服务机构']].map(([k, label]) => ({ type: label, n: valueOf(e, `requests.new_received.${k ?? ''}`) }));
}

const still = (o: EChartsOption): EChartsOption => ({ animation: false, ...o });

/** The SVG with its generated names (classes, clip paths: one counter per renderer) numbered by first use. */
function numbered(svg: string): string {
  const seen = new Map<string, number>();
  return svg.replace(/zr\d+-[a-z]+-?\d+/g, (c) => {
    if (!seen.has(c)) seen.set(c, seen.size);
    return `zr-${String(seen.get(c))}`;
  });
}

/** A chart drawn to SVG from `options`, each set as `how` says (the first on a new chart). */
function svgOf(options: readonly EChartsOption[], how: (prev: EChartsOption, next: EChartsOption) => SetOptionOpts, then?: (chart: echarts.ECharts) => void): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 900, height: 500 });
  try {
    let prev: EChartsOption | null = null;
    for (const o of options) {
      chart.setOption(o, prev === null ? { notMerge: true } : how(prev, o));
      prev = o;
    }
    then?.(chart);
    return numbered(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/**
 * What ECharts draws after the options, and what the SVG export draws from that chart's model
 * (`getOption()`, as src/export/image.ts reads it). The tooltip's model is compared as such:
 * nothing of it is drawn.
 */
function drawn(options: readonly EChartsOption[], how: (prev: EChartsOption, next: EChartsOption) => SetOptionOpts): { svg: string; exported: string; tooltip: string } {
  let model: EChartsOption = {};
  const svg = svgOf(options, how, (chart) => { model = chart.getOption() as EChartsOption; });
  // Functions (formatters) by their text: the same option object gives the same ones.
  const tooltip = JSON.stringify(model.tooltip, (_k, v: unknown) => (typeof v === 'function' ? String(v) : v));
  return { svg, exported: svgOf([model], how), tooltip };
}

describe('optionUpdate', () => {
  it('draws each chart kind after another option exactly as a new chart draws it, keeping the tooltip', () => {
    for (const [a, b] of pairs) {
      const first = still(buildAnyOption(a));
      const second = still(buildAnyOption(b));
      const how = optionUpdate(first, second);
      // The builders' options of one kind have the same settings: the tooltip's view is kept.
      expect(how, a.kind).toMatchObject({ replaceMerge: expect.arrayContaining(['series', 'title']) as unknown });
      expect(how, a.kind).not.toHaveProperty('notMerge');
      expect((how.replaceMerge as string[] | undefined) ?? []).not.toContain('tooltip');
      const fresh = drawn([second], optionUpdate);
      expect(drawn([first, second], optionUpdate), a.kind).toEqual(fresh);
      // And back.
      expect(drawn([second, first], optionUpdate), a.kind).toEqual(drawn([first], optionUpdate));
    }
  });

  it('between kinds too: what is not replaced has the same keys, or the chart is rebuilt', () => {
    const options = pairs.map(([a]) => still(buildAnyOption(a)));
    for (const x of options) {
      for (const y of options) expect(drawn([x, y], optionUpdate)).toEqual(drawn([y], optionUpdate));
    }
  });

  it('merging alone would keep what the previous option had: the case it guards against', () => {
    // The tooltip of an axis chart has an axis pointer; an item chart's has none. Merged, the
    // pointer would stay: the chart is rebuilt instead.
    const axis: EChartsOption = { animation: false, tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, xAxis: { type: 'category', data: ['a'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [1] }] };
    const item: EChartsOption = { animation: false, tooltip: { trigger: 'item' }, series: [{ type: 'pie', data: [{ name: 'a', value: 1 }] }] };
    expect(optionUpdate(axis, item)).toEqual({ notMerge: true });
    const merged = drawn([axis, item], () => ({ replaceMerge: ['xAxis', 'yAxis', 'series'] })).tooltip;
    expect(merged).toContain('"axisPointer":{"type":"shadow"');
    expect(drawn([axis, item], optionUpdate)).toEqual(drawn([item], optionUpdate));
    // A setting only one option has, or with other keys, rebuilds too.
    expect(optionUpdate({ ...item, textStyle: { fontSize: 14 } }, item)).toEqual({ notMerge: true });
    expect(optionUpdate({ ...item, textStyle: { fontSize: 14 } }, { ...item, textStyle: { fontWeight: 'bold' } })).toEqual({ notMerge: true });
    // Values, functions and arrays are replaced whole: the same keys suffice.
    const f = (): string => 'x';
    expect(optionUpdate({ ...item, color: ['#111', '#222'], tooltip: { trigger: 'item', formatter: f } }, { ...item, color: ['#333'], tooltip: { trigger: 'item', formatter: () => 'y' } }))
      .toEqual({ replaceMerge: ['series'] });
  });
});
