// Vite plugin (for vite.config.ts): embeds the default corpus (data/) in every build as dist/data/ and
// serves it at ./data/ in dev, so `vite build` alone yields a dist/ that works from any static server.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import { REPO_ROOT, embedCorpus, writeBuildStamp } from './build-lib.mjs';

/** @returns {import('vite').Plugin} */
export function corpusPlugin(root = REPO_ROOT) {
  const dataDir = resolve(root, 'data');
  let outDir = join(root, 'dist');
  return {
    name: 'disclosure-atlas:corpus',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use('/data', (req, res, next) => {
        const file = normalize(join(dataDir, decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')));
        if (!file.startsWith(dataDir + sep) || !existsSync(file) || statSync(file).isDirectory()) {
          res.statusCode = 404;
          res.end('not found');
          return;
        }
        createReadStream(file).on('error', next).pipe(res);
      });
    },
    closeBundle() {
      embedCorpus(root, outDir);
      writeBuildStamp(outDir);
    },
  };
}
