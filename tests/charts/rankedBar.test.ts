import { describe, expect, it } from 'vitest';
import { buildOption, rankItems, type RankedBarSpec } from '../../src/charts/rankedBar/option';
import { rowsFor, XSS } from './fixtures';
import { renderSvg } from './render';

const KEY = 'requests.new_received.total';
const spec: RankedBarSpec = {
  title: '新收政府信息公开申请数',
  subtitle: '2019–2024 · 全部机构',
  footnote: '来源：政府信息公开工作年度报告',
  lang: 'zh',
  format: 'count',
  categoryField: 'agency_name',
  contextField: 'year',
  valueField: KEY,
  valueName: '件',
};

// 001 上海市政府办公厅 2019: 859; 092 淮安市 2024: 3119; 210/211 宿迁市 2023/2024: 3511/3525; 204 洪泽区 2024: 95; 018 太平镇: 0.
const rows = [...rowsFor(['001', '092', '210', '211', '204', '018'], [KEY]), { agency_name: XSS, year: 2024, [KEY]: null }];

interface Tip {
  formatter: (p: { dataIndex: number }) => string;
}

describe('rankedBar buildOption', () => {
  const option = buildOption(rows, spec);

  it('ranks by value, largest first, and puts the missing value last as a gap, not 0', () => {
    const series = option.series as { data: { value: number | null }[] }[];
    expect(series[0]?.data.map((d) => d.value)).toEqual([3525, 3511, 3119, 859, 95, 0, null]);
    const yAxis = option.yAxis as { data: string[] };
    // Both 宿迁市 reports share a name: the context field tells them apart.
    expect(yAxis.data.slice(0, 3)).toEqual(['宿迁市人民政府（2024）', '宿迁市人民政府（2023）', '淮安市人民政府']);
    expect(yAxis.data[6]).toBe(XSS);
  });

  it('has title, filter subtitle and a source footnote', () => {
    expect(option.title).toMatchObject({ text: spec.title, subtext: spec.subtitle });
    const graphic = option.graphic as { type: string; bottom: number; style: { text: string } }[];
    expect(graphic).toHaveLength(1);
    expect(graphic[0]).toMatchObject({ type: 'text', bottom: 8, style: { text: spec.footnote } });
  });

  it('escapes corpus names in the tooltip and shows exact values', () => {
    const tip = option.tooltip as Tip;
    const xss = tip.formatter({ dataIndex: 6 });
    expect(xss).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(xss).not.toContain('<img');
    expect(xss).toContain('—');
    expect(tip.formatter({ dataIndex: 0 })).toContain('3,525');
  });

  it('draws names as inert text: the rendered SVG holds no injected element', () => {
    const svg = renderSvg(option);
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img');
    expect(svg).toContain(spec.title);
    expect(svg).toContain(spec.footnote);
    expect(svg).toContain('3,525');
  });

  it('limits and orders ascending on request', () => {
    const items = rankItems(rows, { ...spec, order: 'asc', limit: 3 });
    expect(items.map((i) => i.value)).toEqual([0, 95, 859]);
  });
});
