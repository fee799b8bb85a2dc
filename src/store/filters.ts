/**
 * Filter state shared by every view, and the pure reducers that change it.
 * The shape mirrors the `Filters` the SQL builders take, so the store hands it over unchanged.
 */
import type { StateCreator } from 'zustand';

export const AGENCY_TYPES = ['government', 'department', 'township', 'other'] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

export interface FilterState {
  readonly years: number[];
  readonly province: string | null;
  readonly city: string | null;
  readonly district: string | null;
  readonly agencyTypes: string[];
  readonly agencyQuery: string;
  readonly templates: string[];
}

export const NO_FILTERS: FilterState = {
  years: [],
  province: null,
  city: null,
  district: null,
  agencyTypes: [],
  agencyQuery: '',
  templates: [],
};

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** Choosing a province resets the city and district below it: a stale city would silently empty the selection. */
export function withProvince(f: FilterState, province: string | null): FilterState {
  if (f.province === province) return f;
  return { ...f, province, city: null, district: null };
}

export function withCity(f: FilterState, city: string | null): FilterState {
  if (f.city === city) return f;
  return { ...f, city, district: null };
}

export function withDistrict(f: FilterState, district: string | null): FilterState {
  return f.district === district ? f : { ...f, district };
}

/** Years stay sorted so equal selections produce equal URLs and equal SQL (one cache entry). */
export function withYearToggled(f: FilterState, year: number): FilterState {
  return { ...f, years: toggle(f.years, year).sort((a, b) => a - b) };
}

export function withAgencyTypeToggled(f: FilterState, type: string): FilterState {
  const order = (t: string): number => {
    const i = (AGENCY_TYPES as readonly string[]).indexOf(t);
    return i < 0 ? AGENCY_TYPES.length : i;
  };
  return { ...f, agencyTypes: toggle(f.agencyTypes, type).sort((a, b) => order(a) - order(b)) };
}

export function withTemplateToggled(f: FilterState, template: string): FilterState {
  return { ...f, templates: toggle(f.templates, template).sort() };
}

export function withAgencyQuery(f: FilterState, agencyQuery: string): FilterState {
  return f.agencyQuery === agencyQuery ? f : { ...f, agencyQuery };
}

/** True when no filter narrows the corpus. */
export function isUnfiltered(f: FilterState): boolean {
  return (
    f.years.length === 0 &&
    f.province === null &&
    f.city === null &&
    f.district === null &&
    f.agencyTypes.length === 0 &&
    f.agencyQuery.trim() === '' &&
    f.templates.length === 0
  );
}

export interface FiltersSlice {
  filters: FilterState;
  setFilters: (next: FilterState) => void;
  setProvince: (province: string | null) => void;
  setCity: (city: string | null) => void;
  setDistrict: (district: string | null) => void;
  toggleYear: (year: number) => void;
  toggleAgencyType: (type: string) => void;
  toggleTemplate: (template: string) => void;
  setAgencyQuery: (q: string) => void;
  resetFilters: () => void;
}

export const createFiltersSlice: StateCreator<FiltersSlice, [], [], FiltersSlice> = (set) => ({
  filters: NO_FILTERS,
  setFilters: (next) => { set({ filters: next }); },
  setProvince: (p) => { set((s) => ({ filters: withProvince(s.filters, p) })); },
  setCity: (c) => { set((s) => ({ filters: withCity(s.filters, c) })); },
  setDistrict: (d) => { set((s) => ({ filters: withDistrict(s.filters, d) })); },
  toggleYear: (y) => { set((s) => ({ filters: withYearToggled(s.filters, y) })); },
  toggleAgencyType: (t) => { set((s) => ({ filters: withAgencyTypeToggled(s.filters, t) })); },
  toggleTemplate: (t) => { set((s) => ({ filters: withTemplateToggled(s.filters, t) })); },
  setAgencyQuery: (q) => { set((s) => ({ filters: withAgencyQuery(s.filters, q) })); },
  resetFilters: () => { set({ filters: NO_FILTERS }); },
});
