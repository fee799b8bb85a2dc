/** Messages between the page (`client.ts`) and the import worker (`worker.ts`). */
import type { PdfLoadOptions } from '../ingest/pdf/extract';
import type { ImportProgress } from './types';

/** Page → worker: the files of one session (their buffers transferred) and where pdf.js finds its assets. */
export interface StartMessage {
  readonly type: 'start';
  readonly files: readonly { readonly relPath: string; readonly bytes: Uint8Array }[];
  /** Absolute URLs on the page's origin (`pdfjs/cmaps/`, `pdfjs/standard_fonts/`). */
  readonly pdf: PdfLoadOptions;
}

/** Page → worker: stop after the file in hand (the client also terminates the worker). */
export interface CancelMessage {
  readonly type: 'cancel';
}

export type ToWorker = StartMessage | CancelMessage;

/** Worker → page: one per file, in the order given; then `done`. `fatal` only when the worker itself cannot run. */
export type FromWorker =
  | { readonly type: 'progress'; readonly progress: ImportProgress }
  | { readonly type: 'done'; readonly cancelled: boolean }
  | { readonly type: 'fatal'; readonly message: string };

/**
 * True for the import worker's own messages. pdf.js' worker module, loaded into the import worker,
 * also announces itself on the worker's port (`{ action: 'ready', … }`): the page ignores that.
 */
export function isFromWorker(m: unknown): m is FromWorker {
  if (typeof m !== 'object' || m === null || !('type' in m)) return false;
  return m.type === 'progress' || m.type === 'done' || m.type === 'fatal';
}
