/** Parser public surface: the CLI and the browser import from here. */
export { parseReport, parseReportAsync, parsePdfPages, derivedCells, type AsyncParseEnv, type ParseEnv } from './parse';
export { pdfPagesToDocument, type PdfPageItems, type PdfTextItem } from './pdf/layout';
export type { PdfLoadOptions } from './pdf/extract';
export { docxToDocument } from './docx/frontend';
export { textToDocument } from './text/frontend';
export { decodeBytes, sniffBinary, type Utf8Decoder } from './decode';
export { parseCellValue, classifyCell } from './cellvalue';
export type { Bilingual, Cell, CellSemantic, Diagnostic, ParseError, ParseOptions, ParseResult, Report, ReportMeta, SourceFormat, TextFact } from '../model/report';
export type { SourceDocument, SourceBlock, SourceCell } from './document';
