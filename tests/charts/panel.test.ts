import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChartPanel } from '../../src/charts/ChartPanel';
import type { AnyChart } from '../../src/charts/anyChart';
import { XSS } from './fixtures';

const chart: AnyChart = {
  kind: 'rankedBar',
  rows: [{ agency_name: XSS, v: 3 }],
  spec: { title: XSS, footnote: '来源', lang: 'zh', format: 'count', categoryField: 'agency_name', valueField: 'v' },
};

describe('ChartPanel (server render)', () => {
  it('renders a corpus title as text and offers the four exports', () => {
    const html = renderToStaticMarkup(createElement(ChartPanel, { chart, lang: 'zh', fileName: 'x', definition: '公开率 = (予以公开 + 部分公开) / 办理结果总计' }));
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('公开率 = (予以公开 + 部分公开) / 办理结果总计');
    for (const k of ['png', 'svg', 'csv', 'xlsx']) expect(html).toMatch(new RegExp(`data-export="${k}"(?![^>]*disabled)`));
  });

  it('shows the reason instead of a chart when there is nothing to draw, with exports disabled', () => {
    const html = renderToStaticMarkup(
      createElement(ChartPanel, { chart, lang: 'en', fileName: 'x', emptyReason: 'The 2019–2020 template has no fee amount' }),
    );
    expect(html).toContain('The 2019–2020 template has no fee amount');
    expect(html).toMatch(/data-export="png"[^>]*disabled/);
    const none = renderToStaticMarkup(createElement(ChartPanel, { chart: { ...chart, rows: [] }, lang: 'en', fileName: 'x' }));
    expect(none).toContain('No data');
  });
});
