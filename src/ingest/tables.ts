/**
 * Table mapper: reads the values of tables 二, 三 and 四 out of a SourceDocument, whatever the
 * front end (tab-, pipe-, space-aligned rows, one value per line, HTML grids, markdown).
 *
 * The document is read as one stream of tokens. A recognised row label opens a row; the values
 * that follow (until the next label) are its cells, counted from the left. Labels are matched by
 * leaf anchors (spec §10 V4) on normalised text, so wrapped, annotated and Traditional labels work.
 * Nothing is filled or guessed: rows whose cells cannot be placed with certainty emit only the
 * certain cells and a diagnostic. In text rows an empty cell between two values is a blank cell
 * (tables/blanks.ts); under a header of several years side by side (V12, tables/years.ts) only
 * the reporting year's columns are read, and without that year those rows are withdrawn.
 */
import type { Cell, Diagnostic, Provenance } from '../model/report';
import {
  REQUEST_COLUMNS,
  REQUEST_ROWS_V2019,
  REQUEST_ROWS_V2021,
  TEMPLATES,
  type TableId,
  type TemplateVersion,
} from '../model/template';
import type { SourceDocument } from './document';
import { parseCellValue, unitFromHeader } from './cellvalue';
import { activeSignal, requestSignal, tableVersions, type VersionVotes } from './detect';
import {
  ACTIVE_HEADER_RE,
  CAPTION_RE,
  CJK_RE,
  matchActiveRow,
  matchRequestRow,
  NIL_REVIEW_RE,
  REQUEST_HEADER_RE,
  REQUESTS_ENTRY_RE,
  REVIEW_ENTRY_RE,
  REVIEW_HEADER_RE,
  REVIEW_KEYS,
  SECTION_END_RE,
  SUB_BY_ITEM,
  type SubId,
} from './tables/labels';
import { blanksBetweenValues } from './tables/blanks';
import { tokenize, type Tok } from './tables/tokens';
import { findYearHeaders, selectYear, selectYearByRow, type YearHeader } from './tables/years';

type Ctx = 'none' | 'active' | 'requests' | 'review';

type Target =
  | { readonly t: 'active'; readonly sub: SubId; readonly row: string }
  | { readonly t: 'requests'; readonly row: string }
  | { readonly t: 'orphan'; readonly table: 'active' | 'requests'; readonly afterRow: string | null; readonly sub: SubId | null }
  | { readonly t: 'unknown' };

interface Pending {
  readonly target: Target;
  readonly label: Tok | null;
  readonly toks: Tok[];
  started: boolean;
  skipped: number;
}

export interface TableMapResult {
  readonly cells: Cell[];
  readonly diagnostics: Diagnostic[];
  readonly tableTemplates: Partial<Record<TableId, TemplateVersion>>;
  /** Tables in which at least one label or value was recognised. */
  readonly found: ReadonlySet<TableId>;
}

function bilingual(zh: string, en: string): { zh: string; en: string } {
  return { zh, en };
}

// ---------------------------------------------------------------- label facts

/**
 * What the mapper's tests say about one normalised text token. Each is a pure function of the text,
 * and template labels recur in every report (the matching form comes from a cache, the same string
 * each time), so they are computed once per distinct label rather than as a cascade of regular
 * expressions per token of every report.
 */
interface LabelFacts {
  /** A heading after the tables (五、六): short and SECTION_END_RE. */
  readonly sectionEnd: boolean;
  /** A table-二 caption (第二十条第（X）项, possibly cut off), and the sub-table it names. */
  readonly caption: boolean;
  readonly captionSub: SubId | null;
  /** Short and a header cell of table 四: table 四 goes on. */
  readonly reviewHeader: boolean;
  readonly reviewEntry: boolean;
  readonly reviewHeading: boolean;
  readonly requestsEntry: boolean;
  /** Opens table 二 from its header (信息内容, 一、主动公开政府信息情况). */
  readonly activeOpen: boolean;
  readonly activeSignal: TemplateVersion | null;
  readonly requestSignal: TemplateVersion | null;
  readonly newReceived: boolean;
  readonly activeRow: { readonly sub: SubId; readonly row: string } | null;
  /** Short and a column header of table 二. */
  readonly activeHeader: boolean;
  /** The table-三 row, before and after result rows were seen (they differ only for a bare 总计). */
  readonly requestRow: string | null;
  readonly requestRowAfterResults: string | null;
  readonly requestHeader: boolean;
  /** Could be a wrapped or unknown row label. */
  readonly unknownLabel: boolean;
  /** As a table-二 header: the sub-table it names (制发件数 / 新制作数量, 收费金额, 采购; the last wins). */
  readonly headerSub: SubId | null;
  /** As a table-二 header naming 采购: the money unit it prints, if any. */
  readonly headerUnit: ReturnType<typeof unitFromHeader>;
}

function headerSubOf(n: string): SubId | null {
  if (/采购/.test(n)) return 'art20_9';
  if (/收费金额/.test(n)) return 'art20_8';
  if (/制发件数|新制作数量/.test(n)) return 'art20_1';
  return null;
}

