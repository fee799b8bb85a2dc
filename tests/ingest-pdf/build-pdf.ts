/**
 * Writes small, valid PDF files by hand for tests (objects, xref table with exact byte offsets,
 * trailer). Only what the tests need: one-page documents whose content stream is given.
 */

const enc = new TextEncoder();

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An object body: a string, or a stream (dictionary entries + raw bytes; /Length is added). */
export type PdfObject = string | { readonly dict: string; readonly data: Uint8Array };

/** Serialises objects 1..n (object 1 must be the catalog) with an xref table and a trailer. */
export function writePdf(objects: readonly PdfObject[], trailerExtra = ''): Uint8Array {
  const parts: Uint8Array[] = [enc.encode('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')];
  let size = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(size);
    const head = enc.encode(`${String(i + 1)} 0 obj\n`);
    const body =
      typeof o === 'string'
        ? enc.encode(`${o}\nendobj\n`)
        : concat([enc.encode(`<< ${o.dict} /Length ${String(o.data.length)} >>\nstream\n`), o.data, enc.encode('\nendstream\nendobj\n')]);
    parts.push(head, body);
    size += head.length + body.length;
  });
  const xref = [`xref\n0 ${String(objects.length + 1)}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(enc.encode(`${xref}trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${String(size)}\n%%EOF\n`));
  return concat(parts);
}

/**
 * A scanned page: one A4 page whose only content paints an image XObject (a grey 8×8 "scan"),
 * with no text operators at all, exactly what a scanner's PDF holds.
 */
export function imageOnlyPdf(pages = 1): Uint8Array {
  const pixels = new Uint8Array(64).map((_, i) => (i * 37) % 256);
  const content = enc.encode('q 595 0 0 842 0 0 cm /Im0 Do Q');
  const kids = Array.from({ length: pages }, (_, i) => `${String(5 + i)} 0 R`).join(' ');
  const objects: PdfObject[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${String(pages)} >>`,
    { dict: '/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8', data: pixels },
    { dict: '', data: content },
  ];
  for (let i = 0; i < pages; i++) {
    objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 3 0 R >> >> /Contents 4 0 R >>');
  }
  return writePdf(objects);
}

/** A one-page PDF that prints the given ASCII lines in Helvetica (a real text layer). */
export function textPdf(lines: readonly string[]): Uint8Array {
  const esc = (s: string): string => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const ops = lines.map((l, i) => `BT /F1 12 Tf 72 ${String(770 - i * 18)} Td (${esc(l)}) Tj ET`).join('\n');
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    { dict: '', data: enc.encode(ops) },
  ]);
}

/**
 * A PDF protected by a user password (standard security handler, RC4 40-bit): the /U entry does not
 * match the empty password, so a reader must ask for one.
 */
export function passwordPdf(): Uint8Array {
  const hex32 = (seed: number): string => Array.from({ length: 32 }, (_, i) => ((seed + i * 7) % 256).toString(16).padStart(2, '0')).join('');
  const id = hex32(3).slice(0, 32);
  return writePdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      `<< /Filter /Standard /V 1 /R 2 /O <${hex32(11)}> /U <${hex32(29)}> /P -4 >>`,
    ],
    `/Encrypt 4 0 R /ID [<${id}> <${id}>] `,
  );
}

/** One run of text placed at (x, y) in points, `size` points high. */
export interface PlacedText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly size?: number;
}

function utf16beHex(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

/** Vector drawing to add to a page: content-stream operators, optionally inside a form XObject. */
export interface PdfDrawing {
  /** Path operators (`re`, `m`/`l`, `S`, `f`, `cm`, `q`/`Q` …) painted before the text. */
  readonly ops: string;
  /** Paint `ops` from a form XObject with this /Matrix instead of the page's own content. */
  readonly formMatrix?: readonly number[];
}

/**
 * A one-page PDF printing Chinese with the non-embedded Adobe-GB1 font STSong-Light through the
 * predefined UniGB-UCS2-H CMap, as many government PDFs do: pdf.js needs its CMap files to read it.
 * `drawing` adds vector graphics (table rules) under the text.
 */
export function cjkPdf(runs: readonly PlacedText[], drawing?: PdfDrawing): Uint8Array {
  const text = runs.map((r) => `BT /F1 ${String(r.size ?? 12)} Tf ${String(r.x)} ${String(r.y)} Td <${utf16beHex(r.text)}> Tj ET`).join('\n');
  const form = drawing?.formMatrix;
  const graphics = drawing === undefined ? '' : form !== undefined ? 'q /Fm0 Do Q\n' : `q ${drawing.ops} Q\n`;
  const xobject = form !== undefined ? ' /XObject << /Fm0 7 0 R >>' : '';
  const objects: PdfObject[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >>${xobject} >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >>',
    { dict: '', data: enc.encode(graphics + text) },
  ];
  if (drawing !== undefined && form !== undefined) {
    objects.push({ dict: `/Type /XObject /Subtype /Form /BBox [-2000 -2000 2000 2000] /Matrix [${form.join(' ')}]`, data: enc.encode(drawing.ops) });
  }
  return writePdf(objects);
}
