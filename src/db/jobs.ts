/**
 * The one queue in front of a database connection: the engine runs one statement at a time, and
 * what the user is waiting for must not queue behind work done ahead of time. Foreground jobs run
 * first, in order; background jobs (prefetch, warm-up) run only when no foreground job waits, and a
 * foreground job that arrives while a background one runs preempts it: the background job's signal
 * aborts, its promise rejects with a `PreemptedError`, and its owner may try again later.
 */
import { QueryAbortedError } from './connector';

/** A background job stopped so a foreground one could run; an abort error (`isAbortError` is true). */
export class PreemptedError extends QueryAbortedError {
  constructor() {
    super('background query preempted by a foreground query');
  }
}

/** A job: does its work, and stops (rejecting) when `signal` aborts. */
export type Job<T> = (signal: AbortSignal) => Promise<T>;

interface Queued {
  readonly start: () => void;
  readonly background: boolean;
}

export class JobQueue {
  private readonly foreground: Queued[] = [];
  private readonly background: Queued[] = [];
  private running: { readonly background: boolean; readonly preempt: AbortController } | null = null;

  /** Runs `job` after the jobs before it in its class; `background` jobs yield to every foreground job. */
  enqueue<T>(job: Job<T>, opts: { background?: boolean } = {}): Promise<T> {
    const background = opts.background === true;
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        const preempt = new AbortController();
        this.running = { background, preempt };
        let p: Promise<T>;
        try {
          p = job(preempt.signal);
        } catch (e) {
          p = Promise.reject(e instanceof Error ? e : new Error(String(e)));
        }
        p.then(resolve, (e: unknown) => {
          reject(preempt.signal.aborted ? new PreemptedError() : e instanceof Error ? e : new Error(String(e)));
        }).finally(() => {
          this.running = null;
          this.next();
        });
      };
      (background ? this.background : this.foreground).push({ start, background });
      if (!background && this.running?.background === true) this.running.preempt.abort();
      if (this.running === null) this.next();
    });
  }

  /** Jobs waiting (not running), foreground and background. */
  get waiting(): { foreground: number; background: number } {
    return { foreground: this.foreground.length, background: this.background.length };
  }

  private next(): void {
    if (this.running !== null) return;
    const job = this.foreground.shift() ?? this.background.shift();
    job?.start();
  }
}
