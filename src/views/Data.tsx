/**
 * 数据 Data: import reports (PDF, HTML, TXT, MD, DOCX: parsed in a worker, reviewed, accepted into the
 * live corpus), load user corpus files (Parquet/CSV; drop or pick; several at once; a bad file leaves
 * the live corpus in place) and export the filtered corpus as Parquet or CSV.
 */
import { useState, type DragEvent } from 'react';
import { CORPUS_TABLES, type TableSpec } from '../corpus/schema';
import { filteredTableSql } from '../queries/corpus';
import { toCsv } from '../corpus/csv';
import { toParquet } from '../corpus/parquet';
import { MIME, downloadBlob } from '../export/download';
import { useApp } from '../store/store';
import { useLang, useT } from '../i18n/useT';
import { pick } from '../i18n';
import { filterSummary } from '../i18n/summary';
import { errorMessage, loadDefaultCorpus, loadUserFiles, runQuery } from '../components/engine';
import { useFilters } from './common';
import type { Filters } from '../queries/filters';
import { corpusRowsOf } from './import/corpusRows';
import { ImportSection } from './import/ImportSection';

/**
 * Corpus tables are written with the corpus writers, which the loader reads back exactly (the
 * spreadsheet CSV writer would turn a printed `-` into `'-`).
 */
async function exportTable(spec: TableSpec, f: Filters, format: 'parquet' | 'csv'): Promise<void> {
  const res = await runQuery(filteredTableSql(spec.name, f), { slot: 'export' });
  const rows = corpusRowsOf(spec, res.rows);
  if (format === 'csv') {
    downloadBlob(`${spec.name}.csv`, toCsv(spec, rows), MIME.csv);
  } else {
    downloadBlob(`${spec.name}.parquet`, toParquet(spec, rows), MIME.parquet);
  }
}

export function DataView() {
  const t = useT();
  const lang = useLang();
  const f = useFilters();
  const corpus = useApp((s) => s.corpus);
  const pushToast = useApp((s) => s.pushToast);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  const load = (files: readonly File[]): void => {
    if (files.length === 0) return;
    setBusy('load');
    void loadUserFiles(files).finally(() => { setBusy(null); });
  };
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setDragging(false);
    load([...e.dataTransfer.files]);
  };
  const doExport = (spec: TableSpec, format: 'parquet' | 'csv'): void => {
    setBusy(`${spec.name}.${format}`);
    exportTable(spec, f, format).then(
      () => { setBusy(null); },
      (e: unknown) => { setBusy(null); pushToast('error', errorMessage(e)); },
    );
  };

  return (
    <div className="data-view">
      <ImportSection />
      <section className="card" aria-labelledby="data-load-title">
        <h3 id="data-load-title">{t('data.load')}</h3>
        <p className="note">{t('data.load.help')}</p>
        <div
          className={`dropzone${dragging ? ' over' : ''}`}
          data-testid="dropzone"
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => { setDragging(false); }}
          onDrop={onDrop}
        >
          <span>{t('data.drop')}</span>
          <label className="button" htmlFor="corpus-files">{t('data.pick')}</label>
          <input
            id="corpus-files"
            data-testid="corpus-files"
            type="file"
            multiple
            accept=".parquet,.csv,text/csv"
            className="visually-hidden-input"
            onChange={(e) => {
              load([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
        </div>
        {busy === 'load' || corpus.replacing ? <p role="status">{t('corpus.replacing')}</p> : null}
        {corpus.error ? (
          <p className="state state-error" role="alert" data-testid="load-error">
            {corpus.error.file ? `${corpus.error.file}: ` : ''}{pick(lang, corpus.error)}
          </p>
        ) : null}
        {corpus.info ? <p data-testid="loaded-label">{t('data.loaded', { label: corpus.info.label })}</p> : null}
        <button type="button" onClick={() => { void loadDefaultCorpus(true); }} data-testid="reload-default">
          {t('data.reloadDefault')}
        </button>
      </section>
      <section className="card" aria-labelledby="data-export-title">
        <h3 id="data-export-title">{t('data.export')}</h3>
        <p className="note">{t('data.export.help')} {filterSummary(f, lang)}</p>
        <table className="plain">
          <tbody>
            {CORPUS_TABLES.map((spec) => (
              <tr key={spec.name}>
                <th scope="row">{spec.name}</th>
                <td>{lang === 'zh' ? spec.zh : spec.en}</td>
                <td>
                  <button type="button" disabled={corpus.info === null || busy !== null} onClick={() => { doExport(spec, 'parquet'); }} data-testid={`export-${spec.name}-parquet`}>
                    {t('export.parquet')}
                  </button>{' '}
                  <button type="button" disabled={corpus.info === null || busy !== null} onClick={() => { doExport(spec, 'csv'); }} data-testid={`export-${spec.name}-csv`}>
                    {t('export.csv')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
