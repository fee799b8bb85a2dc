/** The real parser and checks as one `Engine` for the batch pipeline. */
import { runCrossYearChecks, runReportChecks } from '../checks';
import { parseReportAsync, type AsyncParseEnv } from '../ingest/parse';
import type { Engine } from './build';

/**
 * An engine that reads every supported format (text, Markdown, HTML, PDF, DOCX); `env` tells
 * pdf.js where its character maps are (Node: see `nodeEngine` in `node.ts`).
 */
export function createEngine(env: AsyncParseEnv = {}): Engine {
  return {
    parse: (input, opts) => parseReportAsync(input, opts, env),
    reportChecks: runReportChecks,
    crossYearChecks: runCrossYearChecks,
  };
}

/** The engine with pdf.js defaults (the browser bundle configures pdf.js itself). */
export const defaultEngine: Engine = createEngine();