function computeLabelFacts(n: string): LabelFacts {
  const short = n.length <= 40;
  const cap = n.length <= 30 ? CAPTION_RE.exec(n) : null;
  return {
    sectionEnd: short && SECTION_END_RE.test(n),
    caption: cap !== null || (n.length <= 30 && n.startsWith('第二十条')),
    captionSub: cap?.[1] !== undefined ? (SUB_BY_ITEM[cap[1]] ?? null) : null,
    reviewHeader: short && REVIEW_HEADER_RE.test(n),
    reviewEntry: REVIEW_ENTRY_RE.test(n) && n.length <= 60,
    reviewHeading: /^[三四五][,.].*行政复议.*行政诉讼/.test(n),
    requestsEntry: n.length <= 80 && REQUESTS_ENTRY_RE.test(n),
    activeOpen: n.startsWith('信息内容') || (short && /^[一二三][,.]主动公开政府(?:信息|政府)情况/.test(n)),
    activeSignal: activeSignal(n),
    requestSignal: requestSignal(n),
    newReceived: /^一[,.]?本年新收/.test(n),
    activeRow: matchActiveRow(n),
    activeHeader: short && ACTIVE_HEADER_RE.test(n),
    requestRow: matchRequestRow(n, false),
    requestRowAfterResults: matchRequestRow(n, true),
    requestHeader: REQUEST_HEADER_RE.test(n),
    unknownLabel: n.length <= 80 && !/[。;；]/.test(n) && CJK_RE.test(n) && !/^[一二三四五六七八九十]+[,.、]/.test(n),
    headerSub: headerSubOf(n),
    headerUnit: /采购/.test(n) ? unitFromHeader(n) : undefined,
  };
}

const LABEL_FACTS = new Map<string, LabelFacts>();
const LABEL_FACTS_MAX = 20_000;
/** Longer tokens are narrative openings, different in every report: not worth keeping. */
const LABEL_FACTS_MAX_CHARS = 80;

function labelFacts(n: string): LabelFacts {
  if (n.length > LABEL_FACTS_MAX_CHARS) return computeLabelFacts(n);
  let f = LABEL_FACTS.get(n);
  if (f === undefined) {
    f = computeLabelFacts(n);
    if (LABEL_FACTS.size >= LABEL_FACTS_MAX) LABEL_FACTS.clear();
    LABEL_FACTS.set(n, f);
  }
  return f;
}

// ---------------------------------------------------------------- the mapper

class Mapper {
  private ctx: Ctx = 'none';
  private currentSub: SubId | null = null;
  private pending: Pending | null = null;
  private lastRequestRow: string | null = null;
  private resultsSeen = false;
  private readonly votes: VersionVotes = { active: { v2019: 0, v2021: 0 }, requests: { v2019: 0, v2021: 0 } };
  readonly found = new Set<TableId>();
  private maxCtx = -1;
  sawSectionEnd = false;
  /** Active rows: row id → values (by position). */
  private readonly activeRows = new Map<string, { sub: SubId; cells: (Tok | null)[]; prov: Provenance }>();
  private readonly requestRows = new Map<string, { cells: (Tok | null)[]; prov: Provenance }>();
  private readonly requestOrphans: { afterRow: string | null; cells: Tok[] }[] = [];
  private readonly activeOrphans: { sub: SubId; cells: Tok[] }[] = [];
  private readonly review: Tok[] = [];
  private reviewStarted = false;
  private reviewDone = false;
  private headerUnit: ReturnType<typeof unitFromHeader>;
  readonly diagnostics: Diagnostic[] = [];
  private readonly html: boolean;
  private readonly md: boolean;

  constructor(
    private readonly toks: readonly Tok[],
    private readonly fallback: TemplateVersion | null,
    format: SourceDocument['format'],
    /** The reporting year, where known: picks its columns out of a multi-year table (V12). */
    private readonly year: number | null,
  ) {
    this.html = format === 'html';
    this.md = format === 'md';
    for (const t of toks) {
      if (t.cls === 'text') this.textBlocks.add(t.block);
      else if (t.cls !== 'empty') this.valueBlocks.add(t.block);
    }
    this.blanks = this.html ? new Set() : blanksBetweenValues(toks);
    this.yearHeaders = findYearHeaders(toks);
  }

  /** Multi-year headers by the index of their first token (V12). */
  private readonly yearHeaders: ReturnType<typeof findYearHeaders>;
  /** The multi-year header in force in the current table, if any. */
  private years: YearHeader | null = null;
  /** Tables whose multi-year layout has been reported. */
  private readonly yearsNoted = new Set<Ctx>();
  /** The header table 四's values were collected under. */
  private reviewYears: YearHeader | null = null;

  /** Empty cells of text rows that are certainly blank cells (a value on each side). */
  private readonly blanks: ReadonlySet<Tok>;

