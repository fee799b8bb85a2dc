/**
 * The shortcuts the per-report checks take for speed, held to the plain definitions they replace:
 * section 五's substance without the Unicode property class per character, the version read from
 * printed keys through a per-key cache, and the keyword scan that decides which narrative anchors
 * of TEXT-TABLE are searched at all.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReportChecks } from '../../src/checks';
import { sec5Length } from '../../src/checks/report';
import { activeVersionOf, requestsVersionOf } from '../../src/checks/versions';
import type { Report } from '../../src/model/report';
import { CELL_DEFS, type TemplateVersion } from '../../src/model/template';
import { expectedIds, reportFromExpected } from './fixtures';

const SEC5_HEADING = /^五[、,.．]?[^。]{0,20}?(改进情况|整改情况|改进措施)/;
const referenceSec5Length = (text: string): number =>
  text.normalize('NFKC').replace(/\s+/g, '').replace(SEC5_HEADING, '').replace(/[\p{P}\p{S}]/gu, '').length;

const pieces = [
  '五、存在的主要问题及改进情况', '问题', '改进', '无', '。', '，', '、', '：', '（', '）', '“', '”', '《', '》', '—', '…', '·',
  '!', '?', '.', ',', '-', '+', '=', '$', '¥', '%', '①', '™', '℃', '→', '■', ' ', '\u3000', '\n', '\u00a0', 'a', '1', '１',
  '\u{1f600}', '\u{1d11e}', '\u{20000}', '\ud83d', '\ude00', '\u0301', 'ﬁ', '﹝',
];

describe('section 五 substance (SEC5-EMPTY)', () => {
  it('counts what the Unicode property class counts, on every fixture and on random text', () => {
    for (const id of expectedIds()) {
      const p = reportFromExpected(id).sections.problems;
      if (p !== null) expect(sec5Length(p), id).toBe(referenceSec5Length(p));
    }
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(fc.property(text, (s) => sec5Length(s) === referenceSec5Length(s)), { numRuns: 3000 });
    const anyUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 }).map((a) => String.fromCharCode(...a));
    fc.assert(fc.property(anyUnits, (s) => sec5Length(s) === referenceSec5Length(s)), { numRuns: 3000 });
  });
});

describe('table layout from printed keys', () => {
  const referenceDecide = (keys: readonly string[], v2021: RegExp, v2019: RegExp, fallback: TemplateVersion | null): TemplateVersion | null => {
    const has2021 = keys.some((k) => v2021.test(k));
    const has2019 = keys.some((k) => v2019.test(k));
    if (has2021 && !has2019) return 'v2021';
    if (has2019 && !has2021) return 'v2019';
    return fallback;
  };
  const allKeys = [...new Set([...CELL_DEFS.v2019, ...CELL_DEFS.v2021].map((d) => d.key)), 'requests.results.other.total.total', 'active.x.issued', 'nonsense'];

  it('decides as the regular expressions over the keys do, for any set of keys and fallback', () => {
    const keys = fc.subarray(allKeys, { maxLength: 30 });
    const fallback = fc.constantFrom<TemplateVersion | null>('v2019', 'v2021', null);
    fc.assert(
      fc.property(keys, fallback, (ks, fb) => {
        expect(activeVersionOf(ks, fb)).toBe(referenceDecide(ks, /^active\..*\.(issued|repealed|in_force|amount_wan_yuan)$/, /^active\..*\.(new_made|new_published|published_total|prev_year_items|items_change|projects|total_amount)$/, fb));
        expect(requestsVersionOf(ks, fb)).toBe(referenceDecide(ks, /^requests\.results\.other\.(no_correction|fee_unpaid|other)\./, /^requests\.results\.other\.total\./, fb));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('TEXT-TABLE narrative anchors', () => {
  const narrativeComparisons = (narrative: string): Map<string, number | null> => {
    const base = reportFromExpected('210');
    const r: Report = { ...base, sections: { ...base.sections, narrative } };
    return new Map(runReportChecks(r).filter((c) => c.ruleId === 'TEXT-TABLE').map((c) => [c.scope, c.actual]));
  };

  it('finds every anchor by its keyword', () => {
    const found = narrativeComparisons(
      '制发规范性文件3件，行政许可4件，行政处罚5件，上年结转6件，结转下年度7件，予以公开8件，部分公开9件，不予公开10件，无法提供11件，不予处理12件，其他处理13件。',
    );
    const want: [string, number][] = [
      ['normative_docs', 3], ['admin_licensing', 4], ['admin_penalty', 5], ['carried_over', 6], ['carried_forward', 7], ['results.granted', 8],
      ['results.partially_granted', 9], ['results.denied', 10], ['results.unable', 11], ['results.not_processed', 12], ['results.other', 13],
    ];
    for (const [scope, n] of want) expect(found.get(scope), scope).toBe(n);
  });

  it('sees a keyword that overlaps another (上年结转下年度…: 结转下年 starts inside 上年结转)', () => {
    const found = narrativeComparisons('本年度上年结转下年度继续办理5件。');
    expect(found.get('carried_forward')).toBe(5);
    expect(found.has('carried_over')).toBe(false);
  });
});
