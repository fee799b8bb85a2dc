/** Entry point of `npm run corpus:build`; see `run-corpus-build.ts`. */
import { nodeEngine } from '../corpus/node';
import { runCorpusBuild } from './run-corpus-build';

process.exitCode = await runCorpusBuild(process.argv.slice(2), nodeEngine);
