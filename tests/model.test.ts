import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_CELL_KEYS, CELL_DEFS, columnToKey, keyToColumn } from '../src/model/template';
import { SPEC_PATH } from './shared';

/** Reads the fenced key lists of spec Appendix A, so the model is checked against the contract itself. */
function appendixBlocks(): string[][] {
  const spec = readFileSync(SPEC_PATH, 'utf8');
  const appendix = spec.slice(spec.indexOf('## Appendix A'));
  return [...appendix.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]!.trim().split('\n').map((l) => l.trim()));
}

describe('template model against spec Appendix A', () => {
  const [a1, a2, rows2019, rows2021, a4] = appendixBlocks();
  const columns = ['natural_person', 'org_commercial', 'org_research', 'org_public_interest', 'org_legal_services', 'org_other', 'total'];
  const expand = (rows: string[]) => rows.flatMap((r) => columns.map((c) => `requests.${r}.${c}`));

  it('v2019 has exactly the 198 keys of the appendix, in order', () => {
    const expected = [...a1!, ...expand(rows2019!), ...a4!];
    expect(expected).toHaveLength(198);
    expect(CELL_DEFS.v2019.map((d) => d.key)).toEqual(expected);
  });

  it('v2021 has exactly the 200 keys of the appendix, in order', () => {
    const expected = [...a2!, ...expand(rows2021!), ...a4!];
    expect(expected).toHaveLength(200);
    expect(CELL_DEFS.v2021.map((d) => d.key)).toEqual(expected);
  });

  it('every key maps to a wide-table column and back', () => {
    for (const k of ALL_CELL_KEYS) expect(columnToKey(keyToColumn(k))).toBe(k);
    expect(new Set(ALL_CELL_KEYS.map(keyToColumn)).size).toBe(ALL_CELL_KEYS.length);
  });
});
