/**
 * Agency identity: a stable id that pairs one agency's reports across years, its type, and
 * region fields cleaned of the manifest's editorial annotations.
 */
import { normalizeLabel } from '../ingest/normalize';
import { sha256Hex } from './sha256';

export const AGENCY_TYPES = ['government', 'department', 'township', 'other'] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

/** Manifest spellings of agency types (English and Chinese) → corpus value. */
const TYPE_ALIASES: Readonly<Record<string, AgencyType>> = {
  government: 'government',
  gov: 'government',
  政府: 'government',
  department: 'department',
  dept: 'department',
  部门: 'department',
  township: 'township',
  town: 'township',
  street: 'township',
  subdistrict: 'township',
  乡镇: 'township',
  乡镇街道: 'township',
  街道: 'township',
  other: 'other',
  其他: 'other',
};

/** Maps a manifest's agency type to a corpus value; null when the text is empty or unknown. */
export function mapAgencyType(value: string | null | undefined): AgencyType | null {
  const v = (value ?? '').trim().toLowerCase();
  return v === '' ? null : (TYPE_ALIASES[v] ?? null);
}

/**
 * Agency type from the name alone, for inputs no manifest describes. Order matters: a township's
 * name also ends in 人民政府, and a government office (人民政府办公室) is a department.
 */
export function inferAgencyType(name: string | null): AgencyType {
  if (name === null) return 'other';
  const n = normalizeLabel(name);
  if (/(镇|乡|街道)(人民政府|办事处)?$|街道办事处$|街道办$/.test(n)) return 'township';
  if (/人民政府$/.test(n)) return 'government';
  if (/(局|委员会|委|办公室|办公厅|厅|部|署|中心|院|所|队|站)$/.test(n)) return 'department';
  return 'other';
}

/**
 * Strips the manifest's editorial annotations, e.g. `弥渡县（推断）` → `弥渡县` and
 * `武强县商务局（推断，wqx.gov.cn）` → `武强县商务局`; `unknown` and '' become null.
 */
export function cleanMetaText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const v = value.replace(/[（(][^（()）]*推断[^（()）]*[)）]/g, '').trim();
  return v === '' || v.toLowerCase() === 'unknown' ? null : v;
}

/**
 * Stable agency id: `ag_` + 16 hex digits of SHA-256 over province|city|district|name, each
 * label-normalised (NFKC, Simplified, no whitespace) so that a Traditional mirror and the
 * official page of the same agency share an id. A report without an agency name gets an id of its own.
 */
export function agencyId(parts: { province: string | null; city: string | null; district: string | null; name: string | null; reportId: string }): string {
  // Without a name nothing says two reports are one agency's: never pair them across years.
  const key =
    parts.name === null || normalizeLabel(parts.name) === ''
      ? `anonymous|${parts.reportId}`
      : [parts.province, parts.city, parts.district, parts.name].map((p) => normalizeLabel(p ?? '')).join('|');
  return `ag_${sha256Hex(key).slice(0, 16)}`;
}
