/**
 * `npm run corpus:database -- <corpus dir>`: writes `corpus.duckdb` beside a corpus's Parquet files
 * (with its hot file and the agencies' cell blocks) and records them in manifest.json, so the app
 * attaches it instead of decoding every table (the layout for large corpora; see
 * docs/corpus-schema.md and bench/SCALE.md), then the warm-start file `warm.json` from it
 * (src/corpus/warm.ts).
 */
import { writeCorpusDatabase } from '../corpus/database-node';
import { WARM_FILE } from '../corpus/warm';
import { writeWarmStart } from '../corpus/warm-node';

async function main(argv: readonly string[]): Promise<number> {
  const dirs = argv.filter((a) => a !== '--');
  if (dirs.length === 0) {
    process.stderr.write('用法 / usage: npm run corpus:database -- <corpus dir>...\n');
    return 2;
  }
  let failed = 0;
  for (const dir of dirs) {
    const t0 = performance.now();
    try {
      const e = await writeCorpusDatabase(dir);
      process.stdout.write(`✓ ${dir}/${e.path}: ${(e.bytes / 1e6).toFixed(1)} MB, ${String(e.tables.length)} 张表 / tables, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      if (e.hot) process.stdout.write(`✓ ${dir}/${e.hot.path}: ${(e.hot.bytes / 1e6).toFixed(1)} MB, ${e.wide} + findings\n`);
      const blocks = e.hot?.cell_blocks;
      if (blocks) process.stdout.write(`✓ ${dir}/${blocks.path}: ${(blocks.bytes / 1e6).toFixed(1)} MB, 每个机构一块 / one block per agency\n`);
      const t1 = performance.now();
      const { bytes } = await writeWarmStart(dir);
      process.stdout.write(`✓ ${dir}/${WARM_FILE}: ${(bytes / 1e3).toFixed(1)} kB, ${((performance.now() - t1) / 1000).toFixed(1)} s\n`);
    } catch (err) {
      failed++;
      process.stderr.write(`✗ ${dir}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
