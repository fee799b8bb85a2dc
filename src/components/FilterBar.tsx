/** The filter bar shared by every view: years, province → city → district, agency type, name search, template. */
import { useMemo } from 'react';
import { filterOptionsSql } from '../queries/corpus';
import { useApp } from '../store/store';
import { AGENCY_TYPES, isUnfiltered } from '../store/filters';
import { useLang, useT } from '../i18n/useT';
import { codeLabel } from '../i18n/summary';
import { useQuery } from './useQuery';
import { useReachedFor, type ReachedFor } from './useReachedFor';

interface Option {
  readonly kind: string;
  readonly value: string;
  readonly province: string | null;
  readonly city: string | null;
  readonly reports: number;
}

const FILTER_OPTIONS_SQL = filterOptionsSql();

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

function readOptions(rows: readonly Record<string, unknown>[]): Option[] {
  const out: Option[] = [];
  for (const r of rows) {
    const kind = str(r.kind);
    const value = str(r.value);
    if (kind === null || value === null) continue;
    out.push({ kind, value, province: str(r.province), city: str(r.city), reports: Number(r.reports ?? 0) });
  }
  return out;
}

function Chip({ pressed, onClick, children, testId }: { pressed: boolean; onClick: () => void; children: string; testId: string }) {
  return (
    <button type="button" className={`chip${pressed ? ' on' : ''}`} aria-pressed={pressed} onClick={onClick} data-testid={testId}>
      {children}
    </button>
  );
}

export function FilterBar() {
  const t = useT();
  const lang = useLang();
  const f = useApp((s) => s.filters);
  const st = useApp((s) => s);
  const q = useQuery(FILTER_OPTIONS_SQL, 'filter-options');
  const options = useMemo(() => readOptions(q.result?.rows ?? []), [q.result]);

  const years = options.filter((o) => o.kind === 'year').map((o) => Number(o.value)).sort((a, b) => a - b);
  const provinces = options.filter((o) => o.kind === 'province');
  const cities = options.filter((o) => o.kind === 'city' && o.province === f.province);
  const districts = options.filter((o) => o.kind === 'district' && o.province === f.province && o.city === f.city);
  const templates = options.filter((o) => o.kind === 'template').map((o) => o.value);
  const presentTypes = new Set(options.filter((o) => o.kind === 'agency_type').map((o) => o.value));
  const types = [...AGENCY_TYPES.filter((x) => presentTypes.has(x) || f.agencyTypes.includes(x))];

  // The city and district lists change with the province and the city: their options are created
  // when the reader reaches for them (useReachedFor); the province list changes only with the corpus.
  const cityList = useReachedFor(f.province ?? '');
  const districtList = useReachedFor(`${f.province ?? ''}\u0000${f.city ?? ''}`);

  const select = (id: string, label: string, value: string | null, items: readonly Option[], onChange: (v: string | null) => void, disabled = false, lazy?: ReachedFor) => {
    const shown = lazy === undefined || lazy.reached ? items : items.filter((o) => o.value === value);
    return (
      <label className="filter-field" htmlFor={id}>
        <span>{label}</span>
        <select
          id={id}
          data-testid={id}
          value={value ?? ''}
          disabled={disabled}
          onChange={(e) => { onChange(e.target.value === '' ? null : e.target.value); }}
          {...lazy?.reach}
        >
          <option value="">{t('filters.all')}</option>
          {value !== null && !items.some((o) => o.value === value) ? <option value={value}>{value}</option> : null}
          {shown.map((o) => (
            <option key={`${o.province ?? ''}/${o.city ?? ''}/${o.value}`} value={o.value}>
              {o.value} ({o.reports})
            </option>
          ))}
        </select>
      </label>
    );
  };

  return (
    <section className="filter-bar" aria-label={t('filters.label')} data-testid="filter-bar">
      <div className="filter-group" role="group" aria-label={t('filters.years')}>
        <span className="filter-label">{t('filters.years')}</span>
        {years.map((y) => (
          <Chip key={y} pressed={f.years.includes(y)} onClick={() => { st.toggleYear(y); }} testId={`year-${String(y)}`}>
            {String(y)}
          </Chip>
        ))}
      </div>
      <div className="filter-row">
        {select('filter-province', t('filters.province'), f.province, provinces, st.setProvince)}
        {select('filter-city', t('filters.city'), f.city, cities, st.setCity, f.province === null, cityList)}
        {select('filter-district', t('filters.district'), f.district, districts, st.setDistrict, f.city === null, districtList)}
        <label className="filter-field filter-search" htmlFor="filter-agency">
          <span>{t('filters.agencySearch')}</span>
          <input
            id="filter-agency"
            data-testid="filter-agency"
            type="search"
            value={f.agencyQuery}
            placeholder={t('filters.agencySearch.placeholder')}
            onChange={(e) => { st.setAgencyQuery(e.target.value); }}
          />
        </label>
      </div>
      <div className="filter-row">
        <div className="filter-group" role="group" aria-label={t('filters.agencyType')}>
          <span className="filter-label">{t('filters.agencyType')}</span>
          {types.map((x) => (
            <Chip key={x} pressed={f.agencyTypes.includes(x)} onClick={() => { st.toggleAgencyType(x); }} testId={`type-${x}`}>
              {codeLabel(lang, 'type', x)}
            </Chip>
          ))}
        </div>
        <div className="filter-group" role="group" aria-label={t('filters.template')}>
          <span className="filter-label">{t('filters.template')}</span>
          {templates.map((x) => (
            <Chip key={x} pressed={f.templates.includes(x)} onClick={() => { st.toggleTemplate(x); }} testId={`tpl-${x}`}>
              {codeLabel(lang, 'template', x)}
            </Chip>
          ))}
        </div>
        <button type="button" className="reset" onClick={st.resetFilters} disabled={isUnfiltered(f)} data-testid="filter-reset">
          {t('filters.reset')}
        </button>
      </div>
    </section>
  );
}
