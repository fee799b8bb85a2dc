/**
 * 机构 Agency profile: one agency across all its years, every table in the official layout as printed
 * (blank and `/` shown as such), failing checks highlighted on their cells, year-over-year changes, source link.
 */
import { useEffect, useMemo, useState } from 'react';
import { AGENCY_PICKER_CAP, agencyCellsForReportsSql, agencyChecksByRegionSql, agencyPickerSql, agencyProfileSql, agencyReportRefs } from '../queries/agency';
import { useApp } from '../store/store';
import { useLang, useT } from '../i18n/useT';
import { pick, type Lang } from '../i18n';
import { codeLabel } from '../i18n/summary';
import { formatExact } from '../format/number';
import { useQuery } from '../components/useQuery';
import { cellBlockAt, hasCellBlocks, runQuery } from '../components/engine';
import { agencyCellBlock, cellRowsFromBlock, type CellBlock } from '../corpus/cell-blocks';
import { Empty, ErrorBox, Loading } from '../components/states';
import { WhenNear } from '../components/WhenNear';
import { useReachedFor } from '../components/useReachedFor';
import { activeLayout, layoutVersions, requestsLayout, reviewLayout, type TableLayout } from './agencyLayout';
import { num, rowsOf, str, useFilters, type Row } from './common';
import type { Bilingual } from '../model/report';

interface CellRow {
  readonly key: string;
  readonly value: number | null;
  readonly semantic: string;
  readonly raw: string;
}

interface CheckRow {
  readonly reportId: string;
  readonly ruleId: string;
  readonly status: string;
  readonly severity: string;
  readonly keys: readonly string[];
  readonly message: Bilingual;
}

interface ReportInfo {
  readonly reportId: string;
  readonly year: number | null;
  readonly template: string;
  readonly title: string | null;
  readonly sourceUrl: string | null;
  readonly agencyName: string | null;
  readonly region: string;
  readonly province: string | null;
  readonly city: string | null;
  readonly agencyType: string;
  readonly synthetic: boolean;
}

function readReports(rows: readonly Row[]): ReportInfo[] {
  return rows.map((r) => ({
    reportId: str(r.report_id) ?? '',
    year: num(r.year),
    template: str(r.template) ?? '',
    title: str(r.title),
    sourceUrl: str(r.source_url),
    agencyName: str(r.agency_name),
    region: [str(r.province), str(r.city), str(r.district)].filter((x): x is string => x !== null && x !== '').join(' '),
    province: str(r.province),
    city: str(r.city),
    agencyType: str(r.agency_type) ?? '',
    synthetic: r.synthetic === true,
  }));
}

function groupCells(rows: readonly Row[]): Map<string, Map<string, CellRow>> {
  const out = new Map<string, Map<string, CellRow>>();
  for (const r of rows) {
    const id = str(r.report_id);
    const key = str(r.key);
    if (id === null || key === null) continue;
    let m = out.get(id);
    if (!m) out.set(id, (m = new Map<string, CellRow>()));
    m.set(key, { key, value: num(r.value), semantic: str(r.semantic) ?? 'text', raw: str(r.raw) ?? '' });
  }
  return out;
}

function readChecks(rows: readonly Row[]): CheckRow[] {
  return rows.map((r) => ({
    reportId: str(r.report_id) ?? '',
    ruleId: str(r.rule_id) ?? '',
    status: str(r.status) ?? '',
    severity: str(r.severity) ?? '',
    keys: (str(r.keys) ?? '').split(/\s+/).filter((k) => k !== ''),
    message: { zh: str(r.message_zh) ?? '', en: str(r.message_en) ?? '' },
  }));
}

