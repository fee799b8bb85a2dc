/**
 * Cell text → value, semantic and unit (spec §9). Blank, `/`-like and `0` stay distinct;
 * text that is not a number is kept as text, never coerced.
 */
import type { CellSemantic, MoneyUnit } from '../model/report';
import type { ValueKind } from '../model/template';

/** How a piece of table text reads before it is tied to a column. */
export type TokenClass = 'empty' | 'number' | 'na' | 'text_value' | 'text';

export interface CellValue {
  readonly value: number | null;
  readonly semantic: CellSemantic;
  readonly unit?: MoneyUnit;
  readonly valueYuan?: number | null;
}

const NUMBER_RE = /^([+-]?)(\d[\d,]*(?:\.\d+)?|\.\d+)(亿元|万元|元)?$/;
const NA_RE = /^[/\\\-—–―‐－─]+$/;
/** Cell texts that are values but not numbers (kept as text): 无, 增加5, 0/0. */
const TEXT_VALUE_RE = /^(?:无|(?:增加|减少|增|减)\d+(?:\.\d+)?|\d+\/\d+)$/;
const SPACE_RE = /[\s\u00a0\u3000]+/g;
const GROUP_SEP_RE = /(\d)[,，](?=\d{3}(?:\D|$))/g;

const MAX_VALUE_LENGTH = 40;
const PLAIN_INT_RE = /^\d{1,15}$/;

const UNIT_FACTOR: Readonly<Record<MoneyUnit, number>> = { 元: 1, 万元: 1e4, 亿元: 1e8 };

/** Compact form used to classify a cell: NFKC, no spaces, no thousands separators. */
export function compactCell(raw: string): string {
  const s = WIDE_RE.test(raw) ? raw.normalize('NFKC') : raw;
  return s.replace(SPACE_RE, '').replace(GROUP_SEP_RE, '$1');
}

/** Characters NFKC changes in these cells: full-width forms, general punctuation, ideographic space. */
const WIDE_RE = /[\uff00-\uffef\u2000-\u206f\u3000]/;
/** A cell starting with a CJK ideograph other than these is a label, never a value. */
const VALUE_START = new Set(['无', '增', '减']);

/** Classifies cell text (raw as printed). */
export function classifyCell(raw: string): TokenClass {
  // Most value cells are a few ASCII digits or empty: answered without hashing the string for the cache.
  if (raw === '') return 'empty';
  if (raw.length <= MAX_VALUE_LENGTH && asciiDigits(raw)) return 'number';
  // Labels and narrative are told by length or first character: no need to hash them either.
  if (isPlainText(raw)) return 'text';
  const hit = CLASS_CACHE.get(raw);
  if (hit !== undefined) return hit;
  const c = classifyUncached(raw);
  if (CLASS_CACHE.size >= CLASS_CACHE_MAX) CLASS_CACHE.clear();
  CLASS_CACHE.set(raw, c);
  return c;
}

/** Only ASCII digits (a plain count, which NUMBER_RE reads as a number); `s` is not empty. */
function asciiDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Cell texts recur ("0", template labels): a bounded cache keeps batch parsing cheap. */
const CLASS_CACHE = new Map<string, TokenClass>();
const CLASS_CACHE_MAX = 20_000;

/** Text by the cheap tests alone: too long for a value, or opening with an ideograph no value starts with. */
function isPlainText(raw: string): boolean {
  // No value cell is this long; narrative lines skip the normalisation below.
  if (raw.length > MAX_VALUE_LENGTH) return true;
  const c0 = raw.charCodeAt(0);
  return c0 >= 0x4e00 && c0 <= 0x9fff && !VALUE_START.has(raw.charAt(0));
}

function classifyUncached(raw: string): TokenClass {
  if (isPlainText(raw)) return 'text';
  const s = compactCell(raw);
  if (s === '') return 'empty';
  if (NUMBER_RE.test(s)) return 'number';
  if (NA_RE.test(s)) return 'na';
  if (TEXT_VALUE_RE.test(s)) return 'text_value';
  return 'text';
}

/** True when the cell text can stand in a value column. */
export function isValueClass(c: TokenClass): boolean {
  return c === 'number' || c === 'na' || c === 'text_value';
}

/** Rounds to the cent so that 0.0436 × 1e8 is 4360000, not 4360000.000000001. */
function toYuan(v: number, unit: MoneyUnit): number {
  return Math.round(v * UNIT_FACTOR[unit] * 100) / 100;
}

/** Reads a money unit out of a header label such as `采购总金额(万元)` or `本年收费金额（单位：万元）`. */
export function unitFromHeader(label: string): MoneyUnit | undefined {
  const s = compactCell(label);
  const m = /(?:单位[:：]?)?[(（]?(?:单位[:：]?)?(亿元|万元|元)[)）]?$/.exec(s) ?? /单位[:：]?(亿元|万元|元)/.exec(s);
  const u = m?.[1];
  return u === '亿元' || u === '万元' || u === '元' ? u : undefined;
}

/**
 * Parses one cell. `headerUnit` applies to money when the cell carries none (014: 采购总金额(万元)).
 * v2021 fees are 万元 by the template header whatever the printed header says.
 */
export function parseCellValue(raw: string, kind: ValueKind, headerUnit?: MoneyUnit): CellValue {
  // Most cells are plain ASCII counts: skip normalisation for them.
  if ((kind === 'count' || kind === 'signed') && PLAIN_INT_RE.test(raw)) return { value: Number(raw), semantic: 'number' };
  // A blank cell (common in full reports' tables) compacts to '' whatever its kind: no replaces to run.
  if (raw === '') return { value: null, semantic: 'blank' };
  const s = compactCell(raw);
  if (s === '') return { value: null, semantic: 'blank' };
  if (NA_RE.test(s)) return { value: null, semantic: 'na' };
  const m = NUMBER_RE.exec(s);
  if (m === null) return { value: null, semantic: 'text' };
  const sign = m[1] === '-' ? -1 : 1;
  const n = sign * Number((m[2] ?? '').replace(/,/g, ''));
  if (!Number.isFinite(n)) return { value: null, semantic: 'text' };
  const cellUnit = m[3] as MoneyUnit | undefined;
  if (kind === 'count' || kind === 'signed') {
    // A unit in a count cell is not a count: keep it as text rather than guess.
    if (cellUnit !== undefined) return { value: null, semantic: 'text' };
    // A negative count is kept as printed: the checks flag it (NONNEG), the parser does not fix it.
    return { value: n, semantic: 'number' };
  }
  if (kind === 'money_wan_yuan') {
    const unit: MoneyUnit = cellUnit ?? '万元';
    return { value: n, semantic: 'number', unit, valueYuan: toYuan(n, unit) };
  }
  const unit = cellUnit ?? headerUnit;
  if (unit === undefined) {
    // Zero is zero in any unit; any other amount without a unit cannot be converted.
    return { value: n, semantic: 'number', valueYuan: n === 0 ? 0 : null };
  }
  return { value: n, semantic: 'number', unit, valueYuan: toYuan(n, unit) };
}
