/**
 * Figures the narrative states plainly (spec §6.4): 主动公开政府信息N条, 收到/受理…申请N件,
 * 办结N件, 行政复议N件, 行政诉讼N件, and plain statements of none (未收到…申请 → 0).
 *
 * Only narrative lines are read (table lines are left out, see `narrativeMask`). Wrapped lines of
 * PDF text are joined so a phrase broken across lines still matches. A figure that the text states
 * twice with different values is not a plain statement: no fact is emitted for it.
 */
import type { TextFact, TextFactKey } from '../model/report';
import { narrativeLayout } from './sections';

interface Stream {
  /** Normalised narrative, lines joined softly ('') inside paragraphs and hard ('\n') between them. */
  readonly norm: string;
  /** The same text as printed, aligned with `norm` character for character. */
  readonly raw: string;
  /** Offset in `norm` where each included line starts, and that line's 1-based number. */
  readonly starts: readonly number[];
  readonly lineNos: readonly number[];
  /** Per included line: inside a sub-section whose heading speaks of 主动公开. */
  readonly activeContext: readonly boolean[];
}

const ENUM_START_RE = /^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,2}[、.．,]|\d{1,2}[、.．,](?!\d)|#)/;
const HARD_END_RE = /[。;；!?！？:：]$/;
const SHORT_LINE = 20;

function buildStream(text: string): Stream {
  const { raw: lines, norm: normLines, mask } = narrativeLayout(text);
  let norm = '';
  let raw = '';
  const starts: number[] = [];
  const lineNos: number[] = [];
  const activeContext: boolean[] = [];
  let prevIndex = -2;
  let prevNorm = '';
  let context = false;
  lines.forEach((line, i) => {
    if (mask[i] !== true) return;
    const r = line.trim();
    if (r === '') return;
    const n = (normLines[i] ?? '').trim();
    // Keep the two texts aligned: when normalisation changes the length, show the normalised form.
    const shown = n.length === r.length ? r : n;
    const enumerated = ENUM_START_RE.test(n);
    if (enumerated) {
      const head = n.split('。')[0] ?? n;
      context = head.includes('主动公开');
    }
    const hard = prevIndex !== i - 1 || enumerated || HARD_END_RE.test(prevNorm) || prevNorm.length < SHORT_LINE;
    if (norm !== '') {
      const sep = hard ? '\n' : '';
      norm += sep;
      raw += sep;
    }
    starts.push(norm.length);
    lineNos.push(i + 1);
    activeContext.push(context);
    norm += n;
    raw += shown;
    prevIndex = i;
    prevNorm = n;
  });
  return { norm, raw, starts, lineNos, activeContext };
}

