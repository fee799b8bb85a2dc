/**
 * Splits a report's text into the six sections of the template (spec §2) and tells narrative lines
 * from table lines. Headings are recognised by their numeral (一…六) and a keyword, not by the
 * numeral alone: reports renumber sections (205), misspell them (V15) and old-style reports use
 * other names, while table row labels such as 一、本年新收… also start with a numeral.
 */
import type { ReportSections } from '../model/report';
import { normalizeText } from './normalize';

export type SectionKey = ReportSections['found'][number];

/** A section heading: its key and its 1-based line in the text. */
export interface SectionHeading {
  readonly key: SectionKey;
  readonly line: number;
}

/** Checked in this order: the review heading also says 申请, the problems heading also says 公开工作. */
const SECTION_KEYWORDS: readonly (readonly [SectionKey, RegExp])[] = [
  ['review_litigation', /复议|诉讼/],
  ['problems', /问题|不足/],
  ['other_matters', /^(?:其他|其它)(?:需要|需)?(?:报告|说明)?的?事项|(?:其他|其它)需要报告/],
  // 主动公开 first: old-style headings such as 二、主动公开、依申请公开工作情况 open the active section.
  ['active', /主动公开/],
  ['requests', /收到和处理|收到及处理|依申请|申请情况|申请的情况|申请公开情况/],
  ['overview', /^(?:总体|概述|概况|基本情况|工作概况)/],
];

