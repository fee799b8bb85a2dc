/**
 * Operator list → ruling lines → grids, on operator lists shaped like pdf.js 5's (`constructPath`
 * carries the paint operator and a flat path buffer: 0 moveTo, 1 lineTo, 2 curveTo, 3 closePath).
 * The real PDFs are in grid-pdf.test.ts and grid-real.test.ts; these pin the edge cases.
 */
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { boundariesAt, findGrids } from '../../src/ingest/pdf/grid';
import type { PdfRule } from '../../src/ingest/pdf/layout';
import { mergeRules, rulesFromOperatorList } from '../../src/ingest/pdf/rules';

type Op = [number, unknown];
const path = (paint: number, ...buf: number[]): Op => [OPS.constructPath, [paint, [new Float32Array(buf)], null]];
const line = (x0: number, y0: number, x1: number, y1: number): number[] => [0, x0, y0, 1, x1, y1];
const rect = (x: number, y: number, w: number, h: number): number[] => [0, x, y, 1, x + w, y, 1, x + w, y + h, 1, x, y + h, 3];

function read(ops: readonly Op[]): string[] {
  return rulesFromOperatorList(
    ops.map((o) => o[0]),
    ops.map((o) => o[1]),
    OPS,
  ).map((r) => `${r.axis} ${r.at.toFixed(1)} ${r.from.toFixed(1)}-${r.to.toFixed(1)}`);
}

describe('rulesFromOperatorList', () => {
  it('reads stroked segments, joins collinear pieces drawn cell by cell, and keeps apart lines that do not touch', () => {
    expect(read([path(OPS.stroke, ...line(10, 100, 50, 100), ...line(50.5, 100.4, 90, 100.4), ...line(120, 100, 160, 100))])).toEqual(['h 100.2 10.0-90.0', 'h 100.0 120.0-160.0']);
  });

  it('reads the four edges of a stroked rectangle and the long axis of a thin filled one', () => {
    expect(read([path(OPS.stroke, ...rect(10, 10, 100, 20))])).toEqual(['h 10.0 10.0-110.0', 'h 30.0 10.0-110.0', 'v 10.0 10.0-30.0', 'v 110.0 10.0-30.0']);
    expect(read([path(OPS.fill, ...rect(10, 49.75, 100, 0.5)), path(OPS.eoFill, ...rect(59.8, 0, 0.4, 60))])).toEqual(['h 50.0 10.0-110.0', 'v 60.0 0.0-60.0']);
  });

  it('ignores clipping paths, cell shading, curves, diagonals and dots', () => {
    expect(
      read([
        path(OPS.endPath, ...rect(0, 0, 595, 842)),
        path(OPS.fill, ...rect(10, 10, 200, 30)),
        path(OPS.stroke, 0, 10, 10, 2, 20, 20, 30, 20, 40, 10),
        path(OPS.stroke, ...line(0, 0, 100, 50)),
        path(OPS.stroke, ...line(5, 5, 6, 5)),
      ]),
    ).toEqual([]);
  });

  it('maps lines through the CTM (q/cm/Q and form matrices) into page space', () => {
    expect(
      read([
        [OPS.save, null],
        [OPS.transform, [1, 0, 0, -1, 0, 842]],
        path(OPS.stroke, ...line(10, 42, 90, 42)),
        [OPS.restore, null],
        path(OPS.stroke, ...line(10, 42, 90, 42)),
        [OPS.paintFormXObjectBegin, [new Float32Array([0, 1, -1, 0, 500, 0]), null]],
        path(OPS.stroke, ...line(100, 20, 300, 20)),
        [OPS.paintFormXObjectEnd, []],
      ]),
    ).toEqual(['h 42.0 10.0-90.0', 'h 800.0 10.0-90.0', 'v 480.0 100.0-300.0']);
  });

  it('skips argument shapes it does not know instead of guessing', () => {
    expect(read([[OPS.constructPath, [OPS.stroke, 'x', null]], [OPS.constructPath, null], [OPS.constructPath, [OPS.stroke, [new Float32Array([9, 1, 2])], null]]])).toEqual([]);
  });
});

describe('findGrids', () => {
  const h = (at: number, from: number, to: number): PdfRule => ({ axis: 'h', at, from, to });
  const v = (at: number, from: number, to: number): PdfRule => ({ axis: 'v', at, from, to });

  it('a table of crossing rules is one grid; a lone rule and a bare frame are none', () => {
    const table = [h(100, 50, 350), h(80, 50, 350), h(60, 50, 350), v(50, 60, 100), v(200, 60, 100), v(350, 60, 100)];
    const frame = [h(20, 20, 575), h(822, 20, 575), v(20, 20, 822), v(575, 20, 822)];
    const grids = findGrids(mergeRules([...table, ...frame, h(780, 72, 523)]));
    expect(grids.map((g) => [g.x0, g.y0, g.x1, g.y1])).toEqual([[50, 60, 350, 100]]);
  });

  it('gives the borders that reach a height: a header cell spanning columns has none inside it', () => {
    const [g] = findGrids([h(120, 50, 350), h(100, 50, 350), h(80, 50, 350), v(50, 80, 120), v(200, 80, 120), v(275, 80, 100), v(350, 80, 120)]);
    if (g === undefined) throw new Error('no grid');
    expect(boundariesAt(g, 110)).toEqual([50, 200, 350]);
    expect(boundariesAt(g, 90)).toEqual([50, 200, 275, 350]);
  });
});
