/**
 * Child-process entry of a parallel synthetic run (`writeSyntheticCorpus` with `jobs` > 1): one
 * shard's options as JSON in argv, its counts as JSON on the last line of stdout.
 */
import { writeShard, type ShardOptions } from './write';

interface ShardArgs {
  readonly opts: ShardOptions;
  readonly shard: number;
  readonly range: { readonly from: number; readonly to: number };
  readonly partsDir: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ShardArgs;
const result = writeShard(args.opts, args.shard, { from: args.range.from, to: args.range.to }, args.partsDir);
process.stdout.write(`${JSON.stringify(result)}\n`);
