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

/** Legacy names that browsers also accept without the closing semicolon. */
const LEGACY_NO_SEMI = new Set(['nbsp', 'amp', 'lt', 'gt', 'quot', 'copy', 'reg']);

const ENTITY_RE = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}))(;?)/g;

/** Windows-1252 code points that pages write as numeric references in the C1 range (&#150; for –). */
const C1_FIXES: Readonly<Record<number, number>> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x89: 0x2030,
  0x8b: 0x2039, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013,
  0x97: 0x2014, 0x99: 0x2122, 0x9b: 0x203a,
};

function fromCodePoint(cp: number): string {
  const fixed = C1_FIXES[cp] ?? cp;
  if (fixed === 0 || fixed > 0x10ffff || (fixed >= 0xd800 && fixed <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(fixed);
}

/** Resolves character references; unknown names stay as printed. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY_RE, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined, semi: string) => {
    if (hex !== undefined) return fromCodePoint(parseInt(hex, 16));
    if (dec !== undefined) return fromCodePoint(parseInt(dec, 10));
    if (name === undefined) return whole;
    const value = NAMED[name] ?? NAMED[name.toLowerCase()];
    if (value === undefined) return whole;
    if (semi === '' && !LEGACY_NO_SEMI.has(name.toLowerCase())) return whole;
    return value;
  });
}
