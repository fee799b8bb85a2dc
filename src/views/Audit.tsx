/**
 * 审查 Audit: every finding of the filtered corpus (checks, cross-year, timeliness, coverage gaps,
 * copies) in one table with its own filters and grouping, the coverage grid, copy detection, the
 * documented score and ranking, the findings export and a printable agency audit sheet. A thin
 * layer over the pure engine in `src/audit`.
 */
import { useMemo, useState } from 'react';
import { auditStatuses, filterFindings, findingsToRows, groupKey, ruleCatalogue, ruleTitle, type Finding, type FindingGroupBy, type FindingSource } from '../audit/findings';
import { NO_NARRATIVES, agencySheet, auditOverviewNote, identicalSkipped, narrativesLimited, type AuditOverview, type AuditResult } from '../audit/run';
import { CATEGORY_LABEL, SCORE_FORMULA, SCORE_WEIGHTS } from '../audit/score';
import { agencySheetHtml } from '../audit/print';
import type { Severity } from '../model/checks';
import { toCsv } from '../export/csv';
import { toXlsx } from '../export/xlsx';
import { MIME, downloadBlob } from '../export/download';
import { AgencyLink } from '../components/AgencyLink';
import { WhenNear } from '../components/WhenNear';
import { usePaintedRows } from '../components/usePaintedRows';
import { Empty, ErrorBox, Loading } from '../components/states';
import { pick } from '../i18n';
import { useLang, useT } from '../i18n/useT';
import { useFilters } from './common';
import { useApp } from '../store/store';
import { AUDIT_GROUPS, AUDIT_SEVERITIES, AUDIT_SOURCES, type AuditParams } from '../store/ui';
import { at, type AuditTextKey } from './audit/strings';
import { useAudit } from './audit/useAudit';

type Lang = 'zh' | 'en';
// The URL's vocabularies must be the audit engine's: these fail to compile if the two drift apart.
const SEVERITIES: readonly Severity[] = AUDIT_SEVERITIES;
const SOURCES: readonly FindingSource[] = AUDIT_SOURCES;
const GROUPS: readonly (FindingGroupBy | '')[] = AUDIT_GROUPS;
const TYPES = ['government', 'department', 'township', 'other'] as const;

// What reaches the page at first: a national selection has 100k+ findings and agencies, and a
// table of that many rows freezes the browser; even one province at 105k reports made four tables
// of 500 rows (18,000 elements, most of the step's time; bench/SCALE.md, round 5). Each table shows
// ROWS_FIRST rows and ROWS_MORE more per click (the timeliness list too); each cut is said on
// screen; exports stay whole.
const ROWS_FIRST = 100;
const ROWS_MORE = 400;
const SHEET_OPTIONS = 1000;
/**
 * The cards below the findings table (ranking, copies and timeliness, coverage, the audit sheet)
 * are built when the reader scrolls near them (`WhenNear`); until then each holds this much room.
 */
const LOWER_CARD_PX = 400;

/** How many rows a table shows: ROWS_FIRST, ROWS_MORE more per `more()`; back to ROWS_FIRST when `of` changes. */
function useRowCount(of: unknown): [number, () => void] {
  const [state, setState] = useState<{ of: unknown; n: number }>({ of, n: ROWS_FIRST });
  const n = state.of === of ? state.n : ROWS_FIRST;
  return [n, () => { setState({ of, n: n + ROWS_MORE }); }];
}

function MoreRows({ shown, total, onMore, testId, lang }: { shown: number; total: number; onMore: () => void; testId: string; lang: Lang }) {
  if (shown >= total) return null;
  return (
    <p className="note">
      <button type="button" className="link" data-testid={testId} onClick={onMore}>{at(lang, 'showMore', { n: Math.min(ROWS_MORE, total - shown), shown, total })}</button>
    </p>
  );
}

function useTypeLabel(): (v: string | null) => string {
  const t = useT();
  return (v) => (v !== null && (TYPES as readonly string[]).includes(v) ? t(`type.${v as (typeof TYPES)[number]}`) : (v ?? ''));
}

const region = (f: { province: string | null; city: string | null; district: string | null }): string =>
  [f.province, f.city, f.district].filter((x): x is string => x !== null && x !== '').filter((x, i, a) => a.indexOf(x) === i).join(' ');

