/**
 * Several years side by side (spec §10 V12): a header row such as `信息内容 | 2022年 | 2023年 | 增减`
 * splits each value row into column groups, one per header entry. Only the reporting year's
 * group is the report's; the other year's and the change column must never reach its cells.
 */
import type { Provenance } from '../../model/report';
import type { Tok } from './tokens';

/** A header naming two or more years, in column order. */
export interface YearHeader {
  /** Per column group: the year it holds, or null for a change (增减) or other column. */
  readonly groups: readonly (number | null)[];
  /** The header as printed, for messages ("2022年 / 2023年 / 增减"). */
  readonly label: string;
  readonly prov: Provenance;
}

const YEAR_RE = /^((?:19|20)\d{2})年度?$/;
/** A change column: 增减, 同比增减, 增减(%), 变化 … (Traditional 增減 too). */
const CHANGE_RE = /^(?:同比|比上年|较上年|與上年|比去年)?(?:增[减減]|增长|增長|增幅|变化|變化|变动|變動|差额|差額)[^\d]{0,4}$/;
const SPACES_RE = /[\s\u00a0\u3000]+/;

type Piece = { readonly year: number } | { readonly change: true };

function piece(raw: string): Piece | null {
  const s = raw.normalize('NFKC');
  const y = YEAR_RE.exec(s);
  if (y?.[1] !== undefined) return { year: Number(y[1]) };
  return s.length <= 10 && CHANGE_RE.test(s) ? { change: true } : null;
}

/** Header pieces of a text token, or null when any piece is something else. */
function pieces(t: Tok, lead: boolean): { pieces: Piece[]; raws: string[] } | null {
  if (t.cls !== 'text' || t.raw.length > 60) return null;
  const parts = t.raw.trim().split(SPACES_RE);
  const out: Piece[] = [];
  const raws: string[] = [];
  for (const p of parts) {
    const x = piece(p);
    if (x === null) {
      // The run's first token may open with the label column's header (信息内容 2022年 2023年).
      if (lead && out.length === 0) continue;
      return null;
    }
    out.push(x);
    raws.push(p);
  }
  return out.length > 0 ? { pieces: out, raws } : null;
}

/**
 * Year headers in the token stream: the index of the first header token → the header and the
 * index after its last token. A header is a run of year and change entries (empty cells between
 * them allowed) that starts with a year and names two years or more; it may span cells, lines
 * (one entry per line) or sit in one cell separated by spaces.
 */
export function findYearHeaders(toks: readonly Tok[]): Map<number, { readonly header: YearHeader; readonly end: number }> {
  const out = new Map<number, { header: YearHeader; end: number }>();
  let i = 0;
  while (i < toks.length) {
    const first = toks[i];
    // Cheap test first: nearly every token is no year header.
    const lead = first === undefined || !first.raw.includes('年') ? null : pieces(first, true);
    const opening = lead?.pieces[0];
    if (first === undefined || lead === null || opening === undefined || !('year' in opening)) {
      i++;
      continue;
    }
    const groups: (number | null)[] = [];
    const raws: string[] = [];
    const take = (p: { pieces: Piece[]; raws: string[] }): void => {
      for (const x of p.pieces) groups.push('year' in x ? x.year : null);
      raws.push(...p.raws);
    };
    take(lead);
    let j = i + 1;
    let end = j;
    while (j < toks.length) {
      const t = toks[j];
      if (t === undefined) break;
      if (t.cls === 'empty') {
        j++;
        continue;
      }
      const p = pieces(t, false);
      if (p === null) break;
      take(p);
      j++;
      end = j;
    }
    if (groups.filter((g) => g !== null).length >= 2) {
      out.set(i, { header: { groups, label: raws.join(' / '), prov: first.prov }, end });
      i = end;
    } else {
      i++;
    }
  }
  return out;
}

/**
 * The reporting year's cells of one row: the row's `slots` (values and blank cells, in column
 * order) split evenly over the header's groups, then the groups of `year` in order. Null when
 * the slots do not divide into the groups: the columns are then not certain.
 */
export function yearSlots<T>(slots: readonly T[], header: YearHeader, year: number): T[] | null {
  const h = header.groups.length;
  if (slots.length === 0 || slots.length % h !== 0) return null;
  const k = slots.length / h;
  const out: T[] = [];
  header.groups.forEach((g, i) => {
    if (g === year) out.push(...slots.slice(i * k, (i + 1) * k));
  });
  return out;
}

/** `yearSlots`, and null unless they are exactly the row's `width` cells. */
export function selectYear<T>(slots: readonly T[], header: YearHeader, year: number, width: number): T[] | null {
  const out = yearSlots(slots, header, year);
  return out?.length === width ? out : null;
}

/**
 * `selectYear` for a table printed over several source rows (table 四 as three rows of five):
 * each row splits into the year groups on its own, so that one row's prior year never stands in
 * for another row's reporting year.
 */
export function selectYearByRow<T extends { readonly block: number }>(slots: readonly T[], header: YearHeader, year: number, width: number): T[] | null {
  const rows: T[][] = [];
  for (const s of slots) {
    const last = rows[rows.length - 1];
    if (last?.[0]?.block === s.block) last.push(s);
    else rows.push([s]);
  }
  const out: T[] = [];
  for (const r of rows) {
    const picked = yearSlots(r, header, year);
    if (picked === null) return null;
    out.push(...picked);
  }
  return out.length === width ? out : null;
}
