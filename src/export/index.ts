/** Exports: CSV, XLSX, Parquet, chart images, and the browser download adapter. */
export { toCsv, csvCell, neutralizeFormula, unneutralizeFormula, BOM } from './csv';
export { toXlsx, type XlsxSheet } from './xlsx';
export { toParquet, type ParquetColumn } from './parquet';
export { chartImage, optionToSvg, svgDataUrl, dataUrlToBytes, type ImageType } from './image';
export { downloadBlob, downloadDataUrl, MIME } from './download';
export { safeFileName } from './filename';
export type { ColumnLike, ExportColumn, ExportRow, ExportValue } from './table';
