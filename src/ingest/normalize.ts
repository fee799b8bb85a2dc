/**
 * Label normalisation (spec §11): NFKC, Traditional → Simplified, no whitespace, unified quotes
 * and separators. Matching always happens on normalised text; `raw` keeps what was printed.
 */
import * as OpenCC from 'opencc-js';

let converter: ((s: string) => string) | null = null;

/**
 * Characters that occur in Traditional text of these reports but never in Simplified. A cheap
 * test so the (slow) dictionary conversion runs only on mirrors that need it.
 */
const TRADITIONAL_HINT = /[體據條為與於開報處關這個們會來時說們實國發總數規範對項類際請辦應當廣轉變際權務計結業構單經濟無義見將區當鄉鎮縣書記舉訴復議確認]/;

export function hasTraditional(s: string): boolean {
  return TRADITIONAL_HINT.test(s);
}

/** Traditional → Simplified (Hong Kong/Taiwan variants included); returns the input when there is nothing to convert. */
export function toSimplified(s: string): string {
  if (!hasTraditional(s)) return s;
  converter ??= OpenCC.Converter({ from: 'hk', to: 'cn' });
  return converter(s);
}

/**
 * Traditional → Simplified without the per-string hint test: for tokens of a document already
 * known to be a Traditional mirror, where a short label (行政許可) may carry no hint character.
 */
export function toSimplifiedAlways(s: string): string {
  converter ??= OpenCC.Converter({ from: 'hk', to: 'cn' });
  return converter(s);
}

/** NFKC, then unify quotes and list separators; keeps whitespace. */
export function normalizeText(s: string): string {
  return toSimplified(s.normalize('NFKC'))
    .replace(/[“”„‟"＂]/g, '"')
    .replace(/[‘’']/g, "'")
    .replace(/[、，]/g, ',')
    .replace(/\u00a0|\u3000/g, ' ');
}

/** Label form used for matching: normalised text with every whitespace removed. */
export function normalizeLabel(s: string): string {
  return normalizeText(s).replace(/\s+/g, '');
}
