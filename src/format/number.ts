/**
 * Number, money, rate and date formatting for the dashboard (pure).
 *
 * Conventions (documented because readers of both languages compare screenshots):
 * - zh: values of 10,000 and above are written with 万 / 亿 and at most 3 significant digits
 *   (12,345 → "1.23万", 123,456,789 → "1.23亿"); smaller values are plain with thousands separators.
 * - en: values of 10,000 and above use k / M / bn with 3 significant digits (12,345 → "12.3k",
 *   123,456,789 → "123M"); smaller values are plain with separators. 万 has no English equivalent,
 *   so English readers get the Western grouping rather than "1.23 wan".
 * - Money is given in yuan and shown in 元 / 万元 / 亿元 (zh) or CNY k / M / bn (en).
 * - Rates are fractions (0.45 → "45.0%"). A null, undefined or non-finite input (a rate with a
 *   zero denominator, a blank cell) is "—", never 0.
 */

export type Lang = 'zh' | 'en';

/** How a metric's values are shown: counts, fractions shown as percent, or amounts in yuan. */
export type ValueFormat = 'count' | 'rate' | 'yuan';

/** What every formatter returns for a missing value. */
export const MISSING = '—';

type Num = number | null | undefined;

function isNum(n: Num): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** Up to `digits` significant digits, trailing zeros dropped ("1.20" → "1.2"). */
function sig(n: number, digits = 3): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  const intDigits = Math.floor(Math.log10(abs)) + 1;
  const decimals = Math.max(0, digits - intDigits);
  return trimZeros(n.toFixed(decimals));
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * One formatter per language and decimals: `toLocaleString` with options builds an Intl.NumberFormat
 * on every call (about 3 µs here), and a Compare table by agency formats 3,500 values at once.
 */
const exactFormats = new Map<string, Intl.NumberFormat>();

/** Plain number with thousands separators and at most `maxDecimals` decimals. */
export function formatExact(n: Num, lang: Lang, maxDecimals = 2): string {
  if (!isNum(n)) return MISSING;
  const key = `${lang}/${String(maxDecimals)}`;
  let nf = exactFormats.get(key);
  if (nf === undefined) {
    nf = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: maxDecimals, useGrouping: true });
    exactFormats.set(key, nf);
  }
  return nf.format(n);
}

interface Step {
  readonly base: number;
  readonly suffix: string;
}

const ZH_STEPS: readonly Step[] = [
  { base: 1e8, suffix: '亿' },
  { base: 1e4, suffix: '万' },
];
const EN_STEPS: readonly Step[] = [
  { base: 1e9, suffix: 'bn' },
  { base: 1e6, suffix: 'M' },
  { base: 1e3, suffix: 'k' },
];

/** Ratio between successive steps: 万→亿 is 10^4, k→M→bn is 10^3. */
const STEP_RATIO: Record<Lang, number> = { zh: 1e4, en: 1e3 };

/** Rescales `n` to the largest step it reaches, with 3 significant digits; null below 10,000. */
function compact(n: number, lang: Lang): { mantissa: string; suffix: string } | null {
  const abs = Math.abs(n);
  if (abs < 1e4) return null;
  const steps = lang === 'zh' ? ZH_STEPS : EN_STEPS;
  const i = steps.findIndex((step) => abs >= step.base);
  const step = steps[i];
  if (!step) return null;
  const m = sig(n / step.base);
  // Rounding can reach the next step (99,995,000 → "10000万", 999,950 → "1000k"): move up instead.
  const up = steps[i - 1];
  if (up && Math.abs(Number(m)) >= STEP_RATIO[lang]) return { mantissa: sig(n / up.base), suffix: up.suffix };
  // Beyond the largest step the mantissa just grows: group its digits ("12,000亿").
  return { mantissa: Math.abs(Number(m)) >= 1e4 ? formatExact(Number(m), lang, 0) : m, suffix: step.suffix };
}

/** A count or other plain number, compact above 10,000 (1.23万 / 12.3k). null → "—". */
export function formatNumber(n: Num, lang: Lang): string {
  if (!isNum(n)) return MISSING;
  const c = compact(n, lang);
  if (!c) return formatExact(n, lang, 2);
  return `${c.mantissa}${c.suffix}`;
}

/** An amount in yuan: "9,500元", "25.1万元", "9.62亿元"; en "CNY 9,500", "CNY 251k", "CNY 962M". null → "—". */
export function formatYuan(yuan: Num, lang: Lang): string {
  if (!isNum(yuan)) return MISSING;
  const c = compact(yuan, lang);
  if (lang === 'zh') return c ? `${c.mantissa}${c.suffix}元` : `${formatExact(yuan, lang, 2)}元`;
  return c ? `CNY ${c.mantissa}${c.suffix}` : `CNY ${formatExact(yuan, lang, 2)}`;
}

/** A fraction as a percentage with one decimal (0.4523 → "45.2%"). null / non-finite → "—". */
export function formatRate(r: Num, _lang: Lang, decimals = 1): string {
  if (!isNum(r)) return MISSING;
  return `${(r * 100).toFixed(decimals)}%`;
}

/** Formats by metric format: count → formatNumber, rate → formatRate, yuan → formatYuan. */
export function formatValue(v: Num, format: ValueFormat, lang: Lang): string {
  switch (format) {
    case 'rate':
      return formatRate(v, lang);
    case 'yuan':
      return formatYuan(v, lang);
    case 'count':
      return formatNumber(v, lang);
  }
}

/** Like formatValue but without compacting counts: for tooltips and tables where the exact figure matters. */
export function formatValueExact(v: Num, format: ValueFormat, lang: Lang): string {
  if (format === 'count') return formatExact(v, lang, 2);
  return formatValue(v, format, lang);
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) as "2025年1月31日" / "31 Jan 2025".
 * null/undefined/'' → "—". A string that is not such a date is returned unchanged rather than guessed at.
 */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (iso === null || iso === undefined || iso.trim() === '') return MISSING;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso.trim());
  if (!m) return iso;
  const year = Number(m[1]);
  const month = m[2] === undefined ? null : Number(m[2]);
  const day = m[3] === undefined ? null : Number(m[3]);
  if (month !== null && (month < 1 || month > 12)) return iso;
  if (month !== null && day !== null) {
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > daysInMonth) return iso;
  }
  if (lang === 'zh') return `${year}年${month === null ? '' : `${month}月`}${day === null ? '' : `${day}日`}`;
  if (month === null) return String(year);
  const mon = EN_MONTHS[month - 1] ?? '';
  return day === null ? `${mon} ${year}` : `${day} ${mon} ${year}`;
}
