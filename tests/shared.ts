/** Locations of the read-only shared material that sits beside the repository. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = process.env.DISCLOSURE_ATLAS_SHARED ?? resolve(REPO_ROOT, '..', 'shared');
export const CORPUS_DIR = join(SHARED, 'corpus');
export const SPEC_PATH = join(SHARED, 'spec', 'template-spec.md');

if (!existsSync(CORPUS_DIR)) {
  throw new Error(`The shared corpus was not found at ${CORPUS_DIR}; set DISCLOSURE_ATLAS_SHARED.`);
}
