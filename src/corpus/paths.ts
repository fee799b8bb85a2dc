/** Pure rules about input paths, shared by the CLI's folder walk and the browser's folder drop. */

/**
 * A browser's "save page, complete" writes `page.html` plus a `page_files` folder of assets and
 * embedded frames (site chrome, counters): the folder is part of the saved page, never a report.
 * `siblings` holds the lower-cased names of the files beside the folder.
 */
export function isSavedPageAssets(dirName: string, siblings: ReadonlySet<string>): boolean {
  const m = /^(.+?)(?:_files|\.files|_文件)$/i.exec(dirName);
  const page = m?.[1];
  if (page === undefined) return false;
  return ['.html', '.htm', '.mht', '.mhtml'].some((e) => siblings.has(`${page}${e}`.toLowerCase()));
}

/**
 * The paths (of a flat list such as a dropped folder gives, `/`-separated) that sit inside the
 * asset folder of a saved page that is itself in the list.
 */
export function savedPageAssetPaths(relPaths: readonly string[]): Set<string> {
  const filesIn = new Map<string, Set<string>>();
  for (const p of relPaths) {
    const i = p.lastIndexOf('/');
    const dir = i < 0 ? '' : p.slice(0, i);
    let names = filesIn.get(dir);
    if (!names) filesIn.set(dir, (names = new Set()));
    names.add(p.slice(i + 1).toLowerCase());
  }
  const out = new Set<string>();
  for (const p of relPaths) {
    const parts = p.split('/');
    for (let d = 0; d < parts.length - 1; d++) {
      const parent = parts.slice(0, d).join('/');
      if (isSavedPageAssets(parts[d] ?? '', filesIn.get(parent) ?? new Set())) {
        out.add(p);
        break;
      }
    }
  }
  return out;
}
