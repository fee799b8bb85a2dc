import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectInputs, isSavedPageAssets, writeFiles } from '../../src/corpus/node';

const root = mkdtempSync(join(tmpdir(), 'atlas-node-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function touch(rel: string, text = 'x'): string {
  const p = join(root, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

describe('collectInputs', () => {
  touch('a/2020/r1.txt', 'one');
  touch('a/2020/r2.HTML');
  touch('a/2021/r3.docx');
  touch('a/notes.csv');
  touch('a/.hidden/r4.txt');
  touch('b/r1.txt', 'other one');
  touch('c/a/x.md');
  touch('c/a/2020/r1.txt', 'same name, other folder');
  // A saved page: its _files folder holds frames and assets, not reports; a _files folder without its page is walked.
  touch('d/年报.html', '<html></html>');
  touch('d/年报_files/frame.htm', '<html>site chrome</html>');
  touch('d/年报_files/style.css');
  touch('d/other_files/r5.txt');

  it('walks one folder recursively, in name order, with report extensions only', () => {
    const { files, missing } = collectInputs([join(root, 'a')]);
    expect(missing).toEqual([]);
    expect(files.map((f) => f.relPath)).toEqual(['2020/r1.txt', '2020/r2.HTML', '2021/r3.docx']);
    expect(new TextDecoder().decode(files[0]!.bytes)).toBe('one');
  });

  it('skips the asset folder a browser saves beside a page, and only that', () => {
    expect(collectInputs([join(root, 'd')]).files.map((f) => f.relPath)).toEqual(['other_files/r5.txt', '年报.html']);
    expect(isSavedPageAssets('page_files', new Set(['page.htm']))).toBe(true);
    expect(isSavedPageAssets('Page.files', new Set(['page.html']))).toBe(true);
    expect(isSavedPageAssets('page_files', new Set(['other.html']))).toBe(false);
    expect(isSavedPageAssets('files', new Set(['.html']))).toBe(false);
  });

  it('prefixes folder names when given several, names a file argument by its base name, and skips repeats', () => {
    const { files, missing } = collectInputs([join(root, 'a'), join(root, 'b'), join(root, 'b', 'r1.txt'), join(root, 'a', 'notes.csv'), join(root, 'nope')]);
    expect(files.map((f) => f.relPath)).toEqual(['a/2020/r1.txt', 'a/2020/r2.HTML', 'a/2021/r3.docx', 'b/r1.txt', 'notes.csv']);
    expect(missing).toEqual([join(root, 'nope')]);
  });

  it('keeps names distinct when two folders share a name', () => {
    const { files } = collectInputs([join(root, 'a'), join(root, 'c', 'a')]);
    expect(files.map((f) => f.relPath)).toEqual(['a/2020/r1.txt', 'a/2020/r2.HTML', 'a/2021/r3.docx', 'a#2/2020/r1.txt', 'a/x.md']);
    expect(new TextDecoder().decode(files[3]!.bytes)).toBe('same name, other folder');
  });
});

describe('writeFiles', () => {
  it('creates folders and writes bytes and text', () => {
    const out = join(root, 'out', 'deep');
    writeFiles(out, new Map<string, Uint8Array | string>([['x/a.bin', new Uint8Array([1, 2, 3])], ['b.txt', '政府']]));
    expect([...readFileSync(join(out, 'x', 'a.bin'))]).toEqual([1, 2, 3]);
    expect(readFileSync(join(out, 'b.txt'), 'utf8')).toBe('政府');
  });
});
