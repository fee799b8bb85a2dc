/**
 * Per-report rules of spec §6. One evaluator walks {@link RULES}; each rule id maps to a small function
 * that turns the report into results. Additive rules are built as {@link Equation} data from the template.
 */
import type { CheckResult, CheckStatus, Severity } from '../model/checks';
import type { Bilingual, Report } from '../model/report';
import { CELL_DEFS, cellDef, REQUEST_COLUMNS, REVIEW_GROUPS, REVIEW_OUTCOMES, type TableId, type TemplateVersion } from '../model/template';
import { reportContext, requestRows, result, rq, TABLE_LABEL, TABLE_PREFIX, TABLES, tableAbsent, type ReportContext, type ReportRule } from './context';
import { describeUndecided, evaluateEquation, type Equation } from './operands';
import { RULES, ruleDef } from './rules';
import { textTable } from './textTable';

const FLOW_ROWS = new Set(['new_received', 'carried_over', 'results.total', 'carried_forward']);
const FEE_KEY = 'active.art20_8.admin_fees.amount_wan_yuan';

/** The additive rules of tables 三 and 四 as data, for the layout the report uses. */
export function reportEquations(requestsVersion: TemplateVersion | null): { bal: Equation[]; row: Equation[]; res: Equation[]; t4: Equation[] } {
  const cols = REQUEST_COLUMNS.map((c) => c.key);
  const bal = cols.map<Equation>((c) => ({
    ruleId: 'T3-BAL',
    scope: c,
    total: [rq('results.total', c), rq('carried_forward', c)],
    parts: [rq('new_received', c), rq('carried_over', c)],
    label: { zh: '本年新收+上年结转=办理结果总计+结转下年度', en: 'new + carried over = results total + carried forward' },
  }));
  const row = requestRows(requestsVersion).map<Equation>((r) => ({
    ruleId: 'T3-ROW',
    scope: r.key,
    total: [rq(r.key, 'total')],
    parts: cols.filter((c) => c !== 'total').map((c) => rq(r.key, c)),
    label: { zh: `“${r.zh}”行总计=各申请人之和`, en: `row "${r.en}": total = sum of applicants` },
  }));
  const leaves = requestRows(requestsVersion).filter((r) => !FLOW_ROWS.has(r.key)).map((r) => r.key);
  const res =
    requestsVersion === null
      ? []
      : cols.map<Equation>((c) => ({
          ruleId: 'T3-RES',
          scope: c,
          total: [rq('results.total', c)],
          parts: leaves.map((l) => rq(l, c)),
          label: {
            zh: `办理结果总计=各结果之和（${requestsVersion === 'v2019' ? '2019版（六）其他处理一行' : '2021版（六）其他处理三个子项'}）`,
            en: `results total = sum of outcomes (${requestsVersion === 'v2019' ? 'v2019 single other-handling row' : 'v2021 three other-handling sub-rows'})`,
          },
        }));
  const t4 = REVIEW_GROUPS.map<Equation>((g) => ({
    ruleId: 'T4-SUM',
    scope: g.key,
    total: [`review_litigation.${g.key}.total`],
    parts: REVIEW_OUTCOMES.filter((o) => o.key !== 'total').map((o) => `review_litigation.${g.key}.${o.key}`),
    label: { zh: `${g.zh}：总计=维持+纠正+其他+尚未审结`, en: `${g.en}: total = upheld + corrected + other + pending` },
  }));
  return { bal, row, res, t4 };
}

type Equations = ReturnType<typeof reportEquations>;

// The equations depend only on the layout of table 三 (three possibilities): built once per layout, not per report.
const equationsByVersion = new Map<TemplateVersion | null, Equations>();
function equationsFor(v: TemplateVersion | null): Equations {
  let e = equationsByVersion.get(v);
  if (e === undefined) {
    e = reportEquations(v);
    equationsByVersion.set(v, e);
  }
  return e;
}

