/**
 * `npm run ingest -- <files or folders...> --out <dir> [--meta <csv>] [--json <dir>] [--strict]`:
 * parse every report found, run the checks, write the corpus. Kept apart from the entry file so
 * tests can run it in-process with their own output streams.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { buildCorpus, expectedJsonFiles, writeCorpusFiles, type BuildResult, type Engine } from '../corpus/build';
import { diffExpectedJson, reportToExpectedJson, type ExpectedValue } from '../corpus/expected-json';
import { parseMetaCsv, type MetaIndex } from '../corpus/meta';
import { collectInputs, packageVersion, writeFiles } from '../corpus/node';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (text: string) => void;
  /** A progress bar redrawn in place instead of a line every N files. */
  readonly tty: boolean;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (text) => process.stderr.write(text),
  tty: process.stderr.isTTY,
};

export const USAGE = `用法 / usage:
  npm run ingest -- <文件或文件夹 files or folders...> --out <目录 dir> [选项 options]

  --out <dir>        语料输出目录 / corpus output folder (Parquet + CSV + manifest.json)
  --meta <csv>       元数据表（列同 manifest.csv）/ metadata CSV (columns of manifest.csv)
  --json <dir>       另为每份报告写一个 expected 格式的 JSON / also write one expected-shaped JSON per report
  --compare <dir>    与人工核对的 expected/<id>.json 逐格比较 / diff each report against hand-checked expected/<id>.json
  --strict           任一文件失败即以非零状态退出 / exit non-zero when any file fails
  --synthetic        标记为合成数据 / mark the reports as synthetic
  --progress-every N 每 N 个文件报告一次进度（非终端）/ progress line every N files when not a terminal (default 25)
  --quiet            不显示进度 / no progress output
`;

/** Arguments after parseArgs; zod turns shape errors into one message. */
export const IngestArgs = z.object({
  inputs: z.array(z.string().min(1)).min(1, { message: 'no input files or folders / 未指定输入文件或文件夹' }),
  out: z.string({ message: '--out is required / 必须指定 --out' }).min(1),
  meta: z.string().min(1).optional(),
  json: z.string().min(1).optional(),
  compare: z.string().min(1).optional(),
  strict: z.boolean().default(false),
  synthetic: z.boolean().default(false),
  quiet: z.boolean().default(false),
  progressEvery: z.coerce.number().int().positive().default(25),
  help: z.boolean().default(false),
});
export type IngestArgs = z.infer<typeof IngestArgs>;

/** Parses argv (without `node` and the script); returns a bilingual message on bad input. */
export function parseIngestArgs(argv: readonly string[]): { ok: true; args: IngestArgs } | { ok: false; message: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        meta: { type: 'string' },
        json: { type: 'string' },
        compare: { type: 'string' },
        strict: { type: 'boolean' },
        synthetic: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        'progress-every': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return { ok: false, message: `参数错误 / bad arguments: ${e instanceof Error ? e.message : String(e)}` };
  }
  const v = parsed.values;
  if (v.help === true) return { ok: true, args: IngestArgs.parse({ inputs: ['-'], out: '-', help: true }) };
  const r = IngestArgs.safeParse({
    inputs: parsed.positionals,
    out: v.out,
    meta: v.meta,
    json: v.json,
    compare: v.compare,
    strict: v.strict,
    synthetic: v.synthetic,
    quiet: v.quiet,
    progressEvery: v['progress-every'],
  });
  if (!r.success) return { ok: false, message: `参数错误 / bad arguments: ${r.error.issues.map((i) => i.message).join('; ')}` };
  return { ok: true, args: r.data };
}

