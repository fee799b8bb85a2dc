/**
 * `npm run corpus:synthetic -- --agencies N --years 2019-2025 --seed S --out <dir> [--violation-rate 0.02]`:
 * writes a synthetic corpus (every report labelled synthetic) in the schema of the real one, plus
 * `violations.csv`, the inserted rule violations. See docs/synthetic.md.
 */
import { parseArgs } from 'node:util';
import { packageVersion } from '../corpus/node';
import { writeSyntheticCorpus } from '../synthetic/write';

/** Reports from which the CSV files are gzip-compressed unless `--csv plain` says otherwise. */
const GZIP_FROM = 200_000;

const USAGE =
  '用法 / usage: npm run corpus:synthetic -- --agencies <N> --out <dir> [--years 2019-2025] [--seed <S>] [--violation-rate 0.02] [--jobs N] [--csv plain|gzip] [--no-render-hash] [--quiet]\n';

/** `2019-2025`, `2021` or `2019,2021,2023`. */
export function parseYears(s: string): number[] | null {
  const range = /^(\d{4})\s*-\s*(\d{4})$/.exec(s.trim());
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (a > b) return null;
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const list = s.split(',').map((x) => x.trim());
  if (list.some((x) => !/^\d{4}$/.test(x))) return null;
  return [...new Set(list.map(Number))].sort((x, y) => x - y);
}

async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        agencies: { type: 'string' },
        years: { type: 'string', default: '2019-2025' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string' },
        'violation-rate': { type: 'string', default: '0.02' },
        chunk: { type: 'string', default: '1000' },
        'no-render-hash': { type: 'boolean', default: false },
        csv: { type: 'string' },
        jobs: { type: 'string', default: '1' },
        quiet: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`参数错误 / bad arguments: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  const agencies = Number(values.agencies);
  const years = parseYears(values.years);
  const rate = Number(values['violation-rate']);
  const chunk = Number(values.chunk);
  const jobs = Number(values.jobs);
  const problems: string[] = [];
  if (!Number.isInteger(agencies) || agencies < 1) problems.push('--agencies 应为正整数 / must be a positive integer');
  if (years === null || years.some((y) => y < 2019 || y > 2030)) problems.push('--years 应为 2019–2030 内的年份，如 2019-2025 / must be years in 2019–2030, e.g. 2019-2025');
  if (!(rate >= 0 && rate <= 1)) problems.push('--violation-rate 应在 0 与 1 之间 / must be between 0 and 1');
  if (!Number.isInteger(chunk) || chunk < 1) problems.push('--chunk 应为正整数 / must be a positive integer');
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) problems.push('--jobs 应为 1–64 / must be 1–64');
  if (values.out === undefined || values.out === '') problems.push('缺少 --out / --out is required');
  if (values.csv !== undefined && values.csv !== 'plain' && values.csv !== 'gzip') problems.push('--csv 应为 plain 或 gzip / must be plain or gzip');
  if (problems.length > 0 || years === null || values.out === undefined) {
    process.stderr.write(`${problems.map((p) => `✗ ${p}`).join('\n')}\n${USAGE}`);
    return 2;
  }
  const total = agencies * years.length;
  const quiet = values.quiet;
  // Plain CSV of a national-scale run would take tens of gigabytes (≈ 60 kB per report): compress from 200,000 reports up.
  const csv = values.csv === 'plain' || values.csv === 'gzip' ? values.csv : total > GZIP_FROM ? 'gzip' : 'plain';
  let lastShown = 0;
  let summary;
  try {
    summary = await writeSyntheticCorpus({
      agencies,
      years,
      seed: values.seed,
      violationRate: rate,
      out: values.out,
      chunk,
      csv,
      jobs,
      renderHash: !values['no-render-hash'],
      generator: { name: 'disclosure-atlas corpus:synthetic', version: packageVersion() },
      onProgress: (done) => {
        if (quiet || !process.stderr.isTTY) return;
        const now = Date.now();
        if (now - lastShown < 500 && done < total) return;
        lastShown = now;
        process.stderr.write(`\r生成 / generating ${String(done)}/${String(total)}`);
      },
    });
  } catch (e) {
    process.stderr.write(`\n✗ 写入合成语料失败 / writing the synthetic corpus failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (!quiet && process.stderr.isTTY) process.stderr.write('\n');
  const s = summary;
  const perSec = s.reports / Math.max(s.seconds.generate, 1e-9);
  process.stdout.write(
    [
      `✓ 合成语料 / synthetic corpus → ${values.out}`,
      `  报告 / reports ${String(s.reports)}, 机构 / agencies ${String(s.agencies)}, 年度 / years ${years.join(',')}`,
      `  单元格 / cells ${String(s.rows.cells ?? 0)}, 检查 / checks ${String(s.rows.checks ?? 0)}`,
      `  违规 / violations ${String(s.violations)} (${((100 * s.violations) / Math.max(1, s.reports)).toFixed(2)} %): ${Object.entries(s.violationsByRule).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`,
      ...(s.unplanned > 0 ? [`  ⚠ 非有意的检查失败 / unplanned failures ${String(s.unplanned)} (listed in violations.csv)`] : []),
      `  用时 / time: 生成+CSV / generate+CSV ${s.seconds.generate.toFixed(1)} s (${perSec.toFixed(0)} reports/s), Parquet ${s.seconds.parquet.toFixed(1)} s`,
      '',
    ].join('\n'),
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
