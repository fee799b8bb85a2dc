/**
 * The batch pipeline, pure: input bytes → parse → checks (per report, then across years) →
 * rows of every table → Parquet, CSV and manifest bytes. The parser and checks come in as an
 * `Engine` so the same pipeline serves the CLI, the benchmark and the browser.
 */
import type { CrossYearInput, CrossYearResult } from '../checks';
import type { CheckResult } from '../model/checks';
import type { Bilingual, ParseOptions, ParseResult, Report } from '../model/report';
import { reportToExpectedJson, type ExpectedJson } from './expected-json';
import { toCsv } from './csv';
import { Manifest, type ManifestFailure, type ManifestTable, type ManifestTables } from './manifest';
import { fileStem, findMeta, parseHints, resolveIdentity, type MetaIndex } from './meta';
import { toParquet } from './parquet';
import { appendRows, emptyTableRows, reportToRows, type ReportIdentity, type TableRows } from './rows';
import { OUTPUT_TABLES, SCHEMA_VERSION } from './schema';
import { sha256Hex } from './sha256';

export interface Engine {
  /** Sync for text and HTML; PDF and DOCX need the async front ends, so a promise is accepted too. */
  parse(input: string | Uint8Array, opts?: ParseOptions): ParseResult | Promise<ParseResult>;
  reportChecks(report: Report): readonly CheckResult[];
  crossYearChecks(inputs: readonly CrossYearInput[]): readonly CrossYearResult[];
}

export interface InputFile {
  /** Path relative to the input root, `/`-separated; names the file in messages and `source_file`. */
  readonly relPath: string;
  readonly bytes: Uint8Array;
}

export interface BuildOptions {
  readonly meta?: MetaIndex;
  readonly synthetic?: boolean;
  /** Called after each file, in processing order. */
  readonly onProgress?: (done: number, total: number, relPath: string) => void;
}

export interface ParsedReport {
  readonly identity: ReportIdentity;
  readonly report: Report;
  readonly checks: readonly CheckResult[];
}

