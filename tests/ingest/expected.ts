/** Test helpers: hand-checked expected cells of the shared corpus and a cell-by-cell comparison. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cell } from '../../src/model/report';
import { CORPUS_DIR } from '../shared';

export type ExpectedValue = number | string | null | { raw: string; yuan: number | null };

export interface Expected {
  readonly id: string;
  readonly year: number;
  readonly cells: Readonly<Record<string, ExpectedValue>>;
}

export function readExpected(id: string): Expected {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'expected', `${id}.json`), 'utf8')) as Expected;
}

export function readReportText(file: string): string {
  return readFileSync(join(CORPUS_DIR, 'reports', file), 'utf8');
}

/** One line per cell that differs from `want` (missing, wrong value, or not expected at all). */
export function diffCells(want: Readonly<Record<string, ExpectedValue>>, cells: readonly Cell[]): string[] {
  const problems: string[] = [];
  const got = new Map(cells.filter((c) => c.derived !== true).map((c) => [c.key, c]));
  for (const [key, w] of Object.entries(want)) {
    const c = got.get(key);
    if (c === undefined) problems.push(`${key}: missing (want ${JSON.stringify(w)})`);
    else if (w === null ? c.semantic !== 'blank' : w === 'na' ? c.semantic !== 'na' : typeof w === 'number' ? c.semantic !== 'number' || c.value !== w : typeof w === 'string' ? c.raw !== w : c.raw !== w.raw || c.valueYuan !== w.yuan) {
      problems.push(`${key}: want ${JSON.stringify(w)}, got ${c.semantic} ${String(c.value)} "${c.raw}"`);
    }
  }
  for (const key of got.keys()) if (!(key in want)) problems.push(`${key}: not expected`);
  return problems;
}
