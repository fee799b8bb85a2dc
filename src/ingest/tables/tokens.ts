/**
 * Tokens of the table mapper: every cell of every block, classified (value, empty, text) and
 * normalised for matching. Splits "label v v" cells and digits glued to labels ("规章000").
 */
import type { Provenance } from '../../model/report';
import type { SourceDocument } from '../document';
import { classifyCell, isValueClass, type TokenClass } from '../cellvalue';
import { hasTraditional, toSimplifiedAlways } from '../normalize';
import { CJK_RE, labelKey, matchActiveRow, matchRequestRow } from './labels';

/** One cell (or part of a cell) in reading order. */
export interface Tok {
  readonly raw: string;
  readonly norm: string;
  readonly cls: TokenClass;
  readonly prov: Provenance;
  readonly block: number;
  /** Markdown text outside a table: a label there only owns values on its own line. */
  readonly plain: boolean;
  /** Digits glued to a label in the source ("规章000"). */
  readonly glued: boolean;
}

const SPLIT_WS_RE = /[\s\u3000]+/;
const HAS_WS_RE = /\s/;
const TRAD_CACHE = new Map<string, string>();

/** Matching form of a label from a Traditional mirror; the dictionary conversion is cached (it is slow). */
function tradKey(raw: string): string {
  let k = TRAD_CACHE.get(raw);
  if (k === undefined) {
    k = labelKey(toSimplifiedAlways(raw));
    if (TRAD_CACHE.size >= 20_000) TRAD_CACHE.clear();
    TRAD_CACHE.set(raw, k);
  }
  return k;
}

/** Mirrors are Traditional throughout: their opening is enough to tell. */
const TRAD_SAMPLE = 1000;
/** Longer text is narrative, never a label or a value. */
const LONG_TEXT = 100;
const GLUED_RE = /^(.*[^\d\s.,+-])(\d+)$/;

export function tokenize(doc: SourceDocument): Tok[] {
  const toks: Tok[] = [];
  const md = doc.format === 'md';
  // A Traditional mirror is converted label by label; hint characters need not occur in each label.
  const key = hasTraditional(doc.text.slice(0, TRAD_SAMPLE)) ? tradKey : labelKey;
  doc.blocks.forEach((b, bi) => {
    const plain = md && b.table === undefined;
    for (const c of b.cells) {
      const raw = c.text;
      const cls = classifyCell(raw);
      if (cls !== 'text') {
        toks.push({ raw, norm: '', cls, prov: c.prov, block: bi, plain, glued: false });
        continue;
      }
      if (raw.length > LONG_TEXT) {
        // Narrative: only its opening matters (headings and the long-text test), so keep that short.
        toks.push({ raw, norm: key(raw.slice(0, LONG_TEXT)), cls, prov: c.prov, block: bi, plain, glued: false });
        continue;
      }
      // "行政许可 97", "规章 0 0 0": a label and its values in one cell separated by single spaces.
      // Most cells hold no space at all: then there is nothing to split.
      const trimmed = raw.trim();
      const parts = HAS_WS_RE.test(trimmed) ? trimmed.split(SPLIT_WS_RE) : [trimmed];
      let k = parts.length;
      while (k > 1 && isValueClass(classifyCell(parts[k - 1] ?? ''))) k--;
      if (k < parts.length && k >= 1) {
        const head = parts.slice(0, k).join(' ');
        if (CJK_RE.test(head)) {
          toks.push({ raw: head, norm: key(head), cls: 'text', prov: c.prov, block: bi, plain, glued: false });
          for (const p of parts.slice(k)) toks.push({ raw: p, norm: '', cls: classifyCell(p), prov: c.prov, block: bi, plain, glued: false });
          continue;
        }
      }
      const norm = key(raw);
      // "规章000", "行政事业性收费00": digits glued to a row label (032).
      const g = /\d$/.test(norm) ? GLUED_RE.exec(norm) : null;
      if (g !== null && norm.length <= 30 && (matchActiveRow(g[1] ?? '') !== null || matchRequestRow(g[1] ?? '', false) !== null)) {
        const head = g[1] ?? '';
        toks.push({ raw: head, norm: head, cls: 'text', prov: c.prov, block: bi, plain, glued: false });
        toks.push({ raw: g[2] ?? '', norm: '', cls: 'number', prov: c.prov, block: bi, plain, glued: true });
        continue;
      }
      toks.push({ raw, norm, cls: 'text', prov: c.prov, block: bi, plain, glued: false });
    }
  });
  return toks;
}
