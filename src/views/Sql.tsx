/**
 * SQL 查询 console: CodeMirror editor with corpus-aware completion, schema browser, guarded run
 * (read-only; H6's guard refuses anything that modifies the corpus) with cancel, a virtualised
 * result grid, quick chart, exports, saved queries, share link and worked examples.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import CodeMirror, { type ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { PostgreSQL, sql as sqlLanguage } from '@codemirror/lang-sql';
import { keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';
import { runConsoleSql } from '../sqlconsole/run';
import { SQL_EXAMPLES } from '../sqlconsole/examples';
import { completionSchema, tableCompletions } from '../sqlconsole/completion';
import { getBrowserDb } from '../db/browser';
import { isAbortError, type QueryResult } from '../db/connector';
import type { Bilingual } from '../model/report';
import { buildAnyOption, chartTable } from '../charts/anyChart';
import { toCsv } from '../export/csv';
import { toXlsx } from '../export/xlsx';
import { toParquet } from '../export/parquet';
import { MIME, downloadBlob } from '../export/download';
import { ChartCard } from '../components/ChartCard';
import { errorMessage, restoreCorpus } from '../components/engine';
import { SLOW_MS, useQuery } from '../components/useQuery';
import { bilingual, pick } from '../i18n';
import { useLang } from '../i18n/useT';
import { useApp } from '../store/store';
import { flushUrl } from '../store/urlSync';
import { useChartBase } from './common';
import { ResultGrid } from './sql/ResultGrid';
import { SchemaBrowser } from './sql/SchemaBrowser';
import { MAX_SHARED_SQL, shareLink, sqlFromHash, sqlHash } from './sql/share';
import { loadSaved, storeSaved, withSaved, withoutSaved, type SavedQuery } from './sql/saved';
import { QUICK_CHART_MAX_ROWS, defaultChoice, exportRows, numericColumns, parquetTable, quickChart, type QuickChoice } from './sql/result';
import { both, st } from './sql/strings';

type Lang = 'zh' | 'en';

/**
 * Ctrl/Cmd+Enter runs the query: the editor's own binding (insert a blank line) is swallowed here
 * and the key event, which still bubbles, is handled by the editor's wrapper.
 */
const SWALLOW_MOD_ENTER = Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => true }]));

type RunState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly sql: string }
  | { readonly kind: 'done'; readonly result: QueryResult; readonly ms: number; readonly sql: string; readonly seq: number }
  | { readonly kind: 'error'; readonly error: Bilingual; readonly refused: boolean; readonly sql: string }
  | { readonly kind: 'cancelled' };

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const stem = (lang: Lang): string => (lang === 'zh' ? '查询结果' : 'query-result');

