/**
 * The value that crosses the boundary between the parser, the checks and the corpus writer.
 * Blank, `/` and `0` are different things (spec §9.2) and stay different here.
 */
import type { DetectedTemplate, TableId, TemplateVersion } from './template';

export type SourceFormat = 'txt' | 'md' | 'html' | 'pdf' | 'docx';
export type CellSemantic = 'number' | 'blank' | 'na' | 'text';
export type MoneyUnit = '元' | '万元' | '亿元';

/** A message shown to people: Chinese first, English always beside it. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** Where a value was printed. Text inputs give a 1-based line; HTML a CSS-like path; PDF a page and box. */
export interface Provenance {
  readonly line?: number;
  readonly page?: number;
  readonly path?: string;
  readonly bbox?: readonly [number, number, number, number];
}

export interface Cell {
  /** Canonical key of spec Appendix A (or a derived key). */
  readonly key: string;
  /** The number read, or null for blank, `/`-like and unreadable text. */
  readonly value: number | null;
  readonly semantic: CellSemantic;
  /** The cell text as printed (after decoding, before normalisation); '' for a blank cell. */
  readonly raw: string;
  /** Money only: the unit that applied (printed in the cell, fixed by the header, or absent). */
  readonly unit?: MoneyUnit;
  /** Money only: the amount in yuan, null when the unit is unknown. */
  readonly valueYuan?: number | null;
  /** True for values computed from printed cells (never printed themselves). */
  readonly derived?: boolean;
  readonly provenance: Provenance;
}

export type TextFactKey =
  | 'active_disclosure_items'
  | 'requests_received_total'
  | 'requests_processed_total'
  | 'admin_review_total'
  | 'litigation_total';

/** A figure the narrative states plainly (spec §6.4), e.g. 主动公开政府信息5082条. */
export interface TextFact {
  readonly key: TextFactKey;
  readonly value: number;
  /** The sentence fragment it was read from. */
  readonly raw: string;
  readonly provenance: Provenance;
}

export type DiagnosticLevel = 'info' | 'warn' | 'error';

export interface Diagnostic {
  readonly level: DiagnosticLevel;
  /** Stable machine code, e.g. `table_missing`, `row_truncated`, `template_mismatch`. */
  readonly code: string;
  readonly message: Bilingual;
  readonly keys?: readonly string[];
  /** The table concerned, for table-level codes such as `table_missing`. */
  readonly table?: TableId;
  readonly provenance?: Provenance;
}

export interface ReportMeta {
  readonly agencyName: string | null;
  readonly year: number | null;
  readonly template: DetectedTemplate;
  /** Version per table where the labels show one (a `mixed` report differs between tables). */
  readonly tableTemplates: Partial<Record<TableId, TemplateVersion>>;
  readonly title: string | null;
  /** ISO dates (YYYY-MM-DD) where printed. */
  readonly statPeriodStart: string | null;
  readonly statPeriodEnd: string | null;
  readonly signedDate: string | null;
  readonly publishedDate: string | null;
  readonly sourceFormat: SourceFormat;
}

/** Plain text of the sections the checks and the copy detection need. */
export interface ReportSections {
  /** The narrative outside the tables, whitespace-folded. */
  readonly narrative: string;
  /** Text of section 五 (problems and improvements), null when the section was not found. */
  readonly problems: string | null;
  /** Which of the six sections (一…六) were found, in order of appearance. */
  readonly found: readonly ('overview' | 'active' | 'requests' | 'review_litigation' | 'problems' | 'other_matters')[];
}

export interface Report {
  readonly meta: ReportMeta;
  readonly cells: readonly Cell[];
  readonly textFacts: readonly TextFact[];
  readonly diagnostics: readonly Diagnostic[];
  readonly sections: ReportSections;
}

export interface ParseError {
  /** e.g. `not_a_report`, `empty_input`, `undecodable`, `scanned_pdf`. */
  readonly code: string;
  readonly message: Bilingual;
}

export type ParseResult = { readonly ok: true; readonly report: Report } | { readonly ok: false; readonly error: ParseError };

export interface ParseOptions {
  /** Used for format detection and messages. */
  readonly fileName?: string;
  /** Overrides detection from the file name and content. */
  readonly format?: SourceFormat;
  /** Known facts from a manifest: used when the document does not print them. */
  readonly hints?: { readonly year?: number | null; readonly agencyName?: string | null };
}