function groupLabel(by: FindingGroupBy, key: string, f: Finding, lang: Lang, typeLabel: (v: string | null) => string): string {
  if (key === '') return '—';
  switch (by) {
    case 'rule': return `${key} ${ruleTitle(key, lang)}`;
    case 'severity': return at(lang, `sev_${key}` as AuditTextKey);
    case 'agencyType': return typeLabel(key);
    case 'agency': return f.agencyName ?? f.agencyId;
    default: return key;
  }
}

function FindingRow({ f, lang, typeLabel }: { f: Finding; lang: Lang; typeLabel: (v: string | null) => string }) {
  return (
    <tr className={`sev-${f.severity}`} data-testid="finding-row" data-rule={f.ruleId} data-report={f.reportId ?? ''}>
      <td>
        <span className="rule-id">{f.ruleId}</span> {ruleTitle(f.ruleId, lang)}
      </td>
      <td><span className={`badge sev-${f.severity}`}>{at(lang, `sev_${f.severity}`)}</span>{f.status === 'uncertain' ? ` · ${at(lang, 'st_uncertain')}` : ''}</td>
      <td><AgencyLink id={f.agencyId} name={f.agencyName ?? f.agencyId} /></td>
      <td>{region(f)}</td>
      <td>{typeLabel(f.agencyType)}</td>
      <td className="num">{f.year ?? ''}</td>
      <td>{pick(lang, f.message)}</td>
      <td className="num">{f.expected ?? ''}</td>
      <td className="num">{f.actual ?? ''}</td>
      <td className="keys">
        {f.keys.length > 1 ? (
          <details><summary>{at(lang, 'nCells', { n: f.keys.length })}</summary>{f.keys.join(' ')}</details>
        ) : f.keys.join(' ')}
      </td>
    </tr>
  );
}

/** The findings table's columns: heading text key and width class (fixed widths, see app.css). */
const FINDING_COLUMNS = [
  ['rule', 'rule'], ['severity', 'sev'], ['agency', 'agency'], ['region', 'region'], ['agencyType', 'type'],
  ['year', 'year'], ['message', 'message'], ['expected', 'num'], ['actual', 'num'], ['cells', 'keys'],
] as const;

function FindingsTable({ findings, groupBy, lang }: { findings: readonly Finding[]; groupBy: FindingGroupBy | ''; lang: Lang }) {
  const typeLabel = useTypeLabel();
  const [shown, more] = useRowCount(findings);
  // A new list gets a screenful of rows at a time, one more after each paint (25 ms of React and
  // 21 ms of layout with 100 rows at 105k, 9 and 11 ms with 30; bench/SCALE.md, rounds 10 and 16).
  const total = Math.min(shown, findings.length);
  const rowsNow = usePaintedRows(findings, total);
  const complete = rowsNow >= total;
  const groups = useMemo(() => {
    const all = groupBy === '' ? [{ key: '', label: '', items: findings }] : (() => {
      const m = new Map<string, Finding[]>();
      for (const f of findings) {
        const k = groupKey(f, groupBy);
        const list = m.get(k);
        if (list) list.push(f);
        else m.set(k, [f]);
      }
      return [...m.entries()].map(([key, items]) => ({ key, label: items[0] ? groupLabel(groupBy, key, items[0], lang, typeLabel) : key, items }));
    })();
    // Rows up to the page budget; later groups keep their heading and count.
    let budget = rowsNow;
    return all.map((g) => {
      const rows = g.items.slice(0, Math.max(0, budget));
      budget -= rows.length;
      return { ...g, rows };
    });
  }, [findings, groupBy, lang, typeLabel, rowsNow]);
  return (
    <div className="table-scroll audit-findings">
      {findings.length > shown ? <p className="note" data-testid="audit-findings-capped">{at(lang, 'findingsFirst', { shown, total: findings.length })}</p> : null}
      <table className="plain" data-testid="audit-findings" data-complete={complete}>
        <colgroup>
          {FINDING_COLUMNS.map(([k, w]) => <col key={k} className={`w-${w}`} />)}
        </colgroup>
        <thead>
          <tr>
            {FINDING_COLUMNS.map(([k]) => (
              <th key={k} scope="col">{at(lang, k)}</th>
            ))}
          </tr>
        </thead>
        {groups.map((g) => (
          <tbody key={g.key} data-testid="finding-group" data-group={g.key}>
            {groupBy !== '' ? (
              <tr className="group-head"><th colSpan={10} scope="rowgroup">{g.label} <span className="muted">({g.items.length})</span></th></tr>
            ) : null}
            {g.rows.map((f, i) => <FindingRow key={`${f.ruleId}-${f.reportId ?? f.agencyId}-${String(f.year)}-${f.scope}-${String(i)}`} f={f} lang={lang} typeLabel={typeLabel} />)}
          </tbody>
        ))}
      </table>
      <MoreRows shown={shown} total={findings.length} onMore={more} testId="audit-findings-more" lang={lang} />
    </div>
  );
}

