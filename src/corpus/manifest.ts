/**
 * `manifest.json`: the first file the dashboard reads. It names every corpus file, its row count
 * and its content hash, so a loader can verify what it fetched and skip what it already holds.
 * Paths are relative to the manifest's own folder.
 */
import { z } from 'zod';
import { SCHEMA_VERSION } from './schema';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');

/** One written file: relative path, size in bytes and SHA-256 of its bytes. */
export const ManifestFile = z.object({
  path: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: Sha256Hex,
});
export type ManifestFile = z.infer<typeof ManifestFile>;

/** One corpus table, written twice: Parquet (for loading) and CSV (for people and spreadsheets). */
export const ManifestTable = z.object({
  rows: z.number().int().nonnegative(),
  /** Column names in file order (the order of `src/corpus/schema.ts`). */
  columns: z.array(z.string().min(1)),
  parquet: ManifestFile,
  csv: ManifestFile,
});
export type ManifestTable = z.infer<typeof ManifestTable>;

const BilingualText = z.object({ zh: z.string(), en: z.string() });

/** An input that produced no report (unreadable, not a report, unsupported format…). */
export const ManifestFailure = z.object({
  /** Path relative to the input root, `/`-separated. */
  file: z.string().min(1),
  code: z.string().min(1),
  message: BilingualText,
});
export type ManifestFailure = z.infer<typeof ManifestFailure>;

/** One entry per table of `CORPUS_TABLES` (kept in step by a test). */
export const ManifestTables = z.object({
  reports: ManifestTable,
  cells: ManifestTable,
  report_values: ManifestTable,
  checks: ManifestTable,
  text_facts: ManifestTable,
  /** Audit tables (`AUDIT_TABLES`): absent from manifests written before they existed. */
  report_texts: ManifestTable.optional(),
  diagnostics: ManifestTable.optional(),
});
export type ManifestTables = z.infer<typeof ManifestTables>;

export const Manifest = z.object({
  /** `SCHEMA_VERSION` of `src/corpus/schema.ts` when the files were written. */
  schemaVersion: z.number().int().positive(),
  generator: z.object({
    name: z.string().min(1),
    version: z.string().min(1),
  }),
  /** True when any report is synthetic (demos, scale tests): the dashboard must say so. */
  synthetic: z.boolean(),
  /** Input files seen, parsed into reports, and failed. */
  inputs: z.object({
    files: z.number().int().nonnegative(),
    reports: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
  }),
  tables: ManifestTables,
  failures: z.array(ManifestFailure),
});
export type Manifest = z.infer<typeof Manifest>;

/** Parses a manifest and rejects one written for another schema version. */
export function parseManifest(json: unknown): { ok: true; manifest: Manifest } | { ok: false; message: { zh: string; en: string } } {
  const r = Manifest.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue ? `${issue.path.join('.')}: ${issue.message}` : '';
    return { ok: false, message: { zh: `语料清单格式不正确（${where}）`, en: `The corpus manifest is malformed (${where})` } };
  }
  if (r.data.schemaVersion !== SCHEMA_VERSION) {
    return {
      ok: false,
      message: {
        zh: `语料结构版本为 ${r.data.schemaVersion}，本程序需要 ${SCHEMA_VERSION}`,
        en: `The corpus has schema version ${r.data.schemaVersion}; this app needs ${SCHEMA_VERSION}`,
      },
    };
  }
  return { ok: true, manifest: r.data };
}
