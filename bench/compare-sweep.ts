/**
 * `npm run bench:compare`: Compare's ranked statement (`compareRankedSql`) for every metric of the
 * catalogue, every dimension and both orders, timed in native DuckDB over a built corpus. The
 * browser benchmark's script switches to one metric by agency; a reader may pick any, and a rate
 * or a figure that ties for most agencies takes another path (bench/SCALE.md, round 20). Prints
 * each statement's median and the slowest; not recorded in bench/results.json.
 *
 *   npm run bench:compare -- --corpus <dir with corpus.duckdb> [--threads 1] [--repeats 3]
 *                            [--dims agency,city,province,agency_type] [--orders desc,asc] [--json <file>]
 *
 * One thread by default: the page's engine has one. The page is 2–2.5× slower than this (the
 * wasm/native ratio of `npm run bench`).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { COMPARE_CAPS, COMPARE_DIMENSIONS, compareRankedSql, type CompareDimension, type RankOrder } from '../src/queries/compare';
import { EMPTY_FILTERS } from '../src/queries/filters';
import { METRICS } from '../src/queries/metrics';
import { timeNative } from './native';

export interface SweepCase {
  readonly metric: string;
  readonly dimension: CompareDimension;
  readonly order: RankOrder;
  readonly sql: string;
}

/** Every metric × dimension × order, the statement the Compare view runs for its table cap and no filter. */
export function sweepCases(dims: readonly CompareDimension[], orders: readonly RankOrder[]): SweepCase[] {
  return METRICS.flatMap((m) => dims.flatMap((dimension) => orders.map((order) => ({
    metric: m.id, dimension, order, sql: compareRankedSql(m.id, dimension, EMPTY_FILTERS, { limit: COMPARE_CAPS.table, order }),
  }))));
}

/** The list option `value` (comma-separated) as members of `allowed`; throws on anything else. */
export function listOption<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T[] {
  if (value === undefined) return [...allowed];
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (items.length === 0 || bad.length > 0) throw new Error(`--${name}: ${bad.join(', ') || '(empty)'} (one or more of ${allowed.join(', ')})`);
  return items as T[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { corpus: { type: 'string' }, threads: { type: 'string' }, repeats: { type: 'string' }, dims: { type: 'string' }, orders: { type: 'string' }, json: { type: 'string' } },
    strict: true,
  });
  if (values.corpus === undefined) throw new Error('--corpus <dir> is required (a corpus folder with corpus.duckdb, e.g. from `npm run bench`)');
  const threads = Number(values.threads ?? 1);
  const repeats = Number(values.repeats ?? 3);
  if (!Number.isInteger(threads) || threads < 1 || !Number.isInteger(repeats) || repeats < 1) throw new Error('--threads and --repeats take whole numbers ≥ 1');
  const dims = listOption('dims', values.dims, COMPARE_DIMENSIONS);
  const orders = listOption<RankOrder>('orders', values.orders, ['desc', 'asc']);
  const cases = sweepCases(dims, orders);
  const timed = await timeNative(values.corpus, cases.map((c) => c.sql), threads, repeats);
  const rows = cases.map((c, i) => ({ metric: c.metric, dimension: c.dimension, order: c.order, native_ms: Math.round((timed[i]?.native_ms ?? Number.NaN) * 10) / 10 }));
  const table: Record<string, Record<string, number>> = {};
  for (const r of rows) (table[r.metric] ??= {})[`${r.dimension} ${r.order}`] = r.native_ms;
  console.table(table);
  const sorted = [...rows].sort((a, b) => b.native_ms - a.native_ms);
  console.log(`${String(rows.length)} statements, ${String(threads)} thread(s), median of ${String(repeats)} warm runs each; slowest:`);
  for (const r of sorted.slice(0, 5)) console.log(`  ${r.native_ms.toFixed(1).padStart(8)} ms  ${r.metric} by ${r.dimension}, ${r.order}`);
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify({ corpus: values.corpus, threads, repeats, rows }, null, 2) + '\n');
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