function CoverageGridView({ audit, lang }: { audit: AuditResult; lang: Lang }) {
  const { grid } = audit;
  const [count, more] = useRowCount(grid);
  if (grid.agencies.length === 0) return <Empty>{at(lang, 'noCoverage')}</Empty>;
  const shown = grid.agencies.slice(0, count);
  return (
    <>
      <p className="note">
        {at(lang, 'coverageHelp')}{' '}
        {(['present', 'partial', 'text_only', 'missing'] as const).map((s) => (
          <span key={s} className={`cov cov-${s} legend`} data-testid={`coverage-count-${s}`}>{at(lang, `status_${s}`)} {grid.counts[s]}</span>
        ))}
      </p>
      {shown.length < grid.agencies.length ? <p className="note" data-testid="coverage-capped">{at(lang, 'gridFirst', { shown: shown.length, total: grid.agencies.length })}</p> : null}
      <div className="table-scroll coverage-scroll">
        <table className="plain coverage" data-testid="coverage-grid">
          <thead>
            <tr>
              <th scope="col">{at(lang, 'agency')}</th>
              {grid.years.map((y) => <th key={y} scope="col" className="num">{y}</th>)}
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => (
              <tr key={a.agencyId} data-agency={a.agencyId}>
                <th scope="row"><AgencyLink id={a.agencyId} name={a.agencyName ?? a.agencyId} /></th>
                {grid.years.map((y) => {
                  const c = grid.cell(a.agencyId, y);
                  const s = c?.status ?? 'missing';
                  return (
                    <td key={y} className={`cov cov-${s}`} data-year={y} data-status={s} title={`${a.agencyName ?? a.agencyId} ${String(y)}: ${at(lang, `status_${s}`)}`}>
                      {s === 'missing' ? <span aria-label={at(lang, 'status_missing')}>–</span> : at(lang, `status_${s}`)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <MoreRows shown={shown.length} total={grid.agencies.length} onMore={more} testId="coverage-more" lang={lang} />
    </>
  );
}

function CopiesView({ audit, lang }: { audit: AuditResult; lang: Lang }) {
  const names = useMemo(() => new Map(audit.grid.agencies.map((a) => [a.agencyId, a.agencyName])), [audit]);
  const name = (id: string): string => names.get(id) ?? id;
  const allNarratives = audit.narratives;
  const total = allNarratives.length + audit.identical.length;
  const [count, more] = useRowCount(audit);
  const narratives = allNarratives.slice(0, count);
  const identical = audit.identical.slice(0, Math.max(0, count - narratives.length));
  const { checked, total: pairs } = audit.narrativePairs;
  return (
    <>
      <p className="note">{at(lang, 'copiesHelp')}</p>
      {audit.narrativesChecked ? null : <Empty><span data-testid="copies-no-narratives">{pick(lang, NO_NARRATIVES)}</span></Empty>}
      {audit.identicalChecked ? null : <p className="note warn" data-testid="copies-identical-skipped">{pick(lang, identicalSkipped(audit.reports.size))}</p>}
      {checked < pairs ? <p className="note warn" data-testid="copies-narratives-limited">{pick(lang, narrativesLimited(audit.narrativePairs))}</p> : null}
      {total > count ? <p className="note" data-testid="copies-capped">{at(lang, 'copiesFirst', { shown: count, total })}</p> : null}
      {total === 0 ? <p data-testid="copies-none">{at(lang, 'noCopies')}</p> : (
        <table className="plain" data-testid="copies">
          <thead><tr><th>{at(lang, 'agency')}</th><th>{at(lang, 'year')}</th><th>{at(lang, 'similarity')}</th><th>{at(lang, 'message')}</th></tr></thead>
          <tbody>
            {narratives.map((n) => (
              <tr key={`n-${n.reportId}`} data-testid="copy-row">
                <td><AgencyLink id={n.agencyId} name={name(n.agencyId)} /></td>
                <td>{n.prevYear}→{n.year}</td>
                <td className="num">{n.percent.toFixed(1)}%</td>
                <td>{pick(lang, n.message)}</td>
              </tr>
            ))}
            {identical.map((x) => (
              <tr key={`t-${x.reportId}-${x.table}`} data-testid="copy-row">
                <td><AgencyLink id={x.agencyId} name={name(x.agencyId)} /></td>
                <td>{x.prevYear}→{x.year}</td>
                <td className="num">100% ({x.cells} {at(lang, 'identicalCells')})</td>
                <td>{pick(lang, x.message)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <MoreRows shown={Math.min(count, total)} total={total} onMore={more} testId="copies-more" lang={lang} />
    </>
  );
}

function RankingView({ audit, lang }: { audit: AuditResult; lang: Lang }) {
  // Supervisors usually look for the weakest agencies first; the rank numbers stay best-first.
  const [worstFirst, setWorstFirst] = useState(false);
  const ordered = useMemo(() => (worstFirst ? [...audit.ranking].reverse() : audit.ranking), [audit, worstFirst]);
  const [count, more] = useRowCount(ordered);
  const rows = useMemo(() => ordered.slice(0, count), [ordered, count]);
  return (
    <>
      <p className="definition" data-testid="score-formula"><strong>{at(lang, 'score')}{lang === 'zh' ? '：' : ': '}</strong>{pick(lang, SCORE_FORMULA)}</p>
      <label className="filter-field"><input type="checkbox" checked={worstFirst} onChange={(e) => { setWorstFirst(e.target.checked); }} data-testid="ranking-worst-first" /> <span>{at(lang, 'worstFirst')}</span></label>
      {rows.length < audit.ranking.length ? <p className="note" data-testid="ranking-capped">{at(lang, 'rankingFirst', { shown: rows.length, total: audit.ranking.length })}</p> : null}
      <div className="table-scroll ranking-scroll">
        <table className="plain" data-testid="ranking">
          <thead><tr><th className="num">{at(lang, 'rank')}</th><th>{at(lang, 'agency')}</th><th className="num">{at(lang, 'score')}</th><th>{at(lang, 'deductions')}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.agencyId} data-testid="ranking-row" data-agency={r.agencyId}>
                <td className="num">{r.rank}</td>
                <td><AgencyLink id={r.agencyId} name={r.agencyName ?? r.agencyId} /></td>
                <td className="num" data-testid="ranking-score">{r.score}</td>
                <td>{r.deductions.map((d) => `${String(d.count)}×${String(SCORE_WEIGHTS[d.category])} ${CATEGORY_LABEL[d.category][lang]}`).join('；') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <MoreRows shown={rows.length} total={ordered.length} onMore={more} testId="ranking-more" lang={lang} />
    </>
  );
}

function SheetView({ audit, lang }: { audit: AuditResult; lang: Lang }) {
  const withFindings = useMemo(() => audit.ranking.filter((r) => r.deductions.length > 0), [audit]);
  const [chosen, setChosen] = useState<string>('');
  const agencyId = chosen !== '' ? chosen : (withFindings[0]?.agencyId ?? audit.ranking[0]?.agencyId ?? '');
  const options = useMemo(() => {
    const first = audit.ranking.slice(0, SHEET_OPTIONS);
    // The agency shown (by default the first with findings, often past the cut) stays choosable.
    const current = audit.ranking.find((r) => r.agencyId === agencyId);
    return current && !first.includes(current) ? [...first, current] : first;
  }, [audit, agencyId]);
  const html = useMemo(() => {
    if (agencyId === '') return null;
    const a = audit.grid.agencies.find((x) => x.agencyId === agencyId);
    return agencySheetHtml(agencySheet(audit, agencyId), { lang, date: new Date().toISOString().slice(0, 10), ...(a ? { region: region(a) } : {}) });
  }, [audit, agencyId, lang]);
  const print = (): void => {
    const frame = document.getElementById('audit-sheet-frame');
    if (frame instanceof HTMLIFrameElement) frame.contentWindow?.print();
  };
  if (html === null) return <Empty>{at(lang, 'noCoverage')}</Empty>;
  return (
    <>
      <div className="toolbar">
        <label className="filter-field">
          <span>{at(lang, 'sheetPick')}</span>
          <select value={agencyId} onChange={(e) => { setChosen(e.target.value); }} data-testid="sheet-agency">
            {options.map((r) => <option key={r.agencyId} value={r.agencyId}>{`${r.agencyName ?? r.agencyId} (${String(r.score)})`}</option>)}
          </select>
        </label>
        <button type="button" onClick={print} data-testid="sheet-print">{at(lang, 'print')}</button>
      </div>
      {audit.ranking.length > SHEET_OPTIONS ? <p className="note" data-testid="sheet-capped">{at(lang, 'sheetFirst', { shown: SHEET_OPTIONS, total: audit.ranking.length })}</p> : null}
      {/* sandbox without scripts: the sheet is static HTML; allow-modals lets print() open its dialog. */}
      <iframe id="audit-sheet-frame" className="sheet-frame" title={at(lang, 'sheet')} srcDoc={html} sandbox="allow-same-origin allow-modals" data-testid="sheet-frame" />
    </>
  );
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
const fmt = (v: unknown, lang: Lang): string => num(v).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');

/** The findings, reports and agencies of a `findingsSummarySql` row, and their headings. */
function CountCells({ r, lang }: { r: Record<string, unknown>; lang: Lang }) {
  return <>{(['findings', 'reports', 'agencies'] as const).map((k) => <td key={k} className="num">{fmt(r[k], lang)}</td>)}</>;
}

function CountHeads({ lang }: { lang: Lang }) {
  return <>{(['nFindings', 'nReports', 'nAgencies'] as const).map((k) => <th key={k} className="num">{at(lang, k)}</th>)}</>;
}

/**
 * A selection too large for the finding-by-finding audit: failed checks counted by rule and by
 * province (each province a link that narrows the selection to it).
 */
function OverviewMode({ o, lang, uncertain, setUncertain }: { o: AuditOverview; lang: Lang; uncertain: boolean; setUncertain: (v: boolean) => void }) {
  const setProvince = useApp((s) => s.setProvince);
  const total = o.byRule.reduce((a, r) => a + num(r.findings), 0);
  return (
    <div className="audit-view" data-testid="audit-view">
      <p className="note warn" data-testid="audit-overview-note">{pick(lang, auditOverviewNote(o))}</p>
      <label className="filter-field"><input type="checkbox" checked={uncertain} onChange={(e) => { setUncertain(e.target.checked); }} data-testid="audit-uncertain" /> <span>{at(lang, 'uncertain')}</span></label>
      <p role="status" data-testid="audit-summary" data-findings={total} data-mode="overview">{at(lang, 'overviewSummary', { findings: fmt(total, lang), reports: fmt(o.reports, lang) })}</p>
      <div className="audit-grid">
        <section className="card" aria-labelledby="audit-by-rule-title">
          <h3 id="audit-by-rule-title">{at(lang, 'byRule')}</h3>
          <table className="plain" data-testid="audit-overview-rules">
            <thead><tr><th>{at(lang, 'rule')}</th><th>{at(lang, 'severity')}</th><CountHeads lang={lang} /></tr></thead>
            <tbody>
              {o.byRule.map((r) => {
                const id = typeof r.rule_id === 'string' ? r.rule_id : '';
                const sev = typeof r.severity === 'string' ? r.severity : '';
                return (
                  <tr key={id} className={`sev-${sev}`}>
                    <td><span className="rule-id">{id}</span> {ruleTitle(id, lang)}</td>
                    <td>{AUDIT_SEVERITIES.some((x) => x === sev) ? at(lang, `sev_${sev}` as AuditTextKey) : sev}</td>
                    <CountCells r={r} lang={lang} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="audit-by-province-title">
          <h3 id="audit-by-province-title">{at(lang, 'byProvince')}</h3>
          <table className="plain" data-testid="audit-overview-provinces">
            <thead><tr><th>{at(lang, 'provinceCol')}</th><CountHeads lang={lang} /></tr></thead>
            <tbody>
              {o.byProvince.map((r) => {
                const p = typeof r.province === 'string' ? r.province : null;
                return (
                  <tr key={p ?? ''}>
                    <td>{p === null ? '—' : <button type="button" className="link" onClick={() => { setProvince(p); }} title={at(lang, 'narrowTo', { name: p })}>{p}</button>}</td>
                    <CountCells r={r} lang={lang} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}

function exportFindings(findings: readonly Finding[], lang: Lang, format: 'csv' | 'xlsx'): void {
  const { columns, rows } = findingsToRows(findings, lang);
  const stem = lang === 'zh' ? '审查发现' : 'audit-findings';
  if (format === 'csv') downloadBlob(`${stem}.csv`, toCsv(columns, rows), MIME.csv);
  else downloadBlob(`${stem}.xlsx`, toXlsx([{ name: stem, columns, rows }]), MIME.xlsx);
}

export function AuditView() {
  const lang = useLang();
  const typeLabel = useTypeLabel();
  const f = useFilters();
  // The findings table's filters live in the URL (view parameters), so a shared link reopens the same list.
  const ap = useApp((s) => s.ui.params.audit);
  const setParams = useApp((s) => s.setParams);
  const setAudit = (patch: Partial<AuditParams>): void => { setParams({ audit: { ...ap, ...patch } }); };
  const { rule, severity, source, agencyType, groupBy, uncertain: withUncertain } = ap;
  const statuses = useMemo(() => auditStatuses(withUncertain), [withUncertain]);
  const q = useAudit(f, statuses);
  const full = q.result?.kind === 'full' ? q.result.result : null;

  const all = useMemo(() => full?.findings ?? [], [full]);
  const shown = useMemo(
    () => filterFindings(all, {
      rules: rule === '' ? [] : [rule],
      severities: severity === '' ? [] : [severity],
      sources: source === '' ? [] : [source],
      agencyTypes: agencyType === '' ? [] : [agencyType],
    }),
    [all, rule, severity, source, agencyType],
  );
  const rulesPresent = useMemo(() => {
    const ids = new Set(all.map((x) => x.ruleId));
    const known = ruleCatalogue().map((r) => r.id).filter((id) => ids.has(id));
    return [...known, ...[...ids].filter((id) => !known.includes(id))];
  }, [all]);
  const typesPresent = useMemo(() => [...new Set(all.map((x) => x.agencyType ?? ''))].filter((x) => x !== ''), [all]);

  const counts = useMemo(() => ({
    agencies: new Set(shown.map((x) => x.agencyId)).size,
    reports: new Set(shown.flatMap((x) => (x.reportId === null ? [] : [x.reportId]))).size,
  }), [shown]);
  const timelyAll = useMemo(() => all.filter((x) => x.source === 'timeliness' || x.ruleId === 'TIMELINESS'), [all]);
  const [timelyCount, moreTimely] = useRowCount(timelyAll);

  if (q.error) return <ErrorBox error={q.error} />;
  if (!q.result) return <Loading show={q.slow} />;
  if (q.result.kind === 'overview') {
    return <OverviewMode o={q.result.overview} lang={lang} uncertain={withUncertain} setUncertain={(v) => { setAudit({ uncertain: v }); }} />;
  }
  const audit = q.result.result;
  const { agencies, reports } = counts;
  const timely = timelyAll.slice(0, timelyCount);

  return (
    <div className="audit-view" data-testid="audit-view">
      <p className="note">{at(lang, 'intro')}</p>
      <section className="card wide" aria-labelledby="audit-findings-title">
        <div className="card-head">
          <h3 id="audit-findings-title">{at(lang, 'findings')}</h3>
          <div className="export-buttons" role="group">
            <button type="button" disabled={shown.length === 0} onClick={() => { exportFindings(shown, lang, 'csv'); }} data-testid="audit-export-csv">{at(lang, 'exportCsv')}</button>
            <button type="button" disabled={shown.length === 0} onClick={() => { exportFindings(shown, lang, 'xlsx'); }} data-testid="audit-export-xlsx">{at(lang, 'exportXlsx')}</button>
          </div>
        </div>
        <div className="toolbar" role="group" aria-label={at(lang, 'findings')}>
          <label className="filter-field"><span>{at(lang, 'rule')}</span>
            <select value={rule} onChange={(e) => { setAudit({ rule: e.target.value }); }} data-testid="audit-rule">
              <option value="">{at(lang, 'all')}</option>
              {rulesPresent.map((id) => <option key={id} value={id}>{`${id} ${ruleTitle(id, lang)}`}</option>)}
            </select>
          </label>
          <label className="filter-field"><span>{at(lang, 'severity')}</span>
            <select value={severity} onChange={(e) => { setAudit({ severity: AUDIT_SEVERITIES.find((x) => x === e.target.value) ?? '' }); }} data-testid="audit-severity">
              <option value="">{at(lang, 'all')}</option>
              {SEVERITIES.map((s) => <option key={s} value={s}>{at(lang, `sev_${s}`)}</option>)}
            </select>
          </label>
          <label className="filter-field"><span>{at(lang, 'source')}</span>
            <select value={source} onChange={(e) => { setAudit({ source: AUDIT_SOURCES.find((x) => x === e.target.value) ?? '' }); }} data-testid="audit-source">
              <option value="">{at(lang, 'all')}</option>
              {SOURCES.map((s) => <option key={s} value={s}>{at(lang, `src_${s}`)}</option>)}
            </select>
          </label>
          <label className="filter-field"><span>{at(lang, 'agencyType')}</span>
            <select value={agencyType} onChange={(e) => { setAudit({ agencyType: e.target.value }); }} data-testid="audit-type">
              <option value="">{at(lang, 'all')}</option>
              {typesPresent.map((s) => <option key={s} value={s}>{typeLabel(s)}</option>)}
            </select>
          </label>
          <label className="filter-field"><span>{at(lang, 'groupBy')}</span>
            <select value={groupBy} onChange={(e) => { setAudit({ groupBy: AUDIT_GROUPS.find((x) => x === e.target.value) ?? '' }); }} data-testid="audit-group">
              {GROUPS.map((g) => <option key={g} value={g}>{at(lang, g === '' ? 'noGroup' : g)}</option>)}
            </select>
          </label>
          <label className="filter-field"><input type="checkbox" checked={withUncertain} onChange={(e) => { setAudit({ uncertain: e.target.checked }); }} data-testid="audit-uncertain" /> <span>{at(lang, 'uncertain')}</span></label>
        </div>
        <p role="status" data-testid="audit-summary" data-findings={shown.length}>{at(lang, 'summary', { findings: shown.length, agencies, reports })}</p>
        {shown.length === 0 ? <Empty>{at(lang, 'noFindings')}</Empty> : <FindingsTable findings={shown} groupBy={groupBy} lang={lang} />}
      </section>
      <div className="audit-grid">
        <section className="card" aria-labelledby="audit-ranking-title">
          <h3 id="audit-ranking-title">{at(lang, 'ranking')}</h3>
          <WhenNear placeholderHeight={LOWER_CARD_PX} testId="ranking-pending"><RankingView audit={audit} lang={lang} /></WhenNear>
        </section>
        <section className="card" aria-labelledby="audit-copies-title">
          <h3 id="audit-copies-title">{at(lang, 'copies')}</h3>
          <WhenNear placeholderHeight={LOWER_CARD_PX} testId="copies-pending">
            <CopiesView audit={audit} lang={lang} />
            <h3>{at(lang, 'timeliness')}</h3>
            <p className="note">{at(lang, 'timelinessHelp')}</p>
            {timely.length < timelyAll.length ? <p className="note" data-testid="timeliness-capped">{at(lang, 'listFirst', { shown: timely.length, total: timelyAll.length })}</p> : null}
            {timely.length === 0 ? <p data-testid="timeliness-none">{at(lang, 'timelinessNone')}</p> : (
              <ul data-testid="timeliness">
                {timely.map((x) => <li key={`${x.reportId ?? ''}-${x.scope}`}><AgencyLink id={x.agencyId} name={x.agencyName ?? x.agencyId} /> {x.year ?? ''}: {pick(lang, x.message)}</li>)}
              </ul>
            )}
            <MoreRows shown={timely.length} total={timelyAll.length} onMore={moreTimely} testId="timeliness-more" lang={lang} />
          </WhenNear>
        </section>
      </div>
      <section className="card wide" aria-labelledby="audit-coverage-title">
        <h3 id="audit-coverage-title">{at(lang, 'coverage')}</h3>
        <WhenNear placeholderHeight={LOWER_CARD_PX} testId="coverage-pending"><CoverageGridView audit={audit} lang={lang} /></WhenNear>
      </section>
      <section className="card wide" aria-labelledby="audit-sheet-title">
        <h3 id="audit-sheet-title">{at(lang, 'sheet')}</h3>
        <WhenNear placeholderHeight={120} testId="sheet-pending"><SheetView audit={audit} lang={lang} /></WhenNear>
      </section>
    </div>
  );
}