function progressReporter(io: CliIo, args: IngestArgs): ((done: number, total: number, file: string) => void) | undefined {
  if (args.quiet) return undefined;
  if (io.tty) {
    return (done, total, file) => {
      const width = 30;
      const filled = Math.round((done / total) * width);
      io.err(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${file.slice(-40).padEnd(40)}${done === total ? '\n' : ''}`);
    };
  }
  return (done, total) => {
    if (done % args.progressEvery === 0 || done === total) io.err(`进度 / progress: ${done}/${total}\n`);
  };
}

/** Reads and validates the meta CSV; bad rows are reported and skipped. */
function loadMeta(path: string, io: CliIo): MetaIndex | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    io.err(`✗ 无法读取元数据表 / cannot read the metadata CSV ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  }
  const { index, problems } = parseMetaCsv(text);
  for (const p of problems) io.err(`! 元数据表第 ${p.row} 行已跳过 / metadata row ${p.row} skipped: ${p.message}\n`);
  return index;
}

const TruthFile = z.object({
  cells: z.record(z.string(), z.union([z.number(), z.string(), z.null(), z.object({ raw: z.string(), yuan: z.number().nullable() })])),
  text_facts: z.record(z.string(), z.number()).optional(),
});

/** Prints, per report with a truth file in `dir`, how many of its cells match, then a total. */
function compareWithTruth(result: BuildResult, dir: string, io: CliIo): void {
  let total = 0;
  let ok = 0;
  for (const p of result.reports) {
    const path = join(dir, `${p.identity.reportId}.json`);
    if (!existsSync(path)) continue;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      json = null;
    }
    const truth = TruthFile.safeParse(json);
    if (!truth.success) {
      io.err(`! ${path}: 不是 expected 格式 / not an expected-shaped file\n`);
      continue;
    }
    const cells: Record<string, ExpectedValue> = truth.data.cells;
    const d = diffExpectedJson(reportToExpectedJson(p.report, { id: p.identity.reportId, agency: p.identity.agencyName, year: p.identity.year }), { cells, ...(truth.data.text_facts ? { text_facts: truth.data.text_facts } : {}) });
    const n = Object.keys(cells).length;
    const good = n - d.missing.length - d.wrong.length;
    total += n;
    ok += good;
    const detail = [
      d.missing.length > 0 ? `缺 missing ${d.missing.length}` : '',
      d.wrong.length > 0 ? `错 wrong ${d.wrong.length} (${d.wrong.slice(0, 3).map((w) => `${w.key}: ${JSON.stringify(w.got)} ≠ ${JSON.stringify(w.expected)}`).join('; ')})` : '',
      d.extra.length > 0 ? `多 extra ${d.extra.length}` : '',
      d.facts.length > 0 ? `正文数字 facts ${d.facts.map((f) => `${f.key}: ${String(f.got)} ≠ ${String(f.expected)}`).join('; ')}` : '',
    ].filter((x) => x !== '');
    io.out(`${p.identity.reportId}: ${good}/${n}${detail.length > 0 ? ' · ' + detail.join(' · ') : ''}`);
  }
  io.out(`核对 / compared: ${ok}/${total} 个单元格一致 / cells match`);
}

/**
 * Runs a batch and returns the exit code: 0 on success, 1 when nothing parsed or (with
 * `--strict`) when any file failed, 2 on bad arguments.
 */
export async function runIngest(argv: readonly string[], engine: Engine, io: CliIo = processIo): Promise<number> {
  const a = parseIngestArgs(argv);
  if (!a.ok) {
    io.err(`${a.message}\n\n${USAGE}`);
    return 2;
  }
  const args = a.args;
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  let meta: MetaIndex | undefined;
  if (args.meta !== undefined) {
    const m = loadMeta(args.meta, io);
    if (m === null) return 2;
    meta = m;
  }

  const { files, missing } = collectInputs(args.inputs);
  for (const m of missing) io.err(`✗ ${m}: 找不到该文件或文件夹 / no such file or folder\n`);
  const onProgress = progressReporter(io, args);
  const result = await buildCorpus(files, engine, { ...(meta ? { meta } : {}), synthetic: args.synthetic, ...(onProgress ? { onProgress } : {}) });

  for (const f of result.failures) io.err(`✗ ${f.file} [${f.code}] ${f.message.zh} / ${f.message.en}\n`);

  const { files: outFiles } = writeCorpusFiles(result, { name: 'disclosure-atlas', version: packageVersion() });
  try {
    writeFiles(args.out, outFiles);
    if (args.json !== undefined) {
      const json = new Map<string, string>();
      for (const [name, doc] of expectedJsonFiles(result)) json.set(name, JSON.stringify(doc, null, 1) + '\n');
      writeFiles(args.json, json);
    }
  } catch (e) {
    io.err(`✗ 无法写出语料 / cannot write the corpus: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }

  if (args.compare !== undefined) compareWithTruth(result, args.compare, io);

  const failed = result.failures.length + missing.length;
  const checksFailed = result.tables.checks.filter((c) => c.status === 'fail').length;
  io.out(
    `已解析 ${result.reports.length}/${result.inputs} 个文件，失败 ${failed} 个，检查未通过 ${checksFailed} 项 → ${args.out}\n` +
      `parsed ${result.reports.length} of ${result.inputs} files, ${failed} failed, ${checksFailed} checks failed → ${args.out}`,
  );
  if (result.reports.length === 0) {
    io.err('✗ 没有解析出任何报告 / no report was parsed\n');
    return 1;
  }
  return args.strict && failed > 0 ? 1 : 0;
}
