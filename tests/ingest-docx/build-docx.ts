/**
 * Builds minimal .docx files in memory for tests: a ZIP (fflate) with [Content_Types].xml, the
 * package relationships and word/document.xml. Tables come from a SourceDocument's row blocks
 * (grid columns and spans as the HTML front end computed them) so that a real report's tables can
 * be re-expressed as Word tables with w:gridSpan and w:vMerge.
 */
import { strToU8, zipSync } from 'fflate';
import type { SourceBlock, SourceDocument } from '../../src/ingest/document';

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function para(text: string): string {
  return `<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="仿宋"/></w:rPr><w:t xml:space="preserve">${xmlEscape(text)}</w:t></w:r></w:p>`;
}

function tc(text: string, span: number, merge: 'restart' | 'continue' | null): string {
  const pr = [span > 1 ? `<w:gridSpan w:val="${String(span)}"/>` : '', merge === 'restart' ? '<w:vMerge w:val="restart"/>' : merge === 'continue' ? '<w:vMerge/>' : ''].join('');
  return `<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>${pr}</w:tcPr>${text === '' ? '<w:p/>' : para(text)}</w:tc>`;
}

/** One Word table from row blocks: cells at their grid columns, row spans as vMerge continuations. */
function table(rows: readonly SourceBlock[]): string {
  // Continuation cells owed to later rows: row index → col → colspan.
  const owed = new Map<number, Map<number, number>>();
  const out: string[] = [];
  rows.forEach((b, r) => {
    const entries: { col: number; xml: string }[] = [];
    let auto = 0;
    for (const c of b.cells) {
      const col = c.col ?? auto;
      const span = c.colspan ?? 1;
      const rs = c.rowspan ?? 1;
      auto = col + span;
      entries.push({ col, xml: tc(c.text, span, rs > 1 ? 'restart' : null) });
      for (let k = 1; k < rs; k++) {
        const m = owed.get(r + k) ?? new Map<number, number>();
        m.set(col, span);
        owed.set(r + k, m);
      }
    }
    for (const [col, span] of owed.get(r) ?? []) entries.push({ col, xml: tc('', span, 'continue') });
    entries.sort((a, b2) => a.col - b2.col);
    out.push(`<w:tr>${entries.map((e) => e.xml).join('')}</w:tr>`);
  });
  return `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr>${out.join('')}</w:tbl>`;
}

/**
 * document.xml for a SourceDocument: `line` blocks become paragraphs, consecutive `row` blocks of
 * one table (or, without table indexes, one run of rows) become a Word table.
 */
export function documentXmlFrom(doc: SourceDocument): string {
  const body: string[] = [];
  let run: SourceBlock[] = [];
  const flush = (): void => {
    if (run.length > 0) body.push(table(run));
    run = [];
  };
  for (const b of doc.blocks) {
    if (b.kind === 'line') {
      flush();
      body.push(para(b.cells.map((c) => c.text).join(' ')));
      continue;
    }
    if (run.length > 0 && run[0]!.table !== b.table) flush();
    run.push(b);
  }
  flush();
  return wrapBody(body.join(''));
}

export function wrapBody(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W_NS}"><w:body>${inner}<w:sectPr/></w:body></w:document>`;
}

/** A .docx package around a document.xml. */
export function docxFrom(documentXml: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(documentXml),
  });
}