  /** A value, or a blank cell that holds a column of its row. */
  private isSlot(t: Tok): boolean {
    return t.cls !== 'empty' || this.blanks.has(t);
  }

  /** Blocks holding a label or header: their empty cells are header padding, not blank values. */
  private readonly textBlocks = new Set<number>();
  /** Blocks holding a value. */
  private readonly valueBlocks = new Set<number>();

  private enter(ctx: Ctx): void {
    if (ctx !== this.ctx) {
      this.finalize(false);
      this.years = null;
    }
    this.ctx = ctx;
    const idx = ctx === 'active' ? 0 : ctx === 'requests' ? 1 : ctx === 'review' ? 2 : -1;
    if (idx > this.maxCtx) this.maxCtx = idx;
  }

  /** Versions shown by the labels alone, whether or not values were read. */
  get signals(): Partial<Record<TableId, TemplateVersion>> {
    return tableVersions(this.votes);
  }

  /** Highest table context reached (0 active, 1 requests, 2 review). */
  get reached(): number {
    return this.maxCtx;
  }

  run(): void {
    for (let i = 0; i < this.toks.length; i++) {
      const t = this.toks[i];
      if (t === undefined) continue;
      const yh = this.ctx === 'none' ? undefined : this.yearHeaders.get(i);
      if (yh !== undefined) {
        this.onYearHeader(yh.header);
        i = yh.end - 1;
        continue;
      }
      if (t.cls === 'text') this.onText(t);
      else this.onValue(t);
    }
    this.finalize(true);
  }

  /** Version of table 二 as far as the labels read so far show it. */
  private activeVersion(): TemplateVersion | null {
    const v = tableVersions(this.votes);
    return v.active ?? v.requests ?? this.fallback;
  }

  private onValue(t: Tok): void {
    if (t.plain) {
      // Markdown text outside a table: only a value on the same line as its label counts (205 "行政许可 97").
      const p = this.pending;
      if (p?.label?.plain === true && p.label.prov.line === t.prov.line && t.cls !== 'empty') {
        p.toks.push(t);
        p.started = true;
      }
      return;
    }
    if (this.ctx === 'review') {
      this.onReviewValue(t);
      return;
    }
    const p = this.pending;
    if (p !== null) {
      if (p.label?.plain === true && p.label.prov.line !== t.prov.line) {
        this.finalize(false);
      } else {
        p.toks.push(t);
        if (t.cls !== 'empty') p.started = true;
        return;
      }
    }
    if (t.cls === 'empty') return;
    // Label-less value rows are placed by template order only where the extraction is known to
    // detach labels (markdown from PDF, 205) or right under a table-二 header (195).
    if (this.ctx === 'active' || (this.ctx === 'requests' && this.md)) {
      this.pending = {
        target: { t: 'orphan', table: this.ctx, afterRow: this.lastRequestRow, sub: this.currentSub },
        label: null,
        toks: [t],
        started: true,
        skipped: 0,
      };
    }
  }

  private onReviewValue(t: Tok): void {
    if (this.reviewDone) return;
    // Outside HTML grids an empty piece is padding, not a blank cell.
    // Under a multi-year header a grid row is split by count, so its blank cells count too.
    const yearsRow = this.html && this.years !== null && this.valueBlocks.has(t.block);
    if (t.cls === 'empty' && !this.blanks.has(t) && !yearsRow && (!this.html || this.textBlocks.has(t.block))) return;
    if (this.review.length === 0) this.reviewYears = this.years;
    this.review.push(t);
    if (t.cls !== 'empty') this.reviewStarted = true;
    if (this.review.length >= this.reviewWidth() && this.reviewStarted) this.reviewDone = true;
  }

