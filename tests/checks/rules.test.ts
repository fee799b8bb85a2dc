import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES, ruleDef } from '../../src/checks';
import { REPORT_RULE_IDS } from '../../src/checks/report';
import { SPEC_PATH } from '../shared';

describe('rule catalogue', () => {
  const spec = readFileSync(SPEC_PATH, 'utf8');

  it('has unique ids, bilingual titles and definitions, and a section that exists in the spec', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      for (const t of [r.title, r.definition]) {
        expect(t.zh.length, r.id).toBeGreaterThan(0);
        expect(t.en.length, r.id).toBeGreaterThan(0);
      }
      expect(spec, `${r.id} §${r.specSection}`).toMatch(new RegExp(`^##+ ${r.specSection.replace('.', '\\.')}[. ]`, 'm'));
    }
  });

  it('uses the rule ids the spec names (TEXT-TABLE names the unnamed §6.4 checks)', () => {
    for (const r of RULES) if (r.id !== 'TEXT-TABLE') expect(spec, r.id).toContain(r.id);
  });

  it('gives every per-report rule an evaluator and no evaluator without a catalogue entry', () => {
    const perReport = RULES.filter((r) => r.scope === 'report').map((r) => r.id);
    expect([...REPORT_RULE_IDS].sort()).toEqual([...perReport].sort());
    expect(RULES.filter((r) => r.scope === 'cross_year').map((r) => r.id)).toEqual(['XY-CARRY', 'XY-STOCK-2021', 'XY-ITEMS-2019', 'XY-JUMP']);
  });

  it('covers every rule the issue lists', () => {
    for (const id of ['T3-BAL', 'T3-ROW', 'T3-RES', 'T4-SUM', 'NONNEG', 'TEMPLATE-VERSION', 'STRUCT-TABLES', 'EMPTY-CELLS', 'UNIT-2021', 'SEC5-EMPTY', 'TIMELINESS']) {
      expect(ruleDef(id).id).toBe(id);
    }
    expect(() => ruleDef('NOPE')).toThrow();
  });
});
