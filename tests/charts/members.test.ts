import { describe, expect, it } from 'vitest';
import { buildOption as grouped } from '../../src/charts/groupedBar/option';
import { heatmapData } from '../../src/charts/heatmap/option';
import { lineData } from '../../src/charts/line/option';
import { rowsFor } from './fixtures';

const KEY = 'requests.new_received.total';
// Two different agencies printed under the same short name (like every city's 财政局): 洪泽区 (203/204: 21/95) and 宿迁市 (210/211: 3511/3525).
const rows = rowsFor(['203', '204', '210', '211'], [KEY]).map((r) => ({
  ...r,
  agency_id: r.agency_name === '宿迁市人民政府' ? 'js-suqian-gov' : 'js-hongze-gov',
  city: r.agency_name === '宿迁市人民政府' ? '宿迁市' : '淮安市',
  agency_name: '人民政府',
}));
const base = { title: '新收申请数', footnote: '来源', lang: 'zh' as const, format: 'count' as const };

describe('members with the same name', () => {
  it('stay apart in grouped bars when keyed, labelled with their context', () => {
    const opt = grouped(rows, { ...base, categoryField: 'agency_name', categoryKeyField: 'agency_id', contextField: 'city', seriesField: 'year', valueField: KEY });
    expect((opt.xAxis as { data: string[] }).data).toEqual(['人民政府（淮安市）', '人民政府（宿迁市）']);
    expect((opt.series as { data: (number | null)[] }[]).map((s) => s.data)).toEqual([
      [21, 3511],
      [95, 3525],
    ]);
  });

  it('stay apart as heatmap rows and as trend lines', () => {
    const h = heatmapData(rows, { ...base, xField: 'year', yField: 'agency_name', yKeyField: 'agency_id', valueField: KEY });
    expect(h.ys).toEqual(['人民政府', '人民政府 #2']);
    expect(h.cells.map((c) => [c.y, c.x, c.value])).toEqual([
      [0, 0, 21],
      [0, 1, 95],
      [1, 0, 3511],
      [1, 1, 3525],
    ]);
    const l = lineData(rows, { ...base, xField: 'year', seriesField: 'agency_name', seriesKeyField: 'agency_id', contextField: 'city', valueField: KEY });
    expect(l.series).toEqual(['人民政府（淮安市）', '人民政府（宿迁市）']);
    expect(l.matrix).toEqual([
      [21, 95],
      [3511, 3525],
    ]);
  });
});
