/** GBK bytes for a string, built by inverting the platform's GB18030 decoder (no encoder ships with Node). */
export function encodeGbk(s: string): Uint8Array {
  const dec = new TextDecoder('gb18030');
  const map = new Map<string, [number, number]>();
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([a, b]));
      if (ch.length === 1 && !map.has(ch)) map.set(ch, [a, b]);
    }
  }
  const out: number[] = [];
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) out.push(code);
    else {
      const pair = map.get(ch);
      if (pair === undefined) throw new Error(`not in GBK: ${ch}`);
      out.push(pair[0], pair[1]);
    }
  }
  return new Uint8Array(out);
}
