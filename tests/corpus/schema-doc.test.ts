import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSchemaDoc } from '../../src/corpus/schema-doc';
import { OUTPUT_TABLES } from '../../src/corpus/schema';
import { REPO_ROOT } from '../shared';

describe('docs/corpus-schema.md', () => {
  const committed = readFileSync(join(REPO_ROOT, 'docs', 'corpus-schema.md'), 'utf8');

  it('equals the doc generated from src/corpus/schema.ts (else run npm run docs:schema)', () => {
    expect(committed).toBe(renderSchemaDoc());
  });

  it('documents every column of every table with its type', () => {
    for (const t of OUTPUT_TABLES) {
      const section = committed.slice(committed.indexOf(`## \`${t.name}\``));
      for (const c of t.columns) expect(section, `${t.name}.${c.name}`).toContain(`| \`${c.name}\` | ${c.type} | ${c.nullable ? 'yes' : 'no'} |`);
    }
  });

  it('gives wide-table columns the template labels of their key', () => {
    expect(committed).toContain('| `active__art20_9__central_procurement__total_amount` | DOUBLE | yes | 第二十条第（九）项 · 政府集中采购 · 采购总金额 |');
  });
});
