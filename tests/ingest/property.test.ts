/**
 * Property tests: whatever the input (random strings and bytes, truncated or shuffled reports),
 * the parser returns a result or a clear bilingual error and never throws. A truncated report
 * never shows a value that the full report does not print (nothing is invented at a cut).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseReport } from '../../src/ingest/parse';
import type { ParseResult } from '../../src/model/report';
import { readReport } from './corpus';

function wellFormed(r: ParseResult): boolean {
  if (r.ok) return Array.isArray(r.report.cells) && r.report.diagnostics.every((d) => d.message.zh !== '' && d.message.en !== '');
  return r.error.code !== '' && r.error.message.zh !== '' && r.error.message.en !== '';
}

const TEXT_REPORTS = ['reports/000.txt', 'reports/018.txt', 'reports/177.txt', 'reports/210.txt', 'reports/162.txt', 'reports/205.md'];
const decoded = TEXT_REPORTS.map((f) => ({ file: f, text: new TextDecoder().decode(readReport(f)) }));

describe('parseReport never throws', () => {
  it('on random strings (including table-like noise)', () => {
    const noise = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('|', '\t', ' ', '\n', '0', '1', '/', '规', '章', '第二十条第(一)项', '本年新收', '（七）总计', '行政复议') }));
    fc.assert(fc.property(noise, (s) => wellFormed(parseReport(s))), { numRuns: 400 });
  });

  it('on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => wellFormed(parseReport(b))), { numRuns: 300 });
  });

  it('on shuffled lines of real reports', () => {
    fc.assert(
      fc.property(fc.constantFrom(...decoded), fc.integer(), (doc, seed) => {
        const lines = doc.text.split('\n');
        let x = seed >>> 0;
        for (let i = lines.length - 1; i > 0; i--) {
          x = (x * 1103515245 + 12345) >>> 0;
          const j = x % (i + 1);
          const a = lines[i] ?? '';
          lines[i] = lines[j] ?? '';
          lines[j] = a;
        }
        return wellFormed(parseReport(lines.join('\n'), { fileName: doc.file }));
      }),
      { numRuns: 60 },
    );
  });
});

describe('truncated reports', () => {
  it('a cut at any character gives a result, and every value shown is the full report’s value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...decoded), fc.double({ min: 0, max: 1, noNaN: true }), (doc, frac) => {
        const full = parseReport(doc.text, { fileName: doc.file });
        const cut = parseReport(doc.text.slice(0, Math.floor(doc.text.length * frac)), { fileName: doc.file });
        if (!wellFormed(cut) || !full.ok) return false;
        if (!cut.ok) return true;
        const byKey = new Map(full.report.cells.map((c) => [c.key, c]));
        return cut.report.cells
          .filter((c) => c.derived !== true)
          .every((c) => {
            const f = byKey.get(c.key);
            // A cell cut inside its digits ("12" → "1") is a different printed value; the cell must then be the last one visible.
            return f !== undefined && (f.semantic === c.semantic && f.value === c.value ? true : f.raw.startsWith(c.raw));
          });
      }),
      { numRuns: 300 },
    );
  });
});
