/**
 * 主动公开 Proactive disclosure (table 二): 规章/规范性文件, 许可/处罚/强制 decisions, fees and 政府集中采购,
 * each only for the template years that have it: a gap is explained, never drawn as zero.
 */
import { disclosureSql } from '../queries/disclosure';
import { metric } from '../queries/metrics';
import { useLang, useT } from '../i18n/useT';
import { useQuery } from '../components/useQuery';
import { ChartCard } from '../components/ChartCard';
import { groupedBarChart, type Point } from './charts';
import { formatOf, metricLabel, num, rowsOf, str, toDisplayValue, unitName, useChartBase, useFilters, record, type Row } from './common';
import type { MessageKey } from '../i18n';

interface CardDef {
  readonly id: string;
  readonly title: MessageKey;
  readonly metrics: readonly string[];
  /** Template whose reports carry these figures (null: both). */
  readonly only: 'v2019' | 'v2021' | null;
  readonly gap?: MessageKey;
}

const CARDS: readonly CardDef[] = [
  { id: 'disclosure-rules', title: 'disclosure.rules', metrics: ['regulations_issued', 'normative_docs_issued'], only: null },
  { id: 'disclosure-decisions', title: 'disclosure.decisions', metrics: ['licensing_decisions', 'penalty_decisions', 'coercion_decisions'], only: null },
  { id: 'disclosure-fees', title: 'disclosure.fees', metrics: ['fee_total'], only: 'v2021', gap: 'disclosure.gap.fees' },
  { id: 'disclosure-procurement', title: 'disclosure.procurement', metrics: ['procurement_total'], only: 'v2019', gap: 'disclosure.gap.procurement' },
];

function DisclosureCard({ def, rows, loading, slow }: { def: CardDef; rows: readonly Row[]; loading: boolean; slow: boolean }) {
  const t = useT();
  const lang = useLang();
  const base = useChartBase();
  const metrics = def.metrics.map(metric);
  const unit = metrics[0]?.unit ?? 'count';
  const title = t(def.title);
  const points: Point[] = rows.flatMap((r) => metrics.map((m) => ({ x: str(r.year) ?? '', series: metricLabel(m, lang), value: toDisplayValue(r[m.id], m.unit) })));
  // Years whose selected reports all use a template without this item: say so instead of drawing 0.
  const gapYears = def.only === null ? [] : rows.filter((r) => (num(def.only === 'v2019' ? r.n_v2019 : r.n_v2021) ?? 0) === 0).map((r) => str(r.year) ?? '');
  const hasValue = points.some((p) => p.value !== null);
  const option = hasValue ? groupedBarChart(points, { ...base, title, format: formatOf(unit), valueName: unitName(unit, lang) }) : null;
  return (
    <ChartCard
      id={def.id}
      title={title}
      definition={{ zh: metrics.map((m) => m.definition.zh).join('；'), en: metrics.map((m) => m.definition.en).join('; ') }}
      option={option}
      table={{
        columns: [{ key: 'year', label: t('agency.year') }, ...metrics.map((m) => ({ key: m.id, label: metricLabel(m, lang) }))],
        rows: rows.map((r) => record([['year', num(r.year)] as const, ...metrics.map((m) => [m.id, toDisplayValue(r[m.id], m.unit)] as const)])),
      }}
      loading={loading}
      slow={slow}
      error={null}
      emptyReason={!hasValue ? t('state.empty.metric', { reason: def.gap ? t(def.gap) : title }) : null}
    >
      {def.gap && gapYears.length > 0 ? (
        <p className="gap-note" data-testid={`gap-${def.id}`}>
          {t('disclosure.gap', { years: gapYears.join(lang === 'zh' ? '、' : ', ') })} {t(def.gap)}
        </p>
      ) : null}
    </ChartCard>
  );
}

export function DisclosureView() {
  const f = useFilters();
  const q = useQuery(disclosureSql(f), 'disclosure');
  const rows = rowsOf(q.result);
  return (
    <div className="grid">
      {CARDS.map((c) => <DisclosureCard key={c.id} def={c} rows={rows} loading={q.loading} slow={q.slow} />)}
    </div>
  );
}
