/**
 * The review screen of one imported file: what was detected, the identity form (corrections go
 * through `applyEdits`), every table in the official layout with blank, `/`, text and failing cells
 * marked and each cell's source in its tooltip, the failed checks and the parse notes.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { AGENCY_TYPES, type AgencyType } from '../../corpus/agency';
import { applyEdits } from '../../import/pipeline';
import type { IdentityEdits, ParsedImport } from '../../import/types';
import type { Cell } from '../../model/report';
import type { CheckResult } from '../../model/checks';
import type { PendingImport } from '../../store/imports';
import { codeLabel } from '../../i18n/summary';
import type { Lang } from '../../i18n';
import { activeLayout, layoutVersions, requestsLayout, reviewLayout, type TableLayout } from '../agencyLayout';
import { cellDisplay, editsFromForm, failedChecks, failsByKey, formOf, provenancePlace, type IdentityForm } from './model';
import { tx } from './strings';

function LayoutTable({ layout, cells, fails, lang }: {
  layout: TableLayout;
  cells: ReadonlyMap<string, Cell>;
  fails: ReadonlyMap<string, CheckResult[]>;
  lang: Lang;
}) {
  const width = Math.max(...layout.rows.map((r) => r.keys.length + (r.label ? 1 : 0)), 1);
  const label = (l: { zh: string; en: string }): string => (lang === 'zh' ? l.zh : l.en);
  return (
    <table className="official" data-layout={layout.id}>
      {layout.caption ? <caption>{label(layout.caption)}</caption> : null}
      <thead>
        {layout.head.map((row, i) => (
          <tr key={i}>
            {row.map((h, j) => <th key={j} colSpan={h.colSpan} rowSpan={h.rowSpan} scope="col">{label(h.label)}</th>)}
          </tr>
        ))}
      </thead>
      <tbody>
        {layout.rows.map((r, i) =>
          r.heading ? (
            <tr key={i} className="section"><th colSpan={width} scope="rowgroup">{label(r.heading)}</th></tr>
          ) : (
            <tr key={i}>
              {r.label ? <th scope="row">{label(r.label)}</th> : null}
              {r.keys.map((k) => {
                const d = cellDisplay(cells.get(k), fails.get(k) ?? [], lang);
                return (
                  <td key={k} className={d.className} title={d.title} data-key={k} data-semantic={d.kind} data-failing={d.failing ? 'true' : undefined}>
                    {d.text}
                  </td>
                );
              })}
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

function Tables({ parsed, lang }: { parsed: ParsedImport; lang: Lang }) {
  const cells = useMemo(() => new Map(parsed.report.cells.map((c) => [c.key, c])), [parsed.report.cells]);
  const fails = useMemo(() => failsByKey(parsed.checks), [parsed.checks]);
  const versions = layoutVersions(parsed.report.meta.template);
  if (versions === null) {
    return <p className="note" data-testid="review-no-tables">{tx(lang, 'noTables', { template: codeLabel(lang, 'template', parsed.report.meta.template) })}</p>;
  }
  return (
    <div className="review-tables" data-testid="review-tables">
      <p className="legend note">
        {tx(lang, 'legend')}
        <span className="swatch cell blank">{tx(lang, 'legendBlank')}</span>
        <span className="swatch cell na">{tx(lang, 'legendNa')}</span>
        <span className="swatch cell text">{tx(lang, 'legendText')}</span>
        <span className="swatch cell absent">{tx(lang, 'legendAbsent')}</span>
        <span className="swatch cell fail">{tx(lang, 'legendFail')}</span>
      </p>
      <h4>{tx(lang, 'tableActive')}</h4>
      {activeLayout(versions.active).map((l) => <LayoutTable key={l.id} layout={l} cells={cells} fails={fails} lang={lang} />)}
      <h4>{tx(lang, 'tableRequests')}</h4>
      <LayoutTable layout={requestsLayout(versions.requests)} cells={cells} fails={fails} lang={lang} />
      <h4>{tx(lang, 'tableReview')}</h4>
      <LayoutTable layout={reviewLayout()} cells={cells} fails={fails} lang={lang} />
    </div>
  );
}

function IdentityFormView({ detected, edits, onEdit, lang }: {
  detected: ParsedImport['identity'];
  edits: IdentityEdits;
  onEdit: (edits: IdentityEdits) => void;
  lang: Lang;
}) {
  const [form, setForm] = useState<IdentityForm>(() => formOf({ ...detected, ...editsAsIdentity(edits) }));
  const { invalid } = editsFromForm(detected, form);
  const set = (patch: Partial<IdentityForm>): void => {
    const next = { ...form, ...patch };
    setForm(next);
    const r = editsFromForm(detected, next);
    // A field typed wrong (mid-typing a year) keeps its last good correction; the field shows the error.
    onEdit({
      ...r.edits,
      ...(r.invalid.includes('agencyName') && edits.agencyName !== undefined ? { agencyName: edits.agencyName } : {}),
      ...(r.invalid.includes('year') && edits.year !== undefined ? { year: edits.year } : {}),
    });
  };
  const field = (key: 'agencyName' | 'province' | 'city' | 'district', label: string) => (
    <label className="filter-field" htmlFor={`import-${key}`}>
      <span>{label}</span>
      <input
        id={`import-${key}`}
        data-testid={`import-edit-${key}`}
        value={form[key]}
        aria-invalid={invalid.includes(key as 'agencyName') ? true : undefined}
        onChange={(e) => { set(key === 'agencyName' ? { agencyName: e.target.value } : key === 'province' ? { province: e.target.value } : key === 'city' ? { city: e.target.value } : { district: e.target.value }); }}
      />
    </label>
  );
  return (
    <form className="import-form" onSubmit={(e) => { e.preventDefault(); }}>
      {field('agencyName', tx(lang, 'agency'))}
      {field('province', tx(lang, 'province'))}
      {field('city', tx(lang, 'city'))}
      {field('district', tx(lang, 'district'))}
      <label className="filter-field" htmlFor="import-agencyType">
        <span>{tx(lang, 'agencyType')}</span>
        <select id="import-agencyType" data-testid="import-edit-agencyType" value={form.agencyType} onChange={(e) => { set({ agencyType: toAgencyType(e.target.value, form.agencyType) }); }}>
          {AGENCY_TYPES.map((t) => <option key={t} value={t}>{codeLabel(lang, 'type', t)}</option>)}
        </select>
      </label>
      <label className="filter-field" htmlFor="import-year">
        <span>{tx(lang, 'year')}</span>
        <input id="import-year" data-testid="import-edit-year" inputMode="numeric" size={6} value={form.year} aria-invalid={invalid.includes('year') ? true : undefined} onChange={(e) => { set({ year: e.target.value }); }} />
      </label>
      {invalid.includes('year') ? <span className="field-error" role="alert">{tx(lang, 'yearInvalid')}</span> : null}
      {invalid.includes('agencyName') ? <span className="field-error" role="alert">{tx(lang, 'agencyEmpty')}</span> : null}
      {Object.keys(edits).length > 0 ? (
        <button type="button" data-testid="import-edit-reset" onClick={() => { setForm(formOf(detected)); onEdit({}); }}>{tx(lang, 'resetEdits')}</button>
      ) : null}
    </form>
  );
}

function toAgencyType(v: string, fallback: AgencyType): AgencyType {
  return AGENCY_TYPES.find((t) => t === v) ?? fallback;
}

/** The identity fields that edits replace, for filling the form (undefined fields stay as detected). */
function editsAsIdentity(e: IdentityEdits): Partial<ParsedImport['identity']> {
  const out: { -readonly [K in keyof ParsedImport['identity']]?: ParsedImport['identity'][K] } = {};
  if (e.agencyName !== undefined) out.agencyName = e.agencyName;
  if (e.province !== undefined) out.province = e.province;
  if (e.city !== undefined) out.city = e.city;
  if (e.district !== undefined) out.district = e.district;
  if (e.agencyType !== undefined) out.agencyType = e.agencyType;
  if (e.year !== undefined) out.year = e.year;
  return out;
}

