/**
 * The two State Council templates of the 政府信息公开工作年度报告 as data.
 *
 * Every table, row and column carries its printed Chinese label, an English label and the
 * canonical key of the shared spec (Appendix A). Keys are a contract with the corpus files and
 * the dashboard: never rename one.
 */

export type TemplateVersion = 'v2019' | 'v2021';
/** What the labels of a document show (spec §5). */
export type DetectedTemplate = 'pre2019' | 'v2019' | 'v2021' | 'mixed' | 'text_only';
export type TableId = 'active' | 'requests' | 'review';
/** How a value may be read: counts are integers ≥ 0, `signed` may be negative, money is a decimal. */
export type ValueKind = 'count' | 'signed' | 'money_in_cell' | 'money_wan_yuan';

export interface Label {
  readonly zh: string;
  readonly en: string;
}

export interface ColumnDef extends Label {
  readonly key: string;
  readonly kind: ValueKind;
}

export interface RowDef extends Label {
  readonly key: string;
  /** Normalised substrings that identify the row label (spec §10 V4); the first is the canonical one. */
  readonly anchors: readonly string[];
}

/** One 第二十条第（X）项 sub-table of table 二. */
export interface ActiveSubTable extends Label {
  readonly id: 'art20_1' | 'art20_5' | 'art20_6' | 'art20_8' | 'art20_9';
  /** The item number printed in the caption 第二十条第（X）项. */
  readonly item: '一' | '五' | '六' | '八' | '九';
  readonly columns: readonly ColumnDef[];
  readonly rows: readonly RowDef[];
}

export interface TemplateDef {
  readonly version: TemplateVersion;
  readonly active: readonly ActiveSubTable[];
  readonly requestRows: readonly RowDef[];
}

const count = (key: string, zh: string, en: string): ColumnDef => ({ key, zh, en, kind: 'count' });

// ---------------------------------------------------------------- table 二, v2019 (spec §3.1)

const V2019_ACTIVE: readonly ActiveSubTable[] = [
  {
    id: 'art20_1', item: '一', zh: '第二十条第（一）项', en: 'Art. 20 (1): regulations and normative documents',
    columns: [
      count('new_made', '本年新制作数量', 'Newly made this year'),
      count('new_published', '本年新公开数量', 'Newly published this year'),
      count('published_total', '对外公开总数量', 'Total published'),
    ],
    rows: [
      { key: 'regulations', zh: '规章', en: 'Regulations (规章)', anchors: ['规章'] },
      { key: 'normative_docs', zh: '规范性文件', en: 'Normative documents', anchors: ['规范性文件'] },
    ],
  },
  {
    id: 'art20_5', item: '五', zh: '第二十条第（五）项', en: 'Art. 20 (5): licensing and other external services',
    columns: [
      count('prev_year_items', '上一年项目数量', 'Items last year'),
      { key: 'items_change', zh: '本年增/减', en: 'Change this year', kind: 'signed' },
      count('decisions', '处理决定数量', 'Decisions'),
    ],
    rows: [
      { key: 'admin_licensing', zh: '行政许可', en: 'Administrative licensing', anchors: ['行政许可'] },
      { key: 'other_external_services', zh: '其他对外管理服务事项', en: 'Other external services', anchors: ['其他对外管理服务事项', '对外管理服务'] },
    ],
  },
  {
    id: 'art20_6', item: '六', zh: '第二十条第（六）项', en: 'Art. 20 (6): penalties and coercive measures',
    columns: [
      count('prev_year_items', '上一年项目数量', 'Items last year'),
      { key: 'items_change', zh: '本年增/减', en: 'Change this year', kind: 'signed' },
      count('decisions', '处理决定数量', 'Decisions'),
    ],
    rows: [
      { key: 'admin_penalty', zh: '行政处罚', en: 'Administrative penalties', anchors: ['行政处罚'] },
      { key: 'admin_coercion', zh: '行政强制', en: 'Administrative coercion', anchors: ['行政强制'] },
    ],
  },
  {
    id: 'art20_8', item: '八', zh: '第二十条第（八）项', en: 'Art. 20 (8): administrative fees',
    columns: [
      count('prev_year_items', '上一年项目数量', 'Items last year'),
      { key: 'items_change', zh: '本年增/减', en: 'Change this year', kind: 'signed' },
    ],
    rows: [{ key: 'admin_fees', zh: '行政事业性收费', en: 'Administrative fees', anchors: ['行政事业性收费', '行政事业型收费', '事业性收费'] }],
  },
  {
    id: 'art20_9', item: '九', zh: '第二十条第（九）项', en: 'Art. 20 (9): central government procurement',
    columns: [
      count('projects', '采购项目数量', 'Procurement projects'),
      { key: 'total_amount', zh: '采购总金额', en: 'Total procurement amount', kind: 'money_in_cell' },
    ],
    rows: [{ key: 'central_procurement', zh: '政府集中采购', en: 'Central government procurement', anchors: ['政府集中采购', '集中采购'] }],
  },
];

