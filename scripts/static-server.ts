/**
 * A plain static file server for the e2e tests and the browser benchmark: serves a built `dist/`
 * like nginx would (real 404s, unlike vite preview's HTML fallback), answers HEAD and single
 * `Range: bytes=a-b` requests (DuckDB-WASM reads an attached database file by ranges), can mount
 * another folder under a URL prefix (a benchmark corpus as `/data/`), and can rewrite a JSON file
 * on the way out (the benchmark hides the manifest's `database` entry to force the Parquet path).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.parquet': 'application/octet-stream',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticServerOptions {
  /** URL prefix (e.g. `/data/`) → folder served under it instead of from `root`. */
  readonly mounts?: Readonly<Record<string, string>>;
  /** URL path (e.g. `/data/manifest.json`) → rewrite of that JSON file's parsed content. */
  readonly transformJson?: Readonly<Record<string, (json: Record<string, unknown>) => Record<string, unknown>>>;
  /** False: behave like a server without byte ranges (ignore `Range`, no `accept-ranges`). Default true. */
  readonly ranges?: boolean;
  /** Called for every request (method, URL path, `Range` header or null): what a test inspects. */
  readonly onRequest?: (method: string, path: string, range: string | null) => void;
}

export interface StaticServer {
  readonly origin: string;
  /** Body bytes sent so far (ranges count what they sent). */
  readonly bytesServed: () => number;
  readonly close: () => Promise<void>;
}

/** `[start, end]` (inclusive) of a single `bytes=` range over `size` bytes; null when unsatisfiable. */
export function byteRange(header: string, size: number): [number, number] | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  const start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] !== '' && m[2] !== '' ? Math.min(size - 1, Number(m[2])) : size - 1;
  return start > end || start >= size ? null : [start, end];
}

/** Serves `root` on 127.0.0.1 at a free port. */
export async function serveStatic(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const mounts = Object.entries(options.mounts ?? {}).map(([prefix, dir]) => ({ prefix: prefix.endsWith('/') ? prefix : `${prefix}/`, base: resolve(dir) }));
  const appBase = resolve(root);
  let served = 0;
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    options.onRequest?.(req.method ?? 'GET', path, req.headers.range ?? null);
    const mount = mounts.find((m) => path.startsWith(m.prefix));
    const base = mount?.base ?? appBase;
    let file = normalize(join(base, mount ? path.slice(mount.prefix.length - 1) : path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const transform = options.transformJson?.[path];
    if (transform) {
      const body = JSON.stringify(transform(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>));
      res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      if (req.method !== 'HEAD') served += Buffer.byteLength(body);
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const size = statSync(file).size;
    const header = req.headers.range;
    const ranges = options.ranges ?? true;
    if (header !== undefined && ranges) {
      const range = byteRange(header, size);
      if (!range) {
        res.writeHead(416, { 'content-range': `bytes */${String(size)}` }).end();
        return;
      }
      const [start, end] = range;
      res.writeHead(206, { 'content-type': type, 'content-length': end - start + 1, 'content-range': `bytes ${String(start)}-${String(end)}/${String(size)}`, 'accept-ranges': 'bytes' });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      served += end - start + 1;
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { 'content-type': type, 'content-length': size, ...(ranges ? { 'accept-ranges': 'bytes' } : {}) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    served += size;
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${String(port)}`,
    bytesServed: () => served,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => {
          ok();
        });
      }),
  };
}
