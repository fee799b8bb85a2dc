/** pdf.js' worker side ships without types; the import worker only hands its handler to pdf.js. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