  private onText(t: Tok): void {
    const n = t.norm;
    const f = labelFacts(n);
    const short = n.length <= 40;
    // Context switches: captions, table headers and section headings.
    if (f.sectionEnd) {
      this.enter('none');
      this.sawSectionEnd = true;
      return;
    }
    if (f.caption) {
      this.enter('active');
      this.found.add('active');
      this.currentSub = f.captionSub;
      // A new sub-table of table 二 brings its own header; the open row still belongs to the old one.
      if (this.years !== null) {
        this.finalize(false);
        this.years = null;
      }
      return;
    }
    if (this.ctx === 'review') {
      if (this.reviewStarted && !f.reviewHeader) {
        this.finalize(false);
        this.reviewDone = true;
        this.enter('none');
      }
      return;
    }
    if (f.reviewEntry) {
      this.enter('review');
      this.found.add('review');
      return;
    }
    if (short && (f.reviewHeading || (this.ctx === 'requests' && n === '行政复议'))) {
      this.enter('review');
      return;
    }
    if (f.requestsEntry) {
      this.enter('requests');
      return;
    }
    if (f.activeOpen) {
      this.enter('active');
      this.noteActiveHeader(f);
      return;
    }
    if (this.ctx === 'none') {
      // Labels outside any recognised table still open one when they are unmistakable (032 lacks a caption).
      if (f.activeSignal !== null && short) {
        this.enter('active');
        this.noteActiveHeader(f);
      } else if (f.requestSignal !== null || f.newReceived) {
        this.enter('requests');
      } else {
        return;
      }
    }
    const p = this.pending;
    if (this.ctx === 'active') {
      const row = f.activeRow;
      if (row !== null) {
        this.finalize(false);
        this.found.add('active');
        this.currentSub = row.sub;
        this.pending = { target: { t: 'active', sub: row.sub, row: row.row }, label: t, toks: [], started: false, skipped: 0 };
        return;
      }
      if (f.activeHeader) {
        this.finalize(false);
        this.noteActiveHeader(f);
        return;
      }
    } else {
      const row = this.resultsSeen ? f.requestRowAfterResults : f.requestRow;
      if (row !== null) {
        this.finalize(false);
        this.found.add('requests');
        if (row.startsWith('results.')) this.resultsSeen = true;
        if (f.requestSignal !== null || row === 'results.other.other') this.votes.requests.v2021++;
        this.pending = { target: { t: 'requests', row }, label: t, toks: [], started: false, skipped: 0 };
        return;
      }
      if (f.requestHeader) {
        this.finalize(false);
        return;
      }
    }
    // Unrecognised text: a wrapped label continues the open row until its values start.
    if (p !== null && !p.started && p.target.t !== 'orphan' && p.skipped < 6 && short) {
      p.skipped++;
      return;
    }
    this.finalize(false);
    if (t.plain) return;
    if (f.unknownLabel) {
      this.pending = { target: { t: 'unknown' }, label: t, toks: [], started: false, skipped: 0 };
    }
  }

  /** Values table 四 is read for: 15, or 15 per column group of a multi-year header. */
  private reviewWidth(): number {
    const h = this.reviewYears?.groups.length ?? 1;
    return h % 15 === 0 ? h : 15 * h;
  }

  /** A multi-year header (V12): its groups decide which values of the rows below are the report's. */
  private onYearHeader(h: YearHeader): void {
    this.finalize(false);
    this.years = h;
    if (this.yearsNoted.has(this.ctx)) return;
    this.yearsNoted.add(this.ctx);
    const table: TableId = this.ctx === 'active' ? 'active' : this.ctx === 'requests' ? 'requests' : 'review';
    const y = this.year;
    const has = y !== null && h.groups.includes(y);
    this.diagnostics.push(
      has
        ? {
            level: 'info',
            code: 'multi_year_columns',
            table,
            provenance: h.prov,
            message: bilingual(
              `表格并列多个年度的数值（${h.label}），只取报告年度 ${String(y)} 年的列，其他年度和增减列未记录。`,
              `The table shows several years side by side (${h.label}); only the columns of the reporting year ${String(y)} were read, the other year's and the change columns were not recorded.`,
            ),
          }
        : {
            level: 'warn',
            code: 'multi_year_withdrawn',
            table,
            provenance: h.prov,
            message:
              y === null
                ? bilingual(`表格并列多个年度的数值（${h.label}），无法确定报告年度，这些数值未记录。`, `The table shows several years side by side (${h.label}) and the reporting year is unknown; these values were not recorded.`)
                : bilingual(`表格并列多个年度的数值（${h.label}），其中没有报告年度 ${String(y)} 年的列，这些数值未记录。`, `The table shows several years side by side (${h.label}) but none is the reporting year ${String(y)}; these values were not recorded.`),
          },
    );
  }

  /**
   * Places a row under a multi-year header: the reporting year's columns, or nothing (with a
   * diagnostic) when the year is unknown or the row does not split evenly into the header's groups.
   */
  private placeYears(p: Pending, n: number, h: YearHeader, keys: () => string[]): { cells: Tok[]; rest: Tok[] } | null {
    const label = p.label;
    if (label === null) return null;
    const same = this.html ? p.toks.filter((x) => x.block === label.block) : [];
    const slots = same.length > 0 ? same : p.toks.filter((x) => this.isSlot(x));
    if (slots.every((x) => x.cls === 'empty')) return null;
    const picked = this.year === null ? null : this.splitYears(slots, h, n);
    if (picked !== null) return picked;
    // A header without the reporting year has already been reported for the whole table.
    if (this.year !== null && h.groups.includes(this.year)) {
      this.diagnostics.push({
        level: 'warn',
        code: 'multi_year_withdrawn',
        keys: keys(),
        provenance: label.prov,
        message: bilingual(
          `“${label.raw}”一行的 ${String(slots.length)} 个单元格无法按年度（${h.label}）分列，该行未记录。`,
          `The ${String(slots.length)} cells of row "${label.raw}" do not split into the year columns (${h.label}); the row was not recorded.`,
        ),
      });
    }
    return null;
  }

