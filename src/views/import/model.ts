/**
 * Pure view-model helpers of the import screens: which dropped files are reports, status summaries,
 * how a parsed cell is shown (blank, `/`, text and failing cells visibly distinct; never a 0 for a
 * blank) and the provenance tooltip. No DOM, no React.
 */
import type { CheckResult } from '../../model/checks';
import type { Cell, Diagnostic } from '../../model/report';
import type { IdentityEdits, ImportItem, ImportStatus } from '../../import/types';
import type { AgencyType } from '../../corpus/agency';
import type { ReportIdentity } from '../../corpus/rows';
import { formatExact } from '../../format/number';
import { tx } from './strings';

type Lang = 'zh' | 'en';

/** Report formats the parser reads. */
export const REPORT_EXTENSIONS = ['pdf', 'html', 'htm', 'txt', 'md', 'docx'] as const;
/** Corpus table files: these go to the corpus loader, not to the report import. */
export const CORPUS_EXTENSIONS = ['parquet', 'csv'] as const;

export type FileKind = 'report' | 'corpus' | 'other';

function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** What a dropped or picked file is for, by its extension. */
export function fileKind(name: string): FileKind {
  const ext = extensionOf(name);
  if ((REPORT_EXTENSIONS as readonly string[]).includes(ext)) return 'report';
  if ((CORPUS_EXTENSIONS as readonly string[]).includes(ext)) return 'corpus';
  return 'other';
}

export interface StatusSummary {
  readonly total: number;
  readonly done: number;
  readonly queued: number;
  readonly parsing: number;
  readonly ok: number;
  readonly warn: number;
  readonly error: number;
}

const FINISHED: readonly ImportStatus[] = ['ok', 'warn', 'error'];

/** Counts per status; `total` is the session's file count, so items not reported yet count as queued. */
export function statusSummary(items: readonly (ImportItem | undefined)[], total: number = items.length): StatusSummary {
  const n = { queued: 0, parsing: 0, ok: 0, warn: 0, error: 0 };
  for (const it of items) if (it) n[it.status]++;
  const seen = n.queued + n.parsing + n.ok + n.warn + n.error;
  const all = Math.max(total, seen);
  return { total: all, done: n.ok + n.warn + n.error, ...n, queued: n.queued + (all - seen) };
}

/** Whether an item has finished (successfully or not). */
export function isFinished(item: ImportItem): boolean {
  return FINISHED.includes(item.status);
}

/** Items that may be accepted: parsed (ok or warn), never a failure. */
export function isAcceptable(item: ImportItem): boolean {
  return (item.status === 'ok' || item.status === 'warn') && item.parsed !== undefined;
}

/** Failed checks only (an `uncertain` rule is not a failure). */
export function failedChecks(checks: readonly CheckResult[]): CheckResult[] {
  return checks.filter((c) => c.status === 'fail');
}

/** Cell key → the failed checks that involve it, for marking cells. */
export function failsByKey(checks: readonly CheckResult[]): Map<string, CheckResult[]> {
  const out = new Map<string, CheckResult[]>();
  for (const c of failedChecks(checks)) {
    for (const k of c.keys) {
      const list = out.get(k);
      if (list) list.push(c);
      else out.set(k, [c]);
    }
  }
  return out;
}

/** Where a cell was printed, e.g. `第 3 页 第 12 行` / `page 3, line 12`, or the HTML path. */
export function provenancePlace(p: Cell['provenance'] | Diagnostic['provenance'], lang: Lang): string {
  if (!p) return tx(lang, 'provNone');
  const parts: string[] = [];
  if (p.page !== undefined) parts.push(tx(lang, 'provPage', { n: p.page }));
  if (p.line !== undefined) parts.push(tx(lang, 'provLine', { n: p.line }));
  if (p.path !== undefined && p.path !== '') parts.push(tx(lang, 'provPath', { path: p.path }));
  return parts.length === 0 ? tx(lang, 'provNone') : parts.join(lang === 'zh' ? ' ' : ', ');
}

/** The tooltip of a cell: where it was printed and what was printed there. */
export function provenanceText(cell: Cell, lang: Lang): string {
  const place = provenancePlace(cell.provenance, lang);
  if (cell.derived === true) return `${tx(lang, 'provDerived')} · ${place}`;
  const printed = cell.raw === '' ? tx(lang, 'provBlank') : tx(lang, 'provRaw', { raw: cell.raw });
  return `${place} · ${printed}`;
}

export type CellKind = 'number' | 'blank' | 'na' | 'text' | 'absent';

