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

interface Running {
  background: boolean;
  readonly preempt: AbortController;
}

interface Queued {
  readonly start: () => void;
  background: boolean;
  /** Set when the job starts. */
  run?: Running;
}

export interface EnqueueOptions {
  readonly background?: boolean;
  /**
   * Called at once with a function that makes this background job a foreground one (a view now
   * waits for what was fetched ahead): waiting, it moves to the end of the foreground queue;
   * running, no foreground job preempts it any more. It returns false when that is too late (the
   * job has ended, or was preempted already): the caller then runs its own.
   */
  readonly promotable?: (promote: () => boolean) => void;
}

export class JobQueue {
  private readonly foreground: Queued[] = [];
  private readonly background: Queued[] = [];
  private running: Running | null = null;

  /** Runs `job` after the jobs before it in its class; `background` jobs yield to every foreground job. */
  enqueue<T>(job: Job<T>, opts: EnqueueOptions = {}): Promise<T> {
    const background = opts.background === true;
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        const preempt = new AbortController();
        const run: Running = { background: queued.background, preempt };
        queued.run = run;
        this.running = run;
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
      const queued: Queued = { start, background };
      (background ? this.background : this.foreground).push(queued);
      if (!background) this.preemptBackground();
      if (background) opts.promotable?.(() => this.promote(queued));
      if (this.running === null) this.next();
    });
  }

  private promote(job: Queued): boolean {
    if (!job.background) return true;
    if (job.run !== undefined) {
      // Running: too late once preempted or ended.
      if (job.run.preempt.signal.aborted || this.running !== job.run) return false;
      job.background = false;
      job.run.background = false;
      return true;
    }
    const at = this.background.indexOf(job);
    if (at < 0) return false;
    job.background = false;
    this.background.splice(at, 1);
    this.foreground.push(job);
    this.preemptBackground();
    return true;
  }

  /**
   * Stops the running job if it is a background one, a moment later (a microtask) rather than now:
   * a view asks for several statements in one task, each a step apart, and the one running may be
   * the next one it asks for. Promoted in that task, it runs on; stopped at the first question, it
   * ran again from the start (an agency's findings, pressed on and then opened: bench/SCALE.md,
   * round 12).
   */
  private preemptBackground(): void {
    const run = this.running;
    if (run?.background !== true) return;
    queueMicrotask(() => {
      if (this.running === run && run.background) run.preempt.abort();
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
