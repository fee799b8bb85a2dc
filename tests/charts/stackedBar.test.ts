import { describe, expect, it } from 'vitest';
import { buildOption, stackData, type StackedBarSpec } from '../../src/charts/stackedBar/option';
import { loadExpected, valueOf, XSS } from './fixtures';
import { renderSvg } from './render';

// 办理结果 of 092 淮安市 2024 and 001 上海市政府办公厅 2019 (whose outcome-row totals are blank).
const COMPONENTS = [
  { field: 'granted', key: 'requests.results.granted.total', label: '予以公开' },
  { field: 'partial', key: 'requests.results.partially_granted.total', label: '部分公开' },
  { field: 'not_held', key: 'requests.results.unable.not_held.total', label: '本机关不掌握' },
];
const rows = ['092', '001'].map((id) => {
  const e = loadExpected(id);
  const row: Record<string, string | number | null> = { agency_name: e.agency, total: valueOf(e, 'requests.results.total.total') };
  for (const c of COMPONENTS) row[c.field] = valueOf(e, c.key);
  return row;
});

const base: StackedBarSpec = {
  title: '办理结果构成',
  subtitle: '2019, 2024',
  footnote: '来源：政府信息公开工作年度报告',
  lang: 'zh',
  format: 'count',
  categoryField: 'agency_name',
  components: COMPONENTS.map(({ field, label }) => ({ field, label })),
  mode: 'absolute',
};

interface Tip {
  formatter: (p: { dataIndex: number; seriesIndex: number }[]) => string;
}

describe('stackedBar buildOption', () => {
  it('stacks absolute values, blanks as gaps', () => {
    const option = buildOption(rows, base);
    const series = option.series as { name: string; stack: string; data: (number | null)[] }[];
    expect(series.map((s) => s.name)).toEqual(['予以公开', '部分公开', '本机关不掌握']);
    expect(series.every((s) => s.stack === 'total')).toBe(true);
    expect(series.map((s) => s.data)).toEqual([
      [1362, null],
      [454, null],
      [769, null],
    ]);
  });

  it('computes shares of the given total; a missing denominator gives no share, not 0%', () => {
    const data = stackData(rows, { ...base, mode: 'share', totalField: 'total' });
    expect(data.denominators).toEqual([3050, 805]);
    expect(data.share[0]?.[0]).toBeCloseTo(1362 / 3050, 10);
    expect(data.share[2]?.[0]).toBeCloseTo(769 / 3050, 10);
    expect(data.share.map((s) => s[1])).toEqual([null, null, null]);
    const zero = stackData([{ agency_name: 'z', granted: 0, partial: 0, not_held: 0, total: 0 }], { ...base, mode: 'share', totalField: 'total' });
    expect(zero.share.map((s) => s[0])).toEqual([null, null, null]);
  });

  it('defaults the share denominator to the sum of the parts', () => {
    const option = buildOption(rows, { ...base, mode: 'share' });
    const first = (option.series as { data: (number | null)[] }[]).map((s) => s.data[0] ?? 0);
    expect(first.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect((option.yAxis as { max?: number }).max).toBe(1);
  });

  it('shows count and share per part in an escaped tooltip', () => {
    const opt = buildOption([...rows, { agency_name: XSS, granted: 1, partial: 1, not_held: null, total: 2 }], { ...base, mode: 'share', totalField: 'total' });
    const tip = opt.tooltip as Tip;
    const html = tip.formatter([0, 1, 2].map((s) => ({ dataIndex: 0, seriesIndex: s })));
    expect(html).toContain('1,362 · 44.7%');
    expect(html).toContain('3,050');
    const hostile = tip.formatter([{ dataIndex: 2, seriesIndex: 0 }]);
    expect(hostile).toContain('&lt;img');
    expect(hostile).not.toContain('<img');
    expect(renderSvg(opt)).not.toContain('<img');
  });
});
