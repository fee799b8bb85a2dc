/** 对比 Compare: any metric × a dimension × years, as ranked bars, grouped bars, lines or a heatmap, with the values table. */
import { useMemo } from 'react';
import { METRICS, findMetric, metric as metricById, type MetricDef } from '../queries/metrics';
import { compareSql } from '../queries/compare';
import { buildOption as rankedOption } from '../charts/rankedBar/option';
import { formatValueExact } from '../format/number';
import { useApp } from '../store/store';
import { COMPARE_CHARTS, DEFAULT_PARAMS, DIMENSIONS, type CompareChart, type Dimension } from '../store/ui';
import { useLang, useT } from '../i18n/useT';
import { codeLabel } from '../i18n/summary';
import type { Lang } from '../i18n';
import { useQuery } from '../components/useQuery';
import { ChartCard } from '../components/ChartCard';
import { AgencyLink } from '../components/AgencyLink';
import { groupedBarChart, heatmapChart, lineChart, type ChartMeta, type Point } from './charts';
import { formatOf, metricLabel, num, rowsOf, str, toDisplayValue, unitName, useChartBase, useFilters, record, type ChartBase } from './common';

interface Member {
  readonly key: string;
  readonly label: string;
  /** Value per year (display units). */
  readonly byYear: ReadonlyMap<number, number | null>;
  readonly latest: number | null;
}

const LIMITS: Readonly<Record<CompareChart, number>> = { ranked: 30, grouped: 15, line: 10, heatmap: 40 };

function readMembers(rows: readonly Record<string, unknown>[], m: MetricDef, dim: Dimension, lang: Lang): { members: Member[]; years: number[] } {
  const byKey = new Map<string, { label: string; byYear: Map<number, number | null> }>();
  const years = new Set<number>();
  for (const r of rows) {
    const key = str(r.dim_key);
    const year = num(r.year);
    if (key === null || year === null) continue;
    years.add(year);
    const rawLabel = str(r.dim_label) ?? key;
    const label = dim === 'agency_type' ? codeLabel(lang, 'type', rawLabel) : rawLabel;
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { label, byYear: new Map() }));
    e.byYear.set(year, toDisplayValue(r.value, m.unit));
  }
  const sortedYears = [...years].sort((a, b) => a - b);
  const members = [...byKey.entries()].map(([key, e]) => {
    const withValue = sortedYears.filter((y) => (e.byYear.get(y) ?? null) !== null);
    const ly = withValue.at(-1);
    return { key, label: e.label, byYear: e.byYear, latest: ly === undefined ? null : (e.byYear.get(ly) ?? null) };
  });
  members.sort((a, b) => (a.latest === null ? (b.latest === null ? a.label.localeCompare(b.label) : 1) : b.latest === null ? -1 : b.latest - a.latest));
  return { members, years: sortedYears };
}

function buildChart(chart: CompareChart, members: readonly Member[], years: readonly number[], meta: ChartMeta, dim: Dimension, base: ChartBase) {
  const top = members.slice(0, LIMITS[chart]);
  if (chart === 'ranked') {
    const year = years.at(-1);
    if (year === undefined) return null;
    const rows = top.map((mb) => ({ key: mb.key, label: mb.label, value: mb.byYear.get(year) ?? null }));
    return rankedOption(rows, {
      ...base,
      title: `${meta.title}（${String(year)}）`,
      format: meta.format,
      categoryField: 'label',
      valueField: 'value',
      ...(dim === 'agency' ? { idField: 'key' } : {}),
      valueName: meta.valueName,
    });
  }
  const points: Point[] = top.flatMap((mb) => years.map((y) => ({ year: String(y), member: mb.label, value: mb.byYear.get(y) ?? null })))
    .map((p) => (chart === 'grouped' ? { x: p.member, series: p.year, value: p.value } : { x: p.year, series: p.member, value: p.value }));
  if (chart === 'grouped') return groupedBarChart(points, meta);
  if (chart === 'line') return lineChart(points, meta);
  return heatmapChart(points, meta);
}

function clickedId(data: unknown): string | null {
  return typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string' ? data.id : null;
}

