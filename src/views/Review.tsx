/** 复议诉讼 Review & litigation: the 15 counts of table 四, outcomes over time, correction rates. */
import { useMemo } from 'react';
import { reviewOutcomesSql, REVIEW_RATES } from '../queries/review';
import { trendByYearSql } from '../queries/overview';
import { REVIEW_GROUPS, REVIEW_OUTCOMES } from '../model/template';
import { formatValueExact } from '../format/number';
import { useLang, useT } from '../i18n/useT';
import { pick } from '../i18n';
import { useQuery } from '../components/useQuery';
import { ChartCard } from '../components/ChartCard';
import { stackedBarChart, type Point } from './charts';
import { TrendChart } from './TrendChart';
import { num, rowsOf, str, unitName, useChartBase, useFilters, type Row } from './common';


function GroupChart({ group, rows, loading, slow }: { group: (typeof REVIEW_GROUPS)[number]; rows: readonly Row[]; loading: boolean; slow: boolean }) {
  const t = useT();
  const lang = useLang();
  const base = useChartBase();
  const title = pick(lang, group);
  const outcomes = REVIEW_OUTCOMES.filter((o) => o.key !== 'total');
  const points: Point[] = useMemo(
    () => rows.filter((r) => r.grp === group.key && r.outcome !== 'total').map((r) => ({
      x: str(r.year) ?? '',
      series: pick(lang, outcomes.find((o) => o.key === r.outcome) ?? { zh: str(r.outcome) ?? '', en: str(r.outcome) ?? '' }),
      value: num(r.value),
    })),
    [rows, group.key, lang, outcomes],
  );
  const hasValue = points.some((p) => p.value !== null);
  const option = hasValue ? stackedBarChart(points, { ...base, title, format: 'count', valueName: unitName('count', lang), share: false }) : null;
  return (
    <ChartCard
      id={`review-${group.key}`}
      title={title}
      definition={{ zh: `表四“${group.zh}”各结果（维持、纠正、其他、尚未审结）按年度之和`, en: `Table 4 "${group.en}" outcomes (upheld, corrected, other, pending) by year, summed` }}
      option={option}
      table={{ columns: [{ key: 'year', label: t('agency.year') }, { key: 'outcome', label: title }, { key: 'value', label: t('requests.absolute') }], rows: points.map((p) => ({ year: p.x, outcome: p.series, value: p.value })) }}
      loading={loading}
      slow={slow}
      error={null}
      emptyReason={!hasValue ? t('state.empty.metric', { reason: title }) : null}
      height={300}
    />
  );
}

export function ReviewView() {
  const t = useT();
  const lang = useLang();
  const f = useFilters();
  const q = useQuery(reviewOutcomesSql(f), 'review-outcomes');
  const rates = useQuery(trendByYearSql(REVIEW_RATES, f), 'review-rates');
  const rows = rowsOf(q.result);
  const years = [...new Set(rows.map((r) => num(r.year)).filter((y): y is number => y !== null))].sort((a, b) => a - b);
  const value = (y: number, g: string, o: string): number | null => num(rows.find((r) => num(r.year) === y && r.grp === g && r.outcome === o)?.value);
  return (
    <div className="grid">
      {q.error ? <ChartCard id="review-error" title={t('review.outcomes')} option={null} table={null} loading={false} slow={false} error={q.error} emptyReason={null} /> : null}
      {REVIEW_GROUPS.map((g) => <GroupChart key={g.key} group={g} rows={rows} loading={q.loading} slow={q.slow} />)}
      <TrendChart id="review-rates" title={t('review.rates')} metricIds={REVIEW_RATES} q={rates} />
      <section className="card wide" aria-labelledby="review-table-title">
        <h3 id="review-table-title">{t('review.table')}</h3>
        <div className="table-scroll">
          <table className="plain" data-testid="review-table">
            <thead>
              <tr>
                <th rowSpan={2}>{t('agency.year')}</th>
                {REVIEW_GROUPS.map((g) => <th key={g.key} colSpan={REVIEW_OUTCOMES.length}>{pick(lang, g)}</th>)}
              </tr>
              <tr>{REVIEW_GROUPS.flatMap((g) => REVIEW_OUTCOMES.map((o) => <th key={`${g.key}.${o.key}`} className="num">{pick(lang, o)}</th>))}</tr>
            </thead>
            <tbody>
              {years.map((y) => (
                <tr key={y}>
                  <th scope="row">{y}</th>
                  {REVIEW_GROUPS.flatMap((g) => REVIEW_OUTCOMES.map((o) => (
                    <td key={`${g.key}.${o.key}`} className="num" data-cell={`${String(y)}.${g.key}.${o.key}`}>{formatValueExact(value(y, g.key, o.key), 'count', lang)}</td>
                  )))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