  /**
   * A row's slots under a year header: its own full set of year groups first, then (as `place`
   * reads rows without labels that an extraction ran into it, 205) further full sets, each split
   * the same way. Null unless the slots are whole sets.
   */
  private splitYears(slots: readonly Tok[], h: YearHeader, n: number): { cells: Tok[]; rest: Tok[] } | null {
    const year = this.year;
    // Each of the year's groups holds n / (its group count) columns: one group of n (2022年 | 2023年
    // over whole rows) or n groups of one (a year row under each column header).
    const own = h.groups.filter((g) => g === year).length;
    if (year === null || own === 0 || n % own !== 0) return null;
    const size = h.groups.length * (n / own);
    if (slots.length === 0 || slots.length % size !== 0) return null;
    const rows: Tok[][] = [];
    for (let i = 0; i < slots.length; i += size) {
      const r = selectYear(slots.slice(i, i + size), h, year, n);
      if (r === null) return null;
      rows.push(r);
    }
    const [cells = [], ...rest] = rows;
    return { cells, rest: rest.flat() };
  }

  private noteActiveHeader(f: LabelFacts): void {
    const sig = f.activeSignal;
    if (sig !== null) this.votes.active[sig]++;
    if (f.headerSub !== null) this.currentSub = f.headerSub;
    if (f.headerUnit !== undefined) this.headerUnit = f.headerUnit;
  }

  /** Columns of an active row under the version in force. */
  private activeWidth(sub: SubId): number {
    const v = this.activeVersion() ?? 'v2021';
    const def = TEMPLATES[v].active.find((s) => s.id === sub) ?? TEMPLATES.v2019.active.find((s) => s.id === sub);
    return def?.columns.length ?? 0;
  }

  private finalize(eof: boolean): void {
    const p = this.pending;
    this.pending = null;
    if (p === null) return;
    const tg = p.target;
    if (tg.t === 'unknown') {
      if (p.started && p.label !== null) {
        this.diagnostics.push({
          level: 'info',
          code: 'unknown_row',
          message: bilingual(`表格中有模板以外的行“${p.label.raw}”，其数值未记录。`, `A row outside the template ("${p.label.raw}") was found; its values are not recorded.`),
          provenance: p.label.prov,
        });
      }
      return;
    }
    if (tg.t === 'orphan') {
      // Label-less rows are placed by counting; under a multi-year header nothing is certain.
      if (this.years !== null) {
        const first = p.toks.find((x) => x.cls !== 'empty');
        if (first === undefined) return;
        const split = tg.table === 'requests' ? this.splitYears(p.toks.filter((x) => this.isSlot(x)), this.years, 7) : null;
        if (split !== null) {
          const all = [...split.cells, ...split.rest];
          for (let i = 0; i + 7 <= all.length; i += 7) this.requestOrphans.push({ afterRow: tg.afterRow, cells: all.slice(i, i + 7) });
          return;
        }
        this.diagnostics.push({
          level: 'warn',
          code: 'multi_year_withdrawn',
          table: tg.table,
          provenance: first.prov,
          message: bilingual('多年度并列的表格中有一行数值没有行标签，无法确定其所属行和年度，未记录。', 'A row of values without a row label in a table of several years side by side cannot be placed by row or year; it was not recorded.'),
        });
        return;
      }
      const vals = p.toks.filter((x) => this.isSlot(x));
      if (tg.table === 'requests') {
        for (let i = 0; i + 7 <= vals.length; i += 7) this.requestOrphans.push({ afterRow: tg.afterRow, cells: vals.slice(i, i + 7) });
      } else if (tg.sub !== null) {
        const w = this.activeWidth(tg.sub);
        if (w > 0 && vals.length >= w) this.activeOrphans.push({ sub: tg.sub, cells: vals.slice(0, w) });
      }
      return;
    }
    const n = tg.t === 'active' ? this.activeWidth(tg.sub) : 7;
    if (n === 0 || p.label === null) return;
    const yh = this.years;
    let placed: ReturnType<Mapper['place']>;
    if (yh === null) placed = this.place(p, n, eof, tg.t);
    else {
      const r = this.placeYears(p, n, yh, () => rowKeys(tg, this.activeVersion() ?? 'v2021'));
      placed = r === null ? null : { cells: r.cells, rest: tg.t === 'requests' ? r.rest : [] };
    }
    if (placed === null) return;
    if (tg.t === 'active') {
      const id = `${tg.sub}.${tg.row}`;
      if (!this.activeRows.has(id) && placed.cells.some((c) => c !== undefined)) {
        this.activeRows.set(id, { sub: tg.sub, cells: withHoles(placed.cells), prov: p.label.prov });
      }
    } else {
      if (tg.row === 'results.other.total' && placed.cells.every((c) => c === undefined)) return;
      if (!this.requestRows.has(tg.row)) {
        this.requestRows.set(tg.row, { cells: withHoles(placed.cells), prov: p.label.prov });
        this.lastRequestRow = tg.row;
        if (tg.row === 'results.other.total' && placed.cells.some((c) => c !== undefined)) this.votes.requests.v2019++;
      }
      for (let i = 0; i + 7 <= placed.rest.length; i += 7) this.requestOrphans.push({ afterRow: tg.row, cells: placed.rest.slice(i, i + 7) });
    }
  }

