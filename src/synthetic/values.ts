/**
 * The numbers of one synthetic report: tables 二, 三 and 四 of the template for its year, drawn from
 * the agency's parameters and chained from its previous year (carry-over, documents in force, item
 * counts). Every number satisfies the template's own sums; printing (0, blank or `/`) comes later.
 */
import { XY_ITEM_ROWS } from '../checks/crossYear';
import { CELL_DEFS, REQUEST_COLUMNS, REQUEST_ROWS_V2019, REQUEST_ROWS_V2021, REVIEW_GROUPS, type TemplateVersion } from '../model/template';
import type { SyntheticAgency } from './agencies';
import type { Rng } from './random';

/** What carries from one year of an agency to the next. */
export interface AgencyState {
  readonly year: number;
  readonly version: TemplateVersion;
  /** 结转下年度继续办理 per applicant column (six columns, no total). */
  readonly carriedForward: readonly number[];
  /** v2019 对外公开总数量 of regulations and normative documents. */
  readonly publishedTotal: readonly [number, number];
  /** v2021 现行有效件数 of regulations and normative documents. */
  readonly inForce: readonly [number, number];
  /** v2019 item rows: 上一年项目数量 + 本年增/减, i.e. next year's 上一年项目数量. */
  readonly nextItems: Readonly<Record<string, number>>;
  /** Last year's values of the keys XY-JUMP watches. */
  readonly jump: Readonly<Record<string, number>>;
}

/** A report's numbers by canonical key, plus the printed text of money cells. */
export interface ReportValues {
  readonly version: TemplateVersion;
  readonly numbers: Map<string, number>;
  /** Printed text of money cells (v2019 procurement amount with its unit, v2021 fee). */
  readonly money: Map<string, string>;
  /** Items disclosed proactively (stated in the narrative). */
  readonly activeItems: number;
}

export const versionOfYear = (year: number): TemplateVersion => (year <= 2020 ? 'v2019' : 'v2021');

const APPLICANTS = REQUEST_COLUMNS.filter((c) => c.key !== 'total').map((c) => c.key);
const FLOW = new Set(['new_received', 'carried_over', 'results.total', 'carried_forward']);

/** Leaf outcome shares of table 三 (spec §3.2), v2021 splitting （六） into three rows. */
const LEAF_SHARE: Readonly<Record<string, number>> = {
  'results.granted': 0.46,
  'results.partially_granted': 0.08,
  'results.denied.state_secret': 0.002,
  'results.denied.prohibited_by_law': 0.004,
  'results.denied.endangers_security_stability': 0.003,
  'results.denied.third_party_rights': 0.01,
  'results.denied.internal_affairs': 0.006,
  'results.denied.process_info': 0.01,
  'results.denied.enforcement_files': 0.003,
  'results.denied.admin_query': 0.004,
  'results.unable.not_held': 0.25,
  'results.unable.requires_creation': 0.03,
  'results.unable.unclear_after_correction': 0.02,
  'results.not_processed.petition_complaint': 0.03,
  'results.not_processed.duplicate': 0.02,
  'results.not_processed.publication': 0.004,
  'results.not_processed.excessive_repeated': 0.005,
  'results.not_processed.confirm_or_reissue': 0.01,
  'results.other.total': 0.05,
  'results.other.no_correction': 0.025,
  'results.other.fee_unpaid': 0.003,
  'results.other.other': 0.022,
};

/** Applicant shares: natural persons dominate; commercial enterprises next. */
const APPLICANT_SHARE = [0.9, 0.06, 0.002, 0.003, 0.012, 0.023];

/** Requests per year grow over the period (the 2019 regulation, then steadier). */
const YEAR_TREND: Readonly<Record<number, number>> = { 2019: 0.85, 2020: 0.95, 2021: 1, 2022: 1.05, 2023: 1.1, 2024: 1.12, 2025: 1.15 };

export function requestRowKeys(v: TemplateVersion): string[] {
  return (v === 'v2019' ? REQUEST_ROWS_V2019 : REQUEST_ROWS_V2021).map((r) => r.key);
}

export function leafKeys(v: TemplateVersion): string[] {
  return requestRowKeys(v).filter((k) => !FLOW.has(k));
}

