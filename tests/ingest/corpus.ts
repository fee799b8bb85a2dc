/** Test helpers over the shared corpus: the manifest and report bytes. */
import { readFileSync } from 'node:fs';
import { parseCsv } from '../../src/corpus/csv';
import { join } from 'node:path';
import { CORPUS_DIR } from '../shared';

export interface ManifestRow {
  id: string;
  file: string;
  format: string;
  year: string;
  template: string;
}

/** The shared corpus manifest, one object per report. */
export function readManifest(): ManifestRow[] {
  const text = readFileSync(join(CORPUS_DIR, 'manifest.csv'), 'utf8');
  const rows = parseCsv(text);
  const [head, ...body] = rows;
  if (head === undefined) return [];
  return body
    .filter((r) => r.length === head.length)
    .map((r) => {
      const o: Record<string, string> = {};
      head.forEach((h, i) => (o[h] = r[i] ?? ''));
      return { id: o.id ?? '', file: o.file ?? '', format: o.format ?? '', year: o.year ?? '', template: o.template ?? '' };
    });
}


/** The bytes of a corpus report named in the manifest (`reports/…`). */
export function readReport(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS_DIR, file)));
}
