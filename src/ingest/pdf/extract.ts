/**
 * Thin pdf.js adapter: PDF bytes → positioned text items per page. pdf.js is loaded with a dynamic
 * `import()` so that only callers that meet a PDF pay for it, and so that a browser bundle can set
 * up its own worker before calling. In Node it runs without a worker.
 */
import { hasTableRows, type PdfPageItems, type PdfRule, type PdfTextItem } from './layout';
import { rulesFromOperatorList } from './rules';

/** Where pdf.js finds its CJK character maps and standard fonts (directory URLs or paths, ending in `/`). */
export interface PdfLoadOptions {
  readonly cMapUrl?: string;
  readonly standardFontDataUrl?: string;
  /**
   * Also read the ruling lines (table borders) of pages with table rows from their drawing
   * operators, so that table columns follow the drawn grid. Default true; false skips the
   * operator lists (faster; columns are then told from text gaps).
   */
  readonly rules?: boolean;
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

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfPage = Awaited<ReturnType<Awaited<ReturnType<PdfJs['getDocument']>['promise']>['getPage']>>;

/** The page's ruling lines; annotations (form fields, stamps) are not part of its tables. */
async function readRules(page: PdfPage, pdfjs: PdfJs): Promise<PdfRule[]> {
  const ol = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
  return rulesFromOperatorList(ol.fnArray, ol.argsArray, pdfjs.OPS);
}

/**
 * Reads every page's text items (and, unless `rules: false`, the ruling lines of its tables). Throws `PdfReadError` for encrypted or unreadable files; the
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
    // Nothing is rendered: fonts never need loading as FontFaces (in a web worker that would fail
    // and fall back to this anyway, after an exception per font).
    disableFontFace: true,
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
      const textOnly: PdfPageItems = { page: n, width: x1 - x0, height: y1 - y0, items };
      // The operator list costs more than the text (pdf.js builds every glyph's outline in Node):
      // read it only where the text shows table rows. Narrative pages and scans are skipped.
      const rules: PdfRule[] | undefined = opts.rules !== false && hasTableRows(textOnly) ? await readRules(page, pdfjs) : undefined;
      pages.push(rules !== undefined ? { ...textOnly, rules } : textOnly);
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