export interface BuildResult {
  readonly inputs: number;
  /** Sorted by report id. */
  readonly reports: readonly ParsedReport[];
  readonly failures: readonly ManifestFailure[];
  readonly tables: TableRows;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Report ids: the file stem, unless two inputs share one; then the relative path without extension. */
function assignIds(files: readonly InputFile[], meta: MetaIndex | undefined): Map<string, string> {
  const wanted = new Map<string, string>();
  const count = new Map<string, number>();
  for (const f of files) {
    const id = findMeta(meta, f.relPath)?.id ?? fileStem(f.relPath);
    wanted.set(f.relPath, id);
    count.set(id, (count.get(id) ?? 0) + 1);
  }
  const ids = new Map<string, string>();
  for (const [rel, id] of wanted) {
    ids.set(rel, (count.get(id) ?? 0) > 1 ? rel.replace(/\.[^./]+$/, '').replace(/\//g, '__') : id);
  }
  return ids;
}

function crashMessage(e: unknown): Bilingual {
  const detail = e instanceof Error ? e.message : String(e);
  return { zh: `解析时出错：${detail}`, en: `The parser failed: ${detail}` };
}

/** Parses and checks every input; one bad file becomes a failure entry, never a stopped batch. */
export async function buildCorpus(files: readonly InputFile[], engine: Engine, opts: BuildOptions = {}): Promise<BuildResult> {
  const sorted = [...files].sort((a, b) => byCodeUnits(a.relPath, b.relPath));
  const ids = assignIds(sorted, opts.meta);
  const parsed: { identity: ReportIdentity; report: Report; checks: CheckResult[] }[] = [];
  const failures: ManifestFailure[] = [];
  for (const [i, f] of sorted.entries()) {
    const meta = findMeta(opts.meta, f.relPath);
    let result: ParseResult;
    try {
      result = await engine.parse(f.bytes, { fileName: f.relPath, hints: parseHints(meta) });
    } catch (e) {
      result = { ok: false, error: { code: 'parser_error', message: crashMessage(e) } };
    }
    let checks: CheckResult[] | null = null;
    if (result.ok) {
      try {
        checks = [...engine.reportChecks(result.report)];
      } catch (e) {
        // A report that cannot be checked is not published unchecked: it fails like a parse error.
        const detail = e instanceof Error ? e.message : String(e);
        failures.push({ file: f.relPath, code: 'checks_error', message: { zh: `检查时出错：${detail}`, en: `The checks failed: ${detail}` } });
      }
    } else {
      failures.push({ file: f.relPath, code: result.error.code, message: result.error.message });
    }
    if (result.ok && checks !== null) {
      const identity = resolveIdentity({
        reportId: ids.get(f.relPath) ?? fileStem(f.relPath),
        sourceFile: f.relPath,
        contentSha256: sha256Hex(f.bytes),
        synthetic: opts.synthetic ?? false,
        meta,
        report: result.report,
      });
      parsed.push({ identity, report: result.report, checks });
    }
    opts.onProgress?.(i + 1, sorted.length, f.relPath);
  }

  const cross = engine.crossYearChecks(
    parsed.map((p) => ({ reportId: p.identity.reportId, agencyId: p.identity.agencyId, year: p.identity.year, template: p.report.meta.template, cells: p.report.cells })),
  );
  const byReport = new Map(parsed.map((p) => [p.identity.reportId, p]));
  for (const c of cross) {
    const { reportId, ...check } = c;
    byReport.get(reportId)?.checks.push(check);
  }

  parsed.sort((a, b) => byCodeUnits(a.identity.reportId, b.identity.reportId));
  const tables = emptyTableRows();
  for (const p of parsed) appendRows(tables, reportToRows(p));
  return { inputs: files.length, reports: parsed, failures, tables };
}

/** Generator named in the manifest (the CLI passes the package version). */
export interface Generator {
  readonly name: string;
  readonly version: string;
}

export interface CorpusFiles {
  /** File name (relative to the output folder) → bytes, in a fixed order, manifest.json last. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly manifest: Manifest;
}

function fileEntry(path: string, bytes: Uint8Array): { path: string; bytes: number; sha256: string } {
  return { path, bytes: bytes.length, sha256: sha256Hex(bytes) };
}

/** Serialises the tables: `<table>.parquet`, `<table>.csv` and `manifest.json`. Same input, same bytes. */
export function writeCorpusFiles(result: Pick<BuildResult, 'inputs' | 'reports' | 'failures' | 'tables'>, generator: Generator): CorpusFiles {
  const files = new Map<string, Uint8Array>();
  const entries: Partial<Record<keyof ManifestTables, ManifestTable>> = {};
  for (const spec of OUTPUT_TABLES) {
    const rows = result.tables[spec.name];
    const pq = toParquet(spec, rows);
    const csv = toCsv(spec, rows);
    files.set(`${spec.name}.parquet`, pq);
    files.set(`${spec.name}.csv`, csv);
    entries[spec.name] = { rows: rows.length, columns: spec.columns.map((c) => c.name), parquet: fileEntry(`${spec.name}.parquet`, pq), csv: fileEntry(`${spec.name}.csv`, csv) };
  }
  const manifest = Manifest.parse({
    schemaVersion: SCHEMA_VERSION,
    generator: { name: generator.name, version: generator.version },
    synthetic: result.reports.some((r) => r.identity.synthetic),
    inputs: { files: result.inputs, reports: result.reports.length, failed: result.failures.length },
    tables: entries,
    failures: [...result.failures].sort((a, b) => byCodeUnits(a.file, b.file)),
  });
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'));
  return { files, manifest };
}

/**
 * The expected-shaped JSON of every report, keyed by `<input file name without extension>.json`
 * (`<report id>.json` where two inputs share a stem).
 */
export function expectedJsonFiles(result: Pick<BuildResult, 'reports'>): Map<string, ExpectedJson> {
  const stems = new Map<string, number>();
  for (const p of result.reports) stems.set(fileStem(p.identity.sourceFile), (stems.get(fileStem(p.identity.sourceFile)) ?? 0) + 1);
  const out = new Map<string, ExpectedJson>();
  for (const p of result.reports) {
    const stem = fileStem(p.identity.sourceFile);
    const name = (stems.get(stem) ?? 0) > 1 ? p.identity.reportId : stem;
    out.set(`${name}.json`, reportToExpectedJson(p.report, { id: p.identity.reportId, agency: p.identity.agencyName, year: p.identity.year }));
  }
  return out;
}
