/** Entry point of `npm run ingest`; see `run-ingest.ts` for the options. */
import { nodeEngine } from '../corpus/node';
import { runIngest } from './run-ingest';

process.exitCode = await runIngest(process.argv.slice(2), nodeEngine);