function equationRule(ruleId: string, table: TableId, pick: (eqs: Equations) => readonly Equation[]): ReportRule {
  return (ctx) => {
    if (!ctx.tabular) return [];
    if (!ctx.tablePresent[table]) return [tableAbsent(ruleId, table, ctx)];
    const eqs = pick(equationsFor(ctx.requestsVersion));
    if (eqs.length === 0) {
      return [
        result(ruleId, 'uncertain', table, [], {
          zh: '无法确定表三使用哪一版（六）其他处理行，无法判断',
          en: 'Cannot decide: the layout of the other-handling rows of table 3 is unknown',
        }),
      ];
    }
    return eqs.map((eq) => evaluateEquation(eq, ctx.cells, ruleDef(ruleId).severity));
  };
}

// ---------------------------------------------------------------- NONNEG

const nonneg: ReportRule = (ctx) => {
  const out: CheckResult[] = [];
  const checked: string[] = [];
  for (const c of ctx.cells.printed()) {
    const def = cellDef(c.key);
    if (!def) continue;
    if (c.semantic === 'text') {
      out.push(
        result('NONNEG', 'uncertain', c.key, [c.key], {
          zh: `${c.key}为文字“${c.raw}”，无法判断是否为合法数值`,
          en: `${c.key} holds the text "${c.raw}", so its validity cannot be decided`,
        }),
      );
      continue;
    }
    if (c.semantic !== 'number' || c.value === null) continue;
    checked.push(c.key);
    const v = c.value;
    let problem: Bilingual | null = null;
    if (def.kind === 'count' && !(Number.isInteger(v) && v >= 0)) problem = { zh: '件数应为不小于0的整数', en: 'a count must be a whole number ≥ 0' };
    else if (def.kind === 'signed' && !Number.isInteger(v)) problem = { zh: '增减数应为整数', en: 'a change must be a whole number' };
    else if ((def.kind === 'money_in_cell' || def.kind === 'money_wan_yuan') && !(Number.isFinite(v) && v >= 0)) problem = { zh: '金额不能为负', en: 'money must not be negative' };
    if (problem) {
      out.push(
        result('NONNEG', 'fail', c.key, [c.key], { zh: `${c.key} = ${c.raw}：${problem.zh}`, en: `${c.key} = ${c.raw}: ${problem.en}` }, { actual: v }),
      );
    }
  }
  if (checked.length === 0) return out;
  if (!out.some((r) => r.status === 'fail')) {
    out.push(result('NONNEG', 'pass', '', [], { zh: `${String(checked.length)}个数值均合法`, en: `All ${String(checked.length)} values are valid` }));
  }
  return out;
};

// ---------------------------------------------------------------- TEMPLATE-VERSION

const templateVersion: ReportRule = (ctx) => {
  const { year, template } = ctx.report.meta;
  const keys: string[] = [];
  if (year === null) {
    return [result('TEMPLATE-VERSION', 'uncertain', template, keys, { zh: '报告年度未知，无法判断模板版本是否相符', en: 'Cannot decide: the reporting year is unknown' })];
  }
  const y = String(year);
  if (year <= 2018) {
    if (template === 'pre2019' || template === 'text_only') return [result('TEMPLATE-VERSION', 'pass', template, keys, { zh: `${y}年度不要求统一格式`, en: `No unified format was required for ${y}` })];
    return [result('TEMPLATE-VERSION', 'pass', template, keys, { zh: `${y}年度报告使用了后来的统一格式`, en: `The ${y} report uses a later unified format` }, { severity: 'info' })];
  }
  if (template === 'text_only') {
    return [
      result('TEMPLATE-VERSION', 'uncertain', template, keys, {
        zh: ctx.truncated ? '摘录中没有统计表，无法判断模板版本' : '文中没有统计表标签，无法判断模板版本',
        en: ctx.truncated ? 'Cannot decide: the excerpt shows no table' : 'Cannot decide: no table labels were found',
      }),
    ];
  }
  const want: TemplateVersion = year <= 2020 ? 'v2019' : 'v2021';
  if (template === want) return [result('TEMPLATE-VERSION', 'pass', template, keys, { zh: `${y}年度使用${want}格式，相符`, en: `${y} uses the ${want} format as expected` })];
  const severity: Severity = year === 2019 ? 'warn' : 'error';
  const shown: Bilingual =
    template === 'mixed'
      ? { zh: '新旧两版混用', en: 'a mix of both versions' }
      : template === 'pre2019'
        ? { zh: '2019年以前的旧格式', en: 'the pre-2019 free form' }
        : { zh: `${template}格式`, en: `the ${template} format` };
  return [
    result(
      'TEMPLATE-VERSION',
      'fail',
      template,
      keys,
      { zh: `${y}年度应使用${want}格式，实际为${shown.zh}`, en: `${y} should use the ${want} format but the report uses ${shown.en}` },
      { severity },
    ),
  ];
};