export function CompareView() {
  const t = useT();
  const lang = useLang();
  const base = useChartBase();
  const f = useFilters();
  const params = useApp((s) => s.ui.params);
  const setParams = useApp((s) => s.setParams);
  const openAgency = useApp((s) => s.openAgency);
  const m = findMetric(params.metric) ?? metricById(DEFAULT_PARAMS.metric);
  const dim = params.dimension;
  const q = useQuery(compareSql(m.id, dim, f), 'compare');
  const { members, years } = useMemo(() => readMembers(rowsOf(q.result), m, dim, lang), [q.result, m, dim, lang]);
  const title = `${metricLabel(m, lang)} × ${t(`dim.${dim}`)}`;
  const meta: ChartMeta = { ...base, title, format: formatOf(m.unit), valueName: unitName(m.unit, lang) };
  const hasValue = members.some((mb) => mb.latest !== null);
  const option = hasValue ? buildChart(params.chart, members, years, meta, dim, base) : null;
  const height = params.chart === 'ranked' ? Math.max(320, 90 + Math.min(members.length, LIMITS.ranked) * 22) : params.chart === 'heatmap' ? Math.max(360, 150 + Math.min(members.length, LIMITS.heatmap) * 22) : 400;
  const gapReason = m.templates.length < 2 ? t(m.templates.includes('v2019') ? 'disclosure.gap.procurement' : 'disclosure.gap.fees') : '';

  return (
    <div className="grid">
      <div className="view-controls card wide" role="group" aria-label={t('compare.metric')}>
        <label className="filter-field" htmlFor="compare-metric">
          <span>{t('compare.metric')}</span>
          <select id="compare-metric" data-testid="compare-metric" value={m.id} onChange={(e) => { setParams({ metric: e.target.value }); }}>
            {METRICS.map((x) => <option key={x.id} value={x.id}>{metricLabel(x, lang)}</option>)}
          </select>
        </label>
        <label className="filter-field" htmlFor="compare-dim">
          <span>{t('compare.dimension')}</span>
          <select id="compare-dim" data-testid="compare-dim" value={dim} onChange={(e) => { const d = DIMENSIONS.find((x) => x === e.target.value); if (d) setParams({ dimension: d }); }}>
            {DIMENSIONS.map((d) => <option key={d} value={d}>{t(`dim.${d}`)}</option>)}
          </select>
        </label>
        <div className="filter-group" role="group" aria-label={t('compare.chart')}>
          <span className="filter-label">{t('compare.chart')}</span>
          {COMPARE_CHARTS.map((c) => (
            <button key={c} type="button" className={`chip${params.chart === c ? ' on' : ''}`} aria-pressed={params.chart === c} onClick={() => { setParams({ chart: c }); }} data-testid={`compare-chart-${c}`}>
              {t(`chart.${c}`)}
            </button>
          ))}
        </div>
        <p className="note">{t('compare.likeWithLike')}</p>
      </div>
      <ChartCard
        id="compare"
        wide
        title={title}
        definition={m.definition}
        option={option}
        table={{
          columns: [{ key: 'member', label: t(`dim.${dim}`) }, ...years.map((y) => ({ key: String(y), label: String(y) }))],
          rows: members.map((mb) => record([['member', mb.label] as const, ...years.map((y) => [String(y), mb.byYear.get(y) ?? null] as const)])),
        }}
        loading={q.loading}
        slow={q.slow}
        error={q.error}
        emptyReason={!hasValue ? (members.length === 0 ? t('state.empty.filters') : t('state.empty.metric', { reason: gapReason || metricLabel(m, lang) })) : null}
        height={height}
        onItemClick={dim === 'agency' ? (d) => { const id = clickedId(d); if (id) openAgency(id); } : undefined}
      >
        {gapReason ? <p className="gap-note">{gapReason}</p> : null}
        <h4>{t('compare.table')}</h4>
        <div className="table-scroll">
          <table className="plain" data-testid="compare-table">
            <thead>
              <tr><th>{t(`dim.${dim}`)}</th>{years.map((y) => <th key={y} className="num">{y}</th>)}</tr>
            </thead>
            <tbody>
              {members.map((mb) => (
                <tr key={mb.key} data-key={mb.key}>
                  <td>{dim === 'agency' ? <AgencyLink id={mb.key} name={mb.label} /> : mb.label}</td>
                  {years.map((y) => <td key={y} className="num">{formatValueExact(mb.byYear.get(y) ?? null, meta.format, lang)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ChartCard>
    </div>
  );
}
