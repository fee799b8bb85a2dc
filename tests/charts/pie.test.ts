import { describe, expect, it } from 'vitest';
import { buildOption, pieData, type PieSpec } from '../../src/charts/pie/option';
import { loadExpected, valueOf, XSS } from './fixtures';
import { renderSvg } from './render';

// 新收申请 by applicant type: 092 淮安市 2024 (all printed) and 001 上海市政府办公厅 2019 (科研机构 etc. blank).
const TYPES = [
  ['natural_person', '自然人'],
  ['org_commercial', '商业企业'],
  ['org_research', '科研机构'],
  ['org_legal_services', '法律服务机构'],
] as const;
const rowsOf = (id: string) => {
  const e = loadExpected(id);
  return TYPES.map(([k, label]) => ({ type: label, n: valueOf(e, `requests.new_received.${k}`) }));
};

const spec: PieSpec = { title: '申请人构成', footnote: '来源：政府信息公开工作年度报告', lang: 'zh', format: 'count', nameField: 'type', valueField: 'n' };

interface Tip {
  formatter: (p: { dataIndex: number }) => string;
}

describe('pie buildOption', () => {
  it('keeps printed zeros, leaves blanks out and names them', () => {
    const d092 = pieData(rowsOf('092'), spec);
    expect(d092.parts).toEqual([
      { name: '自然人', value: 3001 },
      { name: '商业企业', value: 53 },
      { name: '科研机构', value: 0 },
      { name: '法律服务机构', value: 61 },
    ]);
    expect(d092.missing).toEqual([]);
    const d001 = pieData(rowsOf('001'), spec);
    expect(d001.parts.map((p) => p.name)).toEqual(['自然人', '商业企业', '法律服务机构']);
    expect(d001.missing).toEqual(['科研机构']);
    const html = (buildOption(rowsOf('001'), spec).tooltip as Tip).formatter({ dataIndex: 0 });
    // 821 / (821 + 35 + 2) = 95.69%
    expect(html).toContain('821 · 95.7%');
    expect(html).toContain('科研机构');
  });

  it('escapes hostile names and renders with title and footnote', () => {
    const opt = buildOption([...rowsOf('092'), { type: XSS, n: 4 }], spec);
    const html = (opt.tooltip as Tip).formatter({ dataIndex: 4 });
    expect(html).toContain('&lt;img');
    expect(html).not.toContain('<img');
    const svg = renderSvg(opt);
    expect(svg).not.toContain('<img');
    expect(svg).toContain(spec.title);
    expect(svg).toContain(spec.footnote);
  });
});
