/**
 * Thin pdf.js adapter: PDF bytes → positioned text items per page. pdf.js is loaded with a dynamic
 * `import()` so that only callers that meet a PDF pay for it, and so that a browser bundle can set
 * up its own worker before calling. In Node it runs without a worker.
 */
import type { PdfPageItems, PdfTextItem } from './layout';

/** Where pdf.js finds its CJK character maps and standard fonts (directory URLs or paths, ending in `/`). */
export interface PdfLoadOptions {
  readonly cMapUrl?: string;
  readonly standardFontDataUrl?: string;
}

/** Why a PDF could not be read, for a clear error instead of an exception. */
export type PdfFailure = 'encrypted' | 'broken';

export class PdfReadError extends Error {
  constructor(
    readonly reason: PdfFailure,
    detail: string,
  ) {
    super(detail);
    this.name = 'PdfReadError';
  }
}

interface RawItem {
  readonly str?: unknown;
  readonly transform?: unknown;
  readonly width?: unknown;
  readonly height?: unknown;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function toItem(raw: RawItem): PdfTextItem | null {
  if (typeof raw.str !== 'string' || !Array.isArray(raw.transform)) return null;
  const t = raw.transform as unknown[];
  const fontSize = Math.hypot(num(t[2]), num(t[3])) || Math.hypot(num(t[0]), num(t[1]));
  return { str: raw.str, x: num(t[4]), y: num(t[5]), width: num(raw.width), height: num(raw.height), fontSize };
}

/**
 * In Node, pdf.js reads its character maps and standard fonts from files: find the installed
 * pdfjs-dist without importing a Node module (this file is bundled for the browser too). Elsewhere
 * the caller passes URLs.
 */
export function defaultPdfAssets(): PdfLoadOptions {
  const node = typeof process !== 'undefined' && typeof process.versions === 'object' && typeof process.versions.node === 'string';
  if (!node || typeof import.meta.resolve !== 'function') return {};
  try {
    const pkg = new URL(import.meta.resolve('pdfjs-dist/package.json'));
    if (pkg.protocol !== 'file:') return {};
    // A file URL's path is the file path, but for a Windows drive letter's leading slash.
    const root = decodeURIComponent(pkg.pathname).replace(/^\/([A-Za-z]:)/, '$1').replace(/package\.json$/, '');
    return { cMapUrl: `${root}cmaps/`, standardFontDataUrl: `${root}standard_fonts/` };
  } catch {
    return {};
  }
}

/**
 * Reads every page's text items. Throws `PdfReadError` for encrypted or unreadable files; the
 * caller (parseReportAsync) turns that into a bilingual error.
 */
export async function extractPdfItems(bytes: Uint8Array, given: PdfLoadOptions = {}): Promise<PdfPageItems[]> {
  const opts = { ...defaultPdfAssets(), ...given };
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js may transfer (detach) the buffer it is given: hand it a copy.
  const data = new Uint8Array(bytes);
  const task = pdfjs.getDocument({
    data,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
    ...(opts.cMapUrl !== undefined ? { cMapUrl: opts.cMapUrl, cMapPacked: true } : {}),
    ...(opts.standardFontDataUrl !== undefined ? { standardFontDataUrl: opts.standardFontDataUrl } : {}),
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    const detail = e instanceof Error ? e.message : String(e);
    await task.destroy().catch(() => undefined);
    throw new PdfReadError(name === 'PasswordException' ? 'encrypted' : 'broken', detail);
  }
  try {
    const pages: PdfPageItems[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      // Text items are in unrotated user space: measure the page in the same space.
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
      const tc = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const raw of tc.items as RawItem[]) {
        const it = toItem(raw);
        if (it !== null) items.push(it);
      }
      pages.push({ page: n, width: x1 - x0, height: y1 - y0, items });
      page.cleanup();
    }
    return pages;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new PdfReadError('broken', detail);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
