import { describe, expect, it } from 'vitest';
import { buildOption, lineData, type LineSpec } from '../../src/charts/line/option';
import { rowsFor, XSS } from './fixtures';
import { renderSvg } from './render';

const KEY = 'requests.new_received.total';
// 001 上海市政府办公厅 2019: 859; 203/204 淮安市洪泽区 2023/2024: 21/95; 210/211 宿迁市 2023/2024: 3511/3525.
const rows = rowsFor(['001', '203', '204', '210', '211'], [KEY]);

const spec: LineSpec = {
  title: '新收申请数趋势',
  subtitle: '2019–2024',
  footnote: '来源：政府信息公开工作年度报告',
  lang: 'zh',
  format: 'count',
  xField: 'year',
  seriesField: 'agency_name',
  valueField: KEY,
};

interface Tip {
  formatter: (p: { dataIndex: number; seriesIndex: number }[]) => string;
}

describe('line buildOption', () => {
  const option = buildOption(rows, spec);
  const series = option.series as { name: string; data: (number | null)[]; connectNulls: boolean }[];

  it('fills the years between so a missing year is a gap, not a joined line or 0', () => {
    expect((option.xAxis as { data: string[] }).data).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
    expect(series.map((s) => s.name)).toEqual(['上海市人民政府办公厅', '淮安市洪泽区人民政府', '宿迁市人民政府']);
    expect(series[0]?.data).toEqual([859, null, null, null, null, null]);
    expect(series[1]?.data).toEqual([null, null, null, null, 21, 95]);
    expect(series[2]?.data).toEqual([null, null, null, null, 3511, 3525]);
    expect(series.every((s) => !s.connectNulls)).toBe(true);
  });

  it('lists every series for the year with exact values and "—" for gaps', () => {
    const html = (option.tooltip as Tip).formatter([0, 1, 2].map((s) => ({ dataIndex: 5, seriesIndex: s })));
    expect(html).toContain('2024');
    expect(html).toContain('3,525');
    expect(html).toContain('95');
    expect(html).toContain('—');
  });

  it('escapes a hostile series name in the tooltip and draws it as text', () => {
    const hostile = [...rows, { agency_name: XSS, year: 2024, [KEY]: 7 }];
    const opt = buildOption(hostile, spec);
    const html = (opt.tooltip as Tip).formatter([{ dataIndex: 5, seriesIndex: 3 }]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    const svg = renderSvg(opt);
    expect(svg).not.toContain('<img');
    expect(svg).toContain(spec.title);
    expect(svg).toContain(spec.footnote);
  });

  it('shades years where the metric does not exist and explains them, instead of drawing 0', () => {
    // 收费金额（万元）exists only in the v2021 template: 092 淮安市 2024 printed 96171.6 万元.
    const fees = rowsFor(['092'], ['active.art20_8.admin_fees.amount_wan_yuan']).map((r) => ({
      year: r.year,
      fee_yuan: (r['active.art20_8.admin_fees.amount_wan_yuan'] as number) * 10_000,
    }));
    const s: LineSpec = {
      ...spec,
      title: '行政事业性收费金额',
      format: 'yuan',
      seriesField: undefined,
      valueField: 'fee_yuan',
      unavailable: [{ from: 2019, to: 2020, label: '2019–2020 年报模板无此项' }],
    };
    const opt = buildOption(fees, s);
    expect((opt.xAxis as { data: string[] }).data).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
    const line = (opt.series as { data: (number | null)[]; markArea?: { data: unknown[] } }[])[0];
    expect(line?.data).toEqual([null, null, null, null, null, 961_716_000]);
    expect(line?.markArea?.data).toEqual([[{ name: '2019–2020 年报模板无此项', xAxis: '2019' }, { xAxis: '2020' }]]);
    const tip = (opt.tooltip as Tip).formatter([{ dataIndex: 0, seriesIndex: 0 }]);
    expect(tip).toContain('2019–2020 年报模板无此项');
    expect((opt.tooltip as Tip).formatter([{ dataIndex: 5, seriesIndex: 0 }])).toContain('9.62亿元');
    expect(opt.legend).toBeUndefined();
    expect(renderSvg(opt)).toContain('2019–2020 年报模板无此项');
  });

  it('does not fill when asked not to', () => {
    expect(lineData(rows, { ...spec, fillYears: false }).xs).toEqual(['2019', '2023', '2024']);
  });
});
