/**
 * Saved console queries: a small list in local storage. Parsing is defensive because storage is
 * shared with whatever ran on this origin before; a broken entry is dropped, never thrown.
 */
import { z } from 'zod';

export interface SavedQuery {
  readonly name: string;
  readonly sql: string;
  /** ISO timestamp. */
  readonly savedAt: string;
}

export const SAVED_KEY = 'disclosure-atlas.sql.saved.v1';
const MAX_SAVED = 100;

const Entry = z.object({ name: z.string().min(1).max(200), sql: z.string().min(1).max(100_000), savedAt: z.string() });

/** The saved list from its stored JSON (null or garbage: empty list). */
export function parseSaved(json: string | null): SavedQuery[] {
  if (json === null) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((x) => {
    const p = Entry.safeParse(x);
    return p.success ? [p.data] : [];
  });
}

/** Adds (or replaces, by name) a query at the top of the list. */
export function withSaved(list: readonly SavedQuery[], q: SavedQuery): SavedQuery[] {
  return [q, ...list.filter((x) => x.name !== q.name)].slice(0, MAX_SAVED);
}

export function withoutSaved(list: readonly SavedQuery[], name: string): SavedQuery[] {
  return list.filter((x) => x.name !== name);
}

/** Storage adapter (the only side effect here); storage may be unavailable (private mode, quota). */
export function loadSaved(storage: Pick<Storage, 'getItem'> | null): SavedQuery[] {
  try {
    return parseSaved(storage?.getItem(SAVED_KEY) ?? null);
  } catch {
    return [];
  }
}

export function storeSaved(storage: Pick<Storage, 'setItem'> | null, list: readonly SavedQuery[]): boolean {
  try {
    storage?.setItem(SAVED_KEY, JSON.stringify(list));
    return storage !== null;
  } catch {
    return false;
  }
}
