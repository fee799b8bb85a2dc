/**
 * The import Web Worker: parses and checks the files of one session one by one, off the page's
 * thread, and posts an `ImportProgress` after each, in order. pdf.js runs here too, as its own
 * "fake worker" in this thread (no second worker, no CDN): its message handler is put on
 * `globalThis.pdfjsWorker` before the parser first loads pdf.js.
 */
import { assignImportIds, parseImportFile } from './pipeline';
import type { FromWorker, StartMessage, ToWorker } from './protocol';
import type { ImportItem } from './types';

let cancelled = false;
let pdfReady: Promise<void> | null = null;

function post(m: FromWorker): void {
  self.postMessage(m);
}

/**
 * Loads pdf.js' worker side into this thread once, only when a PDF comes. (The module also sets
 * `globalThis.pdfjsWorker` itself and announces itself on this worker's port; the page ignores that.)
 */
function preparePdf(): Promise<void> {
  pdfReady ??= import('pdfjs-dist/legacy/build/pdf.worker.mjs').then((mod) => {
    Object.assign(globalThis, { pdfjsWorker: mod });
  });
  return pdfReady;
}

const isPdf = (bytes: Uint8Array): boolean => bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46;

async function run(msg: StartMessage): Promise<void> {
  const ids = assignImportIds(msg.files.map((f) => f.relPath));
  const total = msg.files.length;
  for (const [index, file] of msg.files.entries()) {
    if (cancelled) break;
    let item: ImportItem;
    try {
      if (isPdf(file.bytes)) await preparePdf();
      item = await parseImportFile(file, index, { pdf: msg.pdf, ...(ids[index] === undefined ? {} : { reportId: ids[index] }) });
    } catch (e) {
      // parseImportFile never throws; loading pdf.js can.
      const detail = e instanceof Error ? e.message : String(e);
      item = { index, relPath: file.relPath, status: 'error', failure: { code: 'internal_error', message: { zh: `导入时发生内部错误：${detail}`, en: `Internal error while importing: ${detail}` } } };
    }
    post({ type: 'progress', progress: { done: index + 1, total, item } });
    // Let a cancel message in between two files.
    await new Promise((r) => setTimeout(r, 0));
  }
  post({ type: 'done', cancelled });
}

self.addEventListener('message', (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    cancelled = true;
    return;
  }
  run(msg).catch((err: unknown) => {
    post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
  });
});
