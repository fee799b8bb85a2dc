/**
 * The console's share link: the SQL travels in the URL fragment (`#sql=…`), which the app's URL
 * sync keeps untouched and which never reaches a server's logs. Pure.
 */

const KEY = 'sql';
/** Links longer than this break in some mail clients and chat tools; such SQL is not shared. */
export const MAX_SHARED_SQL = 20_000;

/** The fragment (with `#`) that carries `sql`. */
export function sqlHash(sql: string): string {
  return `#${new URLSearchParams([[KEY, sql]]).toString()}`;
}

/** The SQL a fragment carries, or null when it carries none (or too much). */
export function sqlFromHash(hash: string): string | null {
  const sp = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const v = sp.get(KEY);
  return v === null || v.trim() === '' || v.length > MAX_SHARED_SQL ? null : v;
}

/** A full link to the console with `sql`: the page URL (its query keeps filters and language) with the fragment replaced. */
export function shareLink(href: string, sql: string): string {
  const u = new URL(href);
  u.hash = sqlHash(sql).slice(1);
  return u.href;
}
