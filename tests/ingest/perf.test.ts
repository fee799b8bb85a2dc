/**
 * Throughput guards. The target is ≥ 2,000 reports/s on one idle core (bench/ measures it); these
 * bounds are loose enough for a loaded CI machine and only catch super-linear regressions.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/ingest/parse';
import { readManifest, readReport } from './corpus';

const inputs = readManifest()
  .filter((r) => r.format !== 'pdf')
  .map((r) => ({ file: r.file, bytes: readReport(r.file) }));

function cpuMs(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return c.user / 1000;
}

describe('parser throughput', () => {
  it('parses the whole text/HTML corpus at well under 5 ms CPU per report', () => {
    for (const x of inputs) parseReport(x.bytes, { fileName: x.file });
    const rounds = 3;
    const ms = cpuMs(() => {
      for (let k = 0; k < rounds; k++) for (const x of inputs) parseReport(x.bytes, { fileName: x.file });
    });
    expect(ms / (rounds * inputs.length)).toBeLessThan(5);
  });

  it('stays roughly linear: a report padded with 50× its narrative costs no more than ~80× the original', () => {
    const base = new TextDecoder().decode(readReport('reports/000.txt'));
    const lines = base.split('\n');
    const narrative = lines.slice(0, 20).join('\n');
    const big = `${Array.from({ length: 50 }, () => narrative).join('\n')}\n${base}`;
    parseReport(base);
    const small = cpuMs(() => {
      for (let i = 0; i < 20; i++) parseReport(base);
    });
    const large = cpuMs(() => {
      for (let i = 0; i < 20; i++) parseReport(big);
    });
    const r = parseReport(big);
    expect(r.ok && r.report.cells.length).toBeGreaterThan(190);
    expect(large).toBeLessThan(Math.max(small, 20) * 80);
  });
});
