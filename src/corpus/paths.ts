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