/** The review of the selected row; `edits` are the user's corrections so far. */
export function ReviewPanel({ row, edits, onEdit, lang }: {
  row: PendingImport;
  edits: IdentityEdits;
  onEdit: (edits: IdentityEdits) => void;
  lang: Lang;
}) {
  const { item } = row;
  const original = item.parsed;
  const parsed = useMemo(() => (original ? applyEdits(original, edits) : undefined), [original, edits]);
  const top = useRef<HTMLElement>(null);
  // The review opens below the list: bring it into view when another report is chosen.
  useEffect(() => { top.current?.scrollIntoView({ block: 'start' }); }, [row.key]);
  if (item.failure) {
    return (
      <section ref={top} className="card review-panel" data-testid="import-review" data-key={row.key} aria-label={tx(lang, 'review')}>
        <h3>{tx(lang, 'review')}：{item.relPath}</h3>
        <p className="state state-error" role="alert" data-testid="import-review-failure">
          {tx(lang, 'reviewFailed')}{lang === 'zh' ? item.failure.message.zh : item.failure.message.en}
        </p>
      </section>
    );
  }
  if (!parsed || !original) return null;
  const meta = parsed.report.meta;
  const failed = failedChecks(parsed.checks);
  const det = original.identity;
  return (
    <section ref={top} className="card review-panel" data-testid="import-review" data-key={row.key} data-report-id={parsed.identity.reportId} aria-label={tx(lang, 'review')}>
      <h3>{tx(lang, 'review')}：{item.relPath}</h3>
      <dl className="review-facts" data-testid="import-detected">
        <div><dt>{tx(lang, 'reportId')}</dt><dd>{parsed.identity.reportId}</dd></div>
        <div><dt>{tx(lang, 'agency')}</dt><dd data-testid="detected-agency">{det.agencyName ?? '—'}</dd></div>
        <div><dt>{tx(lang, 'year')}</dt><dd data-testid="detected-year">{det.year ?? '—'}</dd></div>
        <div><dt>{tx(lang, 'template')}</dt><dd data-testid="detected-template">{codeLabel(lang, 'template', meta.template)}</dd></div>
        <div><dt>{tx(lang, 'format')}</dt><dd>{meta.sourceFormat.toUpperCase()}</dd></div>
        <div><dt>{tx(lang, 'cells')}</dt><dd data-testid="detected-cells">{parsed.report.cells.length}</dd></div>
        <div><dt>{tx(lang, 'failedChecks')}</dt><dd data-testid="detected-failed">{failed.length}</dd></div>
      </dl>
      <IdentityFormView key={row.key} detected={det} edits={edits} onEdit={onEdit} lang={lang} />
      <Tables parsed={parsed} lang={lang} />
      <div className="failed-checks" data-testid="import-failed-checks">
        <h4>{tx(lang, 'failedChecks')}</h4>
        {failed.length === 0 ? <p className="note">{tx(lang, 'noFailedChecks')}</p> : (
          <ul>{failed.map((c, i) => <li key={i}><code>{c.ruleId}</code> {lang === 'zh' ? c.message.zh : c.message.en}</li>)}</ul>
        )}
      </div>
      <div className="diagnostics" data-testid="import-diagnostics">
        <h4>{tx(lang, 'diagnostics')}</h4>
        {parsed.report.diagnostics.length === 0 ? <p className="note">{tx(lang, 'noDiagnostics')}</p> : (
          <ul>
            {parsed.report.diagnostics.map((d, i) => (
              <li key={i} className={`diag diag-${d.level}`}>
                <code>{d.code}</code> {lang === 'zh' ? d.message.zh : d.message.en}
                {d.provenance ? <span className="note"> · {provenancePlace(d.provenance, lang)}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
