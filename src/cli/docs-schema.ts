/**
 * Writes docs/corpus-schema.md from src/corpus/schema.ts (`npm run docs:schema`);
 * with `--check`, only reports whether the committed file is up to date (exit 1 when not).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../corpus/node';
import { renderSchemaDoc } from '../corpus/schema-doc';

export const SCHEMA_DOC_PATH = join(REPO_ROOT, 'docs', 'corpus-schema.md');

const doc = renderSchemaDoc();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(SCHEMA_DOC_PATH, 'utf8');
  } catch {
    // a missing file is simply out of date
  }
  if (current !== doc) {
    process.stderr.write('✗ docs/corpus-schema.md 已过期，请运行 npm run docs:schema / is out of date: run npm run docs:schema\n');
    process.exitCode = 1;
  }
} else {
  writeFileSync(SCHEMA_DOC_PATH, doc);
  process.stdout.write(`docs/corpus-schema.md (${doc.length} chars)\n`);
}
