/** A by-year line chart of one or more metrics of the same unit (rows from `trendByYearSql`). */
import { metric } from '../queries/metrics';
import { useT } from '../i18n/useT';
import { ChartCard } from '../components/ChartCard';
import type { QueryState } from '../components/useQuery';
import { lineChart, type Point } from './charts';
import { formatOf, metricLabel, rowsOf, str, toDisplayValue, unitName, useChartBase, record } from './common';

export function TrendChart({ id, title, metricIds, q }: { id: string; title: string; metricIds: readonly string[]; q: QueryState }) {
  const t = useT();
  const base = useChartBase();
  const metrics = metricIds.map(metric);
  const unit = metrics[0]?.unit ?? 'count';
  const rows = rowsOf(q.result);
  const points: Point[] = rows.flatMap((r) => metrics.map((m) => ({ x: str(r.year) ?? '', series: metricLabel(m, base.lang), value: toDisplayValue(r[m.id], m.unit) })));
  const hasValue = points.some((p) => p.value !== null);
  const option = hasValue ? lineChart(points, { ...base, title, format: formatOf(unit), valueName: unitName(unit, base.lang) }) : null;
  const definition = {
    zh: metrics.map((m) => m.definition.zh).join('；'),
    en: metrics.map((m) => m.definition.en).join('; '),
  };
  return (
    <ChartCard
      id={id}
      title={title}
      definition={definition}
      option={option}
      table={{
        columns: [{ key: 'year', label: t('agency.year') }, ...metrics.map((m) => ({ key: m.id, label: metricLabel(m, base.lang) }))],
        rows: rows.map((r) => record([['year', str(r.year)] as const, ...metrics.map((m) => [m.id, toDisplayValue(r[m.id], m.unit)] as const)])),
      }}
      loading={q.loading}
      slow={q.slow}
      error={q.error}
      emptyReason={!hasValue ? t('state.empty.metric', { reason: metrics.map((m) => metricLabel(m, base.lang)).join('、') }) : null}
    />
  );
}
