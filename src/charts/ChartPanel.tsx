/**
 * A chart with its frame: title, definition text, loading state (shown after 200 ms), empty state
 * with a reason, and an export menu (PNG, SVG, CSV, XLSX). Views pass the chart as data.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { toCsv } from '../export/csv';
import { downloadBlob, downloadDataUrl, MIME } from '../export/download';
import { safeFileName } from '../export/filename';
import { chartImage } from '../export/image';
import type { ExportColumn, ExportRow } from '../export/table';
import { toXlsx } from '../export/xlsx';
import type { Lang } from '../format/number';
import { chartTable, type AnyChart } from './anyChart';
import type { ChartEventHandler } from './EChart';
import type { EChartsType } from './echarts';
import { ChartView } from './ChartView';

export type ExportKind = 'png' | 'svg' | 'csv' | 'xlsx';

export interface ChartPanelProps {
  /** The chart to draw; null before the first result arrives. */
  readonly chart: AnyChart | null;
  readonly lang: Lang;
  /** Heading; defaults to the chart title. */
  readonly title?: string;
  /** Plain-language metric definition shown next to the chart. */
  readonly definition?: ReactNode;
  readonly loading?: boolean;
  /** When set, the panel shows this reason instead of a chart (e.g. "所选年份无该指标：2019–2020 模板无此项"). */
  readonly emptyReason?: string | null;
  /** Base name for exported files (without extension). */
  readonly fileName: string;
  /** Values to export instead of the chart's own rows. */
  readonly table?: { readonly columns: readonly ExportColumn[]; readonly rows: readonly ExportRow[] };
  readonly height?: number;
  readonly onEvents?: Readonly<Record<string, ChartEventHandler>>;
  /** Anything shown below the chart (e.g. the values table). */
  readonly children?: ReactNode;
  /** data-testid for end-to-end tests. */
  readonly testId?: string;
}

const TEXT = {
  zh: { loading: '加载中…', empty: '暂无数据', exportLabel: '导出', failed: '导出失败' },
  en: { loading: 'Loading…', empty: 'No data', exportLabel: 'Export', failed: 'Export failed' },
} as const;

const LOADING_DELAY_MS = 200;

/** True once `on` has stayed true for `ms`, so quick queries never flash a spinner. */
function useDelayed(on: boolean, ms: number): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!on) return undefined;
    const t = setTimeout(() => {
      setShown(true);
    }, ms);
    return () => {
      clearTimeout(t);
      setShown(false);
    };
  }, [on, ms]);
  return shown && on;
}

export function ChartPanel(props: ChartPanelProps) {
  const { chart, lang, definition, loading = false, emptyReason, fileName, table, height = 380, onEvents, children, testId } = props;
  const t = TEXT[lang];
  const instance = useRef<EChartsType | null>(null);
  const [error, setError] = useState<string | null>(null);
  const showLoading = useDelayed(loading, LOADING_DELAY_MS);
  const title = props.title ?? chart?.spec.title ?? '';
  const empty = emptyReason ?? (chart && chart.rows.length === 0 ? t.empty : null);

  const onInstance = useCallback((inst: EChartsType | null) => {
    instance.current = inst;
  }, []);

  const doExport = useCallback(
    (kind: ExportKind) => {
      if (!chart) return;
      try {
        setError(null);
        if (kind === 'png' || kind === 'svg') {
          const inst = instance.current;
          if (!inst) throw new Error('chart not ready');
          downloadDataUrl(safeFileName(fileName, kind), chartImage(inst, kind));
          return;
        }
        const data = table ?? chartTable(chart);
        if (kind === 'csv') downloadBlob(safeFileName(fileName, 'csv'), toCsv(data.columns, data.rows), MIME.csv);
        else downloadBlob(safeFileName(fileName, 'xlsx'), toXlsx([{ name: title || 'data', columns: data.columns, rows: data.rows }]), MIME.xlsx);
      } catch (e) {
        setError(`${t.failed}: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    [chart, fileName, table, title, t.failed],
  );

  const canExport = chart !== null && !empty;
  return (
    <section className="chart-panel" aria-busy={loading} data-testid={testId}>
      <header className="chart-panel__header" style={{ display: 'flex', gap: 8, alignItems: 'baseline', flexWrap: 'wrap' }}>
        <h3 className="chart-panel__title" style={{ margin: 0, flex: '1 1 auto', fontSize: 15 }}>
          {title}
        </h3>
        <div className="chart-panel__exports" role="group" aria-label={t.exportLabel} style={{ display: 'flex', gap: 4 }}>
          {(['png', 'svg', 'csv', 'xlsx'] as const).map((k) => (
            <button
              key={k}
              type="button"
              className="chart-panel__export"
              data-export={k}
              disabled={!canExport}
              onClick={() => {
                doExport(k);
              }}
            >
              {k.toUpperCase()}
            </button>
          ))}
        </div>
      </header>
      {definition ? (
        <p className="chart-panel__definition" style={{ margin: '4px 0 8px', color: '#57606a', fontSize: 13 }}>
          {definition}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="chart-panel__error" style={{ color: '#cf222e' }}>
          {error}
        </p>
      ) : null}
      <div className="chart-panel__body" style={{ position: 'relative', minHeight: empty ? undefined : height }}>
        {empty ? (
          <p className="chart-panel__empty" role="status" style={{ padding: '24px 12px', color: '#57606a' }}>
            {empty}
          </p>
        ) : chart ? (
          <ChartView chart={chart} height={height} onInstance={onInstance} onEvents={onEvents} />
        ) : null}
        {showLoading ? (
          <div
            className="chart-panel__loading"
            role="status"
            style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'rgba(255,255,255,0.7)' }}
          >
            {t.loading}
          </div>
        ) : null}
      </div>
      {children}
    </section>
  );
}