export interface CellDisplay {
  readonly kind: CellKind;
  /** CSS classes for the `<td>` (`cell` + kind + `fail`/`sev-warn`). */
  readonly className: string;
  /** What the cell shows: the printed text; '' for a blank or absent cell (never a 0). */
  readonly text: string;
  /** Tooltip: kind, provenance, raw text and the failing checks' messages. */
  readonly title: string;
  readonly failing: boolean;
}

/** How one cell of the review tables looks. */
export function cellDisplay(cell: Cell | undefined, fails: readonly CheckResult[], lang: Lang): CellDisplay {
  const lines: string[] = [];
  let kind: CellKind;
  let text = '';
  if (!cell) {
    kind = 'absent';
    lines.push(tx(lang, 'cellAbsent'));
  } else {
    kind = cell.semantic;
    if (cell.semantic === 'blank') lines.push(tx(lang, 'cellBlank'));
    else if (cell.semantic === 'na') {
      text = cell.raw !== '' ? cell.raw : '/';
      lines.push(tx(lang, 'cellNa'));
    } else if (cell.semantic === 'text') {
      text = cell.raw;
      lines.push(tx(lang, 'cellText'));
    } else {
      text = cell.raw !== '' ? cell.raw : cell.value !== null ? formatExact(cell.value, lang) : '';
    }
    lines.push(provenanceText(cell, lang));
  }
  for (const f of fails) lines.push(`${f.ruleId}: ${lang === 'zh' ? f.message.zh : f.message.en}`);
  const failing = fails.length > 0;
  let className = `cell ${kind}`;
  if (failing) className += fails.some((f) => f.severity === 'error') ? ' fail' : ' fail sev-warn';
  return { kind, className, text, title: lines.join('\n'), failing };
}

/** Reads the year field of the review form: a whole year, null for empty, or 'invalid'. */
export function parseYearInput(s: string): number | null | 'invalid' {
  const v = s.trim();
  if (v === '') return null;
  if (!/^\d{4}$/.test(v)) return 'invalid';
  const n = Number(v);
  return n >= 1990 && n <= 2100 ? n : 'invalid';
}

/** The short note of a row in the status list: the failure reason, or what the parse found. */
export function itemNote(item: ImportItem, lang: Lang): string {
  if (item.failure) return lang === 'zh' ? item.failure.message.zh : item.failure.message.en;
  const p = item.parsed;
  if (!p) return '';
  const nFail = failedChecks(p.checks).length;
  const nDiag = p.report.diagnostics.filter((d) => d.level !== 'info').length;
  if (item.status === 'warn' || nFail > 0 || nDiag > 0) return tx(lang, 'noteWarn', { checks: nFail, diags: nDiag });
  return tx(lang, 'noteOk', { cells: p.report.cells.length });
}

/** Percentage (0–100, whole) of the progress bar. */
export function progressPercent(done: number, total: number): number {
  return total <= 0 ? 0 : Math.min(100, Math.round((done / total) * 100));
}

/** The review form's fields, as typed. */
export interface IdentityForm {
  readonly agencyName: string;
  readonly province: string;
  readonly city: string;
  readonly district: string;
  readonly agencyType: AgencyType;
  readonly year: string;
}

/** The form filled with an identity (null → ''). */
export function formOf(id: ReportIdentity): IdentityForm {
  return {
    agencyName: id.agencyName ?? '',
    province: id.province ?? '',
    city: id.city ?? '',
    district: id.district ?? '',
    agencyType: id.agencyType,
    year: id.year === null ? '' : String(id.year),
  };
}

const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/**
 * The corrections a form states against what was detected: only fields that differ (an unchanged
 * form gives `{}`), or the keys of the fields that cannot be accepted as typed.
 */
export function editsFromForm(detected: ReportIdentity, form: IdentityForm): { edits: IdentityEdits; invalid: ('agencyName' | 'year')[] } {
  const edits: { -readonly [K in keyof IdentityEdits]: IdentityEdits[K] } = {};
  const invalid: ('agencyName' | 'year')[] = [];
  const name = orNull(form.agencyName);
  if (name === null) invalid.push('agencyName');
  else if (name !== detected.agencyName) edits.agencyName = name;
  for (const k of ['province', 'city', 'district'] as const) {
    const v = orNull(form[k]);
    if (v !== detected[k]) edits[k] = v;
  }
  if (form.agencyType !== detected.agencyType) edits.agencyType = form.agencyType;
  const year = parseYearInput(form.year);
  if (year === 'invalid') invalid.push('year');
  else if (year !== detected.year) edits.year = year;
  return { edits, invalid };
}
