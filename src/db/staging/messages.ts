/** Bilingual load errors: each names the file and the problem. */

export interface LoadError {
  zh: string;
  en: string;
  file?: string;
}

/** Thrown inside the loader, turned into `{ ok: false, error }` at its edge. */
export class CorpusLoadError extends Error {
  constructor(readonly detail: LoadError) {
    super(detail.en);
    this.name = 'CorpusLoadError';
  }
}

/** Throws a load error; `zh`/`en` say what is wrong, `file` which file (the UI shows both). */
export function fail(file: string | undefined, zh: string, en: string): never {
  throw new CorpusLoadError(file === undefined ? { zh, en } : { zh, en, file });
}

/** The engine's own message, trimmed to its first line (DuckDB appends context and hints). */
export function engineMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return (m.split('\n')[0] ?? m).slice(0, 300);
}
