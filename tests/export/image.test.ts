import { describe, expect, it } from 'vitest';
import { buildAnyOption, chartTable, type AnyChart } from '../../src/charts/anyChart';
import { echarts } from '../../src/charts/echarts';
import { toCsv } from '../../src/export/csv';
import { chartImage, dataUrlToBytes, optionToSvg, svgDataUrl } from '../../src/export/image';
import { rowsFor, XSS } from '../charts/fixtures';

const KEY = 'requests.new_received.total';
const rows = [...rowsFor(['092', '210', '211'], [KEY]), { agency_name: XSS, year: 2024, [KEY]: null }];
const chart: AnyChart = {
  kind: 'rankedBar',
  rows,
  spec: {
    title: '新收申请数',
    subtitle: '2023–2024 · 江苏省',
    footnote: '来源：政府信息公开工作年度报告',
    lang: 'zh',
    format: 'count',
    categoryField: 'agency_name',
    contextField: 'year',
    valueField: KEY,
    labels: { agency_name: '机构' },
  },
};

describe('chart image export', () => {
  it('renders an SVG document carrying title, filter summary and source footnote', () => {
    const svg = optionToSvg(buildAnyOption(chart), 800, 420);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('width="800"');
    expect(svg).toContain('新收申请数');
    expect(svg).toContain('2023–2024 · 江苏省');
    expect(svg).toContain('来源：政府信息公开工作年度报告');
    expect(svg).toContain('3,525');
    expect(svg).not.toContain('<img');
  });

  it('names the page’s font stack, with faces that have Chinese characters, for every text', () => {
    const svg = optionToSvg(buildAnyOption(chart), 800, 420);
    const texts = [...svg.matchAll(/<text[^>]*>/g)].map((m) => m[0]);
    // Title, subtitle, footnote, the axes' labels: at least one text per agency and a few more.
    expect(texts.length).toBeGreaterThan(6);
    for (const t of texts) {
      expect(t).toContain('Noto Sans CJK SC');
      expect(t).toContain('Microsoft YaHei');
    }
  });

  it('exports a live instance as an SVG data URL whatever its renderer', () => {
    const inst = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 640, height: 360 });
    inst.setOption(buildAnyOption(chart));
    const url = chartImage(inst, 'svg');
    inst.dispose();
    expect(url.startsWith('data:image/svg+xml')).toBe(true);
    const svg = new TextDecoder().decode(dataUrlToBytes(url));
    expect(svg).toContain('width="640"');
    expect(svg).toContain('来源：政府信息公开工作年度报告');
  });

  it('decodes base64 and percent-encoded data URLs', () => {
    expect(new TextDecoder().decode(dataUrlToBytes(svgDataUrl('<svg>机构</svg>')))).toBe('<svg>机构</svg>');
    expect(Array.from(dataUrlToBytes('data:image/png;base64,iVBORw=='))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(() => dataUrlToBytes('http://example.com/x.png')).toThrow();
  });
});

describe('chartTable', () => {
  it('gives the ranked values behind a bar chart, with a null for the missing value', () => {
    const t = chartTable(chart);
    expect(t.columns.map((c) => c.label)).toEqual(['排名', '机构', '新收申请数']);
    expect(t.rows).toEqual([
      { rank: 1, label: '宿迁市人民政府（2024）', value: 3525 },
      { rank: 2, label: '宿迁市人民政府（2023）', value: 3511 },
      { rank: 3, label: '淮安市人民政府', value: 3119 },
      { rank: 4, label: XSS, value: null },
    ]);
    const csv = toCsv(t.columns, t.rows);
    expect(csv.split('\r\n')[4]).toBe(`4,${XSS},`);
  });

  it('adds share columns for a stacked composition', () => {
    const t = chartTable({
      kind: 'stackedBar',
      rows: [{ year: 2024, a: 3, b: 1 }],
      spec: { ...chart.spec, categoryField: 'year', components: [{ field: 'a', label: 'A' }, { field: 'b', label: 'B' }], mode: 'share' },
    });
    expect(t.columns.map((c) => c.label)).toEqual(['year', 'A', 'B', 'A 占比', 'B 占比']);
    expect(t.rows).toEqual([{ year: 2024, a: 3, b: 1, a__share: 0.75, b__share: 0.25 }]);
  });
});
