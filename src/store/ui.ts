/** Which view is open, its parameters, the language and the toasts. */
import type { StateCreator } from 'zustand';
import type { Bilingual } from '../model/report';

export const VIEWS = ['overview', 'compare', 'requests', 'review', 'disclosure', 'agency', 'audit', 'sql', 'data'] as const;
export type ViewId = (typeof VIEWS)[number];
export type Lang = 'zh' | 'en';

export const DIMENSIONS = ['agency', 'city', 'province', 'agency_type'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const COMPARE_CHARTS = ['ranked', 'grouped', 'line', 'heatmap'] as const;
export type CompareChart = (typeof COMPARE_CHARTS)[number];
/** Compare ranking: highest first, or lowest first (the laggards a supervisory office looks for). */
export const RANK_ORDERS = ['desc', 'asc'] as const;
export type RankOrderParam = (typeof RANK_ORDERS)[number];

export const AUDIT_SEVERITIES = ['error', 'warn', 'info'] as const;
export const AUDIT_SOURCES = ['check', 'timeliness', 'coverage', 'copy'] as const;
/** How the findings table groups its rows ('' = no grouping); the values of `FindingGroupBy`. */
export const AUDIT_GROUPS = ['', 'rule', 'severity', 'province', 'city', 'agencyType', 'agency', 'year'] as const;

/** The audit findings table's own filters and grouping ('' = all), so a link to a findings list reopens it. */
export interface AuditParams {
  readonly rule: string;
  readonly severity: '' | (typeof AUDIT_SEVERITIES)[number];
  readonly source: '' | (typeof AUDIT_SOURCES)[number];
  readonly agencyType: string;
  readonly groupBy: (typeof AUDIT_GROUPS)[number];
  /** Uncertain results (a blank operand) listed with the failures. */
  readonly uncertain: boolean;
}

export const DEFAULT_AUDIT: AuditParams = { rule: '', severity: '', source: '', agencyType: '', groupBy: '', uncertain: false };

/** Per-view parameters; every one is in the URL so a link reopens the exact view. */
export interface ViewParams {
  readonly metric: string;
  readonly dimension: Dimension;
  readonly chart: CompareChart;
  /** Compare: ranking direction. */
  readonly order: RankOrderParam;
  /** Requests view: shares instead of absolute counts. */
  readonly share: boolean;
  /** Agency profile: which agency (null: none chosen yet). */
  readonly agency: string | null;
  readonly audit: AuditParams;
}

export const DEFAULT_PARAMS: ViewParams = { metric: 'disclosure_rate', dimension: 'city', chart: 'ranked', order: 'desc', share: false, agency: null, audit: DEFAULT_AUDIT };

export interface Toast {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly message: Bilingual;
}

export interface UiState {
  readonly view: ViewId;
  readonly params: ViewParams;
  readonly lang: Lang;
  readonly toasts: readonly Toast[];
}

export const INITIAL_UI: UiState = { view: 'overview', params: DEFAULT_PARAMS, lang: 'zh', toasts: [] };

export function withView(s: UiState, view: ViewId): UiState {
  return s.view === view ? s : { ...s, view };
}

export function withParams(s: UiState, patch: Partial<ViewParams>): UiState {
  return { ...s, params: { ...s.params, ...patch } };
}

/** Clicking an agency anywhere opens its profile. */
export function withAgencyOpened(s: UiState, agencyId: string): UiState {
  return { ...s, view: 'agency', params: { ...s.params, agency: agencyId } };
}

const MAX_TOASTS = 4;

export function withToast(s: UiState, kind: Toast['kind'], message: Bilingual): UiState {
  const id = (s.toasts.at(-1)?.id ?? 0) + 1;
  return { ...s, toasts: [...s.toasts, { id, kind, message }].slice(-MAX_TOASTS) };
}

export function withoutToast(s: UiState, id: number): UiState {
  return { ...s, toasts: s.toasts.filter((t) => t.id !== id) };
}

export interface UiSlice {
  ui: UiState;
  setView: (view: ViewId) => void;
  setParams: (patch: Partial<ViewParams>) => void;
  openAgency: (agencyId: string) => void;
  setLang: (lang: Lang) => void;
  pushToast: (kind: Toast['kind'], message: Bilingual) => void;
  dismissToast: (id: number) => void;
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  ui: INITIAL_UI,
  setView: (v) => { set((s) => ({ ui: withView(s.ui, v) })); },
  setParams: (p) => { set((s) => ({ ui: withParams(s.ui, p) })); },
  openAgency: (id) => { set((s) => ({ ui: withAgencyOpened(s.ui, id) })); },
  setLang: (lang) => { set((s) => ({ ui: { ...s.ui, lang } })); },
  pushToast: (kind, message) => { set((s) => ({ ui: withToast(s.ui, kind, message) })); },
  dismissToast: (id) => { set((s) => ({ ui: withoutToast(s.ui, id) })); },
});