// ---------------------------------------------------------------- STRUCT-TABLES

const structTables: ReportRule = (ctx) => {
  if (!ctx.tabular) return [];
  const diags = ctx.report.diagnostics;
  return TABLES.map((t) => {
    const l = TABLE_LABEL[t];
    if (ctx.tablePresent[t]) return result('STRUCT-TABLES', 'pass', t, [], { zh: `${l.zh}存在`, en: `${l.en} is present` });
    const nil = diags.some((d) => d.code === 'table_missing_with_nil_statement' && (d.table ?? 'review') === t);
    if (nil) {
      return result('STRUCT-TABLES', 'pass', t, [], { zh: `${l.zh}省略，正文已说明未发生`, en: `${l.en} is omitted with an explicit statement that nothing occurred` }, { severity: 'info' });
    }
    // The parser says `table_missing` only for a table the excerpt had already passed.
    const passedOver = diags.some((d) => d.code === 'table_missing' && d.table === t);
    if (ctx.truncated && !passedOver) {
      return result('STRUCT-TABLES', 'uncertain', t, [], { zh: `${l.zh}不在摘录中（文档被截断）`, en: `${l.en} is not in the excerpt (the document is truncated)` });
    }
    return result('STRUCT-TABLES', 'fail', t, [], { zh: `缺少${l.zh}`, en: `${l.en} is missing` });
  });
};

// ---------------------------------------------------------------- EMPTY-CELLS

const EMPTY_LIMITS: readonly { table: TableId; limit: number }[] = [
  { table: 'requests', limit: 10 },
  { table: 'review', limit: 5 },
];

/** The cell keys of a table under a layout: constant, so collected once per (layout, table). */
const TABLE_KEYS = new Map<string, readonly string[]>();
function tableKeys(version: TemplateVersion, table: TableId): readonly string[] {
  const id = `${version}/${table}`;
  let keys = TABLE_KEYS.get(id);
  if (keys === undefined) {
    keys = CELL_DEFS[version].filter((d) => d.table === table).map((d) => d.key);
    TABLE_KEYS.set(id, keys);
  }
  return keys;
}

/**
 * Keys of the blank and "/" printed cells of tables 三 and 四, each in printed order: one pass over
 * the cells for both tables (their key prefixes are disjoint).
 */
function emptyKeysByTable(ctx: ReportContext): { requests: string[]; review: string[] } {
  const requests: string[] = [];
  const review: string[] = [];
  for (const c of ctx.cells.printed()) {
    if (c.semantic !== 'blank' && c.semantic !== 'na') continue;
    if (c.key.startsWith(TABLE_PREFIX.requests)) requests.push(c.key);
    else if (c.key.startsWith(TABLE_PREFIX.review)) review.push(c.key);
  }
  return { requests, review };
}