/** XY-JUMP compares these with last year: a ratio above 5 or below 1/5 fails. */
export function withinJump(v: number, prev: number | undefined): number {
  if (prev === undefined || prev <= 0) return v;
  return Math.min(Math.max(v, Math.ceil(prev / 5)), prev * 5);
}

function count(r: Rng, mean: number): number {
  return r.poisson(mean);
}

const put = (m: Map<string, number>, row: string, cols: readonly number[]): void => {
  let total = 0;
  APPLICANTS.forEach((c, i) => {
    const v = cols[i] ?? 0;
    m.set(`requests.${row}.${c}`, v);
    total += v;
  });
  m.set(`requests.${row}.total`, total);
};

function drawRequests(a: SyntheticAgency, year: number, v: TemplateVersion, prev: AgencyState | null, r: Rng, m: Map<string, number>): void {
  let mean = a.requestMedian * (YEAR_TREND[year] ?? 1) * r.lognormal(1, 0.35);
  if (a.quiet) mean = r.chance(0.1) ? 0.6 : 0;
  const prevNew = prev?.jump['requests.new_received.total'];
  const prevRes = prev?.jump['requests.results.total.total'];
  let n = withinJump(count(r, mean), prevNew);
  const co = prev ? [...prev.carriedForward] : APPLICANTS.map(() => 0);
  const coTotal = co.reduce((s, x) => s + x, 0);
  // The results total is watched too: enough new requests that it cannot fall below a fifth of last year's.
  if (prevRes !== undefined && prevRes > 0) n = Math.max(n, Math.ceil(prevRes / 5) - coTotal);
  if (prevNew !== undefined && prevNew > 0) n = Math.min(n, prevNew * 5);
  const shares = APPLICANT_SHARE.map((s) => s * r.lognormal(1, 0.3));
  const fresh = r.multinomial(Math.max(0, n), shares);
  if (!prev) {
    // The first year's carry-over: a few requests from the year before the corpus starts.
    for (let i = 0; i < co.length; i++) co[i] = r.poisson((fresh[i] ?? 0) * 0.04);
  }
  const avail = fresh.map((x, i) => x + (co[i] ?? 0));
  const cfRate = 0.02 + 0.06 * r.next();
  const cf = avail.map((x) => (x <= 64 ? r.multinomial(x, [cfRate, 1 - cfRate])[0] ?? 0 : Math.round(x * cfRate)));
  const results = avail.map((x, i) => x - (cf[i] ?? 0));
  const leaves = leafKeys(v);
  const probs = leaves.map((k) => (LEAF_SHARE[k] ?? 0.001) * r.lognormal(1, 0.4));
  const byLeaf = leaves.map(() => APPLICANTS.map(() => 0));
  results.forEach((x, col) => {
    const split = r.multinomial(x, probs);
    split.forEach((y, li) => {
      const row = byLeaf[li];
      if (row) row[col] = y;
    });
  });
  put(m, 'new_received', fresh);
  put(m, 'carried_over', co);
  leaves.forEach((k, li) => {
    put(m, k, byLeaf[li] ?? []);
  });
  put(m, 'results.total', results);
  put(m, 'carried_forward', cf);
}

function drawReview(a: SyntheticAgency, prev: AgencyState | null, r: Rng, m: Map<string, number>): void {
  const scale = a.quiet ? 0 : a.requestMedian;
  const rates: Readonly<Record<string, number>> = { admin_review: 0.03 * scale, litigation_direct: 0.015 * scale, litigation_after_review: 0.004 * scale };
  for (const g of REVIEW_GROUPS) {
    const key = `review_litigation.${g.key}.total`;
    const total = withinJump(count(r, (rates[g.key] ?? 0) * r.lognormal(1, 0.4)), prev?.jump[key]);
    const [upheld = 0, corrected = 0, other = 0, pending = 0] = r.multinomial(total, [0.62, 0.1, 0.16, 0.12]);
    m.set(`review_litigation.${g.key}.upheld`, upheld);
    m.set(`review_litigation.${g.key}.corrected`, corrected);
    m.set(`review_litigation.${g.key}.other`, other);
    m.set(`review_litigation.${g.key}.pending`, pending);
    m.set(key, total);
  }
}

