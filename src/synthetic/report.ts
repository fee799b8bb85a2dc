/**
 * From numbers to a `Report` as the parser would produce it: each template cell printed (a number,
 * or for zero cells of some agencies blank or `/`), read back with the parser's own cell reader
 * (`parseCellValue`) and derived cells (`derivedCells`), plus meta, narrative and text facts.
 */
import { parseCellValue } from '../ingest/cellvalue';
import { derivedCells } from '../ingest/parse';
import type { Cell, Report, TextFact } from '../model/report';
import { CELL_DEFS, type TemplateVersion } from '../model/template';
import type { SyntheticAgency } from './agencies';
import type { Rng } from './random';
import type { ReportValues } from './values';

/** How a cell is printed: as its number, or (zero cells only) blank or `/`. */
export type Printed = Map<string, string>;

const T3 = 'requests.';
const T4 = 'review_litigation.';
/** Below the EMPTY-CELLS limits (10 in table 三, 5 in table 四): an ordinary report never trips them. */
const HABIT_LIMIT = { requests: 4, review: 2, active: 3 } as const;

/** The printed text of every cell: numbers as digits; an agency's habit blanks a few zero cells. */
export function printCells(a: SyntheticAgency, values: ReportValues, r: Rng): Printed {
  const out: Printed = new Map();
  for (const d of CELL_DEFS[values.version]) {
    const money = values.money.get(d.key);
    out.set(d.key, money ?? String(values.numbers.get(d.key) ?? 0));
  }
  if (a.zeroStyle === 'zero') return out;
  const mark = a.zeroStyle === 'some_blank' ? '' : '/';
  const zeros = (prefix: string): string[] =>
    CELL_DEFS[values.version].filter((d) => d.key.startsWith(prefix) && d.kind === 'count' && out.get(d.key) === '0').map((d) => d.key);
  for (const [prefix, limit] of [[T3, HABIT_LIMIT.requests], [T4, HABIT_LIMIT.review], ['active.', HABIT_LIMIT.active]] as const) {
    const z = zeros(prefix);
    const k = Math.min(z.length, r.int(0, limit));
    for (let i = 0; i < k; i++) {
      const j = r.int(i, z.length - 1);
      const pick = z[j] as string;
      z[j] = z[i] as string;
      z[i] = pick;
      out.set(pick, mark);
    }
  }
  return out;
}

/** Cells of a printed report, exactly as the parser reads them (derived cells included). */
export function cellsOf(version: TemplateVersion, printed: Printed): Cell[] {
  const cells: Cell[] = [];
  for (const d of CELL_DEFS[version]) {
    const raw = printed.get(d.key) ?? '';
    const v = parseCellValue(raw, d.kind);
    const cell: Cell = { key: d.key, value: v.value, semantic: v.semantic, raw, provenance: {} };
    cells.push(v.unit !== undefined || v.valueYuan !== undefined ? { ...cell, ...(v.unit !== undefined ? { unit: v.unit } : {}), ...(v.valueYuan !== undefined ? { valueYuan: v.valueYuan } : {}) } : cell);
  }
  const tt = { active: version, requests: version, review: version };
  return [...cells, ...derivedCells(cells, tt)];
}

/** The narrative's plain figures (spec §6.4), as sentences and as the facts the parser reads from them. */
export interface Narrative {
  readonly sentences: readonly string[];
  readonly facts: readonly TextFact[];
}

const num = (printed: Printed, key: string): number | null => {
  const s = printed.get(key);
  return s === undefined || !/^\d+$/.test(s) ? null : Number(s);
};

/**
 * Section 一's figures: items disclosed, requests received and processed, reviews and lawsuits.
 * Only figures the table prints as numbers are stated, so the narrative never contradicts a blank.
 */
export function narrativeOf(values: ReportValues, printed: Printed): Narrative {
  const sentences: string[] = [];
  const facts: TextFact[] = [];
  const fact = (key: TextFact['key'], value: number, raw: string): void => {
    facts.push({ key, value, raw, provenance: {} });
  };
  const items = values.activeItems;
  sentences.push(`本年度共主动公开政府信息${String(items)}条。`);
  fact('active_disclosure_items', items, `主动公开政府信息${String(items)}条`);
  const received = num(printed, 'requests.new_received.total');
  const processed = num(printed, 'requests.results.total.total');
  if (received !== null && processed !== null) {
    sentences.push(`全年收到政府信息公开申请${String(received)}件，办结${String(processed)}件。`);
    fact('requests_received_total', received, `收到政府信息公开申请${String(received)}件`);
    fact('requests_processed_total', processed, `办结${String(processed)}件`);
  }
  const review = num(printed, 'review_litigation.admin_review.total');
  const direct = num(printed, 'review_litigation.litigation_direct.total');
  const after = num(printed, 'review_litigation.litigation_after_review.total');
  if (review !== null && direct !== null && after !== null) {
    sentences.push(`因政府信息公开被申请行政复议${String(review)}件，被提起行政诉讼${String(direct + after)}件。`);
    fact('admin_review_total', review, `行政复议${String(review)}件`);
    fact('litigation_total', direct + after, `诉讼${String(direct + after)}件`);
  }
  return { sentences, facts };
}

/** Section 五: substantive enough (SEC5-EMPTY wants ten characters or more). */
export const PROBLEMS_TEXTS: readonly string[] = [
  '政务公开工作仍存在公开内容不够全面、解读形式较为单一等问题。下一步将加强业务培训，提升信息发布质量。',
  '主动公开的及时性有待提高，依申请公开答复的规范性仍需加强。我们将完善工作机制，强化审核把关。',
  '政府信息公开专栏栏目设置不够精细，部分信息更新不及时。下一步将优化栏目设置，落实专人负责。',
];

export interface ReportMetaInput {
  readonly agency: SyntheticAgency;
  readonly year: number;
  readonly version: TemplateVersion;
  readonly cells: Cell[];
  readonly narrative: Narrative;
  readonly problems: string;
  readonly signedDate: string;
  readonly publishedDate: string;
}

/** The title every synthetic report prints. */
export function titleOf(agencyName: string, year: number): string {
  return `${agencyName}${String(year)}年政府信息公开工作年度报告`;
}

export function assembleReport(i: ReportMetaInput): Report {
  return {
    meta: {
      agencyName: i.agency.name,
      year: i.year,
      template: i.version,
      tableTemplates: { active: i.version, requests: i.version, review: i.version },
      title: titleOf(i.agency.name, i.year),
      statPeriodStart: `${String(i.year)}-01-01`,
      statPeriodEnd: `${String(i.year)}-12-31`,
      signedDate: i.signedDate,
      publishedDate: i.publishedDate,
      sourceFormat: i.agency.format,
    },
    cells: i.cells,
    textFacts: i.narrative.facts,
    diagnostics: [],
    sections: {
      narrative: i.narrative.sentences.join(''),
      problems: i.problems,
      found: ['overview', 'active', 'requests', 'review_litigation', 'problems', 'other_matters'],
    },
  };
}
