/**
 * Report metadata read from the visible text: agency, reporting year, title, statistics period,
 * sign-off and publication dates (spec §2, §8; V13 garbled dates). Only what the document prints
 * is read; hints from a manifest fill the gaps, never override the text.
 */
import type { ParseOptions } from '../model/report';
import { textLines } from './sections';

export interface MetaExtract {
  agencyName: string | null;
  year: number | null;
  title: string | null;
  statPeriodStart: string | null;
  statPeriodEnd: string | null;
  signedDate: string | null;
  publishedDate: string | null;
}

const HEAD_LINES = 40;
const TAIL_LINES = 12;
const MAX_TITLE = 70;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** Site furniture in front of a title: "标题:", "名 称:", "- 標題:", "#", "【2019】". */
const TITLE_PREFIX_RE = /^(?:[-#*>\s]+|【[^】]{0,12}】|(?:标\s*题|名\s*称|题\s*目)\s*[:|]?\s*)+/;
const TITLE_SUFFIX_RE = /[\s|。.]+$/;
const TITLE_END_RE = /(?:报告|年报)$/;
const TITLE_SUBJECT_RE = /信息公开|政务公开|年度报告|\d{4}年报告|年报/;
/** Sentences that mention the report rather than title it. */
const NOT_TITLE_START_RE = /^(?:根据|依据|按照|本|现|如|对|为|全文|报告|以下)/;

/** Site navigation ("首页>政务公开>政府信息公开年报"), which also ends in 年报. */
const BREADCRUMB_RE = /[>›»]|首页|当前位置|您的位置|所在位置/;

const AGENCY_BEFORE_YEAR_RE = /^(.{2,40}?)(\d{4})年度?(?:政府|政务)?(?:信息公开|政务公开|年报|报告|工作)/;
const AGENCY_AFTER_YEAR_RE = /^(\d{4})年度?(.{2,40}?)(?:政府信息公开|信息公开|政务公开)/;
const AGENCY_YEAR_INSIDE_RE = /^(.{2,40}?)(?:政府)?信息公开工作(\d{4})年度?报告/;
const AGENCY_NO_YEAR_RE = /^(.{2,40}?)(?:政府)?信息公开(?:工作)?年度报告$/;
/** Words that cannot be (the end of) an agency name: leftovers of a sentence or a generic title. */
const NOT_AGENCY_RE = /\d|报告|关于|根据|本|年度|公开|工作$/;
const SIGNER_END_RE = /(?:局|府|委|办|处|室|院|会|厅|部|署|中心|街道|镇|乡|所|站|队|区|县|市|公司)$/;

const CN_DIGITS: Readonly<Record<string, number>> = {
  〇: 0, 零: 0, O: 0, o: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const DATE_LINE_RE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const DATE_LINE_DASH_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const CN_DATE_LINE_RE = /^([〇零一二三四五六七八九Oo]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$/;

const PUBLISHED_RE = /(?:发布日期|发布时间|发表日期|发表时间|公开日期|发布于|发文日期)\s*[:|]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;
/** Page metadata printed as a bare timestamp under the title ("2024-01-23 16:45  稿件作者:"). */
const TIMESTAMP_LINE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})\s+\d{1,2}:\d{2}/m;

/** The statistics-period sentence: 统计期限自2022年1月1日起至2022年12月31日止, …从2019年1月1日到12月31日止. */
const PERIOD_RE =
  /统计[^。\n]{0,16}?(\d{4})\s*年?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?[^。\n\d]{0,6}?(?:到|至|-|—|–|~)\s*(?:(\d{4})\s*年?\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
/** V13: 年 and 月 lost in extraction, "202111日起至20211230日". */
const PERIOD_GARBLED_RE = /统计[^。\n]{0,16}?(\d{4})(\d{2,4})日[^。\n\d]{0,6}?(?:到|至|-|—|~)\s*(\d{4})(\d{2,4})日/;

const YEAR_PHRASE_RES: readonly RegExp[] = [
  /(\d{4})\s*年度?(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)/,
  /信息公开工作(\d{4})年度?报告/,
];

function iso(y: number, m: number, d: number): string | null {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${String(y)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function cnNumber(s: string): number {
  // 十 = 10, 十二 = 12, 二十 = 20, 二十九 = 29.
  const i = s.indexOf('十');
  if (i < 0) return CN_DIGITS[s] ?? NaN;
  const tens = i === 0 ? 1 : (CN_DIGITS[s.slice(0, i)] ?? NaN);
  const ones = i === s.length - 1 ? 0 : (CN_DIGITS[s.slice(i + 1)] ?? NaN);
  return tens * 10 + ones;
}

/** "1230" → 12-30, "11" → 1-1, "131" → 1-31: month and day run together when 年/月 were lost. */
function splitMonthDay(digits: string): [number, number] | null {
  for (let k = 1; k <= 2 && k < digits.length; k++) {
    const m = Number(digits.slice(0, k));
    const d = Number(digits.slice(k));
    if (digits.length - k <= 2 && m >= 1 && m <= 12 && d >= 1 && d <= 31) return [m, d];
  }
  return null;
}

/** Every date-line form ends in 日 or separates with - / . : lines without either are skipped unread. */
const DATE_LINE_HINT_RE = /[日\-/.]/;

function dateLine(line: string): string | null {
  if (!DATE_LINE_HINT_RE.test(line)) return null;
  const s = line.replace(/\s+/g, '');
  let m = DATE_LINE_RE.exec(s) ?? DATE_LINE_DASH_RE.exec(s);
  if (m !== null) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = CN_DATE_LINE_RE.exec(s);
  if (m === null) return null;
  const y = Number((m[1] ?? '').replace(/[〇零一二三四五六七八九Oo]/g, (c) => String(CN_DIGITS[c] ?? '')));
  return iso(y, cnNumber(m[2] ?? ''), cnNumber(m[3] ?? ''));
}

function cleanTitle(line: string): string {
  return line.replace(TITLE_PREFIX_RE, '').replace(TITLE_SUFFIX_RE, '').trim();
}

/** A title ends in 报告 or 年报 once whitespace is gone, so the line holds one of them, maybe spaced. */
const TITLE_WORDS_RE = /报\s*告|年\s*报/;

function asTitle(line: string): string | null {
  if (line.includes('\t') || !TITLE_WORDS_RE.test(line)) return null;
  const t = cleanTitle(line);
  const compact = t.replace(/\s+/g, '');
  if (compact.length < 6 || compact.length > MAX_TITLE) return null;
  if (NOT_TITLE_START_RE.test(compact) || compact.includes('。') || BREADCRUMB_RE.test(compact)) return null;
  return TITLE_END_RE.test(compact) && TITLE_SUBJECT_RE.test(compact) ? t : null;
}

/** The first title-like line and its index; a title wrapped onto two lines (PDF text, 205) is joined back. */
function findTitle(lines: readonly string[]): { title: string; index: number } | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const alone = asTitle(line);
    if (alone !== null) return { title: alone, index: i };
    const next = lines[i + 1];
    if (next !== undefined && next.length <= 12 && !/[。,;:]$/.test(line)) {
      const joined = asTitle(line + next);
      if (joined !== null) return { title: joined, index: i };
    }
  }
  return null;
}

/** A name line: short, no sentence punctuation, ending like an agency (局, 政府, 街道办事处…). */
function nameLine(line: string | undefined): string | null {
  if (line === undefined) return null;
  const s = line.replace(/\s+/g, '');
  if (s.length > 30 || !SIGNER_END_RE.test(s) || /[,。;:]/.test(s)) return null;
  return validAgency(s);
}

/** Title words that are no agency ("2024年政府信息公开…" names none). */
const GENERIC_AGENCY = new Set(['政府', '人民政府', '本机关', '我局', '本局', '本单位']);

function validAgency(s: string | undefined): string | null {
  if (s === undefined) return null;
  const a = s.replace(/^[\s,:|]+|[\s,:|]+$/g, '');
  if (a.length < 2 || NOT_AGENCY_RE.test(a) || GENERIC_AGENCY.has(a)) return null;
  return a;
}

/** "市财政局", "县应急管理局": a name relative to a place the page does not print. */
const RELATIVE_NAME_RE = /^[市县区镇乡]/;

function validYear(y: number): number | null {
  return y >= MIN_YEAR && y <= MAX_YEAR ? y : null;
}

interface TitleParts {
  agency: string | null;
  year: number | null;
}

function titleParts(title: string): TitleParts {
  const t = title.replace(/\s+/g, '');
  let m = AGENCY_BEFORE_YEAR_RE.exec(t);
  if (m !== null) return { agency: validAgency(m[1]), year: validYear(Number(m[2])) };
  m = AGENCY_AFTER_YEAR_RE.exec(t);
  if (m !== null) return { agency: validAgency(m[2]), year: validYear(Number(m[1])) };
  m = AGENCY_YEAR_INSIDE_RE.exec(t);
  if (m !== null) return { agency: validAgency(m[1]), year: validYear(Number(m[2])) };
  m = AGENCY_NO_YEAR_RE.exec(t);
  if (m !== null) return { agency: validAgency(m[1]), year: null };
  const y = /(\d{4})\s*年/.exec(t);
  return { agency: null, year: y === null ? null : validYear(Number(y[1])) };
}

/** The sign-off: the last date line, and the agency line just above it. */
function signOff(lines: readonly string[]): { date: string | null; agency: string | null } {
  const from = Math.max(0, lines.length - TAIL_LINES);
  for (let i = lines.length - 1; i >= from; i--) {
    const date = dateLine(lines[i] ?? '');
    if (date === null) continue;
    let agency: string | null = null;
    for (let j = i - 1; j >= Math.max(0, i - 2); j--) {
      if ((lines[j] ?? '').trim() === '') continue;
      agency = nameLine(lines[j]);
      break;
    }
    return { date, agency };
  }
  return { date: null, agency: null };
}

function statPeriod(text: string): { start: string | null; end: string | null } {
  const m = PERIOD_RE.exec(text);
  if (m !== null) {
    const y1 = Number(m[1]);
    const y2 = m[4] === undefined ? y1 : Number(m[4]);
    return { start: iso(y1, Number(m[2]), Number(m[3])), end: iso(y2, Number(m[5]), Number(m[6])) };
  }
  const g = PERIOD_GARBLED_RE.exec(text);
  if (g !== null) {
    const a = splitMonthDay(g[2] ?? '');
    const b = splitMonthDay(g[4] ?? '');
    return {
      start: a === null ? null : iso(Number(g[1]), a[0], a[1]),
      end: b === null ? null : iso(Number(g[3]), b[0], b[1]),
    };
  }
  return { start: null, end: null };
}

const OVERVIEW_HEADING_RE = /^[#*\s]*一\s*[、,.．:\s]\s*(?:总体情况|概述)/;
const OPENING_YEAR_RE = /^\s*(\d{4})\s*年度?\s*(?:,|以来|我|全年|在)/;

/**
 * The overview of section 一 opens with the reporting year ("2020年，在区委、区政府的正确领导下…"):
 * a last resort for excerpts that print neither title nor statistics period.
 */
function overviewYear(lines: readonly string[]): number | null {
  const h = lines.findIndex((l) => OVERVIEW_HEADING_RE.test(l));
  if (h < 0) return null;
  for (let i = h + 1; i < Math.min(lines.length, h + 4); i++) {
    const l = lines[i] ?? '';
    if (l.trim() === '') continue;
    const m = OPENING_YEAR_RE.exec(l);
    return m === null ? null : validYear(Number(m[1]));
  }
  return null;
}

function pickAgency(inTitle: string | null, signer: string | null, hint: string | null): string | null {
  // The sign-off often gives the full name the title shortens (建新镇 → 遂溪县建新镇人民政府).
  const printed = inTitle !== null && signer !== null && signer.length > inTitle.length && signer.includes(inTitle) ? signer : (inTitle ?? signer);
  if (printed === null) return hint;
  // A relative name is what the page prints, but the manifest's full name says more.
  if (RELATIVE_NAME_RE.test(printed) && hint !== null) return hint;
  return printed;
}

/** Extracts metadata from the document text; hints fill what the document does not print. */
export function extractMeta(text: string, hints?: ParseOptions['hints']): MetaExtract {
  const all = textLines(text).norm;
  const head = all
    .slice(0, HEAD_LINES)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const tail = all
    .slice(Math.max(HEAD_LINES, all.length - TAIL_LINES))
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const ends = all.length <= HEAD_LINES ? head : [...head.slice(-TAIL_LINES), ...tail];

  const found = findTitle(head);
  const title = found?.title ?? null;
  const fromTitle = title === null ? { agency: null, year: null } : titleParts(title);
  // "沈阳市工业和信息化局" printed on its own line above a title that names no agency (074).
  if (found !== null && fromTitle.agency === null) fromTitle.agency = nameLine(head[found.index - 1]);
  const signed = signOff(ends);
  // The period sentence sits in the preamble; a partial excerpt may start below it, so read further.
  // Joined without breaks: PDF text wraps the period sentence across lines.
  const periodText = all
    .slice(0, HEAD_LINES * 3)
    .map((l) => l.trim())
    .join('');
  const period = statPeriod(periodText);

  let year = fromTitle.year;
  if (year === null && period.end !== null) year = Number(period.end.slice(0, 4));
  if (year === null && period.start !== null) year = Number(period.start.slice(0, 4));
  if (year === null) {
    for (const re of YEAR_PHRASE_RES) {
      const m = re.exec(periodText);
      if (m !== null) {
        year = validYear(Number(m[1]));
        if (year !== null) break;
      }
    }
  }

  if (year === null) year = overviewYear(all);
  const headText = head.join('\n');
  const published = PUBLISHED_RE.exec(headText) ?? TIMESTAMP_LINE_RE.exec(headText);
  return {
    agencyName: pickAgency(fromTitle.agency, signed.agency, hints?.agencyName ?? null),
    year: year ?? hints?.year ?? null,
    title,
    statPeriodStart: period.start,
    statPeriodEnd: period.end,
    signedDate: signed.date,
    publishedDate: published === null ? null : iso(Number(published[1]), Number(published[2]), Number(published[3])),
  };
}
