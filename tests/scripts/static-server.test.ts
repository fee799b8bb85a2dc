import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byteRange, serveStatic, type StaticServer } from '../../scripts/static-server';

describe('byteRange', () => {
  it('reads first-last, open-ended and suffix ranges, clamped to the file', () => {
    expect(byteRange('bytes=0-9', 100)).toEqual([0, 9]);
    expect(byteRange('bytes=90-', 100)).toEqual([90, 99]);
    expect(byteRange('bytes=-10', 100)).toEqual([90, 99]);
    expect(byteRange('bytes=95-200', 100)).toEqual([95, 99]);
  });
  it('refuses ranges it cannot satisfy or parse', () => {
    expect(byteRange('bytes=100-', 100)).toBeNull();
    expect(byteRange('bytes=9-3', 100)).toBeNull();
    expect(byteRange('bytes=-', 100)).toBeNull();
    expect(byteRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(byteRange('items=0-1', 100)).toBeNull();
  });
});

describe('serveStatic', () => {
  let dir: string;
  let server: StaticServer;
  const body = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'static-server-'));
    mkdirSync(join(dir, 'app'));
    mkdirSync(join(dir, 'corpus'));
    writeFileSync(join(dir, 'app', 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dir, 'app', 'secret.txt'), 'app file');
    writeFileSync(join(dir, 'corpus', 'blob.bin'), body);
    writeFileSync(join(dir, 'corpus', 'manifest.json'), JSON.stringify({ tables: {}, database: { path: 'corpus.duckdb' } }));
    server = await serveStatic(join(dir, 'app'), {
      mounts: { '/data/': join(dir, 'corpus') },
      transformJson: { '/data/manifest.json': (m) => ({ ...m, database: undefined, rewritten: true }) },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html for a folder, with its type', async () => {
    const r = await fetch(`${server.origin}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(await r.text()).toContain('<title>app</title>');
  });

  it('answers 404 for a missing file instead of falling back to the page', async () => {
    const r = await fetch(`${server.origin}/data/nope.parquet`);
    expect(r.status).toBe(404);
  });

  it('serves a mounted folder under its prefix, not the app root', async () => {
    const whole = await fetch(`${server.origin}/data/blob.bin`);
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(body);
    expect((await fetch(`${server.origin}/data/secret.txt`)).status).toBe(404);
  });

  it('answers a byte range with 206 and exactly those bytes, and an impossible one with 416', async () => {
    const r = await fetch(`${server.origin}/data/blob.bin`, { headers: { range: 'bytes=10-19' } });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe('bytes 10-19/256');
    expect([...new Uint8Array(await r.arrayBuffer())]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const bad = await fetch(`${server.origin}/data/blob.bin`, { headers: { range: 'bytes=300-' } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe('bytes */256');
  });

  it('answers HEAD with the size and no body, and counts only bytes it sent', async () => {
    const before = server.bytesServed();
    const r = await fetch(`${server.origin}/data/blob.bin`, { method: 'HEAD' });
    expect(r.headers.get('content-length')).toBe('256');
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(server.bytesServed()).toBe(before);
    await (await fetch(`${server.origin}/data/blob.bin`, { headers: { range: 'bytes=0-99' } })).arrayBuffer();
    expect(server.bytesServed()).toBe(before + 100);
  });

  it('rewrites a JSON file it was told to transform', async () => {
    const m = (await (await fetch(`${server.origin}/data/manifest.json`)).json()) as Record<string, unknown>;
    expect(m.rewritten).toBe(true);
    expect(m.database).toBeUndefined();
  });

  it('refuses paths that climb out of the served folder', async () => {
    // fetch normalises `..` away, so send the encoded form a hostile client could.
    const r = await fetch(`${server.origin}/data/%2e%2e%2fapp%2fsecret.txt`);
    expect(r.status).toBe(403);
    expect(await r.text()).not.toContain('app file');
  });

  it('without ranges, answers a ranged request with the whole file and advertises no ranges', async () => {
    const seen: string[] = [];
    const plain = await serveStatic(join(dir, 'app'), { mounts: { '/data/': join(dir, 'corpus') }, ranges: false, onRequest: (m, p, r) => seen.push(`${m} ${p} ${r ?? '-'}`) });
    try {
      const r = await fetch(`${plain.origin}/data/blob.bin`, { headers: { range: 'bytes=10-19' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('accept-ranges')).toBeNull();
      expect((await r.arrayBuffer()).byteLength).toBe(256);
      expect(seen).toEqual(['GET /data/blob.bin bytes=10-19']);
    } finally {
      await plain.close();
    }
  });
});
