/**
 * 导入年报 Import reports (Data view): drop or pick report files and folders, watch them parse in a
 * Web Worker (progress bar, per-file status, cancel), review one, accept the usable ones into the
 * live corpus, undo the last batch, download the enlarged corpus.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useApp } from '../../store/store';
import type { PendingImport } from '../../store/imports';
import { useLang } from '../../i18n/useT';
import type { Lang } from '../../i18n';
import { codeLabel } from '../../i18n/summary';
import { applyEdits } from '../../import/pipeline';
import { isAcceptable, itemNote, progressPercent, statusSummary } from './model';
import { acceptPending, cancelImport, downloadCorpusZip, importFromDrop, importFromList, syncBatches, undoLastBatch } from './actions';
import { ReviewPanel } from './ReviewPanel';
import { tx } from './strings';

const ROW_HEIGHT = 30;
const LIST_HEIGHT = 300;
const REPORT_ACCEPT = '.pdf,.html,.htm,.txt,.md,.docx';

function StatusList({ rows, lang }: { rows: readonly PendingImport[]; lang: Lang }) {
  const scroller = useRef<HTMLDivElement>(null);
  const selected = useApp((s) => s.imports.selected);
  const checked = useApp((s) => s.imports.checked);
  const edits = useApp((s) => s.imports.edits);
  const selectImport = useApp((s) => s.selectImport);
  const checkImport = useApp((s) => s.checkImport);
  // The virtualizer's getters must not be memoised; the list is cheap to re-render as a whole.
  // eslint-disable-next-line react-hooks/incompatible-library
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  return (
    <div className="import-list" role="table" aria-label={tx(lang, 'title')} aria-rowcount={rows.length + 1} data-testid="import-list">
      <div className="import-row import-head" role="row">
        <span role="columnheader" aria-label={tx(lang, 'pick')} />
        <span role="columnheader">{tx(lang, 'colFile')}</span>
        <span role="columnheader">{tx(lang, 'colStatus')}</span>
        <span role="columnheader">{tx(lang, 'colAgency')}</span>
        <span role="columnheader">{tx(lang, 'colYear')}</span>
        <span role="columnheader">{tx(lang, 'colNote')}</span>
      </div>
      <div ref={scroller} className="import-scroll" style={{ maxHeight: LIST_HEIGHT }}>
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const row = rows[vi.index];
            if (!row) return null;
            const { item } = row;
            const e = edits[row.key];
            const parsed = item.parsed ? (e ? applyEdits(item.parsed, e) : item.parsed) : undefined;
            const note = itemNote(item, lang);
            const usable = isAcceptable(item);
            return (
              <div
                key={row.key}
                role="row"
                aria-rowindex={vi.index + 2}
                aria-selected={selected === row.key}
                className={`import-row status-${item.status}${selected === row.key ? ' selected' : ''}`}
                data-testid="import-row"
                data-key={row.key}
                data-file={item.relPath}
                data-status={item.status}
                data-report-id={parsed?.identity.reportId}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${String(vi.start)}px)` }}
              >
                <span role="cell">
                  <input
                    type="checkbox"
                    aria-label={`${tx(lang, 'pick')} ${item.relPath}`}
                    disabled={!usable}
                    checked={usable && checked.includes(row.key)}
                    onChange={(ev) => { checkImport(row.key, ev.target.checked); }}
                    data-testid="import-check"
                  />
                </span>
                <span role="cell" className="import-file">
                  <button type="button" className="link" onClick={() => { selectImport(row.key); }} title={item.relPath} data-testid="import-open">{item.relPath}</button>
                </span>
                <span role="cell"><span className={`badge badge-${item.status}`} data-testid="import-status">{tx(lang, `status_${item.status}`)}</span></span>
                <span role="cell" className="import-agency" title={parsed?.identity.agencyName ?? ''}>{parsed ? `${parsed.identity.agencyName ?? '—'} · ${codeLabel(lang, 'type', parsed.identity.agencyType)}` : ''}</span>
                <span role="cell">{parsed?.identity.year ?? (parsed ? '—' : '')}</span>
                <span role="cell" className={`import-note${item.failure ? ' error' : ''}`} title={note} data-testid="import-note">{note}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

export function ImportSection() {
  const lang = useLang();
  const imports = useApp((s) => s.imports);
  const corpusReady = useApp((s) => s.corpus.info !== null && !s.corpus.warm);
  const editImport = useApp((s) => s.editImport);
  const clearImports = useApp((s) => s.clearImports);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState<'accept' | 'undo' | 'zip' | null>(null);
  const generation = useApp((s) => s.corpus.generation);
  // Loading another corpus ends the undo stack: follow the database's.
  useEffect(() => { if (generation > 0) void syncBatches().catch(() => undefined); }, [generation]);

  const summary = statusSummary(imports.pending.map((r) => r.item));
  const usable = imports.pending.filter((r) => isAcceptable(r.item));
  const checkedUsable = usable.filter((r) => imports.checked.includes(r.key));
  const selectedRow = imports.pending.find((r) => r.key === imports.selected);
  const lastBatch = imports.batches.at(-1);

  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setDragging(false);
    // Entries must be taken from the DataTransfer during the event; reading them may finish later.
    importFromDrop(e.dataTransfer);
  };
  const accept = (rows: readonly PendingImport[]): void => {
    setBusy('accept');
    void acceptPending(rows).finally(() => { setBusy(null); });
  };

  return (
    <>
      <section className="card import-section" aria-labelledby="import-title" data-testid="import-section">
        <h3 id="import-title">{tx(lang, 'title')}</h3>
        <p className="note">{tx(lang, 'help')}</p>
        <div
          className={`dropzone${dragging ? ' over' : ''}`}
          data-testid="import-dropzone"
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => { setDragging(false); }}
          onDrop={onDrop}
        >
          <span>{tx(lang, 'drop')}</span>
          <span className="dropzone-buttons">
            <label className="button" htmlFor="import-files">{tx(lang, 'pickFiles')}</label>
            <input
              id="import-files"
              data-testid="import-files"
              type="file"
              multiple
              accept={REPORT_ACCEPT}
              className="visually-hidden-input"
              onChange={(e) => {
                const list = [...(e.target.files ?? [])];
                e.target.value = '';
                importFromList(list);
              }}
            />
            <label className="button" htmlFor="import-folder">{tx(lang, 'pickFolder')}</label>
            <input
              id="import-folder"
              data-testid="import-folder"
              type="file"
              multiple
              ref={(el) => {
                // Not a React prop: set on the element so the picker chooses folders.
                if (el) el.webkitdirectory = true;
              }}
              className="visually-hidden-input"
              onChange={(e) => {
                const list = [...(e.target.files ?? [])];
                e.target.value = '';
                importFromList(list);
              }}
            />
          </span>
        </div>

        {summary.total > 0 || imports.running ? (
          <div className="import-progress" data-testid="import-progress" data-running={imports.running ? 'true' : 'false'} data-done={imports.done} data-total={imports.total}>
            <div className="import-bar" role="progressbar" aria-valuemin={0} aria-valuemax={imports.total} aria-valuenow={imports.done} aria-label={tx(lang, 'progress', { done: imports.done, total: imports.total })}>
              <span style={{ width: `${String(progressPercent(imports.done, imports.total))}%` }} />
            </div>
            <span>{tx(lang, 'progress', { done: imports.done, total: imports.total })}</span>
            {imports.running ? (
              <button type="button" onClick={cancelImport} data-testid="import-cancel">{tx(lang, 'cancel')}</button>
            ) : null}
          </div>
        ) : null}

        {summary.total > 0 ? (
          <p
            className="note"
            data-testid="import-summary"
            data-total={summary.total}
            data-done={summary.done}
            data-ok={summary.ok}
            data-warn={summary.warn}
            data-error={summary.error}
          >
            {tx(lang, 'summary', { total: summary.total, ok: summary.ok, warn: summary.warn, error: summary.error, pending: summary.queued + summary.parsing })}
          </p>
        ) : null}

        {imports.notice ? (
          <p className={imports.notice.kind === 'error' ? 'state state-error' : 'import-notice'} role={imports.notice.kind === 'error' ? 'alert' : 'status'} data-testid="import-notice" data-kind={imports.notice.kind}>
            {lang === 'zh' ? imports.notice.message.zh : imports.notice.message.en}
          </p>
        ) : null}

        <div className="import-actions">
          <button type="button" disabled={busy !== null || imports.running || checkedUsable.length === 0 || !corpusReady} onClick={() => { accept(checkedUsable); }} data-testid="import-accept-selected">
            {tx(lang, 'acceptSelected')}{checkedUsable.length > 0 ? ` (${String(checkedUsable.length)})` : ''}
          </button>
          <button type="button" disabled={busy !== null || imports.running || usable.length === 0 || !corpusReady} onClick={() => { accept(usable); }} data-testid="import-accept-all">
            {tx(lang, 'acceptAll')}{usable.length > 0 ? ` (${String(usable.length)})` : ''}
          </button>
          <button
            type="button"
            disabled={busy !== null || lastBatch === undefined}
            onClick={() => {
              if (!lastBatch) return;
              setBusy('undo');
              void undoLastBatch(lastBatch).finally(() => { setBusy(null); });
            }}
            data-testid="import-undo"
          >
            {tx(lang, 'undo')}
          </button>
          <button type="button" disabled={imports.running || summary.total === 0} onClick={clearImports} data-testid="import-clear">{tx(lang, 'clear')}</button>
          {busy === 'accept' ? <span role="status">{tx(lang, 'accepting')}</span> : null}
        </div>

        {imports.pending.length > 0 ? <StatusList rows={imports.pending} lang={lang} /> : null}

        <div className="import-zip">
          <button
            type="button"
            disabled={busy !== null || !corpusReady}
            onClick={() => {
              setBusy('zip');
              void downloadCorpusZip().finally(() => { setBusy(null); });
            }}
            data-testid="import-download-zip"
          >
            {tx(lang, 'downloadZip')}
          </button>
          <span className="note">{tx(lang, 'downloadZipHelp')}</span>
        </div>
      </section>
      {selectedRow ? (
        <ReviewPanel
          key={selectedRow.key}
          row={selectedRow}
          edits={imports.edits[selectedRow.key] ?? {}}
          onEdit={(e) => { editImport(selectedRow.key, e); }}
          lang={lang}
        />
      ) : imports.pending.some((r) => r.item.parsed) ? (
        <p className="note card" data-testid="import-review-none">{tx(lang, 'reviewNone')}</p>
      ) : null}
    </>
  );
}