function QuickChart({ result, lang }: { result: QueryResult; lang: Lang }) {
  const base = useChartBase();
  const initial = useMemo(() => defaultChoice(result), [result]);
  // The parent remounts this per result (key), so the first pick follows each new result.
  const [choice, setChoice] = useState<QuickChoice | null>(initial);
  const names = result.columns.map((c) => c.name);
  const nums = numericColumns(result);
  const chart = useMemo(
    () => (choice === null ? null : quickChart(result, choice, { title: st(lang, 'chartTitle', { y: choice.y }), subtitle: st(lang, 'chartSubtitle'), footnote: base.footnote, lang })),
    [result, choice, base, lang],
  );
  const option = useMemo(() => (chart === null ? null : buildAnyOption(chart)), [chart]);
  const table = useMemo(() => (chart === null ? null : chartTable(chart)), [chart]);
  if (choice === null || chart === null) return <p className="note" data-testid="sql-no-chart">{st(lang, 'noChart')}</p>;
  const set = (patch: Partial<QuickChoice>): void => { setChoice({ ...choice, ...patch }); };
  return (
    <ChartCard
      id="sql-quick"
      title={chart.spec.title}
      option={option}
      table={table}
      loading={false}
      slow={false}
      error={null}
      emptyReason={result.rows.length === 0 ? st(lang, 'noRows') : null}
      height={320}
      wide
    >
      <div className="toolbar" role="group" aria-label={st(lang, 'chart')}>
        <label className="filter-field"><span>{st(lang, 'chartKind')}</span>
          <select value={choice.kind} onChange={(e) => { set({ kind: e.target.value === 'line' ? 'line' : 'bar' }); }} data-testid="quick-kind">
            <option value="bar">{st(lang, 'bar')}</option>
            <option value="line">{st(lang, 'line')}</option>
          </select>
        </label>
        <label className="filter-field"><span>{st(lang, 'x')}</span>
          <select value={choice.x} onChange={(e) => { set({ x: e.target.value }); }} data-testid="quick-x">
            {names.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <label className="filter-field"><span>{st(lang, 'y')}</span>
          <select value={choice.y} onChange={(e) => { set({ y: e.target.value }); }} data-testid="quick-y">
            {nums.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <label className="filter-field"><span>{st(lang, 'series')}</span>
          <select value={choice.series} onChange={(e) => { set({ series: e.target.value }); }} data-testid="quick-series">
            <option value="">{st(lang, 'none')}</option>
            {names.filter((n) => n !== choice.x && n !== choice.y).map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        {result.rows.length > QUICK_CHART_MAX_ROWS ? <span className="note">{st(lang, 'chartCapped', { n: QUICK_CHART_MAX_ROWS })}</span> : null}
      </div>
    </ChartCard>
  );
}

function Results({ state, lang }: { state: RunState; lang: Lang }) {
  const [slowFor, setSlowFor] = useState<RunState | null>(null);
  useEffect(() => {
    if (state.kind !== 'running') return undefined;
    const t = setTimeout(() => { setSlowFor(state); }, SLOW_MS);
    return () => { clearTimeout(t); };
  }, [state]);
  const slow = slowFor === state;
  if (state.kind === 'idle') return <p className="state state-empty" data-testid="sql-idle">{st(lang, 'notRun')}</p>;
  if (state.kind === 'running') return slow ? <p className="state state-loading" role="status" data-testid="sql-running"><span className="spinner" aria-hidden="true" />{st(lang, 'running')}</p> : null;
  if (state.kind === 'cancelled') return <p className="state" role="status" data-testid="sql-cancelled">{st(lang, 'cancelled')}</p>;
  if (state.kind === 'error') return null;
  const { result } = state;
  const exportAs = (format: 'csv' | 'xlsx' | 'parquet'): void => {
    const s = stem(lang);
    if (format === 'csv') downloadBlob(`${s}.csv`, toCsv(result.columns.map((c) => c.name), exportRows(result)), MIME.csv);
    else if (format === 'xlsx') downloadBlob(`${s}.xlsx`, toXlsx([{ name: s, columns: result.columns.map((c) => c.name), rows: exportRows(result) }]), MIME.xlsx);
    else {
      const t = parquetTable(result);
      downloadBlob(`${s}.parquet`, toParquet(t.columns, t.rows), MIME.parquet);
    }
  };
  return (
    <>
      <section className="card wide" aria-labelledby="sql-results-title">
        <div className="card-head">
          <h3 id="sql-results-title">{st(lang, 'results')}</h3>
          <span role="status" data-testid="sql-status" data-rows={result.rows.length}>{st(lang, 'rows', { rows: result.rows.length, cols: result.columns.length, ms: state.ms })}</span>
          <div className="export-buttons" role="group" aria-label={st(lang, 'exportLabel')}>
            {(['csv', 'xlsx', 'parquet'] as const).map((f) => (
              <button key={f} type="button" disabled={result.columns.length === 0} onClick={() => { exportAs(f); }} data-testid={`sql-export-${f}`}>
                {st(lang, f === 'csv' ? 'exportCsv' : f === 'xlsx' ? 'exportXlsx' : 'exportParquet')}
              </button>
            ))}
          </div>
        </div>
        {result.rows.length === 0 ? <p className="state state-empty">{st(lang, 'noRows')}</p> : <ResultGrid result={result} label={st(lang, 'results')} />}
      </section>
      {result.rows.length > 0 ? <QuickChart key={state.seq} result={result} lang={lang} /> : null}
    </>
  );
}

export function SqlView() {
  const lang = useLang();
  const pushToast = useApp((s) => s.pushToast);
  const [text, setText] = useState<string>(() => sqlFromHash(window.location.hash) ?? SQL_EXAMPLES[0]?.sql ?? 'SELECT * FROM reports LIMIT 100');
  const [state, setState] = useState<RunState>({ kind: 'idle' });
  const [saved, setSaved] = useState<SavedQuery[]>(() => loadSaved(storage()));
  const [saveName, setSaveName] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const seq = useRef(0);
  const editor = useRef<ReactCodeMirrorRef>(null);
  const tablesQ = useQuery(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`, 'sql-tables');
  const present = useMemo(() => (tablesQ.result ? new Set(tablesQ.result.rows.map((r) => String(r.table_name))) : null), [tablesQ.result]);

  // A link opened while the app is already showing the console (back/forward) carries new SQL.
  useEffect(() => {
    const onHash = (): void => { const s = sqlFromHash(window.location.hash); if (s !== null) setText(s); };
    window.addEventListener('hashchange', onHash);
    return () => { window.removeEventListener('hashchange', onHash); abort.current?.abort(); };
  }, []);

  const run = useCallback((source: string): void => {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setState({ kind: 'running', sql: source });
    void getBrowserDb()
      .then((db) => runConsoleSql(db, source, { signal: ac.signal }))
      .then(
        (out) => {
          if (ac.signal.aborted) return;
          seq.current += 1;
          setState(out.ok ? { kind: 'done', result: out.result, ms: out.ms, sql: source, seq: seq.current } : { kind: 'error', error: out.error, refused: out.refused, sql: source });
        },
        (e: unknown) => {
          if (ac.signal.aborted || isAbortError(e)) return;
          setState({ kind: 'error', error: errorMessage(e), refused: false, sql: source });
        },
      );
  }, []);
  const cancel = (): void => {
    abort.current?.abort();
    abort.current = null;
    setState({ kind: 'cancelled' });
  };
  const extensions = useMemo(
    () => [
      // Unqualified column names complete from v_reports (every report field and value); `table.` completes that table's columns.
      sqlLanguage({ dialect: PostgreSQL, schema: completionSchema(lang), tables: tableCompletions(lang), defaultTable: 'v_reports', upperCaseKeywords: true }),
      SWALLOW_MOD_ENTER,
    ],
    [lang],
  );

  const insert = (s: string): void => {
    const view = editor.current?.view;
    if (!view) { setText((t) => `${t}${s}`); return; }
    view.dispatch(view.state.replaceSelection(s));
    view.focus();
  };
  const share = (): void => {
    if (text.length > MAX_SHARED_SQL) { pushToast('error', both('shareTooLong')); return; }
    flushUrl();
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${sqlHash(text)}`);
    const href = shareLink(window.location.href, text);
    setLink(href);
    navigator.clipboard.writeText(href).then(
      () => { pushToast('info', both('shared')); },
      () => { pushToast('error', bilingual('link.copyFailed')); },
    );
  };
  const save = (): void => {
    const name = saveName.trim() || text.trim().split('\n')[0]?.slice(0, 60) || 'query';
    const next = withSaved(saved, { name, sql: text, savedAt: new Date().toISOString() });
    setSaved(next);
    if (!storeSaved(storage(), next)) pushToast('error', both('savedFailed'));
    setSaveName('');
  };
  const remove = (name: string): void => {
    const next = withoutSaved(saved, name);
    setSaved(next);
    storeSaved(storage(), next);
  };
  const restore = (): void => {
    void restoreCorpus().then((ok) => { if (ok) pushToast('info', both('restored')); });
  };
  const running = state.kind === 'running';

  return (
    <div className="sql-view" data-testid="sql-view">
      <p className="note">{st(lang, 'intro')}</p>
      <div className="sql-layout">
        <div className="sql-main">
          <section className="card" aria-label={st(lang, 'editor')}>
            <div
              className="sql-editor"
              data-testid="sql-editor"
              onKeyDown={(e) => { if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); run(text); } }}
            >
              <CodeMirror
                ref={editor}
                value={text}
                onChange={(v) => { setText(v); }}
                extensions={extensions}
                height="180px"
                basicSetup={{ foldGutter: false }}
                aria-label={st(lang, 'editor')}
              />
            </div>
            <div className="toolbar">
              <button type="button" className="primary" onClick={() => { run(text); }} disabled={running} data-testid="sql-run" title="Ctrl/⌘+Enter">{st(lang, 'run')}</button>
              <button type="button" onClick={cancel} disabled={!running} data-testid="sql-cancel">{st(lang, 'cancel')}</button>
              <button type="button" onClick={share} data-testid="sql-share">{st(lang, 'share')}</button>
              <label className="filter-field"><span>{st(lang, 'saveName')}</span>
                <input value={saveName} onChange={(e) => { setSaveName(e.target.value); }} data-testid="sql-save-name" />
              </label>
              <button type="button" onClick={save} data-testid="sql-save">{st(lang, 'save')}</button>
              <button type="button" onClick={restore} title={st(lang, 'restoreHelp')} data-testid="sql-restore" className="push-right">{st(lang, 'restore')}</button>
            </div>
            {link !== null ? <input className="share-link" readOnly value={link} aria-label={st(lang, 'share')} data-testid="sql-share-link" onFocus={(e) => { e.target.select(); }} /> : null}
            {state.kind === 'error' ? (
              <pre className={`state state-error sql-error${state.refused ? ' refused' : ''}`} role="alert" data-testid="sql-error" data-refused={state.refused ? 'true' : 'false'}>
                {`${st(lang, state.refused ? 'refused' : 'error')}${lang === 'zh' ? '：' : ': '}${pick(lang, state.error)}`}
              </pre>
            ) : null}
          </section>
          <Results state={state} lang={lang} />
        </div>
        <aside className="sql-side">
          <section className="card">
            <h3>{st(lang, 'examples')}</h3>
            <ul className="examples" data-testid="sql-examples">
              {SQL_EXAMPLES.map((x) => (
                <li key={x.id}>
                  <button type="button" className="link" onClick={() => { setText(x.sql); }} data-testid={`sql-example-${x.id}`} title={pick(lang, x.description)}>{pick(lang, x.title)}</button>
                </li>
              ))}
            </ul>
          </section>
          <section className="card">
            <h3>{st(lang, 'saved')}</h3>
            {saved.length === 0 ? <p className="note">{st(lang, 'noSaved')}</p> : (
              <ul className="saved" data-testid="sql-saved">
                {saved.map((q) => (
                  <li key={q.name}>
                    <button type="button" className="link" onClick={() => { setText(q.sql); }} title={q.sql}>{q.name}</button>{' '}
                    <button type="button" className="small" onClick={() => { remove(q.name); }} aria-label={`${st(lang, 'remove')} ${q.name}`}>×</button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card">
            <h3>{st(lang, 'schema')}</h3>
            <SchemaBrowser lang={lang} onInsert={insert} present={present} />
          </section>
        </aside>
      </div>
    </div>
  );
}
