/** HTML character references: numeric ones and the named ones these reports and their site chrome use. */

const NAMED: Readonly<Record<string, string>> = {
  nbsp: '\u00a0',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  zwsp: '\u200b',
  zwnj: '\u200c',
  zwj: '\u200d',
  shy: '\u00ad',
  ldquo: '\u201c',
  rdquo: '\u201d',
  lsquo: '\u2018',
  rsquo: '\u2019',
  sbquo: '\u201a',
  bdquo: '\u201e',
  laquo: '\u00ab',
  raquo: '\u00bb',
  lsaquo: '\u2039',
  rsaquo: '\u203a',
  mdash: '\u2014',
  ndash: '\u2013',
  minus: '\u2212',
  hellip: '\u2026',
  middot: '\u00b7',
  bull: '\u2022',
  times: '\u00d7',
  divide: '\u00f7',
  plusmn: '\u00b1',
  deg: '\u00b0',
  permil: '\u2030',
  percnt: '%',
  yen: '\u00a5',
  cent: '\u00a2',
  pound: '\u00a3',
  euro: '\u20ac',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  sect: '\u00a7',
  para: '\u00b6',
  le: '\u2264',
  ge: '\u2265',
  ne: '\u2260',
  larr: '\u2190',
  rarr: '\u2192',
  uarr: '\u2191',
  darr: '\u2193',
  frac12: '\u00bd',
  frac14: '\u00bc',
  frac34: '\u00be',
  sup2: '\u00b2',
  sup3: '\u00b3',
  micro: '\u00b5',
  iexcl: '\u00a1',
  iquest: '\u00bf',
  num: '#',
  dollar: '$',
  lpar: '(',
  rpar: ')',
  colon: ':',
  semi: ';',
  comma: ',',
  period: '.',
  sol: '/',
  bsol: '\\',
  verbar: '|',
  vert: '|',
  lowbar: '_',
  ast: '*',
  plus: '+',
  equals: '=',
  excl: '!',
  quest: '?',
  commat: '@',
  lsqb: '[',
  rsqb: ']',
  lcub: '{',
  rcub: '}',
  Hat: '^',
  grave: '`',
  tilde: '~',
};

/** Own entries only: a plain-object lookup would also find `constructor`, `toString`… on Object.prototype. */
const NAMED_MAP: ReadonlyMap<string, string> = new Map(Object.entries(NAMED));

/** Legacy names that browsers also accept without the closing semicolon. */
const LEGACY_NO_SEMI = new Set(['nbsp', 'amp', 'lt', 'gt', 'quot', 'copy', 'reg']);

/** Windows-1252 code points that pages write as numeric references in the C1 range (&#150; for –). */
const C1_FIXES: ReadonlyMap<number, number> = new Map([
  [0x80, 0x20ac], [0x82, 0x201a], [0x84, 0x201e], [0x85, 0x2026], [0x86, 0x2020], [0x87, 0x2021], [0x89, 0x2030],
  [0x8b, 0x2039], [0x91, 0x2018], [0x92, 0x2019], [0x93, 0x201c], [0x94, 0x201d], [0x95, 0x2022], [0x96, 0x2013],
  [0x97, 0x2014], [0x99, 0x2122], [0x9b, 0x203a],
]);

function fromCodePoint(cp: number): string {
  const fixed = C1_FIXES.get(cp) ?? cp;
  if (fixed === 0 || fixed > 0x10ffff || (fixed >= 0xd800 && fixed <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(fixed);
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

function isAsciiLetter(c: number): boolean {
  const l = c | 0x20;
  return l >= 97 && l <= 122;
}

function isAsciiAlnum(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57);
}

/** Set by `referenceAt`: the decoded text of the reference it matched, or null to keep it as printed. */
let refValue: string | null = null;

/**
 * Matches a reference at `s[at] === '&'`: `&#x` + 1–6 hex digits, `&#` + 1–7 digits, or `&` + a name
 * of 2–32 ASCII letters and digits (starting with a letter), each with an optional `;`. Returns the
 * end of the match (the scan resumes there even when the reference is kept as printed), or -1.
 */
function referenceAt(s: string, at: number): number {
  const n = s.length;
  let p = at + 1;
  const c = s.charCodeAt(p);
  if (c === 0x23) {
    p++;
    let cp = 0;
    let digits = 0;
    if ((s.charCodeAt(p) | 0x20) === 0x78) {
      const from = p + 1;
      while (digits < 6 && from + digits < n) {
        const d = hexDigit(s.charCodeAt(from + digits));
        if (d < 0) break;
        cp = cp * 16 + d;
        digits++;
      }
      // `&#x` with no hex digit matches nothing (the decimal form needs a digit right after '#').
      if (digits === 0) return -1;
      p = from + digits;
    } else {
      while (digits < 7 && p < n) {
        const d = s.charCodeAt(p);
        if (d < 48 || d > 57) break;
        cp = cp * 10 + d - 48;
        digits++;
        p++;
      }
      if (digits === 0) return -1;
    }
    if (s.charCodeAt(p) === 0x3b) p++;
    refValue = fromCodePoint(cp);
    return p;
  }
  if (!isAsciiLetter(c)) return -1;
  // `&nbsp;` is most of the references of pages exported from Word: read without slicing its name.
  if (c === 0x6e && s.charCodeAt(p + 1) === 0x62 && s.charCodeAt(p + 2) === 0x73 && s.charCodeAt(p + 3) === 0x70 && s.charCodeAt(p + 4) === 0x3b) {
    refValue = '\u00a0';
    return p + 5;
  }
  const nameStart = p;
  p++;
  while (p < n && p - nameStart < 32 && isAsciiAlnum(s.charCodeAt(p))) p++;
  if (p - nameStart < 2) return -1;
  const name = s.slice(nameStart, p);
  const semi = s.charCodeAt(p) === 0x3b;
  if (semi) p++;
  let value = NAMED_MAP.get(name);
  let lower: string | undefined;
  if (value === undefined) {
    lower = name.toLowerCase();
    value = NAMED_MAP.get(lower);
  }
  if (value !== undefined && !semi && !LEGACY_NO_SEMI.has(lower ?? name.toLowerCase())) value = undefined;
  refValue = value ?? null;
  return p;
}

/** Resolves character references; unknown names stay as printed. */
export function decodeEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let last = 0;
  while (amp >= 0) {
    const end = referenceAt(s, amp);
    if (end < 0) {
      amp = s.indexOf('&', amp + 1);
      continue;
    }
    if (refValue !== null) {
      out += s.slice(last, amp) + refValue;
      last = end;
    }
    amp = s.indexOf('&', end);
  }
  return last === 0 ? s : out + s.slice(last);
}
