/**
 * The fast paths of normalize.ts (a table lookup for the Traditional hints, fewer replacement
 * passes after NFKC) against the plain definitions they replace, on real report text and on
 * random strings built from the characters where a shortcut could go wrong.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTraditional, normalizeLabel, normalizeText, toSimplified } from '../../src/ingest/normalize';
import { CORPUS_DIR } from '../shared';

const HINT_RE = /[體據條為與於開報處關這個們會來時說們實國發總數規範對項類際請辦應當廣轉變際權務計結業構單經濟無義見將區當鄉鎮縣書記舉訴復議確認]/;

const referenceText = (s: string): string =>
  toSimplified(s.normalize('NFKC'))
    .replace(/[“”„‟"＂]/g, '"')
    .replace(/[‘’']/g, "'")
    .replace(/[、，]/g, ',')
    .replace(/\u00a0|\u3000/g, ' ');

const reportTexts = readdirSync(join(CORPUS_DIR, 'reports'))
  .filter((n) => /\.(txt|md|html)$/.test(n))
  .map((n) => readFileSync(join(CORPUS_DIR, 'reports', n), 'utf8'));

/**
 * Characters that stress the fast path: full-width forms, quotes and separators, spaces of every
 * kind, combining marks and voiced kana marks, compatibility jamo, Traditional hints, ligatures and
 * circled numbers with multi-character NFKC forms, compatibility ideographs, lone surrogates.
 */
const tricky = [
  'a', 'Z', '1', ' ', '\t', '\n', '\r', '"', "'", ',', '中', '国', '报', '告', '說', '開', '體', '為',
  '，', '、', '。', '：', '（', '）', '＂', '＇', '１', 'Ａ', '“', '”', '„', '‟', '‘', '’', '\u00a0', '\u3000', '\u2002',
  '\u200b', '\ufeff', '\u2028', '\u1680', '\u202f', '\u0301', '\u0308', '\u3099', '\u309b', '\uff9e', 'e', 'カ', 'か',
  '\u3131', '\u314f', '\uffa1', '\u1100', '\u1161', '…', '①', '⑩', '½', 'ﬁ', '™', '㈱', '㍿', '\uf96f', '\u2f00',
  '\ufe5d', '\ufe51', '\u302a', '\u302b', '\ud83d', '\ude00', 'é', '²', '·', '—', '〔', '①',
];
const trickyString = fc.array(fc.constantFrom(...tricky), { maxLength: 40 }).map((a) => a.join(''));
const anyBmp = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 }).map((a) => String.fromCharCode(...a));

describe('hasTraditional', () => {
  it('agrees with the hint character class on every report and on random text', () => {
    for (const t of reportTexts) expect(hasTraditional(t)).toBe(HINT_RE.test(t));
    fc.assert(fc.property(trickyString, (s) => hasTraditional(s) === HINT_RE.test(s)), { numRuns: 3000 });
  });
});

describe('normalizeText', () => {
  it('equals the definition on every report of the corpus', () => {
    for (const t of reportTexts) expect(normalizeText(t)).toBe(referenceText(t));
  });

  it('equals the definition on random strings of tricky characters and of any BMP code units', () => {
    fc.assert(fc.property(trickyString, (s) => normalizeText(s) === referenceText(s)), { numRuns: 5000 });
    fc.assert(fc.property(anyBmp, (s) => normalizeText(s) === referenceText(s)), { numRuns: 5000 });
  });

  it('composes where NFKC composes and converts Traditional text', () => {
    expect(normalizeText('e\u0301')).toBe('é');
    expect(normalizeText('\u3131\u314f')).toBe('가');
    expect(normalizeText('１２，“說明”…')).toBe('12,"说明"...');
    expect(normalizeLabel(' 行政　許可 ')).toBe('行政許可');
  });
});