  /**
   * Places a row's tokens on its n columns. Returns per column: a token, null (blank cell) or
   * undefined (not visible / not certain), plus any complete values beyond n (orphan rows).
   */
  private place(p: Pending, n: number, eof: boolean, table: 'active' | 'requests'): { cells: (Tok | null | undefined)[]; rest: Tok[] } | null {
    let toks = p.toks;
    const label = p.label;
    if (label === null) return null;
    if (this.html) {
      const same = toks.filter((x) => x.block === label.block);
      if (same.length > 0) {
        const row = [...same];
        while (row.length > n && row[row.length - 1]?.cls === 'empty') row.pop();
        while (row.length > n) row.shift();
        const cells: (Tok | null | undefined)[] = row.map((x) => (x.cls === 'empty' ? null : x));
        while (cells.length < n) cells.push(undefined);
        if (row.length < n) this.rowDiag('row_truncated', label, n - row.length);
        return { cells, rest: [] };
      }
    }
    let vals = toks.filter((x) => this.isSlot(x));
    // "0000000" (070) or "规章000" (032): one digit per cell when the digit count equals the width.
    const only = vals[0];
    if (vals.length === 1 && only !== undefined && n > 1 && /^\d+$/.test(only.raw) && only.raw.length === n && (only.glued || only.raw.startsWith('0'))) {
      const split: Tok[] = only.raw.split('').map((d) => ({ ...only, raw: d })); // ASCII digits only
      toks = split;
      vals = split;
    } else if (vals.length === 1 && only !== undefined && only.glued && n > 1) {
      this.rowDiag('row_ambiguous', label, n);
      return null;
    }
    const cells: (Tok | null | undefined)[] = new Array<Tok | null | undefined>(n).fill(undefined);
    if (vals.length >= n) {
      for (let i = 0; i < n; i++) cells[i] = vals[i];
      return { cells, rest: table === 'requests' ? vals.slice(n) : [] };
    }
    const empties = toks.length - vals.length;
    if (vals.length === 0) {
      if (!eof && empties >= n) return { cells: cells.map(() => null), rest: [] };
      if (eof) this.rowDiag('row_truncated', label, n);
      return null;
    }
    const lastVal = toks.lastIndexOf(vals[vals.length - 1] as Tok);
    const emptyAfter = toks.slice(lastVal + 1).some((x) => x.cls === 'empty');
    if (!emptyAfter) {
      vals.forEach((v, i) => (cells[i] = v));
      this.rowDiag('row_truncated', label, n - vals.length);
      return { cells, rest: [] };
    }
    // Empty cells after the values: merged cells and blank padding look the same, so only the
    // columns that cannot shift are certain.
    let keep: number;
    if (table === 'requests') keep = vals.length === 1 ? 0 : vals.length === n - 1 ? n - 1 : 1;
    else keep = 1;
    for (let i = 0; i < keep; i++) cells[i] = vals[i];
    this.rowDiag('row_ambiguous', label, n - keep);
    return { cells, rest: [] };
  }

  private rowDiag(code: 'row_truncated' | 'row_ambiguous', label: Tok, missing: number): void {
    this.diagnostics.push({
      level: code === 'row_truncated' ? 'info' : 'warn',
      code,
      message:
        code === 'row_truncated'
          ? bilingual(`“${label.raw}”一行不完整，缺少 ${String(missing)} 个单元格，未补齐。`, `Row "${label.raw}" is incomplete: ${String(missing)} cell(s) are not visible and were not filled.`)
          : bilingual(`“${label.raw}”一行的单元格位置无法确定，${String(missing)} 个单元格未记录。`, `The column positions in row "${label.raw}" are uncertain; ${String(missing)} cell(s) were not recorded.`),
      provenance: label.prov,
    });
  }

