/**
 * 对比 Compare: any metric × a dimension × years, as ranked bars, grouped bars, lines or a heatmap,
 * with the values table. At national scale a dimension has 10⁴–10⁵ members: the ranking and the cap
 * are done in SQL (compareRankedSql), so the page holds at most COMPARE_CAPS.table members, and
 * everything derived from the result is memoised so a re-render that changes nothing costs nothing.
 */
import { memo, useMemo, useState } from 'react';
import type { EChartsOption } from 'echarts';
import { METRICS, findMetric, metric as metricById, type MetricDef } from '../queries/metrics';
import { COMPARE_CAPS, compareRankedSql, readRankedRows, type RankOrder } from '../queries/compare';
import { buildOption as rankedOption } from '../charts/rankedBar/option';
import { buildOption as groupedOption } from '../charts/groupedBar/option';
import { uniqueLabels } from '../charts/common';
import { formatValueExact, type ValueFormat } from '../format/number';
import { useApp } from '../store/store';
import { COMPARE_CHARTS, DEFAULT_PARAMS, DIMENSIONS, type CompareChart, type Dimension } from '../store/ui';
import { useLang, useT } from '../i18n/useT';
import { codeLabel } from '../i18n/summary';
import { pick, type Lang } from '../i18n';
import { useQuery } from '../components/useQuery';
import { ChartCard } from '../components/ChartCard';
import { AgencyLink } from '../components/AgencyLink';
import { usePaintedRows } from '../components/usePaintedRows';
import { heatmapChart, lineChart, type ChartMeta, type Point } from './charts';
import { formatOf, metricLabel, toDisplayValue, unitName, useChartBase, useFilters, record, type ChartBase } from './common';

interface Member {
  readonly key: string;
  /** Unique among the members returned (same-named agencies or cities get a context or #n). */
  readonly label: string;
  /** Value per year (display units). */
  readonly byYear: ReadonlyMap<number, number | null>;
}

interface Ranked {
  readonly members: readonly Member[];
  readonly years: readonly number[];
  /** The year the ranking uses (the latest of the selection); null when nothing was returned. */
  readonly rankYear: number | null;
  /** Members in the selection before the cap. */
  readonly total: number;
  readonly hasValue: boolean;
}

const LIMITS: Readonly<Record<CompareChart, number>> = { ranked: COMPARE_CAPS.chart, grouped: 15, line: 10, heatmap: 40 };

/** Rows the table draws at first; the rest of the capped list on demand (the DOM cost is per row). */
const TABLE_PAGE = 200;

const ORDERS: readonly RankOrder[] = ['desc', 'asc'];

// View-local wording (the shared dictionaries belong to the i18n owner).
const TEXT = {
  order: { zh: '排序', en: 'Order' },
  desc: { zh: '从高到低', en: 'Highest first' },
  asc: { zh: '从低到高', en: 'Lowest first' },
  capped: { zh: '显示前 {shown} 个，共 {total} 个', en: 'Showing top {shown} of {total}' },
  all: { zh: '共 {total} 个', en: 'All {total}' },
  by: { zh: '（按 {year} 年数值{dir}）', en: ' (by {year} value, {dir})' },
  more: { zh: '再显示 {n} 个', en: 'Show {n} more' },
  exportNote: { zh: '导出包含表中列出的成员。', en: 'Exports hold the members listed in the table.' },
} as const;

function fill(s: string, vars: Readonly<Record<string, string | number>>): string {
  return s.replace(/\{(\w+)\}/g, (all, k: string) => (k in vars ? String(vars[k]) : all));
}

/** The ranked rows (already in rank order, capped in SQL) as display members with unique labels. */
function readRanked(rows: readonly Record<string, unknown>[], m: MetricDef, dim: Dimension, lang: Lang): Ranked {
  const r = readRankedRows(rows);
  const names = r.members.map((mb) => {
    const raw = mb.label ?? mb.key;
    return dim === 'agency_type' ? codeLabel(lang, 'type', raw) : raw;
  });
  // A city's key is province/city: two provinces' 同名 cities read apart by their province.
  const labels = uniqueLabels(names, r.members.map((mb) => (dim === 'city' ? (mb.key.split('/')[0] ?? null) : null)));
  let hasValue = false;
  const members = r.members.map((mb, i) => {
    const byYear = new Map<number, number | null>();
    for (const [y, v] of mb.byYear) {
      const d = toDisplayValue(v, m.unit);
      if (d !== null) hasValue = true;
      byYear.set(y, d);
    }
    return { key: mb.key, label: labels[i] ?? mb.key, byYear };
  });
  return { members, years: r.years, rankYear: r.rankYear, total: r.total, hasValue };
}

