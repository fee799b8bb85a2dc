/**
 * The contract of report import in the browser (数据 Data view): files in, parsed and checked
 * reports out (in a Web Worker), corrected by the user, then accepted into the live corpus in
 * DuckDB as one undoable batch. The pipeline (`pipeline.ts`, `worker.ts`, `client.ts`,
 * `accept.ts`) and the screens (`src/views/import/`) meet only through these types.
 */
import type { AgencyType } from '../corpus/agency';
import type { ReportIdentity } from '../corpus/rows';
import type { CheckResult } from '../model/checks';
import type { Bilingual, Report } from '../model/report';

/** One file the user dropped or picked. */
export interface ImportFile {
  /** Path inside a dropped folder (`/`-separated), or the bare file name. */
  readonly relPath: string;
  readonly bytes: Uint8Array;
}

/** Where one file is in the pipeline. `warn`: parsed, with diagnostics or failed checks worth a look. */
export type ImportStatus = 'queued' | 'parsing' | 'ok' | 'warn' | 'error';

/** A file that did not become a report: the reason in both languages (`code` as in `ParseError`). */
export interface ImportFailure {
  readonly code: string;
  readonly message: Bilingual;
}

/** A file that became a report: the parse, the per-report checks and the identity the document and path suggest. */
export interface ParsedImport {
  readonly report: Report;
  /** Per-report checks only; cross-year checks are computed at acceptance against the live corpus. */
  readonly checks: readonly CheckResult[];
  readonly identity: ReportIdentity;
}

/** The outcome for one file: exactly one of `parsed` and `failure`. */
export interface ImportItem {
  /** Stable within one import session (the file's position in the order given). */
  readonly index: number;
  readonly relPath: string;
  readonly status: ImportStatus;
  readonly parsed?: ParsedImport;
  readonly failure?: ImportFailure;
}

/** Progress of an import session, after each file. */
export interface ImportProgress {
  readonly done: number;
  readonly total: number;
  /** The item that just finished. */
  readonly item: ImportItem;
}

/** What the user may correct on the review screen before accepting (absent: keep what was detected). */
export interface IdentityEdits {
  readonly agencyName?: string;
  readonly province?: string | null;
  readonly city?: string | null;
  readonly district?: string | null;
  readonly agencyType?: AgencyType;
  readonly year?: number | null;
}

/** One accepted batch, as the undo stack keeps it. */
export interface AcceptedBatch {
  readonly batchId: string;
  /** Report ids added (or replaced) by the batch. */
  readonly reportIds: readonly string[];
  /** Report ids of the live corpus that the batch replaced (same id), restored on undo. */
  readonly replaced: readonly string[];
}

export type AcceptOutcome = { ok: true; batch: AcceptedBatch } | { ok: false; error: Bilingual };

/** The result of undoing a batch: the batch undone, or why nothing changed (added for `undoImport`). */
export type UndoOutcome = { ok: true; batch: AcceptedBatch } | { ok: false; error: Bilingual };

/** A file left out before parsing because it obviously is no report (an image, an archive, a system file), with the reason (added for `client.ts`). */
export interface SkippedFile {
  readonly relPath: string;
  readonly reason: Bilingual;
}

/** Files gathered from a drop or a picker: what will be parsed, and what was left out (added for `client.ts`). */
export interface GatheredFiles {
  readonly files: ImportFile[];
  readonly skipped: SkippedFile[];
}