const emptyCells: ReportRule = (ctx) => {
  if (!ctx.tabular) return [];
  const out: CheckResult[] = [];
  const empties = emptyKeysByTable(ctx);
  for (const { table, limit } of EMPTY_LIMITS) {
    if (!ctx.tablePresent[table]) continue;
    const empty = table === 'requests' ? empties.requests : empties.review;
    const n = empty.length;
    const l = TABLE_LABEL[table];
    const over = n > limit;
    // Under the limit the count is only final when every cell of the table was read.
    const version = table === 'requests' ? (ctx.requestsVersion ?? 'v2019') : 'v2019';
    let missing = 0;
    for (const k of tableKeys(version, table)) if (!ctx.cells.has(k)) missing++;
    const status: CheckStatus = over ? 'fail' : missing > 0 ? 'uncertain' : 'pass';
    const tail: Bilingual = over
      ? { zh: `，超过${String(limit)}个`, en: `, more than ${String(limit)}` }
      : missing > 0
        ? { zh: `；另有${String(missing)}格不在文中，无法判断是否超过${String(limit)}个`, en: `; ${String(missing)} cells are not in the document, so the limit of ${String(limit)} cannot be judged` }
        : { zh: '', en: '' };
    out.push(
      result(
        'EMPTY-CELLS',
        status,
        table,
        empty,
        { zh: `${l.zh}有${String(n)}个空白或“/”单元格${tail.zh}`, en: `${l.en} has ${String(n)} blank or "/" cells${tail.en}` },
        { expected: limit, actual: n, severity: over ? 'warn' : 'info' },
      ),
    );
  }
  return out;
};

// ---------------------------------------------------------------- UNIT-2021

const UNIT_IN_RAW = /(亿元|万元|元)/;

const unit2021: ReportRule = (ctx) => {
  if (ctx.activeVersion !== 'v2021' || !ctx.tablePresent.active) return [];
  const cell = ctx.cells.get(FEE_KEY);
  const keys = [FEE_KEY];
  if (!cell || cell.semantic !== 'number') {
    const why = describeUndecided([ctx.cells.operand(FEE_KEY)]);
    return [result('UNIT-2021', 'uncertain', FEE_KEY, keys, { zh: `收费金额无法判断单位：${why.zh}`, en: `Cannot decide the fee unit: ${why.en}` })];
  }
  const printed = UNIT_IN_RAW.exec(cell.raw.normalize('NFKC'))?.[1] ?? null;
  const unit = printed ?? cell.unit ?? null;
  if (unit === null || unit === '万元') {
    return [result('UNIT-2021', 'pass', FEE_KEY, keys, { zh: '收费金额以万元填报', en: 'The fee is given in 万元' }, { actual: cell.value })];
  }
  return [
    result(
      'UNIT-2021',
      'fail',
      FEE_KEY,
      keys,
      { zh: `收费金额“${cell.raw}”写明单位${unit}，而表头单位为万元`, en: `The fee "${cell.raw}" prints the unit ${unit} while the header fixes 万元` },
      { actual: cell.value },
    ),
  ];
};

// ---------------------------------------------------------------- SEC5-EMPTY

/** Section 五's heading, in case the parser kept it in the section text. */
const SEC5_HEADING = /^五[、,.．]?[^。]{0,20}?(改进情况|整改情况|改进措施)/;
const MIN_SEC5_CHARS = 10;

/** Characters of substance in section 五, without heading, whitespace or punctuation. */
export function sec5Length(text: string): number {
  return sec5Substance(text).length;
}

function sec5Substance(text: string): string {
  const flat = text.normalize('NFKC').replace(/\s+/g, '').replace(SEC5_HEADING, '');
  return withoutPunctuation(flat);
}

const PUNCT_OR_SYMBOL_RE = /[\p{P}\p{S}]/u;
const PUNCT_OR_SYMBOL_ALL_RE = /[\p{P}\p{S}]/gu;
/** Per BMP char code: 0 not yet known, 1 punctuation or symbol, 2 neither. */
const PUNCT_OR_SYMBOL = new Uint8Array(0x10000);