function buildChart(chart: CompareChart, r: Ranked, meta: ChartMeta, dim: Dimension, base: ChartBase, order: RankOrder): EChartsOption | null {
  const top = r.members.slice(0, LIMITS[chart]);
  if (chart === 'ranked') {
    const year = r.rankYear;
    if (year === null) return null;
    const rows = top.map((mb) => ({ key: mb.key, label: mb.label, value: mb.byYear.get(year) ?? null }));
    return rankedOption(rows, {
      ...base,
      title: `${meta.title}（${String(year)}）`,
      format: meta.format,
      categoryField: 'label',
      valueField: 'value',
      ...(dim === 'agency' ? { idField: 'key' } : {}),
      valueName: meta.valueName,
      order,
    });
  }
  if (chart === 'grouped') {
    const rows = top.flatMap((mb) => r.years.map((y) => ({ key: mb.key, member: mb.label, year: String(y), value: mb.byYear.get(y) ?? null })));
    return groupedOption(rows, { ...meta, categoryField: 'member', categoryKeyField: 'key', seriesField: 'year', valueField: 'value' });
  }
  const points: Point[] = top.flatMap((mb) => r.years.map((y) => ({ x: String(y), series: mb.label, value: mb.byYear.get(y) ?? null })));
  return chart === 'line' ? lineChart(points, meta) : heatmapChart(points, meta);
}

function clickedId(data: unknown): string | null {
  return typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string' ? data.id : null;
}

interface TableProps {
  readonly members: readonly Member[];
  readonly years: readonly number[];
  readonly dim: Dimension;
  readonly format: ValueFormat;
  readonly lang: Lang;
  readonly shown: number;
}

/** What the values table shows, kept while the next answer loads. */
type KeptTable = Omit<TableProps, 'shown'>;