function lineIndexAt(s: Stream, offset: number): number {
  let lo = 0;
  let hi = s.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((s.starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface Candidate {
  readonly key: TextFactKey;
  readonly value: number;
  readonly start: number;
  readonly end: number;
  /** Weak: 公开…信息N条 without 主动, accepted only in a 主动公开 sub-section and when nothing disagrees. */
  readonly weak?: boolean;
}

// Normalised text: ，、 → ','; full-width brackets, colons and digits → ASCII.
const G = '[^。;!?\\n\\d]'; // inside one sentence, no digits
const GC = '[^。;!?\\n\\d,]'; // inside one clause, no digits
const N = '(\\d{1,3}(?:,\\d{3})+|\\d+)';
const UNIT = '(?:件|份|个|条)';

const ACTIVE_STRONG_RE = new RegExp(`主动公开(?:了)?(${GC}{0,12}?)信息(?:总数|总量|数量|数|共计|总计|合计|共)?\\s*(?:为|达到|达|:)?\\s*${N}\\s*条`, 'g');
const ACTIVE_WEAK_RE = new RegExp(`(?<!主动)公开(?:了)?(${GC}{0,10}?)信息(?:总数|数|共计|共)?\\s*(?:为|达|:)?\\s*${N}\\s*条`, 'g');

const RECEIVED_RE = new RegExp(
  `(?:受理|收到|接收|接到|收办|办理)(?:了)?(${GC}{0,16}?)(申请案件|申请|事项|政府信息)\\s*(?:共计|共|总数|数量|数)?\\s*(?:为|:)?\\s*${N}\\s*${UNIT}`,
  'g',
);
const RECEIVED_NUMBER_FIRST_RE = new RegExp(`(?:收到|受理|接到|接收)\\s*${N}\\s*${UNIT}(?:政府)?信息公开申请`, 'g');
const RECEIVED_BARE_RE = new RegExp(`(?<!受理|收到|接收|接到|办理)依申请公开(?:政府信息)?\\s*(?:共)?\\s*${N}\\s*件`, 'g');
const RECEIVED_NONE_RE = new RegExp(
  `(?:未|没有|尚未)(?:收到|接到|受理|接收|发生|出现)(?:过)?(${G}{0,30}?)(?:申请(?!公开|人|行政|复议)|依申请公开(?:政府)?(?:事项|信息|的相关信息|情况))`,
  'g',
);
const RECEIVED_NONE_NOUN_RE = /无(?:涉及)?(?:依申请公开|政府信息公开申请|申请公开政府信息)/g;

/** Each with the keyword every match contains. */
const PROCESSED_RES: readonly (readonly [string, RegExp])[] = [
  ['办结', new RegExp(`办结\\s*${N}\\s*件`, 'g')],
  ['答复', new RegExp(`答复(?:了)?(?:政府)?(?:信息)?(?:公开)?申请\\s*${N}\\s*件`, 'g')],
  ['共办理', new RegExp(`共办理\\s*${N}\\s*件`, 'g')],
];

const CASE_UNIT = '(?:件|起|宗|个)';
const BOTH_RE = new RegExp(`行政复议(?:案件?)?\\s*(?:,|和|及|与|或|以及)\\s*(?:提起)?行政诉讼(?:案件?)?\\s*(?:共|均为|均|各)?\\s*${N}\\s*${CASE_UNIT}`, 'g');
const BOTH_NONE_RE = new RegExp(`(?:未|没有|无)(?:发生|出现|收到|产生|因)?(${G}{0,30}?)行政复议(${G}{0,14}?)诉讼`, 'g');
const REVIEW_NONE_RE = new RegExp(`(?:未|没有)(?:发生|出现|收到|产生)(${G}{0,30}?)行政复议`, 'g');
const REVIEW_RE = new RegExp(`行政复议(?:案件?|申请)?(?:数)?\\s*(?:共计|共|为)?\\s*${N}\\s*${CASE_UNIT}`, 'g');
const REVIEW_NUMBER_FIRST_RE = new RegExp(`有\\s*${N}\\s*(?:件|起)(${GC}{0,16}?)行政复议`, 'g');
const LITIGATION_RE = new RegExp(`(?<!复议后|直接)诉讼(?:案件?)?(?:数)?\\s*(?:共计|共|为)?\\s*${N}\\s*${CASE_UNIT}`, 'g');

/** Count restricted to some applicants or channels: not the total. */
const PARTIAL_SCOPE_RE = /自然人|法人|组织|个人|公民|网络|网上|信函|当面|纸质|书面|邮件|传真|来信|复议|诉讼|咨询|转办|其中/;
/** A count followed by a count of another channel ("3件、纸质申请36件"): a list of parts, no total. */
const CHANNEL_LIST_RE = /^\s*,\s*[^。;,\d]{0,6}(?:纸质|网络|网上|信函|当面|书面|电子|传真|邮寄|现场)[^。;,\d]{0,4}申请/;
const NONE_EXCLUDED_RE = /复议|诉讼|来信|投诉|咨询/;
const ORG_ONLY_RE = /法人|组织/;
const ANY_PERSON_RE = /个人|公民|自然人|群众|公众/;
const COUNT_AFTER_RE = /^[^。;!?\n]*?\d+\s*(?:件|起|宗)/;

function toInt(s: string | undefined): number {
  return Number((s ?? '').replace(/,/g, ''));
}

function collect(s: Stream): Candidate[] {
  const out: Candidate[] = [];
  const text = s.norm;
  const add = (key: TextFactKey, value: number, m: RegExpExecArray, weak = false): void => {
    if (!Number.isFinite(value)) return;
    out.push({ key, value, start: m.index, end: m.index + m[0].length, weak });
  };
  const after = (m: RegExpExecArray): string => text.slice(m.index + m[0].length, m.index + m[0].length + 24);

  // Each pattern below needs the keyword tested first: a text without it is not scanned for it.
  const review = text.includes('行政复议');
  if (text.includes('主动公开')) for (const m of text.matchAll(ACTIVE_STRONG_RE)) {
    // 历年累计 is the all-time stock, not this year's figure.
    if (/历年|累计至今/.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
    add('active_disclosure_items', toInt(m[2]), m);
  }
  if (text.includes('条')) for (const m of text.matchAll(ACTIVE_WEAK_RE)) add('active_disclosure_items', toInt(m[2]), m, true);

  for (const m of text.matchAll(RECEIVED_RE)) {
    const gap = m[1] ?? '';
    const phrase = gap + (m[2] ?? '');
    if (!phrase.includes('公开') || !phrase.includes('申请')) continue;
    if (PARTIAL_SCOPE_RE.test(gap) || CHANNEL_LIST_RE.test(after(m))) continue;
    if (text[m.index - 1] === '未') continue;
    add('requests_received_total', toInt(m[3]), m);
  }
  if (text.includes('信息公开申请')) for (const m of text.matchAll(RECEIVED_NUMBER_FIRST_RE)) add('requests_received_total', toInt(m[1]), m);
  if (text.includes('依申请公开')) for (const m of text.matchAll(RECEIVED_BARE_RE)) {
    if (CHANNEL_LIST_RE.test(after(m))) continue;
    add('requests_received_total', toInt(m[1]), m);
  }
  for (const m of text.matchAll(RECEIVED_NONE_RE)) {
    const gap = m[1] ?? '';
    if (NONE_EXCLUDED_RE.test(gap)) continue;
    // "未收到法人或者其他组织…的申请" says nothing about natural persons.
    if (ORG_ONLY_RE.test(gap) && !ANY_PERSON_RE.test(gap)) continue;
    add('requests_received_total', 0, m);
  }
  if (text.includes('无')) for (const m of text.matchAll(RECEIVED_NONE_NOUN_RE)) add('requests_received_total', 0, m);

  for (const [keyword, re] of PROCESSED_RES) {
    if (!text.includes(keyword)) continue;
    for (const m of text.matchAll(re)) {
      if (CHANNEL_LIST_RE.test(after(m))) continue;
      add('requests_processed_total', toInt(m[1]), m);
    }
  }

  if (review) for (const m of text.matchAll(BOTH_RE)) {
    add('admin_review_total', toInt(m[1]), m);
    add('litigation_total', toInt(m[1]), m);
  }
  if (review) for (const m of text.matchAll(BOTH_NONE_RE)) {
    // "未…引起的行政复议、行政诉讼5件" would be a count, not a statement of none.
    if (COUNT_AFTER_RE.test(after(m))) continue;
    add('admin_review_total', 0, m);
    add('litigation_total', 0, m);
  }
  if (review) for (const m of text.matchAll(REVIEW_NONE_RE)) {
    if (COUNT_AFTER_RE.test(after(m))) continue;
    add('admin_review_total', 0, m);
  }
  if (review) for (const m of text.matchAll(REVIEW_RE)) add('admin_review_total', toInt(m[1]), m);
  if (review) for (const m of text.matchAll(REVIEW_NUMBER_FIRST_RE)) add('admin_review_total', toInt(m[1]), m);
  if (text.includes('诉讼')) for (const m of text.matchAll(LITIGATION_RE)) add('litigation_total', toInt(m[1]), m);
  return out.sort((a, b) => a.start - b.start);
}

const KEYS: readonly TextFactKey[] = [
  'active_disclosure_items',
  'requests_received_total',
  'requests_processed_total',
  'admin_review_total',
  'litigation_total',
];

/** Extracts narrative text facts from the document text (line n of `text` is provenance line n). */
export function extractTextFacts(text: string): TextFact[] {
  const s = buildStream(text);
  if (s.norm === '') return [];
  const candidates = collect(s);
  const facts: TextFact[] = [];
  for (const key of KEYS) {
    const all = candidates.filter((c) => c.key === key);
    const strong = all.filter((c) => c.weak !== true);
    let chosen: Candidate | undefined;
    if (strong.length > 0) {
      if (strong.every((c) => c.value === strong[0]?.value)) chosen = strong[0];
    } else if (all.length > 0 && all.every((c) => c.value === all[0]?.value)) {
      chosen = all.find((c) => s.activeContext[lineIndexAt(s, c.start)] === true);
    }
    if (chosen === undefined) continue;
    facts.push({
      key,
      value: chosen.value,
      raw: s.raw.slice(chosen.start, chosen.end),
      provenance: { line: s.lineNos[lineIndexAt(s, chosen.start)] ?? 1 },
    });
  }
  return facts;
}
