/**
 * Label matching for the table mapper: the matching form of a label, the leaf anchors of the
 * template rows (spec §10 V4) and the captions, headers and headings that open and close tables.
 */
import { REVIEW_GROUPS, REVIEW_OUTCOMES, type ActiveSubTable } from '../../model/template';

/** A sub-table of table 二 (第二十条第（X）项). */
export type SubId = ActiveSubTable['id'];

const PINYIN_RE = /\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/g;
/** Any CJK ideograph: labels have one, values never. */
export const CJK_RE = /[\u4e00-\u9fff]/;

const WIDE_RE = /[\uff00-\uffef\u2000-\u206f\u3000]/;
const WS_ALL_RE = /[\s\u00a0\u3000]+/g;
const QUOTES_RE = /[“”„‟"＂‘’']/g;

/**
 * Matching form: the label form of normalize.ts (NFKC, no whitespace, unified quotes and
 * separators) without markdown heading marks and pinyin artefacts (运(yùn)). NFKC runs only when
 * full-width or special punctuation is present; Traditional text is converted per document.
 */
export function labelKey(raw: string): string {
  const hit = KEY_CACHE.get(raw);
  if (hit !== undefined) return hit;
  const s = WIDE_RE.test(raw) ? raw.normalize('NFKC') : raw;
  const k = s.replace(WS_ALL_RE, '').replace(QUOTES_RE, '"').replace(SEP_RE, ',').replace(PINYIN_RE, '').replace(HEADING_MARK_RE, '');
  // Template labels recur in every report: a bounded cache makes batch parsing cheap.
  if (KEY_CACHE.size >= KEY_CACHE_MAX) KEY_CACHE.clear();
  KEY_CACHE.set(raw, k);
  return k;
}

const KEY_CACHE = new Map<string, string>();
const KEY_CACHE_MAX = 20_000;
const SEP_RE = /[、，]/g;
const HEADING_MARK_RE = /^#+/;

/** Row anchors of table 二, both versions; the longer 规范性文件 is tried before 规章. */
export const ACTIVE_ROWS: readonly { readonly re: RegExp; readonly sub: SubId; readonly row: string }[] = [
  { re: /规范性文件/, sub: 'art20_1', row: 'normative_docs' },
  { re: /规章/, sub: 'art20_1', row: 'regulations' },
  { re: /对外管理服务/, sub: 'art20_5', row: 'other_external_services' },
  { re: /行政许可/, sub: 'art20_5', row: 'admin_licensing' },
  { re: /行政处罚/, sub: 'art20_6', row: 'admin_penalty' },
  { re: /行政强制/, sub: 'art20_6', row: 'admin_coercion' },
  { re: /事业[性型]收费/, sub: 'art20_8', row: 'admin_fees' },
  { re: /集中采购/, sub: 'art20_9', row: 'central_procurement' },
];

/** The table-二 row a normalised label names, or null. */
export function matchActiveRow(n: string): { sub: SubId; row: string } | null {
  // Annotated labels (V6) run long: "规范性文件(行政机关制定发布的决定、公告…)"; sentences do not qualify.
  if (n.length > 80 || /第二十条|信息内容|[。;；]/.test(n)) return null;
  // Match the label itself, not its annotation: "其他主动公开文件(…除规范性文件以外…)" is no 规范性文件 row.
  const head = n.split('(')[0] ?? '';
  const subject = head === '' ? n : head;
  for (const r of ACTIVE_ROWS) if (r.re.test(subject)) return { sub: r.sub, row: r.row };
  return null;
}

/** Leaf anchors of table 三 (template anchors plus variants seen in the corpus: 逾期不缴费, 3、其他, wrapped labels). */
export const REQUEST_ANCHORS: readonly { readonly re: RegExp; readonly row: string }[] = [
  { re: /本年新收/, row: 'new_received' },
  { re: /上年结转/, row: 'carried_over' },
  { re: /结转下年度|下年度继续/, row: 'carried_forward' },
  { re: /予以公开/, row: 'results.granted' },
  { re: /部分公开/, row: 'results.partially_granted' },
  { re: /国家秘密/, row: 'results.denied.state_secret' },
  { re: /禁止公开|法规禁止|行政止公开|其他法律行政法规/, row: 'results.denied.prohibited_by_law' },
  { re: /三安全/, row: 'results.denied.endangers_security_stability' },
  { re: /第三方/, row: 'results.denied.third_party_rights' },
  { re: /内部事务/, row: 'results.denied.internal_affairs' },
  { re: /过程性/, row: 'results.denied.process_info' },
  { re: /执法案卷|行政执法案/, row: 'results.denied.enforcement_files' },
  { re: /行政查询/, row: 'results.denied.admin_query' },
  { re: /不掌握/, row: 'results.unable.not_held' },
  { re: /另行制|没有现成信息/, row: 'results.unable.requires_creation' },
  { re: /仍不明|补正后申请/, row: 'results.unable.unclear_after_correction' },
  { re: /信访/, row: 'results.not_processed.petition_complaint' },
  { re: /重复申请/, row: 'results.not_processed.duplicate' },
  { re: /出版物|公开出版/, row: 'results.not_processed.publication' },
  { re: /大量反复/, row: 'results.not_processed.excessive_repeated' },
  { re: /重新出具|确认或重新/, row: 'results.not_processed.confirm_or_reissue' },
  { re: /逾期不补正|不补正|无正当理由逾/, row: 'results.other.no_correction' },
  { re: /收费通知|缴纳费用|逾期不缴费|逾期未按/, row: 'results.other.fee_unpaid' },
  { re: /其他处理/, row: 'results.other.total' },
  { re: /^(?:\(六\))?3[.,]?其他$/, row: 'results.other.other' },
];

/**
 * The table-三 row a normalised label names, or null. A bare 总计 is the （七）总计 row only once
 * result rows were seen: before that it is the 总计 column header.
 */
export function matchRequestRow(n: string, resultsSeen: boolean): string | null {
  if (n.length > 60 || /[。;；]/.test(n)) return null;
  if (/^(?:\(七\)|七[,.])总计/.test(n) || (resultsSeen && n === '总计')) return 'results.total';
  if (/总计|勾稽|逻辑关系|申请人情况/.test(n)) return null;
  for (const a of REQUEST_ANCHORS) if (a.re.test(n)) return a.row;
  return null;
}

/** 第二十条第（X）项 item → sub-table. */
export const SUB_BY_ITEM: Readonly<Record<string, SubId>> = { 一: 'art20_1', 五: 'art20_5', 六: 'art20_6', 八: 'art20_8', 九: 'art20_9' };
/** Caption of a table-二 sub-table; the item may be cut off (195 "第二十条第"). */
export const CAPTION_RE = /第二十条(?:第)?\(?([一五六八九])\)?项?/;
/** Opens table 三: its header note, 申请人情况, or the section heading. */
export const REQUESTS_ENTRY_RE = /勾稽关系|逻辑关系|申请人情况|^[二三四][,.]收到和处理政府信息公开申请/;
/** Opens table 四 from its header. */
export const REVIEW_ENTRY_RE = /复议后起诉|直接起诉/;
/** Headings after the tables (五、六): no table continues past them. */
export const SECTION_END_RE = /^[五六][,.、]|存在的主要问题|其他需要报告|主要问题及改进/;
/** Column headers of table 二. */
export const ACTIVE_HEADER_RE = /信息内容|数量|件数|金额|增\/|本年新|采购/;
/** Header cells of table 三 (also the placeholder headers of 207). */
export const REQUEST_HEADER_RE = /^(?:申请人情况|自然人|法人或其他组织|法人|其他组织|商业企业|商业|企业|科研机构|科研|机构|社会公益组织|社会公益|公益组织|组织|法律服务机构|法律服务|服务机构|其他|总计|数量|类别|项目|数据\d|\(数据项目\)|\(本列.*|.*勾稽.*|.*逻辑关系.*)$/;
/** Header cells of table 四, incl. split and one-character-per-line forms (V2). */
export const REVIEW_HEADER_RE = /行政复议|行政诉讼|复议|起诉|结果|维持|纠正|审结|尚未|总计|其他/;
/** Narrative that states there was no review or litigation (V14). */
export const NIL_REVIEW_RE = /(?:未发生|没有|无)[^。]{0,20}(?:行政复议|行政诉讼)|(?:行政复议|行政诉讼)[^。]{0,20}(?:均为|为)0/;

/** The 15 keys of table 四 in printed column order. */
export const REVIEW_KEYS: readonly string[] = REVIEW_GROUPS.flatMap((g) => REVIEW_OUTCOMES.map((o) => `review_litigation.${g.key}.${o.key}`));