  /** Builds the cells once the whole stream is read. */
  result(): TableMapResult {
    const cells: Cell[] = [];
    const versions = tableVersions(this.votes);
    const activeV = versions.active ?? versions.requests ?? this.fallback ?? 'v2021';
    const requestsV = versions.requests ?? versions.active ?? this.fallback ?? 'v2021';
    const tableTemplates: Partial<Record<TableId, TemplateVersion>> = {};
    // Active orphans take the first row of their sub-table that has no label of its own (195).
    for (const o of this.activeOrphans) {
      const def = TEMPLATES[activeV].active.find((s) => s.id === o.sub);
      const free = def?.rows.find((r) => !this.activeRows.has(`${o.sub}.${r.key}`));
      const first = o.cells[0];
      if (free !== undefined && first !== undefined) this.activeRows.set(`${o.sub}.${free.key}`, { sub: o.sub, cells: o.cells, prov: first.prov });
      else {
        this.diagnostics.push({
          level: 'info',
          code: 'unknown_row',
          message: bilingual('表二中有一行数值没有可识别的模板行标签，未记录。', 'A row of values in table 二 has no recognisable template row label; it is not recorded.'),
          table: 'active',
          ...(first !== undefined ? { provenance: first.prov } : {}),
        });
      }
    }
    if (this.activeRows.size > 0) {
      tableTemplates.active = activeV;
      for (const sub of TEMPLATES[activeV].active) {
        for (const row of sub.rows) {
          const r = this.activeRows.get(`${sub.id}.${row.key}`);
          if (r === undefined) continue;
          const keys = activeRowKeys(sub, row);
          sub.columns.forEach((col, i) => {
            const tok = r.cells[i];
            const key = keys[i];
            if (tok === undefined || tok === HOLE || key === undefined) return;
            cells.push(makeCell(key, tok, col.kind, tok?.prov ?? r.prov, this.headerUnit));
          });
        }
      }
      for (const [id] of this.activeRows) {
        const [sub, row] = id.split('.');
        const def = TEMPLATES[activeV].active.find((s) => s.id === sub);
        if (def?.rows.some((r) => r.key === row) !== true) {
          this.diagnostics.push({
            level: 'info',
            code: 'unknown_row',
            message: bilingual(`“${String(row)}”行不属于 ${activeV} 模板，未记录。`, `Row "${String(row)}" is not part of the ${activeV} template and was not recorded.`),
            table: 'active',
          });
        }
      }
    }
    const reqRows = requestsV === 'v2019' ? REQUEST_ROWS_V2019 : REQUEST_ROWS_V2021;
    // Value rows whose labels the extraction detached (205) follow the template order.
    let lastAfter: string | null = null;
    let pointer = -1;
    for (const o of this.requestOrphans) {
      if (o.afterRow !== lastAfter) {
        lastAfter = o.afterRow;
        pointer = o.afterRow === null ? -1 : reqRows.findIndex((r) => r.key === o.afterRow);
      }
      let i = pointer + 1;
      while (i < reqRows.length && this.requestRows.has(reqRows[i]?.key ?? '')) i++;
      const target = reqRows[i];
      if (target === undefined || o.afterRow === null) continue;
      const first = o.cells[0];
      if (first === undefined) continue;
      this.requestRows.set(target.key, { cells: o.cells, prov: first.prov });
      pointer = i;
    }
    const requestKeys = new Set(reqRows.map((r) => r.key));
    if (this.requestRows.size > 0) {
      tableTemplates.requests = requestsV;
      for (const row of [...reqRows, ...(requestsV === 'v2021' ? [{ key: 'results.other.total' }] : [])]) {
        const r = this.requestRows.get(row.key);
        if (r === undefined) continue;
        const keys = requestRowKeys(row.key);
        REQUEST_COLUMNS.forEach((col, i) => {
          const tok = r.cells[i];
          const key = keys[i];
          if (tok === undefined || tok === HOLE || key === undefined) return;
          cells.push(makeCell(key, tok, col.kind, tok?.prov ?? r.prov, undefined));
        });
      }
      for (const k of this.requestRows.keys()) {
        if (!requestKeys.has(k) && !(k === 'results.other.total')) {
          this.diagnostics.push({ level: 'info', code: 'unknown_row', message: bilingual(`行“${k}”不属于 ${requestsV} 模板。`, `Row "${k}" is not part of the ${requestsV} template.`), table: 'requests' });
        }
      }
    }
    let reviewVals = this.review;
    const ry = this.reviewYears;
    if (ry !== null && reviewVals.some((v) => v.cls !== 'empty')) {
      const picked = this.year === null ? null : selectYearByRow(reviewVals, ry, this.year, 15);
      if (picked === null && this.year !== null && ry.groups.includes(this.year)) {
        this.diagnostics.push({
          level: 'warn',
          code: 'multi_year_withdrawn',
          table: 'review',
          keys: REVIEW_KEYS,
          message: bilingual(`表四的 ${String(reviewVals.length)} 个单元格无法按年度（${ry.label}）分列，未记录。`, `The ${String(reviewVals.length)} cells of table 四 do not split into the year columns (${ry.label}); they were not recorded.`),
        });
      }
      reviewVals = picked ?? [];
      if (picked !== null) this.found.add('review');
    }
    if (reviewVals.some((v) => v.cls !== 'empty')) {
      const take = reviewVals.slice(0, 15);
      take.forEach((tok, i) => {
        const key = REVIEW_KEYS[i];
        if (key === undefined) return;
        cells.push(makeCell(key, tok, 'count', tok.prov, undefined));
      });
      if (take.length < 15) {
        this.diagnostics.push({
          level: 'info',
          code: 'row_truncated',
          message: bilingual(`表四只有 ${String(take.length)} 个数值，其余未补齐。`, `Table 四 shows only ${String(take.length)} values; the rest were not filled.`),
          table: 'review',
          keys: REVIEW_KEYS.slice(take.length),
        });
      }
      this.found.add('review');
    }
    return { cells, diagnostics: this.diagnostics, tableTemplates, found: this.found };
  }
}

