/**
 * Which layout a table uses, when the parser did not say: read from the keys it printed.
 * Decided per table because a `mixed` report differs between tables (spec §5 rule 3).
 */
import type { DetectedTemplate, TemplateVersion } from '../model/template';

/** Column keys of table 二 that exist in one version only (`decisions` exists in both). */
const ACTIVE_V2021 = /^active\..*\.(issued|repealed|in_force|amount_wan_yuan)$/;
const ACTIVE_V2019 = /^active\..*\.(new_made|new_published|published_total|prev_year_items|items_change|projects|total_amount)$/;
const REQUESTS_V2021 = /^requests\.results\.other\.(no_correction|fee_unpaid|other)\./;
const REQUESTS_V2019 = /^requests\.results\.other\.total\./;

/** The version a whole-document template implies for every table, null when it implies none. */
export function templateFallback(t: DetectedTemplate): TemplateVersion | null {
  return t === 'v2019' || t === 'v2021' ? t : null;
}

const A21 = 1;
const A19 = 2;
const R21 = 4;
const R19 = 8;
/** Which version-specific patterns a key matches, by key: reports repeat the same template keys. */
const KEY_FLAGS = new Map<string, number>();
const KEY_FLAGS_MAX = 10_000;

function keyFlags(k: string): number {
  let f = KEY_FLAGS.get(k);
  if (f === undefined) {
    f = (ACTIVE_V2021.test(k) ? A21 : 0) | (ACTIVE_V2019.test(k) ? A19 : 0) | (REQUESTS_V2021.test(k) ? R21 : 0) | (REQUESTS_V2019.test(k) ? R19 : 0);
    if (KEY_FLAGS.size >= KEY_FLAGS_MAX) KEY_FLAGS.clear();
    KEY_FLAGS.set(k, f);
  }
  return f;
}

/** The version flags of all `keys` together: one map lookup per key answers both tables. */
function flagsOf(keys: readonly string[]): number {
  let f = 0;
  for (const k of keys) f |= keyFlags(k);
  return f;
}

function decideFlags(f: number, v2021: number, v2019: number, fallback: TemplateVersion | null): TemplateVersion | null {
  const has2021 = (f & v2021) !== 0;
  const has2019 = (f & v2019) !== 0;
  if (has2021 && !has2019) return 'v2021';
  if (has2019 && !has2021) return 'v2019';
  return fallback;
}

/**
 * {@link activeVersionOf} and {@link requestsVersionOf} of the same printed keys, from one pass over
 * them (each decides from whether any key carries its table's version flags).
 */
export function tableVersionsOf(
  printedKeys: readonly string[],
  activeFallback: TemplateVersion | null,
  requestsFallback: TemplateVersion | null,
): { readonly active: TemplateVersion | null; readonly requests: TemplateVersion | null } {
  const f = flagsOf(printedKeys);
  return { active: decideFlags(f, A21, A19, activeFallback), requests: decideFlags(f, R21, R19, requestsFallback) };
}

/** Layout of table 二 from printed keys (call with printed cells only: derived keys say nothing). */
export function activeVersionOf(printedKeys: readonly string[], fallback: TemplateVersion | null): TemplateVersion | null {
  return decideFlags(flagsOf(printedKeys), A21, A19, fallback);
}

/** Layout of table 三 from printed keys: the （六） rows are the only difference. */
export function requestsVersionOf(printedKeys: readonly string[], fallback: TemplateVersion | null): TemplateVersion | null {
  return decideFlags(flagsOf(printedKeys), R21, R19, fallback);
}
