import { describe, expect, it } from 'vitest';
import { buildOption, pivot, type GroupedBarSpec } from '../../src/charts/groupedBar/option';
import { rowsFor, XSS } from './fixtures';
import { renderSvg } from './render';

const KEY = 'review_litigation.admin_review.total';
// 行政复议总计: 203 洪泽区 2023: 0 (its own table breaks the rule: 10/1/0/0 with 总计 0); 204 洪泽区 2024; 210/211 宿迁市; 092 淮安市 2024: 351.
const rows = rowsFor(['203', '204', '210', '211', '092'], [KEY]);

const spec: GroupedBarSpec = {
  title: '行政复议数量',
  subtitle: '2023–2024 · 江苏省',
  footnote: '来源：政府信息公开工作年度报告',
  lang: 'en',
  format: 'count',
  categoryField: 'agency_name',
  seriesField: 'year',
  valueField: KEY,
  labels: { '2023': 'Year 2023', '2024': 'Year 2024' },
};

interface Tip {
  formatter: (p: { dataIndex: number; seriesIndex: number }[]) => string;
}

describe('groupedBar buildOption', () => {
  const option = buildOption(rows, spec);

  it('makes one series per year and leaves a missing year as null, not 0', () => {
    const data = pivot(rows, spec);
    expect(data.categories).toEqual(['淮安市洪泽区人民政府', '宿迁市人民政府', '淮安市人民政府']);
    expect(data.series).toEqual(['2023', '2024']);
    const series = option.series as { name: string; data: (number | null)[] }[];
    expect(series.map((s) => s.name)).toEqual(['Year 2023', 'Year 2024']);
    // 淮安市 has no 2023 report here: a gap.
    expect(series[0]?.data[2]).toBeNull();
    expect(series[1]?.data[2]).toBe(351);
    expect(series[0]?.data[0]).toBe(rows[0]?.[KEY]);
  });

  it('has a title, subtitle and footnote', () => {
    expect(option.title).toMatchObject({ text: spec.title, subtext: spec.subtitle });
    const graphic = option.graphic as { type: string; bottom: number; style: { text: string } }[];
    expect(graphic).toHaveLength(1);
    expect(graphic[0]).toMatchObject({ type: 'text', bottom: 8, style: { text: spec.footnote } });
  });

  it('explains a gap in the tooltip', () => {
    const html = (option.tooltip as Tip).formatter([
      { dataIndex: 2, seriesIndex: 0 },
      { dataIndex: 2, seriesIndex: 1 },
    ]);
    expect(html).toContain('淮安市人民政府');
    expect(html).toContain('—');
    expect(html).toContain('351');
    expect(html).toContain('no data');
  });

  it('escapes a hostile category in the tooltip and renders it as text', () => {
    const opt = buildOption([...rows, { agency_name: XSS, year: 2024, [KEY]: 1 }], spec);
    const html = (opt.tooltip as Tip).formatter([{ dataIndex: 3, seriesIndex: 1 }]);
    expect(html).toContain('&lt;img');
    expect(html).not.toContain('<img');
    const svg = renderSvg(opt);
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img');
  });
});
