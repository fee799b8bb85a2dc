/**
 * isTableLine's shortcuts (substring tests before the regular expressions, counting two matches
 * instead of collecting all) against the definition they replace, on every line of the corpus
 * and on random lines of tabs, pipes, spaces, digits and words.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTableLine } from '../../src/ingest/sections';
import { CORPUS_DIR } from '../shared';

function referenceIsTableLine(line: string): boolean {
  if (/\t|\|.*\|/.test(line)) return true;
  if (/^[\s\d.,，、:：;；/\\\-—–+%()（）[\]|*#=_~]*$/.test(line)) return true;
  const gaps = line.match(/\S {2,}\S/g);
  if (gaps !== null && gaps.length >= 2) {
    const nums = line.match(/(?:^| {2,})[-+]?\d[\d.,]*(?= {2,}|$)/g);
    if (nums !== null && nums.length >= 2) return true;
  }
  return false;
}

describe('isTableLine', () => {
  it('agrees with its definition on every line of every text report', () => {
    const dir = join(CORPUS_DIR, 'reports');
    let lines = 0;
    for (const name of readdirSync(dir).filter((n) => /\.(txt|md|html)$/.test(n))) {
      for (const line of readFileSync(join(dir, name), 'utf8').split(/\r?\n/)) {
        expect(isTableLine(line), `${name}: ${line}`).toBe(referenceIsTableLine(line));
        lines++;
      }
    }
    expect(lines).toBeGreaterThan(5000);
  });

  it('agrees with its definition on random lines', () => {
    const piece = fc.constantFrom(' ', '  ', '   ', '\t', '|', '12', '0', '-3', '1,200', '3.5', '规章', '行政许可', '。', '，', '\r', '\u3000', 'a', '/', '—');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (parts) => {
        const line = parts.join('');
        expect(isTableLine(line)).toBe(referenceIsTableLine(line));
      }),
      { numRuns: 5000 },
    );
  });
});
