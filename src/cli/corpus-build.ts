/** Entry point of `npm run corpus:build`; see `run-corpus-build.ts`. */
import { defaultEngine } from '../corpus/engine';
import { runCorpusBuild } from './run-corpus-build';

process.exitCode = runCorpusBuild(process.argv.slice(2), defaultEngine);
