// Vite plugin (for vite.config.ts): serves pdf.js' CJK character maps and standard fonts from the
// app's own origin, so the import worker reads Chinese PDFs offline. A build emits them as
// dist/pdfjs/cmaps/ and dist/pdfjs/standard_fonts/; the dev server answers /pdfjs/… from node_modules.
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';

/** Where the assets come from (inside pdfjs-dist) and where they go (relative to the app's base). */
export const PDFJS_ASSET_DIRS = ['cmaps', 'standard_fonts'];
export const PDFJS_BASE = 'pdfjs';

function pdfjsRoot() {
  return dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
}

/** @returns {import('vite').Plugin} */
export function pdfjsAssetsPlugin() {
  const root = pdfjsRoot();
  return {
    name: 'disclosure-atlas:pdfjs-assets',
    configureServer(server) {
      server.middlewares.use(`/${PDFJS_BASE}`, (req, res, next) => {
        const rel = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
        const dir = PDFJS_ASSET_DIRS.find((d) => rel.startsWith(`/${d}/`));
        const file = dir === undefined ? '' : normalize(join(root, rel));
        if (dir === undefined || !file.startsWith(join(root, dir) + sep) || !existsSync(file) || statSync(file).isDirectory()) {
          res.statusCode = 404;
          res.end('not found');
          return;
        }
        res.setHeader('content-type', 'application/octet-stream');
        createReadStream(file).on('error', next).pipe(res);
      });
    },
    generateBundle() {
      for (const dir of PDFJS_ASSET_DIRS) {
        for (const name of readdirSync(join(root, dir)).sort()) {
          const path = join(root, dir, name);
          if (!statSync(path).isFile()) continue;
          this.emitFile({ type: 'asset', fileName: `${PDFJS_BASE}/${dir}/${name}`, source: readFileSync(path) });
        }
      }
    },
  };
}
