/**
 * The page's side of report import (browser only): gathers dropped or picked files and folders, and
 * runs an import session in a Web Worker so that a folder of hundreds of reports never blocks the page.
 */
import type { PdfLoadOptions } from '../ingest/pdf/extract';
import { savedPageAssetPaths } from '../corpus/paths';
import type { Bilingual } from '../model/report';
import { skipReason } from './pipeline';

const SAVED_PAGE_ASSET: Bilingual = {
  zh: '网页另存时附带的资源文件夹中的文件（页面框架、样式等），不是年报',
  en: 'Part of the asset folder a browser saves beside a page (frames, styles), not a report',
};
import { isFromWorker, type StartMessage } from './protocol';
import type { GatheredFiles, ImportFile, ImportItem, ImportProgress, SkippedFile } from './types';

/** Where pdf.js finds its assets: the folders `vite-plugin-pdfjs` puts beside the app, as absolute URLs. */
export function pdfAssetUrls(base: string = document.baseURI): PdfLoadOptions {
  return { cMapUrl: new URL('pdfjs/cmaps/', base).href, standardFontDataUrl: new URL('pdfjs/standard_fonts/', base).href };
}

/** A running import session. */
export interface ImportHandle {
  /**
   * The items in file order once every file is done; after `cancel()`, the items finished so far.
   * Rejects only when the worker itself cannot start or crashes (never for a bad file).
   */
  readonly done: Promise<ImportItem[]>;
  /** Stops the session now (the worker is terminated, even inside a long PDF). */
  cancel(): void;
}

/** Buffers to transfer, each once: a view that spans its own buffer goes as is, any other is copied first. */
function transferable(files: readonly ImportFile[]): { files: ImportFile[]; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const seen = new Set<ArrayBufferLike>();
  const out = files.map((f) => {
    const b = f.bytes;
    const whole = b.buffer instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && !seen.has(b.buffer);
    const bytes = whole ? b : b.slice();
    seen.add(bytes.buffer);
    if (bytes.buffer instanceof ArrayBuffer) transfer.push(bytes.buffer);
    return whole ? f : { relPath: f.relPath, bytes };
  });
  return { files: out, transfer };
}

/**
 * Parses and checks `files` in a module Web Worker; `onProgress` gets one `ImportProgress` per file,
 * in order. The files' buffers are transferred to the worker (the caller's `bytes` are detached
 * afterwards: keep nothing that needs them). `pdf` defaults to {@link pdfAssetUrls}.
 */
export function startImport(files: readonly ImportFile[], onProgress: (p: ImportProgress) => void, pdf: PdfLoadOptions = pdfAssetUrls()): ImportHandle {
  const items: ImportItem[] = [];
  let settle: { resolve: (v: ImportItem[]) => void; reject: (e: Error) => void } | null = null;
  const done = new Promise<ImportItem[]>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let finished = false;
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const finish = (err?: Error): void => {
    if (finished) return;
    finished = true;
    worker.terminate();
    if (err) settle?.reject(err);
    else settle?.resolve([...items].sort((a, b) => a.index - b.index));
  };
  worker.addEventListener('message', (e: MessageEvent<unknown>) => {
    const m = e.data;
    if (!isFromWorker(m)) return;
    if (m.type === 'progress') {
      items.push(m.progress.item);
      onProgress(m.progress);
    } else if (m.type === 'done') finish();
    else finish(new Error(m.message));
  });
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault();
    finish(new Error(e.message || 'the import worker failed to start'));
  });
  const { files: sent, transfer } = transferable(files);
  const start: StartMessage = { type: 'start', files: sent, pdf };
  if (files.length === 0) finish();
  else worker.postMessage(start, transfer);
  return {
    done,
    cancel() {
      if (finished) return;
      worker.postMessage({ type: 'cancel' });
      finish();
    },
  };
}

async function readFile(file: File, relPath: string): Promise<ImportFile> {
  return { relPath, bytes: new Uint8Array(await file.arrayBuffer()) };
}

function unreadable(relPath: string, e: unknown): SkippedFile {
  const detail = e instanceof Error ? e.message : String(e);
  return { relPath, reason: { zh: `无法读取文件：${detail}`, en: `The file could not be read: ${detail}` } };
}

/** Reads files, leaving out the ones {@link skipReason} names; a file that cannot be read is skipped with the reason. */
async function gather(entries: readonly { file: File; relPath: string }[]): Promise<GatheredFiles> {
  const files: ImportFile[] = [];
  const skipped: SkippedFile[] = [];
  const assets = savedPageAssetPaths(entries.map((e) => e.relPath));
  for (const { file, relPath } of entries) {
    const reason = assets.has(relPath) ? SAVED_PAGE_ASSET : skipReason(relPath);
    if (reason !== null) {
      skipped.push({ relPath, reason });
      continue;
    }
    try {
      files.push(await readFile(file, relPath));
    } catch (e) {
      skipped.push(unreadable(relPath, e));
    }
  }
  return { files, skipped };
}

/** Files from an `<input type="file" multiple>` or a `webkitdirectory` pick (paths from `webkitRelativePath`). */
export function filesFromList(list: FileList | readonly File[]): Promise<GatheredFiles> {
  return gather(Array.from(list, (file) => ({ file, relPath: file.webkitRelativePath !== '' ? file.webkitRelativePath : file.name })));
}

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    reader.readEntries(resolve, reject);
  });
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => {
    entry.file(resolve, reject);
  });
}

const isFileEntry = (e: FileSystemEntry): e is FileSystemFileEntry => e.isFile;
const isDirEntry = (e: FileSystemEntry): e is FileSystemDirectoryEntry => e.isDirectory;

/** Every file under an entry, depth first; a directory reader hands out its entries in batches until an empty one. */
async function walk(entry: FileSystemEntry, out: { file: File; relPath: string }[], skipped: SkippedFile[]): Promise<void> {
  const relPath = entry.fullPath.replace(/^\/+/, '') || entry.name;
  if (isFileEntry(entry)) {
    try {
      out.push({ file: await fileOf(entry), relPath });
    } catch (e) {
      skipped.push(unreadable(relPath, e));
    }
    return;
  }
  if (!isDirEntry(entry)) return;
  const reader = entry.createReader();
  const children: FileSystemEntry[] = [];
  for (;;) {
    let batch: FileSystemEntry[];
    try {
      batch = await readBatch(reader);
    } catch (e) {
      skipped.push(unreadable(`${relPath}/`, e));
      break;
    }
    if (batch.length === 0) break;
    children.push(...batch);
  }
  children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const c of children) await walk(c, out, skipped);
}

/**
 * Files and folders dropped on the page. Call it inside the `drop` handler, before any `await`: the
 * browser empties `dataTransfer` when the handler returns, so the entries are taken synchronously
 * here and read afterwards. Folders are walked recursively (paths relative to the dropped folder's parent).
 */
export function filesFromDrop(dt: DataTransfer): Promise<GatheredFiles> {
  const entries: FileSystemEntry[] = [];
  const plain: File[] = [];
  for (const item of Array.from(dt.items)) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry !== null) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f !== null) plain.push(f);
    }
  }
  if (entries.length === 0 && plain.length === 0) plain.push(...Array.from(dt.files));
  return (async () => {
    const found: { file: File; relPath: string }[] = plain.map((file) => ({ file, relPath: file.name }));
    const skipped: SkippedFile[] = [];
    for (const e of entries) await walk(e, found, skipped);
    const g = await gather(found);
    return { files: g.files, skipped: [...skipped, ...g.skipped] };
  })();
}
