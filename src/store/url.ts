/**
 * The URL is the shareable form of the view: filters, view, view parameters and language live in the
 * query string. Parsing goes through zod so a hand-edited or stale link degrades to defaults, never crashes.
 */
import { z } from 'zod';
import { NO_FILTERS, type FilterState } from './filters';
import { AUDIT_GROUPS, AUDIT_SEVERITIES, AUDIT_SOURCES, COMPARE_CHARTS, DEFAULT_AUDIT, DEFAULT_PARAMS, DIMENSIONS, RANK_ORDERS, VIEWS, type Lang, type ViewId, type ViewParams } from './ui';

export interface UrlState {
  readonly view: ViewId;
  readonly lang: Lang;
  readonly filters: FilterState;
  readonly params: ViewParams;
}

export const DEFAULT_URL_STATE: UrlState = { view: 'overview', lang: 'zh', filters: NO_FILTERS, params: DEFAULT_PARAMS };

const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''));
const text = z.string().max(200);

const UrlQuery = z.object({
  view: z.enum(VIEWS).catch('overview'),
  lang: z.enum(['zh', 'en']).catch('zh'),
  years: list
    .transform((xs) => [...new Set(xs.map(Number).filter((n) => Number.isInteger(n) && n >= 1990 && n <= 2100))].sort((a, b) => a - b))
    .catch([]),
  province: text.nullable().catch(null),
  city: text.nullable().catch(null),
  district: text.nullable().catch(null),
  types: list.catch([]),
  q: text.catch(''),
  tpl: list.transform((xs) => [...new Set(xs)].sort()).catch([]),
  metric: z.string().regex(/^[a-z0-9_]{1,64}$/).catch(DEFAULT_PARAMS.metric),
  dim: z.enum(DIMENSIONS).catch(DEFAULT_PARAMS.dimension),
  chart: z.enum(COMPARE_CHARTS).catch(DEFAULT_PARAMS.chart),
  order: z.enum(RANK_ORDERS).catch(DEFAULT_PARAMS.order),
  share: z.enum(['0', '1']).transform((s) => s === '1').catch(false),
  agency: text.nullable().catch(null),
  // Audit findings table: rule id, severity, source, agency type, grouping, uncertain shown.
  arule: z.string().regex(/^[A-Za-z0-9_.-]{0,40}$/).catch(''),
  asev: z.enum(['', ...AUDIT_SEVERITIES]).catch(''),
  asrc: z.enum(['', ...AUDIT_SOURCES]).catch(''),
  atype: z.string().regex(/^[a-z_]{0,20}$/).catch(''),
  agroup: z.enum(AUDIT_GROUPS).catch(''),
  aunc: z.enum(['0', '1']).transform((s) => s === '1').catch(false),
});

/** Reads a query string (with or without the leading `?`). Unknown or invalid values fall back to defaults. */
export function parseUrlState(search: string): UrlState {
  const sp = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const get = (k: string): string | undefined => sp.get(k) ?? undefined;
  const raw = {
    view: get('view') ?? 'overview',
    lang: get('lang') ?? 'zh',
    years: get('years') ?? '',
    province: get('province') ?? null,
    city: get('city') ?? null,
    district: get('district') ?? null,
    types: get('types') ?? '',
    q: get('q') ?? '',
    tpl: get('tpl') ?? '',
    metric: get('metric') ?? DEFAULT_PARAMS.metric,
    dim: get('dim') ?? DEFAULT_PARAMS.dimension,
    chart: get('chart') ?? DEFAULT_PARAMS.chart,
    order: get('order') ?? DEFAULT_PARAMS.order,
    share: get('share') ?? '0',
    agency: get('agency') ?? null,
    arule: get('arule') ?? '',
    asev: get('asev') ?? '',
    asrc: get('asrc') ?? '',
    atype: get('atype') ?? '',
    agroup: get('agroup') ?? '',
    aunc: get('aunc') ?? '0',
  };
  const p = UrlQuery.parse(raw);
  // A city without its province (or a district without its city) cannot come from the UI's cascade.
  const province = p.province;
  const city = province === null ? null : p.city;
  const district = city === null ? null : p.district;
  return {
    view: p.view,
    lang: p.lang,
    filters: { years: p.years, province, city, district, agencyTypes: p.types, agencyQuery: p.q, templates: p.tpl },
    params: {
      metric: p.metric, dimension: p.dim, chart: p.chart, order: p.order, share: p.share, agency: p.agency,
      audit: { rule: p.arule, severity: p.asev, source: p.asrc, agencyType: p.atype, groupBy: p.agroup, uncertain: p.aunc },
    },
  };
}

/** Writes the state as a query string (leading `?`, or '' for the defaults); defaults are left out to keep links short. */
export function formatUrlState(s: UrlState): string {
  const sp = new URLSearchParams();
  const d = DEFAULT_URL_STATE;
  if (s.view !== d.view) sp.set('view', s.view);
  if (s.lang !== d.lang) sp.set('lang', s.lang);
  const f = s.filters;
  if (f.years.length) sp.set('years', f.years.join(','));
  if (f.province !== null) sp.set('province', f.province);
  if (f.city !== null) sp.set('city', f.city);
  if (f.district !== null) sp.set('district', f.district);
  if (f.agencyTypes.length) sp.set('types', f.agencyTypes.join(','));
  if (f.agencyQuery !== '') sp.set('q', f.agencyQuery);
  if (f.templates.length) sp.set('tpl', f.templates.join(','));
  const p = s.params;
  if (p.metric !== d.params.metric) sp.set('metric', p.metric);
  if (p.dimension !== d.params.dimension) sp.set('dim', p.dimension);
  if (p.chart !== d.params.chart) sp.set('chart', p.chart);
  if (p.order !== d.params.order) sp.set('order', p.order);
  if (p.share) sp.set('share', '1');
  if (p.agency !== null) sp.set('agency', p.agency);
  const a = p.audit;
  if (a.rule !== DEFAULT_AUDIT.rule) sp.set('arule', a.rule);
  if (a.severity !== DEFAULT_AUDIT.severity) sp.set('asev', a.severity);
  if (a.source !== DEFAULT_AUDIT.source) sp.set('asrc', a.source);
  if (a.agencyType !== DEFAULT_AUDIT.agencyType) sp.set('atype', a.agencyType);
  if (a.groupBy !== DEFAULT_AUDIT.groupBy) sp.set('agroup', a.groupBy);
  if (a.uncertain) sp.set('aunc', '1');
  const out = sp.toString();
  return out === '' ? '' : `?${out}`;
}

/**
 * Whether going from `a` to `b` deserves its own history entry. Typing in the agency search only
 * replaces the current entry, so back does not step through every keystroke.
 */
export function isNavigation(a: UrlState, b: UrlState): boolean {
  return formatUrlState({ ...a, filters: { ...a.filters, agencyQuery: '' } }) !== formatUrlState({ ...b, filters: { ...b.filters, agencyQuery: '' } });
}