const HEADING_RE = /^[#*\s]*([一二三四五六七八九十]{1,2})\s*[、,.．:：\s]\s*(.+)$/;
/** A numeral then a keyword with no separator ("一总体情况", after whitespace was removed). */
const HEADING_NOSEP_RE = /^[#*\s]*([一二三四五六])((?:总体|概述|主动公开|收到和处理|政府信息公开|存在|其他|其它).*)$/;
const MAX_HEADING_CHARS = 40;
const PART_HEADING_RE = /^[#*\s]*第([一二三四五六七八九十]{1,2})部分\s*[、,.．:：\s]?\s*(.+)$/;
const FIRST_CHAR_RE = /^[#*\s]*第?[一二三四五六七八九十]/;
/** Where a heading ends when the paragraph continues on the same line ("一、总体情况。2020年…"). */
const HEADING_END_RE = /[。:;!?\s]/;

const TAB_OR_PIPES_RE = /\t|\|.*\|/;
/** A line with no letters: a value of a one-value-per-line table, a page number, a separator. */
const NO_WORDS_RE = /^[\s\d.,，、:：;；/\\\-—–+%()（）[\]|*#=_~]*$/;
/** Columns aligned by runs of spaces with at least two numeric cells (PDF text of a table row). */
const SPACED_COLUMNS_RE = /\S {2,}\S/g;
const NUMERIC_CELL_RE = /(?:^| {2,})[-+]?\d[\d.,]*(?= {2,}|$)/g;

/** A text's lines as printed and normalised (`normalizeText`), index for index. */
export interface TextLines {
  readonly raw: readonly string[];
  readonly norm: readonly string[];
}

/** A text's lines with their section headings and narrative mask (see {@link narrativeLayout}). */
export interface NarrativeLayout extends TextLines {
  readonly headings: readonly SectionHeading[];
  readonly mask: readonly boolean[];
}

let memoText: string | null = null;
let memoLines: TextLines | null = null;
let memoLayout: NarrativeLayout | null = null;

/**
 * Splits and normalises a text once. Meta, facts and sections all read the same report text in a
 * row, and normalisation (NFKC, Traditional → Simplified) is the costly part, so the last result is kept.
 */
export function textLines(text: string): TextLines {
  if (memoLines !== null && memoText === text) return memoLines;
  const raw = splitLines(text);
  let norm = splitLines(normalizeText(text));
  // Normalisation never adds or removes line breaks in practice; fall back to per-line work if it did.
  if (norm.length !== raw.length) norm = raw.map((l) => normalizeText(l));
  memoText = text;
  memoLines = { raw, norm };
  memoLayout = null;
  return memoLines;
}

/** `s.split(/\r?\n/)`; most texts have no CR, and a split on one character is several times faster. */
function splitLines(s: string): string[] {
  return s.includes('\r') ? s.split(/\r?\n/) : s.split('\n');
}

/**
 * The lines of a text with its section headings and narrative mask, computed once per text:
 * facts and sections both need them for the same report (read-only: the arrays are shared).
 */
export function narrativeLayout(text: string): NarrativeLayout {
  const lines = textLines(text);
  if (memoLayout !== null) return memoLayout;
  const headings = findSectionHeadings(lines.raw, lines.norm);
  memoLayout = { ...lines, headings, mask: narrativeMask(lines.raw, headings) };
  return memoLayout;
}

/** True for lines that belong to a table rather than to the narrative. */
export function isTableLine(line: string): boolean {
  // Substring tests first: most lines are prose with no tab, pipe or double space, and then the
  // regular expressions that need one cannot match.
  if ((line.includes('\t') || line.includes('|')) && TAB_OR_PIPES_RE.test(line)) return true;
  if (NO_WORDS_RE.test(line)) return true;
  if (!line.includes('  ')) return false;
  return atLeastTwo(SPACED_COLUMNS_RE, line) && atLeastTwo(NUMERIC_CELL_RE, line);
}

/** `(s.match(re)?.length ?? 0) >= 2` for a global `re` that never matches empty, without collecting every match. */
function atLeastTwo(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  const found = re.exec(s) !== null && re.exec(s) !== null;
  re.lastIndex = 0;
  return found;
}

/** The section a heading line opens, or null when the line is not a section heading. `normalized` skips normalisation. */
export function headingKey(line: string, normalized?: string): SectionKey | null {
  if (!FIRST_CHAR_RE.test(line) || isTableLine(line)) return null;
  const norm = (normalized ?? normalizeText(line)).replace(/\s+/g, ' ').trim();
  const m = PART_HEADING_RE.exec(norm) ?? HEADING_RE.exec(norm) ?? HEADING_NOSEP_RE.exec(norm.replace(/\s+/g, ''));
  if (m === null) return null;
  const numeral = m[1] ?? '';
  const rest = (m[2] ?? '').replace(/[:：。.*]+$/, '');
  let title = rest.replace(/\s+/g, '');
  if (title.length > MAX_HEADING_CHARS) title = rest.split(HEADING_END_RE)[0] ?? '';
  if (title.length < 2 || title.length > MAX_HEADING_CHARS) return null;
  // "一是…", "二是…" open enumerations inside paragraphs, never sections.
  if (title.startsWith('是')) return null;
  if (numeral.length > 1 || '七八九十'.includes(numeral)) return null;
  for (const [key, re] of SECTION_KEYWORDS) if (re.test(title)) return key;
  return null;
}

/** The first heading of each section, in order of appearance (a later repeat of a key is ignored). */
export function findSectionHeadings(lines: readonly string[], normalized?: readonly string[]): SectionHeading[] {
  const seen = new Set<SectionKey>();
  const out: SectionHeading[] = [];
  lines.forEach((l, i) => {
    const key = headingKey(l, normalized?.[i]);
    if (key === null || seen.has(key)) return;
    seen.add(key);
    out.push({ key, line: i + 1 });
  });
  return out;
}

const TABLE_SECTIONS: ReadonlySet<SectionKey> = new Set(['active', 'requests', 'review_litigation']);
const SENTENCE_RE = /[。；;，,]/;
const LONG_LINE = 40;

/**
 * Which lines are narrative (true) and which belong to tables (false). Inside sections 二–四,
 * whose body is the template's tables, a short line without sentence punctuation is a table label
 * of a one-value-per-line table, not prose.
 */
export function narrativeMask(lines: readonly string[], headings: readonly SectionHeading[]): boolean[] {
  const mask: boolean[] = new Array<boolean>(lines.length).fill(true);
  let h = 0;
  let current: SectionKey | null = null;
  lines.forEach((l, i) => {
    const lineNo = i + 1;
    let isHeading = false;
    while (h < headings.length && (headings[h]?.line ?? Infinity) <= lineNo) {
      current = headings[h]?.key ?? null;
      isHeading = headings[h]?.line === lineNo;
      h++;
    }
    if (isTableLine(l)) {
      mask[i] = false;
      return;
    }
    if (!isHeading && current !== null && TABLE_SECTIONS.has(current) && !SENTENCE_RE.test(l) && l.trim().length < LONG_LINE) {
      mask[i] = false;
    }
  });
  return mask;
}

const PROSE_RE = /[。；;！？!?]/;
const PROSE_MIN_CHARS = 30;

/**
 * 0-based first and last line of the report proper: from the first heading or sentence to the last
 * one. Site chrome around a web page (menus such as 首页 | 加入收藏, footers with 主办单位 and
 * ICP numbers) is short lines without sentences, and it is the same every year, so it must not
 * enter the narrative that copy detection compares.
 */
function reportSpan(lines: readonly string[], headings: readonly SectionHeading[]): [number, number] {
  const isProse = (l: string): boolean => PROSE_RE.test(l) || l.trim().length >= PROSE_MIN_CHARS;
  let first = lines.findIndex(isProse);
  let last = lines.length - 1;
  while (last >= 0 && !isProse(lines[last] ?? '')) last--;
  const h0 = headings[0];
  const hn = headings.at(-1);
  if (h0 !== undefined) first = first < 0 ? h0.line - 1 : Math.min(first, h0.line - 1);
  if (hn !== undefined) last = Math.max(last, hn.line - 1);
  return first < 0 ? [0, -1] : [first, last];
}

function fold(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Finds sections 一…六, the text of section 五 and the whitespace-folded narrative. */
export function splitSections(text: string): ReportSections {
  const { raw: lines, headings, mask } = narrativeLayout(text);
  const [first, last] = reportSpan(lines, headings);
  const narrative = fold(lines.filter((_, i) => mask[i] === true && i >= first && i <= last).join(' '));
  let problems: string | null = null;
  const p = headings.findIndex((x) => x.key === 'problems');
  const ph = headings[p];
  if (ph !== undefined) {
    const end = headings[p + 1]?.line ?? lines.length + 1;
    problems = lines
      .slice(ph.line, end - 1)
      .filter((l, k) => mask[ph.line + k] === true && l.trim() !== '')
      .map((l) => fold(l))
      .join('\n');
  }
  return { narrative, problems, found: headings.map((x) => x.key) };
}
