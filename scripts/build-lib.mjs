// Build helpers shared by `npm start` (scripts/start.mjs) and the end-to-end tests:
// decide whether dist/ is stale, build it, and embed the default corpus (data/) in it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What a production build depends on; a change to any of them makes dist/ stale. */
const BUILD_INPUTS = ['src', 'public', 'data', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/**
 * Written into dist/ by every build (the corpus plugin, scripts/vite-plugin-corpus.mjs): the
 * NODE_ENV it ran with. Vite keeps a NODE_ENV it inherits, and a test runner sets NODE_ENV=test,
 * which gave React's development build (slower: a province filter at 105k reports took 403–406 ms on
 * it, 327–370 ms on the production build) to the end-to-end tests and to any benchmark that reused
 * their dist/. A dist/ whose stamp is missing or says otherwise is rebuilt by `ensureBuilt`.
 */
const BUILD_STAMP = '.atlas-build.json';
const BUILD_ENV = 'production';

/** Records in the build's output folder the NODE_ENV the build ran with. */
export function writeBuildStamp(outDir, nodeEnv = process.env.NODE_ENV) {
  writeFileSync(join(outDir, BUILD_STAMP), `${JSON.stringify({ nodeEnv: nodeEnv ?? null })}\n`);
}

/** The NODE_ENV the current dist/ was built with, or null when unknown. */
function builtWith(root) {
  try {
    const v = JSON.parse(readFileSync(join(root, 'dist', BUILD_STAMP), 'utf8')).nodeEnv;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Why dist/ must be (re)built, or null when it is up to date. */
export function buildReason(root = REPO_ROOT) {
  const stamp = join(root, 'dist', 'index.html');
  if (!existsSync(stamp)) return 'dist/ is missing';
  if (existsSync(join(root, 'data', 'manifest.json')) && !existsSync(join(root, 'dist', 'data', 'manifest.json'))) {
    return 'dist/ lacks the default corpus';
  }
  const built = statSync(stamp).mtimeMs;
  if (builtWith(root) !== BUILD_ENV) return `dist/ is not known to be a ${BUILD_ENV} build`;
  for (const input of BUILD_INPUTS) {
    if (newestMtime(join(root, input)) > built) return `${input} changed since the last build`;
  }
  return null;
}

function run(cmd, args, root, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status ?? r.signal}`);
}

/** Builds the default corpus when data/ has none and the corpus CLI exists. */
export function ensureCorpus(root = REPO_ROOT) {
  if (existsSync(join(root, 'data', 'manifest.json'))) return false;
  if (!existsSync(join(root, 'src', 'cli', 'corpus-build.ts'))) {
    console.warn('[start] data/manifest.json is missing and the corpus CLI is not available: the app will start without a default corpus.');
    return false;
  }
  console.log('[start] building the default corpus (npm run corpus:build)…');
  run(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/corpus-build.ts'], root);
  return true;
}

/**
 * Copies data/ into the build's output folder (dist/ unless a build says otherwise) as data/, so the
 * built app carries its default corpus and works from any static web server (the app fetches
 * `./data/manifest.json` relative to the page). Every `vite build` does it (the corpus plugin).
 */
export function embedCorpus(root = REPO_ROOT, outDir = join(root, 'dist')) {
  const src = join(root, 'data');
  const dest = join(outDir, 'data');
  rmSync(dest, { recursive: true, force: true });
  if (!existsSync(join(src, 'manifest.json'))) return false;
  mkdirSync(dest, { recursive: true });
  cpSync(src, dest, { recursive: true });
  return true;
}

/** Builds dist/ when it is missing or stale; returns the reason it was built, or null. */
export function ensureBuilt(root = REPO_ROOT, { force = false } = {}) {
  const reason = force ? 'forced' : buildReason(root);
  if (reason === null) return null;
  console.log(`[start] building dist/ (${reason})…`);
  // The corpus plugin embeds data/ and writes the build stamp when the bundle is written.
  run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], root, { ...process.env, NODE_ENV: BUILD_ENV });
  return reason;
}
