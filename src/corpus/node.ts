/**
 * The file-system side of the corpus writer (Node only): find inputs, read them, write outputs.
 * Everything else lives in the pure modules beside this one.
 */
import { isUtf8, transcode } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AsyncParseEnv } from '../ingest/parse';
import type { Engine, InputFile } from './build';
import { createEngine } from './engine';
import { isSavedPageAssets } from './paths';

export { isSavedPageAssets };

/** Extensions a folder walk picks up; a file named explicitly is always taken. */
export const REPORT_EXTENSIONS = ['.txt', '.md', '.html', '.htm', '.pdf', '.docx'] as const;

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared material beside the repository (`../shared`), or `DISCLOSURE_ATLAS_SHARED`. */
export function sharedDir(): string {
  return process.env.DISCLOSURE_ATLAS_SHARED ?? resolve(REPO_ROOT, '..', 'shared');
}

const toPosix = (p: string): string => p.split(sep).join('/');

function hasReportExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return REPORT_EXTENSIONS.some((e) => lower.endsWith(e));
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name.toLowerCase()));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!isSavedPageAssets(e.name, names)) walk(p, out);
    } else if (e.isFile() && hasReportExtension(e.name)) out.push(p);
  }
}

export interface CollectedInputs {
  readonly files: InputFile[];
  /** Arguments that named nothing readable. */
  readonly missing: string[];
}

/**
 * Reads every report under the given files and folders. Paths are relative to their folder
 * argument (a file argument is named by its base name); with several arguments, each folder's
 * files are prefixed with the folder's name so that names stay distinct.
 */
export function collectInputs(args: readonly string[]): CollectedInputs {
  const files: InputFile[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const taken = new Set<string>();
  for (const [argIndex, arg] of args.entries()) {
    let st;
    try {
      st = statSync(arg);
    } catch {
      missing.push(arg);
      continue;
    }
    const abs = resolve(arg);
    const found: [string, string][] = [];
    if (st.isDirectory()) {
      const list: string[] = [];
      walk(abs, list);
      const prefix = args.length > 1 ? `${basename(abs)}/` : '';
      for (const p of list) found.push([p, prefix + toPosix(relative(abs, p))]);
    } else {
      found.push([abs, basename(abs)]);
    }
    for (const [p, rel0] of found) {
      if (seen.has(p)) continue;
      seen.add(p);
      // Two folders of the same name can still yield one name: mark the later one with its argument number.
      const rel = taken.has(rel0) ? rel0.replace(/^[^/]*/, (first) => `${first}#${argIndex + 1}`) : rel0;
      taken.add(rel);
      files.push({ relPath: rel, bytes: new Uint8Array(readFileSync(p)) });
    }
  }
  return { files, missing };
}

/** Writes each named file under `dir`, creating folders as needed. */
export function writeFiles(dir: string, files: ReadonlyMap<string, Uint8Array | string>): void {
  for (const [name, content] of files) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** The package version, for the manifest's generator field. */
export function packageVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
  return '0.0.0';
}

/**
 * Strict UTF-8 decoding with Node's native validator and transcoder: the same text as
 * `new TextDecoder('utf-8', { fatal: true })`, or null for bytes that are not UTF-8. Node 20's
 * TextDecoder converts UTF-8 at about 0.5 GB/s, which made decoding 15 % of the HTML ingest; this
 * takes 10 µs instead of 66 µs for a 36 KB page (`npm run bench:ingest`).
 */
export function nodeDecodeUtf8(bytes: Uint8Array): string | null {
  if (!isUtf8(bytes)) return null;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return transcode(buf, 'utf8', 'utf16le').toString('utf16le');
}

/**
 * What the parser gets in Node (CLI, tests, benchmark): pdf.js finds the CJK character maps of
 * `pdfjs-dist` here, without which the PDFs' Chinese text would not decode, and UTF-8 is decoded natively.
 */
export const NODE_PARSE_ENV: AsyncParseEnv = {
  pdf: { cMapUrl: `${join(REPO_ROOT, 'node_modules', 'pdfjs-dist', 'cmaps')}/` },
  decodeUtf8: nodeDecodeUtf8,
};

/** The engine for Node (CLI, tests, benchmark), with {@link NODE_PARSE_ENV}. */
export const nodeEngine: Engine = createEngine(NODE_PARSE_ENV);
