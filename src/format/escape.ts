/**
 * HTML escaping for corpus strings. Agency names, notes and check messages come from documents
 * found on the web; anything that reaches an ECharts tooltip (rendered as innerHTML) or any other
 * HTML sink goes through `escapeHtml` first.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes `& < > " ' \`` so the result is inert as HTML text and inside quoted attributes. null/undefined → ''. */
export function escapeHtml(s: string | number | null | undefined): string {
  if (s === null || s === undefined) return '';
  return String(s).replace(/[&<>"'`]/g, (ch) => ENTITIES[ch] ?? ch);
}
