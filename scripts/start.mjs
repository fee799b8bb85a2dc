// `npm start`: build what is missing (default corpus, dist/), then serve the production build on
// http://127.0.0.1:$PORT (default 4173) with vite preview. dist/ alone also works from any static server.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, ensureBuilt, ensureCorpus } from './build-lib.mjs';

const port = process.env.PORT ?? '4173';
if (!/^\d{1,5}$/.test(port)) {
  console.error(`[start] PORT must be a number, got "${port}"`);
  process.exit(2);
}

try {
  ensureCorpus(REPO_ROOT);
  ensureBuilt(REPO_ROOT);
} catch (e) {
  console.error(`[start] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

console.log(`[start] serving dist/ on http://127.0.0.1:${port}/`);
const child = spawn(
  process.execPath,
  [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort'],
  { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, PORT: port } },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
