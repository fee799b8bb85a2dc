/** Test helpers over the shared corpus: the manifest and report bytes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '../shared';

export interface ManifestRow {
  id: string;
  file: string;
  format: string;
  year: string;
  template: string;
}

/** Minimal CSV reader for the manifest (quoted fields with doubled quotes). */
export function readManifest(): ManifestRow[] {
  const text = readFileSync(join(CORPUS_DIR, 'manifest.csv'), 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (q) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') q = false;
      else field += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
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
