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
const TRADITIONAL_HINTS = '體據條為與於開報處關這個們會來時說們實國發總數規範對項類際請辦應當廣轉變際權務計結業構單經濟無義見將區當鄉鎮縣書記舉訴復議確認';

/** Hint characters by char code: a table lookup per character is several times faster than the character class it replaces. */
const HINT = new Uint8Array(0x10000);
for (let i = 0; i < TRADITIONAL_HINTS.length; i++) HINT[TRADITIONAL_HINTS.charCodeAt(i)] = 1;

/** True when `s` holds a character that only Traditional text uses. */
export function hasTraditional(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (HINT[s.charCodeAt(i)] === 1) return true;
  return false;
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

const DOUBLE_QUOTES_RE = /[“”„‟"＂]/g;
const SINGLE_QUOTES_RE = /[‘’']/g;
const SEPARATORS_RE = /[、，]/g;
const SPACES_RE = /\u00a0|\u3000/g;
/** What is left to unify once NFKC has run: it already maps ＂ to ", ， to "," and both spaces to " ". */
const CURLY_DOUBLE_RE = /[“”„‟]/g;
const CURLY_SINGLE_RE = /[‘’]/g;

/** NFKC, then unify quotes and list separators; keeps whitespace. */
export function normalizeText(s: string): string {
  const n = s.normalize('NFKC');
  if (hasTraditional(n)) {
    return toSimplified(n).replace(DOUBLE_QUOTES_RE, '"').replace(SINGLE_QUOTES_RE, "'").replace(SEPARATORS_RE, ',').replace(SPACES_RE, ' ');
  }
  // NFKC output never holds ＂ ， U+3000 or U+00A0 (each has a compatibility decomposition), and
  // replacing " with " or ' with ' changes nothing: three passes give the same string as five.
  return n.replace(CURLY_DOUBLE_RE, '"').replace(CURLY_SINGLE_RE, "'").replaceAll('、', ',');
}

const WS_RE = /\s+/g;

/** Label form used for matching: normalised text with every whitespace removed. */
export function normalizeLabel(s: string): string {
  return normalizeText(s).replace(WS_RE, '');
}
