/**
 * Blank cells of plain-text rows. In tab, pipe and markdown rows an empty piece can be padding
 * (a spanned label column, a phantom `||`) or a cell left blank; only one with a value on each
 * side in the same row is certainly a cell of the row.
 */
import { isValueClass } from '../cellvalue';
import type { Tok } from './tokens';

/** The empty tokens of `toks` that lie between two values of their own block. */
export function blanksBetweenValues(toks: readonly Tok[]): ReadonlySet<Tok> {
  const out = new Set<Tok>();
  let start = 0;
  while (start < toks.length) {
    const block = toks[start]?.block;
    let end = start;
    while (end < toks.length && toks[end]?.block === block) end++;
    let leftIsValue = false;
    let pending: Tok[] = [];
    for (let i = start; i < end; i++) {
      const t = toks[i];
      if (t === undefined) continue;
      if (t.cls === 'empty') {
        if (leftIsValue) pending.push(t);
        continue;
      }
      const value = isValueClass(t.cls);
      if (value) for (const b of pending) out.add(b);
      pending = [];
      leftIsValue = value;
    }
    start = end;
  }
  return out;
}
