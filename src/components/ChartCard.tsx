/**
 * One chart with everything the issue asks around it: title, the metric's plain-language definition,
 * loading (>200 ms) / empty (with the reason) / error states, and PNG, SVG, CSV, XLSX exports.
 */
import { useState, type ReactNode } from 'react';
import type { EChartsOption } from 'echarts';
import { toCsv } from '../export/csv';
import { toXlsx } from '../export/xlsx';
import { MIME, downloadBlob, downloadDataUrl } from '../export/download';
import type { ExportColumn, ExportRow } from '../export/table';
import { useT } from '../i18n/useT';
import type { Bilingual } from '../model/report';
import { pick } from '../i18n';
import { useLang } from '../i18n/useT';
import { EChart, chartInstance } from './EChart';
import { optionToSvg } from '../export/image';
import { Empty, ErrorBox, Loading } from './states';

export interface ChartTable {
  readonly columns: readonly ExportColumn[];
  readonly rows: readonly ExportRow[];
}

export interface ChartCardProps {
  readonly id: string;
  readonly title: string;
  readonly definition?: Bilingual | null;
  readonly option: EChartsOption | null;
  readonly table: ChartTable | null;
  readonly loading: boolean;
  readonly slow: boolean;
  readonly error: Bilingual | null;
  /** Why there is nothing to draw (null: there is data). */
  readonly emptyReason: string | null;
  readonly height?: number;
  readonly onItemClick?: (data: unknown) => void;
  /** Extra content under the chart (notes on gaps, tables). */
  readonly children?: ReactNode;
  readonly wide?: boolean;
}

/** File names keep Chinese titles (modern systems handle them) but lose characters file systems reject. */
export function fileStem(title: string): string {
  return title.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'chart';
}

export function ChartCard(props: ChartCardProps) {
  const t = useT();
  const lang = useLang();
  const { id, title, option, table } = props;
  const height = props.height ?? 340;
  const stem = fileStem(title);
  const canDraw = option !== null && props.emptyReason === null && props.error === null;
  // While the next answer loads, the chart drawn last stays (greyed once the wait is slow), and the
  // new option is drawn on the live chart: no empty card between two answers, and no chart
  // disposed of and created again for every change of the selection (bench/SCALE.md, round 10).
  const fresh = canDraw && !props.loading ? option : null;
  // The kept chart keeps its height too: a view sizes a ranking by its rows, and a loading view has
  // none, so the previous chart was resized to the default height and back, two full redraws of
  // an answer no one waits for (bench/SCALE.md, round 11).
  const [kept, setKept] = useState<{ readonly option: EChartsOption; readonly height: number } | null>(null);
  // Derived state, adjusted while rendering: an answer to draw is kept; nothing to draw (an empty
  // answer, an error) forgets it.
  if (fresh !== null && (kept === null || fresh !== kept.option || height !== kept.height)) setKept({ option: fresh, height });
  else if (fresh === null && kept !== null && (!props.loading || props.error !== null)) setKept(null);
  const stale = fresh === null && props.loading && props.error === null && kept !== null;
  const shown = fresh ?? (stale ? kept.option : null);
  const shownHeight = stale ? kept.height : height;

  const exportImage = (type: 'png' | 'svg'): void => {
    if (!option) return;
    const inst = chartInstance(id);
    const width = inst?.getWidth() ?? 960;
    const h = inst?.getHeight() ?? height;
    if (type === 'png') {
      const url = inst?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
      if (url) downloadDataUrl(`${stem}.png`, url);
      return;
    }
    downloadBlob(`${stem}.svg`, optionToSvg(option, width, h), MIME.svg);
  };
  const exportCsv = (): void => {
    if (table) downloadBlob(`${stem}.csv`, toCsv(table.columns, table.rows), MIME.csv);
  };
  const exportXlsx = (): void => {
    if (table) downloadBlob(`${stem}.xlsx`, toXlsx([{ name: title.slice(0, 31), columns: table.columns, rows: table.rows }]), MIME.xlsx);
  };

  return (
    <section className={`card chart-card${props.wide ? ' wide' : ''}`} data-testid={`card-${id}`} aria-labelledby={`title-${id}`}>
      <div className="card-head">
        <h3 id={`title-${id}`}>{title}</h3>
        <div className="export-buttons" role="group" aria-label={t('export.menu')}>
          <button type="button" disabled={!canDraw} onClick={() => { exportImage('png'); }} data-testid={`export-png-${id}`}>{t('export.png')}</button>
          <button type="button" disabled={!canDraw} onClick={() => { exportImage('svg'); }} data-testid={`export-svg-${id}`}>{t('export.svg')}</button>
          <button type="button" disabled={!table || table.rows.length === 0} onClick={exportCsv} data-testid={`export-csv-${id}`}>{t('export.csv')}</button>
          <button type="button" disabled={!table || table.rows.length === 0} onClick={exportXlsx} data-testid={`export-xlsx-${id}`}>{t('export.xlsx')}</button>
        </div>
      </div>
      {props.definition ? (
        <p className="definition" data-testid={`definition-${id}`}>
          <strong>{t('definition')}{lang === 'zh' ? '：' : ': '}</strong>
          {pick(lang, props.definition)}
        </p>
      ) : null}
      <div className={`chart-body${stale && props.slow ? ' stale' : ''}`} style={{ minHeight: shownHeight }} aria-busy={props.loading}>
        {props.error ? <ErrorBox error={props.error} /> : null}
        {!props.error && props.loading ? <Loading show={props.slow} /> : null}
        {!props.error && !props.loading && props.emptyReason !== null ? <Empty>{props.emptyReason}</Empty> : null}
        {shown !== null ? <EChart id={id} option={shown} height={shownHeight} stale={stale} onItemClick={props.onItemClick} /> : null}
      </div>
      {props.children}
    </section>
  );
}
