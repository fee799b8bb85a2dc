/**
 * The one shape every front end (text, markdown, HTML, later PDF and DOCX) produces and the
 * table mapper consumes: the document as a sequence of blocks in reading order.
 */
import type { Provenance, SourceFormat } from '../model/report';

export interface SourceCell {
  /** The cell text as printed (decoded; entities resolved; not yet normalised). '' for an empty cell. */
  readonly text: string;
  readonly prov: Provenance;
  /** Grid column where the source gives one (HTML after span expansion), 0-based. */
  readonly col?: number;
  readonly colspan?: number;
  readonly rowspan?: number;
}

export interface SourceBlock {
  /**
   * `row`: a table row whose cells the source separates (an HTML <tr>, a tab-, pipe- or
   * space-aligned line); `line`: a line or paragraph of text with no cell structure.
   * A one-value-per-line page is a run of `line` blocks: the mapper reads values across them.
   */
  readonly kind: 'row' | 'line';
  readonly cells: readonly SourceCell[];
  /** Index of the table this row belongs to, where the source marks tables (HTML <table>, markdown). */
  readonly table?: number;
}

export interface SourceDocument {
  readonly format: SourceFormat;
  readonly blocks: readonly SourceBlock[];
  /**
   * The document's visible text in reading order, one source line (or HTML block) per line,
   * used by meta, text-fact and section extraction. Line n of this text is provenance line n.
   */
  readonly text: string;
}