// ---------------------------------------------------------------- table 二, v2021 (spec §4.1)

const V2021_ACTIVE: readonly ActiveSubTable[] = [
  {
    id: 'art20_1', item: '一', zh: '第二十条第（一）项', en: 'Art. 20 (1): regulations and normative documents',
    columns: [
      count('issued', '本年制发件数', 'Issued this year'),
      count('repealed', '本年废止件数', 'Repealed this year'),
      count('in_force', '现行有效件数', 'In force'),
    ],
    rows: [
      { key: 'regulations', zh: '规章', en: 'Regulations (规章)', anchors: ['规章'] },
      { key: 'normative_docs', zh: '行政规范性文件', en: 'Normative documents', anchors: ['规范性文件'] },
    ],
  },
  {
    id: 'art20_5', item: '五', zh: '第二十条第（五）项', en: 'Art. 20 (5): administrative licensing',
    columns: [count('decisions', '本年处理决定数量', 'Decisions this year')],
    rows: [{ key: 'admin_licensing', zh: '行政许可', en: 'Administrative licensing', anchors: ['行政许可'] }],
  },
  {
    id: 'art20_6', item: '六', zh: '第二十条第（六）项', en: 'Art. 20 (6): penalties and coercive measures',
    columns: [count('decisions', '本年处理决定数量', 'Decisions this year')],
    rows: [
      { key: 'admin_penalty', zh: '行政处罚', en: 'Administrative penalties', anchors: ['行政处罚'] },
      { key: 'admin_coercion', zh: '行政强制', en: 'Administrative coercion', anchors: ['行政强制'] },
    ],
  },
  {
    id: 'art20_8', item: '八', zh: '第二十条第（八）项', en: 'Art. 20 (8): administrative fees',
    columns: [{ key: 'amount_wan_yuan', zh: '本年收费金额（单位：万元）', en: 'Fees collected (10k yuan)', kind: 'money_wan_yuan' }],
    rows: [{ key: 'admin_fees', zh: '行政事业性收费', en: 'Administrative fees', anchors: ['行政事业性收费', '行政事业型收费', '事业性收费'] }],
  },
];

// ---------------------------------------------------------------- table 三 (spec §3.2, §4.2)

export const REQUEST_COLUMNS: readonly ColumnDef[] = [
  count('natural_person', '自然人', 'Natural persons'),
  count('org_commercial', '商业企业', 'Commercial enterprises'),
  count('org_research', '科研机构', 'Research institutions'),
  count('org_public_interest', '社会公益组织', 'Public-interest organisations'),
  count('org_legal_services', '法律服务机构', 'Legal service agencies'),
  count('org_other', '其他', 'Other organisations'),
  count('total', '总计', 'Total'),
];

