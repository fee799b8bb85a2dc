import { describe, expect, it } from 'vitest';
import { savedPageAssetPaths } from '../../src/corpus/paths';

describe('savedPageAssetPaths', () => {
  it('finds the files inside a saved page’s asset folder, at any depth, and nothing else', () => {
    const paths = [
      '2024/淮安市年报.html',
      '2024/淮安市年报_files/frame.htm',
      '2024/淮安市年报_files/sub/nav.html',
      '2024/洪泽区.pdf',
      '2024/orphan_files/report.txt',
      'top.htm',
      'top_files/a.htm',
    ];
    expect([...savedPageAssetPaths(paths)].sort()).toEqual(['2024/淮安市年报_files/frame.htm', '2024/淮安市年报_files/sub/nav.html', 'top_files/a.htm']);
  });

  it('needs the page in the same folder as its asset folder', () => {
    expect(savedPageAssetPaths(['a/page.html', 'b/page_files/x.htm']).size).toBe(0);
  });
});