/** Yearly decisions of an enforcement power, kept within the jump limit. */
function decisions(r: Rng, has: boolean, base: number, prevKey: string, prev: AgencyState | null): number {
  if (!has) return 0;
  return withinJump(count(r, base * r.lognormal(1, 0.3)), prev?.jump[prevKey]);
}

function drawActive(a: SyntheticAgency, v: TemplateVersion, prev: AgencyState | null, r: Rng, m: Map<string, number>, money: Map<string, string>): { publishedTotal: [number, number]; inForce: [number, number]; nextItems: Record<string, number> } {
  const gov = a.type === 'government';
  const makesRegulations = gov && (a.level === 'province' || a.level === 'city');
  const docRate = a.level === 'township' ? 0.3 : gov ? ({ province: 10, city: 7, county: 4, township: 0.3 } as const)[a.level] : 1.5;
  const scale = Math.max(1, a.requestMedian);
  const licBase = (a.level === 'province' ? 400 : a.level === 'city' ? 250 : 80) * Math.sqrt(scale / 10);
  const penBase = (a.level === 'province' ? 60 : a.level === 'city' ? 90 : 40) * Math.sqrt(scale / 10);
  const lic = decisions(r, a.licensing, licBase, 'active.art20_5.admin_licensing.decisions', prev);
  const pen = decisions(r, a.penalties, penBase, 'active.art20_6.admin_penalty.decisions', prev);
  const coe = decisions(r, a.penalties, penBase * 0.15, 'active.art20_6.admin_coercion.decisions', prev);
  m.set('active.art20_5.admin_licensing.decisions', lic);
  m.set('active.art20_6.admin_penalty.decisions', pen);
  m.set('active.art20_6.admin_coercion.decisions', coe);
  const regs = makesRegulations ? count(r, a.level === 'province' ? 2 : 0.8) : 0;
  const norms = count(r, docRate);
  const publishedTotal: [number, number] = prev ? [...prev.publishedTotal] : [makesRegulations ? count(r, 25) : 0, count(r, docRate * 6)];
  const inForce: [number, number] = prev ? [...prev.inForce] : [...publishedTotal];
  const nextItems: Record<string, number> = {};
  if (v === 'v2019') {
    m.set('active.art20_1.regulations.new_made', regs);
    m.set('active.art20_1.regulations.new_published', regs);
    publishedTotal[0] += regs;
    m.set('active.art20_1.regulations.published_total', publishedTotal[0]);
    const published = norms > 0 && r.chance(0.1) ? norms - 1 : norms;
    m.set('active.art20_1.normative_docs.new_made', norms);
    m.set('active.art20_1.normative_docs.new_published', published);
    publishedTotal[1] += published;
    m.set('active.art20_1.normative_docs.published_total', publishedTotal[1]);
    const hasRow: Readonly<Record<string, boolean>> = {
      'active.art20_5.admin_licensing': a.licensing,
      'active.art20_5.other_external_services': a.licensing,
      'active.art20_6.admin_penalty': a.penalties,
      'active.art20_6.admin_coercion': a.penalties,
      'active.art20_8.admin_fees': a.fees,
    };
    for (const row of XY_ITEM_ROWS) {
      const items = prev?.version === 'v2019' ? (prev.nextItems[row] ?? 0) : hasRow[row] === true ? count(r, 20) : 0;
      const change = hasRow[row] === true ? Math.max(-items, r.int(-3, 3)) : 0;
      m.set(`${row}.prev_year_items`, items);
      m.set(`${row}.items_change`, change);
      nextItems[row] = items + change;
    }
    m.set('active.art20_5.other_external_services.decisions', a.licensing ? count(r, lic * 0.1) : 0);
    const projects = a.procurement ? count(r, 3) : 0;
    m.set('active.art20_9.central_procurement.projects', projects);
    money.set('active.art20_9.central_procurement.total_amount', projects === 0 ? '0' : printProcurement(r.lognormal(600_000, 1.2) * projects, a.moneyUnit));
  } else {
    for (const [i, row, issued] of [[0, 'regulations', regs], [1, 'normative_docs', norms]] as const) {
      const repealed = Math.min(inForce[i], count(r, issued * 0.5 + (inForce[i] > 0 ? 0.3 : 0)));
      inForce[i] = inForce[i] + issued - repealed;
      m.set(`active.art20_1.${row}.issued`, issued);
      m.set(`active.art20_1.${row}.repealed`, repealed);
      m.set(`active.art20_1.${row}.in_force`, inForce[i]);
    }
    money.set('active.art20_8.admin_fees.amount_wan_yuan', a.fees && r.chance(0.6) ? printWan(r.lognormal(12, 1.3)) : '0');
  }
  return { publishedTotal, inForce, nextItems };
}

