import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectInputs, writeFiles } from '../../src/corpus/node';

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

  it('walks one folder recursively, in name order, with report extensions only', () => {
    const { files, missing } = collectInputs([join(root, 'a')]);
    expect(missing).toEqual([]);
    expect(files.map((f) => f.relPath)).toEqual(['2020/r1.txt', '2020/r2.HTML', '2021/r3.docx']);
    expect(new TextDecoder().decode(files[0]!.bytes)).toBe('one');
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