/**
 * `s.replace(/[\p{P}\p{S}]/gu, '')`, which is slow on long text (a Unicode property class per
 * character): each BMP character is classified once by that same class and remembered. Strings with
 * surrogates (astral characters, which the class reads as code points) take the regular expression.
 */
function withoutPunctuation(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return s.replace(PUNCT_OR_SYMBOL_ALL_RE, '');
    let k = PUNCT_OR_SYMBOL[c] ?? 0;
    if (k === 0) {
      k = PUNCT_OR_SYMBOL_RE.test(String.fromCharCode(c)) ? 1 : 2;
      PUNCT_OR_SYMBOL[c] = k;
    }
    if (k === 1) {
      out += s.slice(from, i);
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

const sec5Empty: ReportRule = (ctx) => {
  const text = ctx.report.sections.problems;
  if (text === null) {
    return [
      result('SEC5-EMPTY', 'uncertain', 'problems', [], {
        zh: ctx.truncated ? '第五部分不在摘录中（文档被截断）' : '未找到第五部分（存在的主要问题及改进情况）',
        en: ctx.truncated ? 'Section 5 is not in the excerpt (the document is truncated)' : 'Section 5 (problems and improvements) was not found',
      }),
    ];
  }
  const flat = sec5Substance(text);
  const n = flat.length;
  if (flat === '无' || n < MIN_SEC5_CHARS) {
    return [
      result(
        'SEC5-EMPTY',
        'fail',
        'problems',
        [],
        { zh: `第五部分仅有${String(n)}个字，内容空泛`, en: `Section 5 has only ${String(n)} characters of content` },
        { expected: MIN_SEC5_CHARS, actual: n },
      ),
    ];
  }
  return [result('SEC5-EMPTY', 'pass', 'problems', [], { zh: `第五部分有${String(n)}个字`, en: `Section 5 has ${String(n)} characters` }, { expected: MIN_SEC5_CHARS, actual: n })];
};

// ---------------------------------------------------------------- the evaluator

const EVALUATORS: ReadonlyMap<string, ReportRule> = new Map<string, ReportRule>([
  ['T3-BAL', equationRule('T3-BAL', 'requests', (e) => e.bal)],
  ['T3-ROW', equationRule('T3-ROW', 'requests', (e) => e.row)],
  ['T3-RES', equationRule('T3-RES', 'requests', (e) => e.res)],
  ['T4-SUM', equationRule('T4-SUM', 'review', (e) => e.t4)],
  ['NONNEG', nonneg],
  ['TEMPLATE-VERSION', templateVersion],
  ['STRUCT-TABLES', structTables],
  ['EMPTY-CELLS', emptyCells],
  ['UNIT-2021', unit2021],
  ['SEC5-EMPTY', sec5Empty],
  ['TEXT-TABLE', textTable],
]);

/** Ids of the per-report rules that have an evaluator (every `report` rule of the catalogue should). */
export const REPORT_RULE_IDS: readonly string[] = [...EVALUATORS.keys()];

/** The evaluators of the catalogue's per-report rules, in catalogue order (resolved once). */
const REPORT_RULES: readonly ReportRule[] = RULES.filter((r) => r.scope === 'report').flatMap((r) => {
  const ev = EVALUATORS.get(r.id);
  return ev ? [ev] : [];
});

/**
 * Runs every per-report rule of {@link RULES} on one parsed report. `scope` is the column key for
 * per-column rules, the row, group, table or text-fact key otherwise. Operands that are blank, `/`,
 * text or absent give `uncertain`, never `fail`.
 */
export function runReportChecks(report: Report): CheckResult[] {
  const ctx = reportContext(report);
  const out: CheckResult[] = [];
  for (const rule of REPORT_RULES) for (const r of rule(ctx)) out.push(r);
  return out;
}

