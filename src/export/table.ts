/** The tabular shape every exporter takes: named columns and plain row objects. */

/** A column to export: `key` reads the row, `label` is the header (defaults to the key). */
export interface ExportColumn {
  readonly key: string;
  readonly label?: string;
}

export type ColumnLike = string | ExportColumn;

export type ExportValue = string | number | bigint | boolean | Date | null | undefined;

export type ExportRow = Readonly<Record<string, ExportValue>>;

/** Normalises string columns to `{ key, label }`. */
export function normalizeColumns(columns: readonly ColumnLike[]): { key: string; label: string }[] {
  return columns.map((c) => (typeof c === 'string' ? { key: c, label: c } : { key: c.key, label: c.label ?? c.key }));
}