type ActiveSub = (typeof TEMPLATES)[TemplateVersion]['active'][number];
type ActiveRow = ActiveSub['rows'][number];

/**
 * Cell keys by template row, built once: every report's cells then share the same strings, whose
 * hashes V8 keeps, so the maps that index cells by key (diagnostics, derived values, checks) do not
 * hash a freshly concatenated key for every cell of every report.
 */
const ACTIVE_ROW_KEYS = new Map<ActiveSub, Map<ActiveRow, readonly string[]>>();
const REQUEST_ROW_KEYS = new Map<string, readonly string[]>();

function activeRowKeys(sub: ActiveSub, row: ActiveRow): readonly string[] {
  let bySub = ACTIVE_ROW_KEYS.get(sub);
  if (bySub === undefined) {
    bySub = new Map();
    ACTIVE_ROW_KEYS.set(sub, bySub);
  }
  let keys = bySub.get(row);
  if (keys === undefined) {
    keys = sub.columns.map((c) => `active.${sub.id}.${row.key}.${c.key}`);
    bySub.set(row, keys);
  }
  return keys;
}

/** Request row keys come from the template (and one derived row): a small, fixed set. */
function requestRowKeys(row: string): readonly string[] {
  let keys = REQUEST_ROW_KEYS.get(row);
  if (keys === undefined) {
    keys = REQUEST_COLUMNS.map((c) => `requests.${row}.${c.key}`);
    REQUEST_ROW_KEYS.set(row, keys);
  }
  return keys;
}

/** Every key of a template row, for diagnostics about the whole row. */
function rowKeys(tg: Target, activeV: TemplateVersion): string[] {
  if (tg.t === 'requests') return REQUEST_COLUMNS.map((c) => `requests.${tg.row}.${c.key}`);
  if (tg.t !== 'active') return [];
  const def = TEMPLATES[activeV].active.find((s) => s.id === tg.sub);
  return (def?.columns ?? []).map((c) => `active.${tg.sub}.${tg.row}.${c.key}`);
}

/** Marker for a column that was seen but whose value is not certain. */
const HOLE: Tok = { raw: '', norm: '', cls: 'empty', prov: {}, block: -1, plain: false, glued: false };

/** Placed cells → stored cells: not visible or not certain becomes HOLE, a blank stays null. */
function withHoles(placed: readonly (Tok | null | undefined)[]): (Tok | null)[] {
  return placed.map((c) => (c === undefined ? HOLE : c));
}

function makeCell(key: string, tok: Tok | null, kind: Parameters<typeof parseCellValue>[1], prov: Provenance, headerUnit: ReturnType<typeof unitFromHeader>): Cell {
  const raw = tok?.raw.trim() ?? '';
  const v = parseCellValue(raw, kind, headerUnit);
  // Built whole rather than spread: the same fields in the same order (unit, then valueYuan, each only when set).
  if (v.unit === undefined && v.valueYuan === undefined) return { key, value: v.value, semantic: v.semantic, raw, provenance: prov };
  if (v.valueYuan === undefined) return { key, value: v.value, semantic: v.semantic, raw, provenance: prov, unit: v.unit };
  if (v.unit === undefined) return { key, value: v.value, semantic: v.semantic, raw, provenance: prov, valueYuan: v.valueYuan };
  return { key, value: v.value, semantic: v.semantic, raw, provenance: prov, unit: v.unit, valueYuan: v.valueYuan };
}

export interface MapTablesOptions {
  /**
   * The reporting year (from the document's meta, else the caller's hints). A table printing
   * several years side by side (V12) gives only this year's columns; without it those are withdrawn.
   */
  readonly year?: number | null;
}

/**
 * Maps the tables of a document to canonical cells. `fallback` is the version used for a table
 * whose labels carry no version signal (from the other table, else the reporting year).
 */
export function mapTables(doc: SourceDocument, fallback: TemplateVersion | null, opts: MapTablesOptions = {}): TableMapping {
  const m = new Mapper(tokenize(doc), fallback, doc.format, opts.year ?? null);
  m.run();
  const r = m.result();
  // The nil-statement scan runs only when table 四 is absent (spec §10 V14).
  const narrativeNilReview = !r.found.has('review') && NIL_REVIEW_RE.test(doc.text);
  return { ...r, signals: m.signals, reached: m.reached, sawSectionEnd: m.sawSectionEnd, narrativeNilReview };
}

export interface TableMapping extends TableMapResult {
  /** Versions shown by table labels even where no value was read. */
  readonly signals: Partial<Record<TableId, TemplateVersion>>;
  /** Highest table context reached in reading order (0 二, 1 三, 2 四; -1 none). */
  readonly reached: number;
  /** A heading after the tables (五、六) was seen: the document did not stop inside them. */
  readonly sawSectionEnd: boolean;
  /** The narrative states there was no review or litigation (spec §10 V14). */
  readonly narrativeNilReview: boolean;
}
