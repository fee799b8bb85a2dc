/**
 * The filter bar's state as a value, and the one place that turns it into SQL. Every view's
 * query filters `reports` (or `v_reports`) through `whereClause`, so the views agree on the selection.
 */
import { sqlNumber, sqlString } from './sql';

export interface Filters {
  /** Reporting years; empty = all. */
  years: number[];
  province: string | null;
  city: string | null;
  district: string | null;
  /** `government` | `department` | `township` | `other`; empty = all. */
  agencyTypes: string[];
  /** Substring of the agency name (case-insensitive); '' = all. */
  agencyQuery: string;
  /** `v2019` | `v2021` | `mixed` | `text_only` | `pre2019`; empty = all. */
  templates: string[];
}

export const EMPTY_FILTERS: Filters = {
  years: [],
  province: null,
  city: null,
  district: null,
  agencyTypes: [],
  agencyQuery: '',
  templates: [],
};

/**
 * The selection in the shape the SQL builders take: fresh copies of its lists (the store's are
 * read-only). The views (`useFilters`) and the statements asked ahead of a render
 * (src/components/ahead.ts) both build it here, so both give the same SQL text.
 */
export function queryFilters(f: Readonly<Filters>): Filters {
  return { ...f, years: [...f.years], agencyTypes: [...f.agencyTypes], templates: [...f.templates] };
}

/**
 * The filter as a boolean SQL expression over the `reports` columns ('TRUE' when nothing is
 * selected): unqualified, qualified by a table alias, or named by a function (a table whose columns
 * say whose region they are, like `prev_province`).
 */
export function filterPredicate(f: Filters, alias?: string | ((name: string) => string)): string {
  const col = (name: string): string => (typeof alias === 'function' ? alias(name) : alias ? `${alias}.${name}` : name);
  const parts: string[] = [];
  if (f.years.length > 0) parts.push(`${col('year')} IN (${uniq(f.years.filter((y) => Number.isInteger(y))).map(sqlNumber).join(', ') || 'NULL'})`);
  if (f.province !== null) parts.push(`${col('province')} = ${sqlString(f.province)}`);
  if (f.city !== null) parts.push(`${col('city')} = ${sqlString(f.city)}`);
  if (f.district !== null) parts.push(`${col('district')} = ${sqlString(f.district)}`);
  if (f.agencyTypes.length > 0) parts.push(`${col('agency_type')} IN (${uniq(f.agencyTypes).map(sqlString).join(', ')})`);
  const q = f.agencyQuery.trim();
  // contains() instead of LIKE: a name with % or _ must match literally, with no escape rules to get wrong.
  if (q !== '') parts.push(`contains(lower(coalesce(${col('agency_name')}, '')), lower(${sqlString(q)}))`);
  if (f.templates.length > 0) parts.push(`${col('template')} IN (${uniq(f.templates).map(sqlString).join(', ')})`);
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

/** `WHERE …` for the filter, or '' when nothing is selected. Literals are escaped (agency names may hold quotes). */
export function whereClause(f: Filters, alias?: string): string {
  const p = filterPredicate(f, alias);
  return p === 'TRUE' ? '' : `WHERE ${p}`;
}

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
