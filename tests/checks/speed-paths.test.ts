/**
 * The shortcuts the per-report checks take for speed, held to the plain definitions they replace:
 * section 五's substance without the Unicode property class per character, the version read from
 * printed keys through a per-key cache (both tables from one pass), the keyword scan that decides
 * which narrative anchors of TEXT-TABLE are searched at all, an undecidable equation's message built
 * from its keys (with its "why" part kept per pattern of cell states) rather than from operand
 * objects, and EMPTY-CELLS' keys of both tables from one pass over the cells.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReportChecks } from '../../src/checks';
import { CellIndex, describeUndecided, evaluateEquation, roundSum, type Equation, type Operand } from '../../src/checks/operands';
import { sec5Length } from '../../src/checks/report';
import { activeVersionOf, requestsVersionOf, tableVersionsOf } from '../../src/checks/versions';
import type { Bilingual, Cell, Report } from '../../src/model/report';
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

  it('decides both tables in one pass as the two single-table functions do', () => {
    const keys = fc.subarray(allKeys, { maxLength: 30 });
    const fallback = fc.constantFrom<TemplateVersion | null>('v2019', 'v2021', null);
    fc.assert(
      fc.property(keys, fallback, fallback, (ks, fa, fr) => {
        expect(tableVersionsOf(ks, fa, fr)).toEqual({ active: activeVersionOf(ks, fa), requests: requestsVersionOf(ks, fr) });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('undecidable equations', () => {
  /** The message as it was built before: operand objects, describeUndecided, then the blanks-as-0 hint. */
  const referenceHint = (totalOps: readonly Operand[], partOps: readonly Operand[]): Bilingual => {
    const all = [...totalOps, ...partOps];
    if (!all.some((o) => o.state === 'blank') || !all.every((o) => o.state === 'number' || o.state === 'blank')) return { zh: '', en: '' };
    const zeroed = (ops: readonly Operand[]): number => roundSum(ops.reduce((s, o) => s + (o.state === 'number' ? o.value : 0), 0));
    const parts = zeroed(partOps);
    const total = zeroed(totalOps);
    return parts === total
      ? { zh: `（若空白按0计，则成立：${String(total)}）`, en: ` (with blanks read as 0 it holds: ${String(total)})` }
      : { zh: `（若空白按0计，仍不成立：各项之和${String(parts)}，合计${String(total)}）`, en: ` (even with blanks read as 0 it fails: parts ${String(parts)}, total ${String(total)})` };
  };
  const referenceMessage = (eq: Equation, cells: CellIndex): Bilingual => {
    const totalOps = eq.total.map((k) => cells.operand(k));
    const partOps = eq.parts.map((k) => cells.operand(k));
    const why = describeUndecided([...totalOps, ...partOps]);
    const hint = referenceHint(totalOps, partOps);
    return { zh: `无法判断 ${eq.label.zh}（${eq.scope}）：${why.zh}${hint.zh}`, en: `Cannot decide ${eq.label.en} (${eq.scope}): ${why.en}${hint.en}` };
  };

  // One equation object for every run, as the checks reuse theirs: its kept "why" parts are exercised.
  const eq: Equation = { ruleId: 'T3-BAL', scope: 'total', total: ['t1', 't2'], parts: ['a', 'b', 'c'], label: { zh: '甲+乙=丙', en: 'a + b = c' } };
  const keys = [...eq.total, ...eq.parts];
  const state = fc.constantFrom('number', 'decimal', 'blank', 'na', 'text', 'text-number', 'nan', 'absent');
  const cellFor = (key: string, s: string, n: number): Cell | null => {
    const base = { key, raw: String(n), provenance: {} };
    if (s === 'number') return { ...base, value: n, semantic: 'number' };
    if (s === 'decimal') return { ...base, value: n / 10 + 0.1, semantic: 'number' };
    if (s === 'blank') return { ...base, value: null, semantic: 'blank' };
    if (s === 'na') return { ...base, value: null, semantic: 'na' };
    if (s === 'text') return { ...base, value: null, semantic: 'text' };
    if (s === 'text-number') return { ...base, value: null, semantic: 'number' };
    if (s === 'nan') return { ...base, value: Number.NaN, semantic: 'number' };
    return null;
  };

  it('gives the status, sums, keys and message the operand-object definition gives', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(state, fc.integer({ min: 0, max: 50 })), { minLength: keys.length, maxLength: keys.length }), fc.boolean(), (spec, derived) => {
        const cells: Cell[] = [];
        spec.forEach(([s, n], i) => {
          const c = cellFor(keys[i] ?? '', s, n);
          if (c !== null) cells.push(c);
        });
        // A derived cell never outranks a printed one with the same key.
        if (derived) cells.push({ key: 'a', value: 7, semantic: 'number', raw: '', derived: true, provenance: {} });
        const index = new CellIndex(cells);
        const r = evaluateEquation(eq, index, 'error');
        const expected = index.numericSum(eq.parts);
        const actual = index.numericSum(eq.total);
        expect([r.expected, r.actual, r.keys]).toEqual([expected, actual, keys]);
        if (expected === null || actual === null) {
          expect(r.status).toBe('uncertain');
          expect(r.message).toEqual(referenceMessage(eq, index));
        }
      }),
      { numRuns: 4000 },
    );
  });

  it('gives every result its own keys array', () => {
    const index = new CellIndex([]);
    const a = evaluateEquation(eq, index, 'error');
    const b = evaluateEquation(eq, index, 'error');
    expect(a.keys).toEqual(b.keys);
    expect(a.keys).not.toBe(b.keys);
  });
});

describe('EMPTY-CELLS', () => {
  it('lists, per table, the blank and "/" printed cells in printed order, as a filter per table does', () => {
    let compared = 0;
    let nonEmpty = 0;
    // Each fixture as printed, and with every third cell blank and every fifth "/" (few reports print blanks).
    const variants = expectedIds().flatMap((id) => {
      const report = reportFromExpected(id);
      const cells = report.cells.map((c, i): Cell => (i % 3 === 0 ? { ...c, value: null, semantic: 'blank' } : i % 5 === 0 ? { ...c, value: null, semantic: 'na' } : c));
      return [{ id, report }, { id: `${id} blanked`, report: { ...report, cells } }];
    });
    for (const { id, report } of variants) {
      const printed = new CellIndex(report.cells).printed();
      const reference = (prefix: string): string[] =>
        printed.filter((c) => c.key.startsWith(prefix) && (c.semantic === 'blank' || c.semantic === 'na')).map((c) => c.key);
      for (const r of runReportChecks(report).filter((x) => x.ruleId === 'EMPTY-CELLS')) {
        expect(r.keys, `${id} ${r.scope}`).toEqual(reference(r.scope === 'requests' ? 'requests.' : 'review_litigation.'));
        compared++;
        if (r.keys.length > 0) nonEmpty++;
      }
    }
    expect(compared).toBeGreaterThan(20);
    expect(nonEmpty).toBeGreaterThan(5);
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
