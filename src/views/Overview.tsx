/** 总览 Overview: KPI cards for the selection, trends by year, top agencies, check failures. */
import { useMemo } from 'react';
import { OVERVIEW_KPIS, findMetric, metric } from '../queries/metrics';
import { OVERVIEW, checkFailureListSql, checkFailuresSql, overviewKpisSql, overviewTrendsSql, topAgenciesSql } from '../queries/overview';
import { buildOption as rankedOption } from '../charts/rankedBar/option';
import { formatValue, formatValueExact } from '../format/number';
import { useApp } from '../store/store';
import { useLang, useT } from '../i18n/useT';
import { pick } from '../i18n';
import { useQuery } from '../components/useQuery';
import { ChartCard } from '../components/ChartCard';
import { Kpi } from '../components/Kpi';
import { AgencyLink } from '../components/AgencyLink';
import { Empty, ErrorBox, Loading } from '../components/states';
import { TrendChart } from './TrendChart';
import { formatOf, metricLabel, num, rowsOf, str, toDisplayValue, unitName, useChartBase, useFilters } from './common';

// Every query below is one of `overviewSqls` (the warm-start file answers them before DuckDB is up).
// The chart draws the top agencies only: topAgenciesSql cuts in SQL, so a national corpus sends 15 rows.

function clickedId(data: unknown): string | null {
  return typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string' ? data.id : null;
}

function Kpis() {
  const lang = useLang();
  const f = useFilters();
  const q = useQuery(overviewKpisSql(f), 'overview-kpis');
  const row = q.result?.rows[0];
  if (q.error) return <ErrorBox error={q.error} />;
  return (
    <div className="kpis" data-testid="kpis" aria-busy={q.loading}>
      <Loading show={q.slow} />
      {OVERVIEW_KPIS.map((id) => {
        const m = findMetric(id);
        if (!m) return null;
        const v = row ? toDisplayValue(row[id], m.unit) : null;
        const fmt = formatOf(m.unit);
        const text = row === undefined ? '…' : fmt === 'yuan' ? formatValue(v, fmt, lang) : formatValueExact(v, fmt, lang);
        return <Kpi key={id} id={id} label={metricLabel(m, lang)} value={text} definition={pick(lang, m.definition)} />;
      })}
    </div>
  );
}

function TopAgencies() {
  const t = useT();
  const base = useChartBase();
  const f = useFilters();
  const openAgency = useApp((s) => s.openAgency);
  const m = metric(OVERVIEW.topMetric);
  const q = useQuery(topAgenciesSql(m.id, f, OVERVIEW.top), 'overview-top');
  const rows = rowsOf(q.result);
  const title = t('overview.topAgencies');
  const option = useMemo(
    () =>
      rows.length === 0
        ? null
        : rankedOption(rows.map((r) => ({ agency_id: str(r.agency_id), agency_name: str(r.agency_name), city: str(r.city), value: num(r.value) })), {
            ...base,
            title,
            format: 'count',
            categoryField: 'agency_name',
            valueField: 'value',
            contextField: 'city',
            idField: 'agency_id',
            valueName: unitName(m.unit, base.lang),
          }),
    [rows, base, title, m.unit],
  );
  return (
    <ChartCard
      id="overview-top"
      title={title}
      definition={m.definition}
      option={option}
      table={{
        columns: [{ key: 'agency_name', label: t('checks.agency') }, { key: 'city', label: t('filters.city') }, { key: 'value', label: metricLabel(m, base.lang) }],
        rows: rows.map((r) => ({ agency_name: str(r.agency_name), city: str(r.city), value: num(r.value) })),
      }}
      loading={q.loading}
      slow={q.slow}
      error={q.error}
      emptyReason={rows.length === 0 ? t('state.empty.metric', { reason: metricLabel(m, base.lang) }) : null}
      height={Math.max(300, 80 + rows.length * 24)}
      onItemClick={(d) => { const id = clickedId(d); if (id) openAgency(id); }}
    >
      {rows.length > 0 ? (
        <p className="note" data-testid="overview-top-cap">
          {base.lang === 'zh' ? `仅显示前 ${String(OVERVIEW.top)} 个机构（更多机构见“对比”页，按机构维度，可从低到高排序）` : `Top ${String(OVERVIEW.top)} agencies only (more in Compare, by agency, either order)`}
        </p>
      ) : null}
    </ChartCard>
  );
}

function Checks() {
  const t = useT();
  const lang = useLang();
  const f = useFilters();
  const byRule = useQuery(checkFailuresSql(f), 'overview-checks');
  const list = useQuery(checkFailureListSql(f, OVERVIEW.checkList), 'overview-check-list');
  const rules = rowsOf(byRule.result);
  const items = rowsOf(list.result);
  return (
    <section className="card wide" data-testid="card-overview-checks" aria-labelledby="overview-checks-title">
      <h3 id="overview-checks-title">{t('overview.checks')}</h3>
      {byRule.error ? <ErrorBox error={byRule.error} /> : null}
      <Loading show={byRule.slow || list.slow} />
      {!byRule.loading && rules.length === 0 && !byRule.error ? <Empty>{t('overview.checks.none')}</Empty> : null}
      {rules.length > 0 ? (
        <div className="two-col">
          <table className="plain" data-testid="checks-by-rule">
            <thead><tr><th>{t('checks.rule')}</th><th>{t('checks.count')}</th><th>{t('checks.message')}</th></tr></thead>
            <tbody>
              {rules.map((r) => (
                <tr key={`${str(r.rule_id) ?? ''}-${str(r.severity) ?? ''}`}>
                  <td><code>{str(r.rule_id)}</code></td>
                  <td className="num">{num(r.failures)}</td>
                  <td>{lang === 'zh' ? str(r.message_zh) : str(r.message_en)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="plain" data-testid="checks-list">
            <thead><tr><th>{t('checks.agency')}</th><th>{t('checks.year')}</th><th>{t('checks.rule')}</th></tr></thead>
            <tbody>
              {items.map((r, i) => (
                <tr key={i} title={lang === 'zh' ? (str(r.message_zh) ?? '') : (str(r.message_en) ?? '')}>
                  <td><AgencyLink id={str(r.agency_id) ?? ''} name={str(r.agency_name) ?? str(r.agency_id) ?? '—'} /></td>
                  <td>{num(r.year) ?? '—'}</td>
                  <td><code>{str(r.rule_id)}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

export function OverviewView() {
  const t = useT();
  const f = useFilters();
  const trends = useQuery(overviewTrendsSql(f), 'overview-trends');
  return (
    <div className="grid">
      <Kpis />
      <TrendChart id="overview-trend" title={t('overview.trend')} metricIds={OVERVIEW.trend} q={trends} />
      <TrendChart id="overview-rates" title={t('overview.rates')} metricIds={OVERVIEW.rates} q={trends} />
      <TopAgencies />
      <Checks />
    </div>
  );
}
