/**
 * Regression baseline for the HTML front end's optimisation: the fixtures in `__fixtures__/` were
 * captured from the PRE-OPTIMISATION `htmlToDocument` (the tokenizer, tree builder and emitter as
 * first written) before any performance work. They are not golden truth about the reports (that is
 * `../shared/corpus/expected`, checked in frontend.test.ts and golden.test.ts); they pin the old
 * front end's exact output so that speed work cannot change what the mapper sees.
 *
 * `markup.baseline.json` holds 370 seeded random pages (tables with spans and unclosed cells,
 * entities with and without `;`, hidden and raw-text elements, quotes in attributes, stray tags)
 * with the old front end's output for each, to cover the recovery paths the two real pages miss.
 * If a deliberate behaviour change makes these differ, regenerate them in the same commit and say so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../src/ingest/document';
import { htmlToDocument } from '../../src/ingest/html/frontend';
import { CORPUS_DIR } from '../shared';

const FIXTURES = join(import.meta.dirname, '__fixtures__');

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

/** Round-trips through JSON so optional fields left undefined compare like the stored fixture. */
function plain(doc: SourceDocument): SourceDocument {
  return JSON.parse(JSON.stringify(doc)) as SourceDocument;
}

describe('htmlToDocument matches the pre-optimisation baseline', () => {
  for (const id of ['001', '209']) {
    it(`on ${id}.html: same blocks (kind, table, every cell's text/col/colspan/rowspan/prov) and text`, () => {
      const html = readFileSync(join(CORPUS_DIR, 'reports', `${id}.html`), 'utf8');
      const base = fixture(`${id}.baseline.json`) as SourceDocument;
      const doc = plain(htmlToDocument(html));
      // Sanity of the fixture itself: a baseline with no table rows would pin nothing useful.
      expect(base.blocks.filter((b) => b.kind === 'row').length).toBeGreaterThan(40);
      expect(doc.blocks).toHaveLength(base.blocks.length);
      doc.blocks.forEach((b, i) => {
        expect({ i, block: b }).toEqual({ i, block: base.blocks[i] });
      });
      expect(doc.text).toBe(base.text);
      expect(doc).toEqual(base);
    });
  }

  it('on 370 seeded random pages', () => {
    const cases = fixture('markup.baseline.json') as { html: string; doc: SourceDocument }[];
    expect(cases).toHaveLength(370);
    expect(cases.filter((c) => c.doc.blocks.some((b) => b.kind === 'row')).length).toBeGreaterThan(50);
    for (const c of cases) {
      expect({ html: c.html, doc: plain(htmlToDocument(c.html)) }).toEqual(c);
    }
  });
});
