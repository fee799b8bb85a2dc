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

function decide(keys: readonly string[], v2021: RegExp, v2019: RegExp, fallback: TemplateVersion | null): TemplateVersion | null {
  const has2021 = keys.some((k) => v2021.test(k));
  const has2019 = keys.some((k) => v2019.test(k));
  if (has2021 && !has2019) return 'v2021';
  if (has2019 && !has2021) return 'v2019';
  return fallback;
}

/** Layout of table 二 from printed keys (call with printed cells only: derived keys say nothing). */
export function activeVersionOf(printedKeys: readonly string[], fallback: TemplateVersion | null): TemplateVersion | null {
  return decide(printedKeys, ACTIVE_V2021, ACTIVE_V2019, fallback);
}

/** Layout of table 三 from printed keys: the （六） rows are the only difference. */
export function requestsVersionOf(printedKeys: readonly string[], fallback: TemplateVersion | null): TemplateVersion | null {
  return decide(printedKeys, REQUESTS_V2021, REQUESTS_V2019, fallback);
}
