/**
 * The `--meta` CSV (columns of `../shared/corpus/manifest.csv`): what is known about each input
 * before parsing, and how it combines with what the document itself says.
 */
import { z } from 'zod';
import { regionCode } from '../model/regions';
import type { Report } from '../model/report';
import { agencyId, cleanMetaText, inferAgencyType, mapAgencyType } from './agency';
import { parseCsvObjects } from './csv';
import type { ReportIdentity } from './rows';

const text = z.string().optional().transform((s) => (s === undefined || s.trim() === '' ? null : s.trim()));

/** One row of the meta CSV; every column but `id` or `file` may be absent. */
export const MetaRow = z
  .object({
    id: text,
    file: text,
    format: text,
    agency: text,
    province: text,
    city: text,
    district: text,
    agency_type: text,
    year: text.pipe(
      z
        .string()
        .regex(/^\d{4}$/, 'year must be four digits')
        .transform(Number)
        .nullable(),
    ),
    template: text,
    completeness: text,
    source: text,
    notes: text,
  })
  .refine((r) => r.id !== null || r.file !== null, { message: 'a row needs an id or a file' });
export type MetaRow = z.infer<typeof MetaRow>;

export interface MetaIndex {
  readonly rows: readonly MetaRow[];
  readonly byFile: ReadonlyMap<string, MetaRow>;
  readonly byId: ReadonlyMap<string, MetaRow>;
}

export interface MetaProblem {
  /** 1-based data row (the header is row 0). */
  readonly row: number;
  readonly message: string;
}

const posix = (p: string): string => p.replace(/\\/g, '/').replace(/^\.\//, '');

/** Parses the meta CSV; rows that fail validation are reported, not silently dropped. */
export function parseMetaCsv(csvText: string): { index: MetaIndex; problems: MetaProblem[] } {
  const rows: MetaRow[] = [];
  const problems: MetaProblem[] = [];
  parseCsvObjects(csvText).forEach((obj, i) => {
    const r = MetaRow.safeParse(obj);
    if (r.success) rows.push(r.data);
    else problems.push({ row: i + 1, message: r.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ') });
  });
  const byFile = new Map<string, MetaRow>();
  const byId = new Map<string, MetaRow>();
  for (const r of rows) {
    if (r.file !== null) byFile.set(posix(r.file), r);
    if (r.id !== null) byId.set(r.id, r);
  }
  return { index: { rows, byFile, byId }, problems };
}

/** The file name without folders and without its last extension. */
export function fileStem(relPath: string): string {
  const base = posix(relPath).split('/').pop() ?? relPath;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** The meta row of an input: by its path relative to the input root, else by file stem = id. */
export function findMeta(index: MetaIndex | undefined, relPath: string): MetaRow | undefined {
  if (!index) return undefined;
  return index.byFile.get(posix(relPath)) ?? index.byId.get(fileStem(relPath));
}

/** What the parser may use where the document does not print it. */
export function parseHints(meta: MetaRow | undefined): { year?: number | null; agencyName?: string | null } {
  if (!meta) return {};
  return { year: meta.year, agencyName: cleanMetaText(meta.agency) };
}

export interface IdentityInput {
  readonly reportId: string;
  readonly sourceFile: string;
  readonly contentSha256: string;
  readonly synthetic: boolean;
  readonly meta: MetaRow | undefined;
  readonly report: Report;
}

/** Resolves who a report is: the manifest where it knows, the document where it does not. */
export function resolveIdentity({ reportId, sourceFile, contentSha256, synthetic, meta, report }: IdentityInput): ReportIdentity {
  const agencyName = cleanMetaText(meta?.agency) ?? report.meta.agencyName;
  const province = cleanMetaText(meta?.province);
  const city = cleanMetaText(meta?.city);
  const district = cleanMetaText(meta?.district);
  return {
    reportId,
    agencyId: agencyId({ province, city, district, name: agencyName, reportId }),
    agencyName,
    province,
    city,
    district,
    regionCode: regionCode({ province, city, district }),
    agencyType: mapAgencyType(meta?.agency_type) ?? inferAgencyType(agencyName),
    year: meta?.year ?? report.meta.year,
    sourceFile,
    sourceUrl: meta?.source ?? null,
    completeness: meta?.completeness ?? null,
    synthetic,
    contentSha256,
  };
}