/** Only http(s) links become anchors; anything else in the corpus (a repository path, a note) stays text. */
function safeHref(url: string | null): string | null {
  if (url === null) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function CellView({ cell, prev, fails, lang }: { cell: CellRow | undefined; prev: CellRow | undefined; fails: readonly CheckRow[]; lang: Lang }) {
  const failing = fails.length > 0;
  const titleParts: string[] = [];
  let text = '';
  let cls = 'cell';
  if (!cell) {
    cls += ' absent';
    titleParts.push(lang === 'zh' ? '文档中没有这一格（未读出）' : 'Not in the document (not read)');
  } else if (cell.semantic === 'blank') {
    cls += ' blank';
    titleParts.push(lang === 'zh' ? '空白' : 'Blank');
  } else if (cell.semantic === 'na') {
    cls += ' na';
    text = cell.raw || '/';
  } else {
    text = cell.raw !== '' ? cell.raw : cell.value !== null ? formatExact(cell.value, lang) : '';
    if (cell.semantic === 'text') cls += ' text';
  }
  for (const f of fails) titleParts.push(`${f.ruleId}: ${pick(lang, f.message)}`);
  if (failing) cls += fails.some((f) => f.severity === 'error') ? ' fail' : ' fail sev-warn';
  const delta = cell?.semantic === 'number' && prev?.semantic === 'number' && cell.value !== null && prev.value !== null ? cell.value - prev.value : null;
  return (
    <td className={cls} title={titleParts.join('\n') || undefined} data-key={cell?.key} data-semantic={cell?.semantic ?? 'absent'}>
      <span className="v">{text}</span>
      {delta !== null && delta !== 0 ? (
        <span className={`yoy ${delta > 0 ? 'up' : 'down'}`}>{delta > 0 ? `+${formatExact(delta, lang)}` : formatExact(delta, lang)}</span>
      ) : null}
    </td>
  );
}

function LayoutTable({ layout, cells, prev, failsByKey, lang }: {
  layout: TableLayout;
  cells: ReadonlyMap<string, CellRow>;
  prev: ReadonlyMap<string, CellRow> | undefined;
  failsByKey: ReadonlyMap<string, CheckRow[]>;
  lang: Lang;
}) {
  const width = Math.max(...layout.rows.map((r) => r.keys.length + (r.label ? 1 : 0)), 1);
  return (
    <table className="official" data-layout={layout.id}>
      {layout.caption ? <caption>{pick(lang, layout.caption)}</caption> : null}
      <thead>
        {layout.head.map((row, i) => (
          <tr key={i}>
            {row.map((h, j) => (
              <th key={j} colSpan={h.colSpan} rowSpan={h.rowSpan} scope="col">{pick(lang, h.label)}</th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {layout.rows.map((r, i) =>
          r.heading ? (
            <tr key={i} className="section"><th colSpan={width} scope="rowgroup">{pick(lang, r.heading)}</th></tr>
          ) : (
            <tr key={i}>
              {r.label ? <th scope="row">{pick(lang, r.label)}</th> : null}
              {r.keys.map((k) => (
                <CellView key={k} cell={cells.get(k)} prev={prev?.get(k)} fails={failsByKey.get(k) ?? []} lang={lang} />
              ))}
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

function ReportBlock({ report, cells, prev, checks, lang }: {
  report: ReportInfo;
  cells: ReadonlyMap<string, CellRow>;
  prev: ReadonlyMap<string, CellRow> | undefined;
  checks: readonly CheckRow[];
  lang: Lang;
}) {
  const t = useT();
  const versions = layoutVersions(report.template);
  const failed = checks.filter((c) => c.status === 'fail');
  const failsByKey = new Map<string, CheckRow[]>();
  for (const c of failed) for (const k of c.keys) failsByKey.set(k, [...(failsByKey.get(k) ?? []), c]);
  const href = safeHref(report.sourceUrl);
  return (
    <article className="card report-block" data-testid={`report-${report.reportId}`} data-year={report.year ?? ''}>
      <header className="report-head">
        <h3>{report.year ?? '—'} · {codeLabel(lang, 'template', report.template)}</h3>
        {report.title ? <span className="report-title">{report.title}</span> : null}
        <span className="report-source">
          {t('agency.source')}：{href ? <a href={href} target="_blank" rel="noopener noreferrer">{report.sourceUrl}</a> : (report.sourceUrl ?? '—')}
        </span>
      </header>
      {prev === undefined ? <p className="note">{t('agency.noPriorYear')}</p> : null}
      {versions === null ? (
        <Empty>{t('agency.noTables', { template: codeLabel(lang, 'template', report.template) })}</Empty>
      ) : (
        <>
          <h4>{t('agency.table.active')}</h4>
          {activeLayout(versions.active).map((l) => (
            <LayoutTable key={l.id} layout={l} cells={cells} prev={prev} failsByKey={failsByKey} lang={lang} />
          ))}
          <h4>{t('agency.table.requests')}</h4>
          <LayoutTable layout={requestsLayout(versions.requests)} cells={cells} prev={prev} failsByKey={failsByKey} lang={lang} />
          <h4>{t('agency.table.review')}</h4>
          <LayoutTable layout={reviewLayout()} cells={cells} prev={prev} failsByKey={failsByKey} lang={lang} />
        </>
      )}
      {failed.length > 0 ? (
        <div className="failed-checks" data-testid={`failed-checks-${report.reportId}`}>
          <h4>{t('agency.failedChecks')}</h4>
          <ul>
            {failed.map((c, i) => (
              <li key={i}><code>{c.ruleId}</code> {pick(lang, c.message)}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </article>
  );
}

const PICKER_CAP = AGENCY_PICKER_CAP;
/** One collator for the picker's sort (localeCompare with a locale builds one per call). */
const PICKER_ORDER = new Intl.Collator('zh');

function AgencyPicker({ current }: { current: string | null }) {
  const t = useT();
  const f = useFilters();
  const openAgency = useApp((s) => s.openAgency);
  // One more than shown: the note appears only when there really are more agencies.
  const pickerSql = agencyPickerSql(f);
  const q = useQuery(pickerSql, 'agency-picker');
  const capped = rowsOf(q.result).length > PICKER_CAP;
  // The list's options are created when the reader reaches for the select, and again after the
  // selection changes the list: 500 agency names took 58 ms of a layout at 105k reports.
  const list = useReachedFor(pickerSql);
  const agencies = useMemo(
    () => rowsOf(q.result)
      .slice(0, PICKER_CAP)
      .map((r) => ({ id: str(r.agency_id) ?? '', name: str(r.agency_name) ?? '', city: str(r.city) ?? str(r.province) ?? '' }))
      .sort((a, b) => PICKER_ORDER.compare(a.name, b.name)),
    [q.result],
  );
  return (
    <label className="filter-field agency-picker" htmlFor="agency-picker">
      <span>{t('agency.choose')}</span>
      {capped ? <small className="note" data-testid="agency-picker-capped">{t('agency.pickerCapped', { n: PICKER_CAP })}</small> : null}
      <select
        id="agency-picker" data-testid="agency-picker" value={current ?? ''}
        onChange={(e) => { if (e.target.value) openAgency(e.target.value); }}
        {...list.reach}
      >
        <option value="">—</option>
        {(list.reached ? agencies : agencies.filter((a) => a.id === current)).map((a) => (
          <option key={a.id} value={a.id}>{a.name}{a.city ? `（${a.city}）` : ''}</option>
        ))}
      </select>
    </label>
  );
}

/**
 * The agency's cell block when the corpus has blocks (src/corpus/cell-blocks.ts): undefined while
 * it is looked up and read, null when there is none (the cells statement answers then).
 */
function useCellBlock(agencyId: string | null): CellBlock | null | undefined {
  const generation = useApp((s) => s.corpus.generation);
  const ready = useApp((s) => s.corpus.info !== null);
  const key = agencyId !== null && ready && hasCellBlocks() ? `${String(generation)}\u0000${agencyId}` : null;
  const [got, setGot] = useState<{ key: string; block: CellBlock | null } | null>(null);
  useEffect(() => {
    if (key === null || agencyId === null) return undefined;
    const ac = new AbortController();
    // Its statement in the foreground, joining the prefetch's if it asked it; a block that could
    // not be read leaves the cells to the cells statement.
    const db = { query: (sql: string) => runQuery(sql, { signal: ac.signal }) };
    agencyCellBlock(db, agencyId, cellBlockAt).catch(() => null).then((block) => { if (!ac.signal.aborted) setGot({ key, block }); }, () => undefined);
    return () => { ac.abort(); };
  }, [key, agencyId]);
  return key === null ? null : got?.key === key ? got.block : undefined;
}

/** About the height of a report's block, kept by its placeholder until it renders (so the scrollbar hardly jumps). */
const REPORT_BLOCK_PX = 1400;

export function AgencyView() {
  const t = useT();
  const lang = useLang();
  const agencyId = useApp((s) => s.ui.params.agency);
  const profile = useQuery(agencyId === null ? null : agencyProfileSql(agencyId), 'agency-profile');
  const reports = useMemo(() => readReports(rowsOf(profile.result)), [profile.result]);
  // Cells and checks are read once the profile names the reports: on a large attached corpus that
  // reads a few row groups instead of probing every cell (see agencyCellsForReportsSql).
  const refs = useMemo(() => (profile.loading ? [] : agencyReportRefs(rowsOf(profile.result))), [profile.loading, profile.result]);
  // A corpus with cell blocks gives the agency's cells in one range request, asked at once (the
  // profile is not needed to find it); without a block the cells statement answers.
  const block = useCellBlock(agencyId);
  const cellsQ = useQuery(agencyId === null || block !== null ? null : agencyCellsForReportsSql(agencyId, refs), 'agency-cells');
  const checksQ = useQuery(agencyId === null ? null : agencyChecksByRegionSql(agencyId, refs), 'agency-checks');

  const cells = useMemo(() => groupCells(block ? cellRowsFromBlock(block, refs) : rowsOf(cellsQ.result)), [block, refs, cellsQ.result]);
  const checks = useMemo(() => readChecks(rowsOf(checksQ.result)), [checksQ.result]);
  const loading = profile.loading || block === undefined || cellsQ.loading || checksQ.loading;
  const slow = profile.slow || cellsQ.slow || checksQ.slow;
  const error = profile.error ?? cellsQ.error ?? checksQ.error;
  const first = reports[0];
  const latest = reports.at(-1);

  return (
    <div className="agency-view">
      <AgencyPicker current={agencyId} />
      {agencyId === null ? <Empty>{t('agency.none')}</Empty> : null}
      {error ? <ErrorBox error={error} /> : null}
      {agencyId !== null && loading ? <Loading show={slow} /> : null}
      {agencyId !== null && !loading && !error && reports.length === 0 ? <Empty>{t('agency.notFound', { id: agencyId })}</Empty> : null}
      {latest && first && !loading ? (
        <>
          <div className="agency-head" data-testid="agency-head">
            <h3>{latest.agencyName ?? agencyId}</h3>
            <span>{latest.region}</span> · <span>{codeLabel(lang, 'type', latest.agencyType)}</span> ·{' '}
            <span>{reports.map((r) => r.year ?? '—').join('、')}</span>
          </div>
          {reports.map((r, i) => {
            const prevReport = i > 0 ? reports[i - 1] : undefined;
            const prev = prevReport && prevReport.year !== null && r.year !== null && r.year - prevReport.year === 1 ? cells.get(prevReport.reportId) : undefined;
            const block = (
              <ReportBlock
                key={r.reportId}
                report={r}
                cells={cells.get(r.reportId) ?? new Map<string, CellRow>()}
                prev={prev}
                checks={checks.filter((c) => c.reportId === r.reportId)}
                lang={lang}
              />
            );
            // The first report now, the others as the reader scrolls to them: each is three tables
            // of some hundred cells, and building all of an agency's at once took most of the time
            // the profile needed to open.
            return i === 0 ? block : (
              <WhenNear key={r.reportId} placeholderHeight={REPORT_BLOCK_PX} testId={`report-${r.reportId}-pending`}>
                {block}
              </WhenNear>
            );
          })}
        </>
      ) : null}
    </div>
  );
}
