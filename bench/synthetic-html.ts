/**
 * SYNTHETIC benchmark input, not corpus data: renders a plain-text report as a simple HTML page
 * so the HTML front end can be timed on more than the corpus's two HTML reports. Each line whose
 * cells the text separates (tabs, `a | b` pipes, runs of two or more spaces) becomes a table row,
 * consecutive rows one `<table>`; every other non-empty line a `<p>`. Nothing is added or guessed:
 * the page shows the same words and numbers as the text, inside a minimal page shell.
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const ESCAPE_RE = /[&<>"]/g;
const GAP_RE = /[ \u3000\u00a0]{2,}/;

function esc(s: string): string {
  return s.replace(ESCAPE_RE, (c) => ESCAPES[c] ?? c);
}

/** The cells of a table-like line, or null for a line of running text. */
function rowCells(line: string): string[] | null {
  const t = line.trim();
  if (line.includes('\t')) return line.split('\t').map((c) => c.trim()).filter((c) => c !== '');
  if (t.includes('|')) {
    const parts = t.split('|').map((c) => c.trim());
    if (t.startsWith('|')) parts.shift();
    if (t.endsWith('|')) parts.pop();
    // A markdown rule (|---|---|) is no row.
    return parts.every((p) => /^:?-{3,}:?$/.test(p)) ? [] : parts;
  }
  if (GAP_RE.test(t)) return t.split(GAP_RE);
  return null;
}

/** Renders report text as an HTML page: paragraphs and data tables (see the module comment). */
export function textToSyntheticHtml(text: string, title = '报告'): string {
  const out: string[] = [`<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><div class="content">`];
  let inTable = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const cells = rowCells(line);
    if (cells?.length === 0) continue;
    if (cells === null || cells.length < 2) {
      if (inTable) out.push('</table>');
      inTable = false;
      if (cells === null || cells.length === 1) out.push(`<p>${esc(cells?.[0] ?? line.trim())}</p>`);
      continue;
    }
    if (!inTable) out.push('<table border="1">');
    inTable = true;
    out.push(`<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
  }
  if (inTable) out.push('</table>');
  out.push('</div></body></html>');
  return out.join('\n');
}