/** The v2019 procurement amount as agencies print it: 123.45万元, 0.0436亿元 or 1234567元. */
function printProcurement(yuan: number, unit: '万元' | '亿元' | '元'): string {
  if (unit === '元') return `${String(Math.max(1, Math.round(yuan)))}元`;
  if (unit === '亿元') return `${trimDecimals((yuan / 1e8).toFixed(4), 0.0001)}亿元`;
  return `${trimDecimals((yuan / 1e4).toFixed(2), 0.01)}万元`;
}

/** v2021 fees in 万元 (the header's unit): two decimals, never a zero amount by rounding. */
function printWan(wan: number): string {
  return trimDecimals(wan.toFixed(2), 0.01);
}

function trimDecimals(s: string, min: number): string {
  if (Number(s) === 0) return String(min);
  return s;
}

/**
 * Draws the numbers of one report and the state the next year starts from. `prev` is the agency's
 * previous year, null for its first report.
 */
export function drawReportValues(a: SyntheticAgency, year: number, prev: AgencyState | null, r: Rng): { values: ReportValues; state: AgencyState } {
  const v = versionOfYear(year);
  const numbers = new Map<string, number>();
  const money = new Map<string, string>();
  const act = drawActive(a, v, prev, r, numbers, money);
  drawRequests(a, year, v, prev, r, numbers);
  drawReview(a, prev, r, numbers);
  // Every cell of the template has a number (money cells are printed text).
  for (const d of CELL_DEFS[v]) if (!numbers.has(d.key) && !money.has(d.key)) numbers.set(d.key, 0);
  const activeItems = a.quiet ? r.int(5, 60) : Math.round(r.lognormal(a.type === 'government' ? 2000 : 300, 0.8));
  return { values: { version: v, numbers, money, activeItems }, state: stateOf(year, v, numbers, act) };
}

/** The state after a report, from its (possibly altered) numbers. */
export function stateOf(year: number, v: TemplateVersion, numbers: ReadonlyMap<string, number>, act: { publishedTotal: [number, number]; inForce: [number, number]; nextItems: Record<string, number> }): AgencyState {
  const jump: Record<string, number> = {};
  for (const k of JUMP_STATE_KEYS) jump[k] = numbers.get(k) ?? 0;
  const nextItems: Record<string, number> = {};
  if (v === 'v2019') for (const row of XY_ITEM_ROWS) nextItems[row] = (numbers.get(`${row}.prev_year_items`) ?? 0) + (numbers.get(`${row}.items_change`) ?? 0);
  return {
    year,
    version: v,
    carriedForward: APPLICANTS.map((c) => numbers.get(`requests.carried_forward.${c}`) ?? 0),
    publishedTotal: act.publishedTotal,
    inForce: v === 'v2021' ? [numbers.get('active.art20_1.regulations.in_force') ?? 0, numbers.get('active.art20_1.normative_docs.in_force') ?? 0] : act.inForce,
    nextItems,
    jump,
  };
}

/** The keys XY-JUMP compares (kept in step with `JUMP_KEYS` of src/checks/crossYear.ts by a test). */
export const JUMP_STATE_KEYS: readonly string[] = [
  'requests.new_received.total',
  'requests.results.total.total',
  'review_litigation.admin_review.total',
  'review_litigation.litigation_direct.total',
  'active.art20_5.admin_licensing.decisions',
  'active.art20_6.admin_penalty.decisions',
  'active.art20_6.admin_coercion.decisions',
];

export { APPLICANTS };
