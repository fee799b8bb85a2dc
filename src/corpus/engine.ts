/** The real parser and checks as one `Engine` for the batch pipeline. */
import { runCrossYearChecks, runReportChecks } from '../checks';
import { parseReport } from '../ingest/parse';
import type { Engine } from './build';

export const defaultEngine: Engine = {
  parse: parseReport,
  reportChecks: runReportChecks,
  crossYearChecks: runCrossYearChecks,
};
