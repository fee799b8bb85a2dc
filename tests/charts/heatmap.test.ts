import { describe, expect, it } from 'vitest';
import { buildOption, heatmapData, type HeatmapSpec } from '../../src/charts/heatmap/option';
import { rowsFor, XSS } from './fixtures';
import { renderSvg } from './render';

const KEY = 'requests.results.granted.total';
// 予以公开 total: 001 上海 2019 is blank (null) in the report; 092 淮安 2024: 1362; 210/211 宿迁 2023/2024: 1191/1431; 203/204 洪泽 2023/2024: 0/50.
const rows = rowsFor(['001', '092', '210', '211', '203', '204'], [KEY]);

const spec: HeatmapSpec = {
  title: '予以公开',
  footnote: '来源：政府信息公开工作年度报告',
  lang: 'zh',
  format: 'count',
  xField: 'year',
  yField: 'agency_name',
  valueField: KEY,
};

interface Tip {
  formatter: (p: { dataIndex: number }) => string;
}

describe('heatmap buildOption', () => {
  const option = buildOption(rows, spec);
  const data = heatmapData(rows, spec);

  it('draws only cells with a value: a blank report cell is not coloured as 0', () => {
    expect(data.xs).toEqual(['2019', '2023', '2024']);
    expect(data.ys).toEqual(['上海市人民政府办公厅', '淮安市人民政府', '宿迁市人民政府', '淮安市洪泽区人民政府']);
    const drawn = (option.series as { data: [number, number, number][] }[])[0]?.data;
    expect(drawn).toEqual([
      [2, 1, 1362],
      [1, 2, 1191],
      [2, 2, 1431],
      [1, 3, 0],
      [2, 3, 50],
    ]);
    // The real 0 (洪泽区 2023) is drawn; the blank (上海 2019) is not.
    expect(drawn?.some(([x, y]) => x === 0 && y === 0)).toBe(false);
  });

  it('scales the colour over real values only', () => {
    expect(option.visualMap).toMatchObject({ min: 0, max: 1431 });
  });

  it('names row and year in an escaped tooltip', () => {
    const tip = option.tooltip as Tip;
    expect(tip.formatter({ dataIndex: 0 })).toContain('淮安市人民政府');
    expect(tip.formatter({ dataIndex: 0 })).toContain('1,362');
    const hostile = buildOption([...rows, { agency_name: XSS, year: 2024, [KEY]: 3 }], spec);
    const html = (hostile.tooltip as Tip).formatter({ dataIndex: 5 });
    expect(html).toContain('&lt;img');
    expect(html).not.toContain('<img');
    const svg = renderSvg(hostile);
    expect(svg).not.toContain('<img');
    expect(svg).toContain(spec.footnote);
  });

  it('copes with no values at all', () => {
    const empty = heatmapData([{ year: 2024, agency_name: 'a', [KEY]: null }], spec);
    expect(empty.min).toBe(0);
    expect(empty.max).toBe(0);
    expect(() => renderSvg(buildOption([], spec))).not.toThrow();
  });
});
