/** Helpers the views share: the chart spec base (title, filter summary, footnote), value formats, row access. */
import { useMemo } from 'react';
import type { QueryResult } from '../db/connector';
import type { ExportRow, ExportValue } from '../export/table';
import type { ValueFormat } from '../format/number';
import type { MetricDef, MetricUnit } from '../queries/metrics';
import { queryFilters, type Filters } from '../queries/filters';
import { useApp } from '../store/store';
import { useWarmUpFilters } from '../components/viewWarmup';
import { filterSummary } from '../i18n/summary';
import { translate, type Lang } from '../i18n';
import { DEFAULT_CORPUS_LABEL } from '../components/engine';

export type Row = Record<string, unknown>;

/** The filters in the shape the SQL builders take (a fresh array copy; the store's are readonly). */
export function useFilters(): Filters {
  const f = useApp((s) => s.filters);
  // A view rendered for warm-up may show another selection (src/components/viewWarmup.tsx).
  const warm = useWarmUpFilters();
  return useMemo(() => warm ?? queryFilters(f), [f, warm]);
}

/** How a metric is displayed. 万元 metrics are converted to yuan first (`toDisplayValue`) so money has one format. */
export function formatOf(unit: MetricUnit): ValueFormat {
  return unit === 'rate' ? 'rate' : unit === 'count' ? 'count' : 'yuan';
}

/** A metric value as the chart draws it (万元 → 元); null stays null. */
export function toDisplayValue(v: unknown, unit: MetricUnit): number | null {
  const n = num(v);
  if (n === null) return null;
  return unit === 'wan_yuan' ? n * 10_000 : n;
}

export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

export function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return null;
}

export function rowsOf(r: QueryResult | null): Row[] {
  return r?.rows ?? [];
}

export interface ChartBase {
  readonly subtitle: string;
  readonly footnote: string;
  readonly lang: Lang;
}

/** Subtitle (filter summary) and footnote (source and corpus) for every chart of the current view. */
export function useChartBase(): ChartBase {
  const lang = useApp((s) => s.ui.lang);
  const f = useApp((s) => s.filters);
  const info = useApp((s) => s.corpus.info);
  return useMemo(() => {
    const label = info === null ? '' : info.label === DEFAULT_CORPUS_LABEL ? translate(lang, 'corpus.default') : info.label;
    const synthetic = info?.synthetic ? (lang === 'zh' ? '（含合成数据）' : ' (includes synthetic data)') : '';
    return { subtitle: filterSummary(f, lang), footnote: translate(lang, 'source.footnote', { label }) + synthetic, lang };
  }, [lang, f, info]);
}

export function metricLabel(m: MetricDef, lang: Lang): string {
  return lang === 'zh' ? m.zh : m.en;
}

/** Value-axis name for a unit. */
export function unitName(unit: MetricUnit, lang: Lang): string {
  if (unit === 'rate') return '%';
  if (unit === 'count') return lang === 'zh' ? '件' : 'count';
  return lang === 'zh' ? '元' : 'CNY';
}

/** A table row for export from key/value pairs (typed, unlike Object.fromEntries). */
export function record(entries: readonly (readonly [string, ExportValue])[]): ExportRow {
  const out: Record<string, ExportValue> = {};
  for (const [k, v] of entries) out[k] = v;
  return out;
}