/** The values table; memoised, so only a change of its data re-renders its rows. */
const CompareTable = memo(function CompareTable({ members, years, dim, format, lang, shown }: TableProps) {
  const t = useT();
  // A new list paints a screenful of rows first: laying out 200 rows × 8 years before anything
  // was shown took 31 ms of a profiled Compare by agency at 105k (bench/SCALE.md, round 11).
  const total = Math.min(shown, members.length);
  const rows = usePaintedRows(members, total);
  const complete = rows >= total;
  // toLocaleString with options builds a formatter per call, and counts repeat a lot across a table:
  // each distinct value is formatted once.
  const cells = useMemo(() => {
    const seen = new Map<number | null, string>();
    const text = (v: number | null): string => {
      let s = seen.get(v);
      if (s === undefined) seen.set(v, (s = formatValueExact(v, format, lang)));
      return s;
    };
    return members.slice(0, rows).map((mb) => ({ mb, texts: years.map((y) => text(mb.byYear.get(y) ?? null)) }));
  }, [members, years, format, lang, rows]);
  return (
    <table className="plain" data-testid="compare-table" data-complete={complete}>
      <thead>
        <tr><th>{t(`dim.${dim}`)}</th>{years.map((y) => <th key={y} className="num">{y}</th>)}</tr>
      </thead>
      <tbody>
        {cells.map(({ mb, texts }) => (
          <tr key={mb.key} data-key={mb.key}>
            <td>{dim === 'agency' ? <AgencyLink id={mb.key} name={mb.label} /> : mb.label}</td>
            {texts.map((s, i) => <td key={years[i]} className="num">{s}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
});

export function CompareView() {
  const t = useT();
  const lang = useLang();
  const base = useChartBase();
  const f = useFilters();
  const params = useApp((s) => s.ui.params);
  const setParams = useApp((s) => s.setParams);
  const openAgency = useApp((s) => s.openAgency);
  const order: RankOrder = params.order;
  const m = findMetric(params.metric) ?? metricById(DEFAULT_PARAMS.metric);
  const dim = params.dimension;
  const sql = useMemo(() => compareRankedSql(m.id, dim, f, { limit: COMPARE_CAPS.table, order }), [m.id, dim, f, order]);
  const q = useQuery(sql, 'compare');
  const ranked = useMemo(() => readRanked(q.result?.rows ?? [], m, dim, lang), [q.result, m, dim, lang]);
  const [page, setPage] = useState({ sql: '', shown: TABLE_PAGE });
  const shown = page.sql === sql ? page.shown : TABLE_PAGE;
  const { members, years, total } = ranked;
  const title = `${metricLabel(m, lang)} × ${t(`dim.${dim}`)}`;
  const format = formatOf(m.unit);
  const valueName = unitName(m.unit, lang);
  const option = useMemo(() => {
    if (!ranked.hasValue) return null;
    const meta: ChartMeta = { ...base, title, format, valueName };
    return buildChart(params.chart, ranked, meta, dim, base, order);
  }, [ranked, base, title, format, valueName, params.chart, dim, order]);
  const table = useMemo(() => ({
    columns: [{ key: 'member', label: t(`dim.${dim}`) }, ...years.map((y) => ({ key: String(y), label: String(y) }))],
    rows: members.map((mb) => record([['member', mb.label] as const, ...years.map((y) => [String(y), mb.byYear.get(y) ?? null] as const)])),
  }), [t, dim, years, members]);
  const height = params.chart === 'ranked' ? Math.max(320, 90 + Math.min(members.length, LIMITS.ranked) * 22) : params.chart === 'heatmap' ? Math.max(360, 150 + Math.min(members.length, LIMITS.heatmap) * 22) : 400;
  const gapReason = m.templates.length < 2 ? t(m.templates.includes('v2019') ? 'disclosure.gap.procurement' : 'disclosure.gap.fees') : '';
  const listed = Math.min(shown, members.length);
  const capVars = { shown: listed, total, year: ranked.rankYear ?? '', dir: lang === 'zh' ? pick(lang, TEXT[order]) : pick(lang, TEXT[order]).toLowerCase() };
  const capText = fill(pick(lang, total > listed ? TEXT.capped : TEXT.all) + (ranked.rankYear === null ? '' : pick(lang, TEXT.by)), capVars);
  const more = Math.min(TABLE_PAGE, members.length - listed);
  // The table keeps the last answer's rows while the next one loads, as the chart keeps its drawing:
  // no empty table between two answers, nor the page shrinking under the reader and growing back.
  const current: KeptTable = { members, years, dim, format, lang };
  const [kept, setKept] = useState<KeptTable | null>(null);
  if (!q.loading && q.error === null && (kept === null || (Object.keys(current) as (keyof KeptTable)[]).some((k) => current[k] !== kept[k]))) setKept(current);
  const staleTable = q.loading && q.error === null && kept !== null;
  const tableShown = staleTable ? kept : current;

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
          <select id="compare-dim" data-testid="compare-dim" value={dim} onChange={(e) => { const d = DIMENSIONS.find((x) => x === e.target.value); if (d && d !== dim) setParams({ dimension: d }); }}>
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
        <div className="filter-group" role="group" aria-label={pick(lang, TEXT.order)}>
          <span className="filter-label">{pick(lang, TEXT.order)}</span>
          {ORDERS.map((o) => (
            <button key={o} type="button" className={`chip${order === o ? ' on' : ''}`} aria-pressed={order === o} onClick={() => { if (o !== order) setParams({ order: o }); }} data-testid={`compare-order-${o}`}>
              {pick(lang, TEXT[o])}
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
        table={table}
        loading={q.loading}
        slow={q.slow}
        error={q.error}
        emptyReason={!ranked.hasValue ? (members.length === 0 ? t('state.empty.filters') : t('state.empty.metric', { reason: gapReason || metricLabel(m, lang) })) : null}
        height={height}
        onItemClick={dim === 'agency' ? (d) => { const id = clickedId(d); if (id) openAgency(id); } : undefined}
      >
        {gapReason ? <p className="gap-note">{gapReason}</p> : null}
        <h4>{t('compare.table')}</h4>
        {members.length > 0 ? (
          <p className="note" data-testid="compare-cap" data-shown={listed} data-total={total}>
            {capText}{total > members.length ? ` ${pick(lang, TEXT.exportNote)}` : ''}
          </p>
        ) : null}
        <div className={`table-scroll${staleTable && q.slow ? ' stale' : ''}`} aria-busy={q.loading} data-testid="compare-table-box">
          <CompareTable members={tableShown.members} years={tableShown.years} dim={tableShown.dim} format={tableShown.format} lang={tableShown.lang} shown={shown} />
        </div>
        {more > 0 ? (
          <button type="button" data-testid="compare-more" onClick={() => { setPage({ sql, shown: listed + TABLE_PAGE }); }}>
            {fill(pick(lang, TEXT.more), { n: more })}
          </button>
        ) : null}
      </ChartCard>
    </div>
  );
}