const REQUEST_ROWS_COMMON_HEAD: readonly RowDef[] = [
  { key: 'new_received', zh: '一、本年新收政府信息公开申请数量', en: 'New requests received this year', anchors: ['本年新收'] },
  { key: 'carried_over', zh: '二、上年结转政府信息公开申请数量', en: 'Carried over from last year', anchors: ['上年结转'] },
  { key: 'results.granted', zh: '（一）予以公开', en: 'Granted', anchors: ['予以公开'] },
  { key: 'results.partially_granted', zh: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', en: 'Partially granted', anchors: ['部分公开'] },
  { key: 'results.denied.state_secret', zh: '1.属于国家秘密', en: 'Denied: state secret', anchors: ['国家秘密'] },
  { key: 'results.denied.prohibited_by_law', zh: '2.其他法律行政法规禁止公开', en: 'Denied: prohibited by other laws', anchors: ['禁止公开', '法规禁止', '行政止公开'] },
  { key: 'results.denied.endangers_security_stability', zh: '3.危及“三安全一稳定”', en: 'Denied: endangers the "three securities and one stability"', anchors: ['三安全一稳定', '三安全'] },
  { key: 'results.denied.third_party_rights', zh: '4.保护第三方合法权益', en: 'Denied: third-party rights', anchors: ['第三方'] },
  { key: 'results.denied.internal_affairs', zh: '5.属于三类内部事务信息', en: 'Denied: internal affairs', anchors: ['内部事务'] },
  { key: 'results.denied.process_info', zh: '6.属于四类过程性信息', en: 'Denied: process information', anchors: ['过程性'] },
  { key: 'results.denied.enforcement_files', zh: '7.属于行政执法案卷', en: 'Denied: enforcement files', anchors: ['执法案卷'] },
  { key: 'results.denied.admin_query', zh: '8.属于行政查询事项', en: 'Denied: administrative query', anchors: ['行政查询'] },
  { key: 'results.unable.not_held', zh: '1.本机关不掌握相关政府信息', en: 'Unable: not held', anchors: ['不掌握'] },
  { key: 'results.unable.requires_creation', zh: '2.没有现成信息需要另行制作', en: 'Unable: would require creation', anchors: ['另行制作'] },
  { key: 'results.unable.unclear_after_correction', zh: '3.补正后申请内容仍不明确', en: 'Unable: unclear after correction', anchors: ['仍不明确'] },
  { key: 'results.not_processed.petition_complaint', zh: '1.信访举报投诉类申请', en: 'Not processed: petitions and complaints', anchors: ['信访'] },
  { key: 'results.not_processed.duplicate', zh: '2.重复申请', en: 'Not processed: duplicate', anchors: ['重复申请'] },
  { key: 'results.not_processed.publication', zh: '3.要求提供公开出版物', en: 'Not processed: publications', anchors: ['出版物', '公开出版'] },
  { key: 'results.not_processed.excessive_repeated', zh: '4.无正当理由大量反复申请', en: 'Not processed: excessive repeated', anchors: ['大量反复'] },
  { key: 'results.not_processed.confirm_or_reissue', zh: '5.要求行政机关确认或重新出具已获取信息', en: 'Not processed: confirm or reissue', anchors: ['重新出具', '确认或重新'] },
];

const REQUEST_ROWS_COMMON_TAIL: readonly RowDef[] = [
  { key: 'results.total', zh: '（七）总计', en: 'Results total', anchors: ['总计'] },
  { key: 'carried_forward', zh: '四、结转下年度继续办理', en: 'Carried forward to next year', anchors: ['结转下年度', '下年度继续'] },
];

export const REQUEST_ROWS_V2019: readonly RowDef[] = [
  ...REQUEST_ROWS_COMMON_HEAD,
  { key: 'results.other.total', zh: '（六）其他处理', en: 'Other handling', anchors: ['其他处理'] },
  ...REQUEST_ROWS_COMMON_TAIL,
];

export const REQUEST_ROWS_V2021: readonly RowDef[] = [
  ...REQUEST_ROWS_COMMON_HEAD,
  {
    key: 'results.other.no_correction',
    zh: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    en: 'Other: no correction in time',
    anchors: ['逾期不补正'],
  },
  {
    key: 'results.other.fee_unpaid',
    zh: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    en: 'Other: processing fee not paid',
    anchors: ['收费通知', '缴纳费用'],
  },
  { key: 'results.other.other', zh: '3.其他', en: 'Other: other', anchors: ['3.其他'] },
  ...REQUEST_ROWS_COMMON_TAIL,
];

// ---------------------------------------------------------------- table 四 (spec §3.3)

export const REVIEW_GROUPS: readonly (Label & { key: string })[] = [
  { key: 'admin_review', zh: '行政复议', en: 'Administrative review' },
  { key: 'litigation_direct', zh: '行政诉讼：未经复议直接起诉', en: 'Litigation without prior review' },
  { key: 'litigation_after_review', zh: '行政诉讼：复议后起诉', en: 'Litigation after review' },
];

export const REVIEW_OUTCOMES: readonly ColumnDef[] = [
  count('upheld', '结果维持', 'Upheld'),
  count('corrected', '结果纠正', 'Corrected'),
  count('other', '其他结果', 'Other result'),
  count('pending', '尚未审结', 'Pending'),
  count('total', '总计', 'Total'),
];

export const TEMPLATES: Readonly<Record<TemplateVersion, TemplateDef>> = {
  v2019: { version: 'v2019', active: V2019_ACTIVE, requestRows: REQUEST_ROWS_V2019 },
  v2021: { version: 'v2021', active: V2021_ACTIVE, requestRows: REQUEST_ROWS_V2021 },
};

// ---------------------------------------------------------------- flat key catalogue

export interface CellDef {
  readonly key: string;
  readonly table: TableId;
  readonly kind: ValueKind;
  /** Row and column labels as printed in the template, for display and messages. */
  readonly row: Label;
  readonly column: Label;
  /** The sub-table (table 二) or group (table 四) the cell sits in. */
  readonly group?: Label;
}

function buildCellDefs(t: TemplateDef): CellDef[] {
  const defs: CellDef[] = [];
  for (const sub of t.active) {
    for (const row of sub.rows) {
      for (const col of sub.columns) {
        defs.push({
          key: `active.${sub.id}.${row.key}.${col.key}`,
          table: 'active',
          kind: col.kind,
          row: { zh: row.zh, en: row.en },
          column: { zh: col.zh, en: col.en },
          group: { zh: sub.zh, en: sub.en },
        });
      }
    }
  }
  for (const row of t.requestRows) {
    for (const col of REQUEST_COLUMNS) {
      defs.push({ key: `requests.${row.key}.${col.key}`, table: 'requests', kind: col.kind, row: { zh: row.zh, en: row.en }, column: { zh: col.zh, en: col.en } });
    }
  }
  for (const g of REVIEW_GROUPS) {
    for (const o of REVIEW_OUTCOMES) {
      defs.push({ key: `review_litigation.${g.key}.${o.key}`, table: 'review', kind: o.kind, row: { zh: g.zh, en: g.en }, column: { zh: o.zh, en: o.en }, group: { zh: g.zh, en: g.en } });
    }
  }
  return defs;
}

/** Reported cells per version, in template order (v2019: 198, v2021: 200). */
export const CELL_DEFS: Readonly<Record<TemplateVersion, readonly CellDef[]>> = {
  v2019: buildCellDefs(TEMPLATES.v2019),
  v2021: buildCellDefs(TEMPLATES.v2021),
};

/** Keys computed from printed cells, never printed themselves (flag `derived`). */
export const DERIVED_KEYS = {
  otherTotal2021: 'requests.results.other.total',
  feesYuan2021: 'active.art20_8.admin_fees.amount_yuan',
  procurementYuan2019: 'active.art20_9.central_procurement.total_amount_yuan',
} as const;

const ALL_DEFS = new Map<string, CellDef>();
for (const v of ['v2019', 'v2021'] as const) for (const d of CELL_DEFS[v]) if (!ALL_DEFS.has(d.key)) ALL_DEFS.set(d.key, d);

/** Every canonical reported key of either version, v2019 order first, then keys new in v2021. */
export const ALL_CELL_KEYS: readonly string[] = [...ALL_DEFS.keys()];

export function cellDef(key: string): CellDef | undefined {
  return ALL_DEFS.get(key);
}

/** Column name of a key in the wide `report_values` table: dots become double underscores. */
export function keyToColumn(key: string): string {
  return key.replace(/\./g, '__');
}

export function columnToKey(column: string): string {
  return column.replace(/__/g, '.');
}
