/** Entry point of `npm run ingest`; see `run-ingest.ts` for the options. */
import { defaultEngine } from '../corpus/engine';
import { runIngest } from './run-ingest';

process.exitCode = runIngest(process.argv.slice(2), defaultEngine);
