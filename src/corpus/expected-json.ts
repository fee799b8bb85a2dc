/**
 * Report → the shape of `../shared/corpus/expected/<id>.json`, so the parser's output can be
 * diffed against hand-checked truth with any JSON tool. Value conventions (corpus README):
 * a number as printed, `null` for a blank cell, `"na"` for `/`, `-`, `—` or `无`, other text as a
 * string, and `{raw, yuan}` for the v2019 procurement amount whose unit is printed in the cell.
 * Derived cells are left out: they are never printed.
 */
import type { Cell, Report, TextFactKey } from '../model/report';
import { cellDef, type DetectedTemplate } from '../model/template';

export interface MoneyInCell {
  readonly raw: string;
  readonly yuan: number | null;
}

export type ExpectedValue = number | null | string | MoneyInCell;

export interface ExpectedJson {
  readonly id: string;
  readonly template: DetectedTemplate;
  readonly year: number | null;
  readonly agency: string | null;
  readonly cells: Readonly<Record<string, ExpectedValue>>;
  readonly text_facts: Readonly<Partial<Record<TextFactKey, number>>>;
}

/** Text the corpus convention counts as "not applicable" even where the parser kept it as text. */
const NA_TEXT = new Set(['/', '-', '—', '－', '／', '无', '——']);

function cellValue(c: Cell): ExpectedValue {
  const raw = c.raw.trim();
  if (cellDef(c.key)?.kind === 'money_in_cell' && c.semantic === 'number') return { raw, yuan: c.valueYuan ?? null };
  switch (c.semantic) {
    case 'number':
      return c.value;
    case 'blank':
      return null;
    case 'na':
      return 'na';
    case 'text':
      return NA_TEXT.has(raw) ? 'na' : raw;
  }
}

/**
 * The expected-shaped JSON of one report. `id`, `agency` and `year` come from the caller (the
 * resolved identity), since the manifest may know them better than the document.
 */
export function reportToExpectedJson(report: Report, who: { id: string; agency: string | null; year: number | null }): ExpectedJson {
  const cells: Record<string, ExpectedValue> = {};
  for (const c of report.cells) {
    if (c.derived === true || c.key in cells) continue;
    cells[c.key] = cellValue(c);
  }
  const facts: Partial<Record<TextFactKey, number>> = {};
  for (const f of report.textFacts) facts[f.key] ??= f.value;
  return { id: who.id, template: report.meta.template, year: who.year, agency: who.agency, cells, text_facts: facts };
}

export interface ExpectedDiff {
  /** Keys the truth lists that the parser did not emit. */
  readonly missing: readonly string[];
  /** Keys the parser emitted that the truth does not list (cells not visible in the source). */
  readonly extra: readonly string[];
  readonly wrong: readonly { readonly key: string; readonly expected: ExpectedValue; readonly got: ExpectedValue }[];
  /** Text facts that differ or are missing on either side. */
  readonly facts: readonly { readonly key: string; readonly expected: number | null; readonly got: number | null }[];
}

const same = (a: ExpectedValue, b: ExpectedValue): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Cell-by-cell comparison of parser output with a hand-checked file (both expected-shaped;
 * `expected` may lack `text_facts`, as some truth files do).
 */
export function diffExpectedJson(
  got: Pick<ExpectedJson, 'cells' | 'text_facts'>,
  expected: { readonly cells: Readonly<Record<string, ExpectedValue>>; readonly text_facts?: Readonly<Partial<Record<string, number>>> },
): ExpectedDiff {
  const missing: string[] = [];
  const wrong: { key: string; expected: ExpectedValue; got: ExpectedValue }[] = [];
  for (const [key, want] of Object.entries(expected.cells)) {
    if (!(key in got.cells)) missing.push(key);
    else if (!same(got.cells[key] ?? null, want)) wrong.push({ key, expected: want, got: got.cells[key] ?? null });
  }
  const extra = Object.keys(got.cells).filter((k) => !(k in expected.cells));
  const facts: { key: string; expected: number | null; got: number | null }[] = [];
  const wantFacts: Readonly<Partial<Record<string, number>>> = expected.text_facts ?? {};
  const gotFacts: Readonly<Partial<Record<string, number>>> = got.text_facts;
  for (const key of [...new Set([...Object.keys(wantFacts), ...Object.keys(gotFacts)])].sort()) {
    const e = wantFacts[key] ?? null;
    const g = gotFacts[key] ?? null;
    if (e !== g) facts.push({ key, expected: e, got: g });
  }
  return { missing, extra, wrong, facts };
}
