/**
 * `npm run corpus:build`: the default corpus the app ships, built from `../shared/corpus/reports`
 * and its `manifest.csv` into `data/`, with the warm-start file `warm.json` (src/corpus/warm.ts).
 * Output bytes depend only on the inputs and the code: no
 * timestamps, fixed order, so a rebuild can be compared with the committed files by hash.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Engine } from '../corpus/build';
import { REPO_ROOT, sharedDir } from '../corpus/node';
import { WARM_FILE } from '../corpus/warm';
import { writeWarmStart } from '../corpus/warm-node';
import { processIo, runIngest, type CliIo } from './run-ingest';

export const CorpusBuildArgs = z.object({
  out: z.string().min(1).default(join(REPO_ROOT, 'data')),
  shared: z.string().min(1).default(sharedDir),
  quiet: z.boolean().default(false),
});

/** Returns the exit code (see `runIngest`); 2 when the shared corpus is missing. */
export async function runCorpusBuild(argv: readonly string[], engine: Engine, io: CliIo = processIo): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: [...argv], strict: true, options: { out: { type: 'string' }, shared: { type: 'string' }, quiet: { type: 'boolean' } } }).values;
  } catch (e) {
    io.err(`参数错误 / bad arguments: ${e instanceof Error ? e.message : String(e)}\n用法 / usage: npm run corpus:build [-- --out <dir>] [--shared <dir>]\n`);
    return 2;
  }
  const args = CorpusBuildArgs.parse(values);
  const corpus = join(args.shared, 'corpus');
  const reports = join(corpus, 'reports');
  const meta = join(corpus, 'manifest.csv');
  if (!existsSync(reports) || !existsSync(meta)) {
    io.err(`✗ 找不到共享语料 / the shared corpus was not found at ${corpus}; 请设置 / set DISCLOSURE_ATLAS_SHARED\n`);
    return 2;
  }
  const code = await runIngest([reports, '--meta', meta, '--out', args.out, ...(args.quiet ? ['--quiet'] : [])], engine, io);
  if (code !== 0) return code;
  // The app's first screen answered before DuckDB-WASM has started (src/corpus/warm.ts).
  try {
    const { bytes } = await writeWarmStart(args.out);
    if (!args.quiet) io.out(`✓ ${WARM_FILE}: ${(bytes / 1e3).toFixed(1)} kB\n`);
    return 0;
  } catch (e) {
    io.err(`✗ ${WARM_FILE}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
