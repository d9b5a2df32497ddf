// Timeouts and cancellation for connector calls, one guard per run (a run makes one call at
// a time). PERFORMANCE: a timer and an abort listener per call cost more than a no-op step
// itself; here one timer is re-armed only when it fires or when a call's deadline is earlier
// than the armed one, and one abort listener serves the whole run. Calls are objects with
// methods, not closures, because a 100,000-item loop makes 100,000 of them.

/** What the guard needs from a call. */
export interface Guardable<T> {
  start(): Promise<T>;
  /** The error to fail with past the deadline. */
  timeoutError(timeoutMs: number): Error;
  cancelError(): Error;
  /** Tell the call to stop (abort its signal). */
  abort(reason: unknown): void;
}

class Pending<T> {
  constructor(
    readonly call: Guardable<T>,
    readonly timeoutMs: number,
    readonly deadline: number,
    readonly resolve: (value: T) => void,
    readonly reject: (err: unknown) => void,
  ) {}
}

export class CallGuard {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firesAt = Infinity;
  private current: Pending<unknown> | null = null;
  private readonly onAbort = (): void => this.cancelCurrent();
  private readonly onTick = (): void => this.tick();

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Settle with the call's result, or its timeout error, or its cancel error. */
  run<T>(call: Guardable<T>, timeoutMs: number): Promise<T> {
    if (this.signal.aborted) return Promise.reject(call.cancelError());
    return new Promise<T>((resolve, reject) => {
      const entry = new Pending<T>(call, timeoutMs, Date.now() + timeoutMs, resolve, reject);
      this.current = entry as Pending<unknown>;
      this.arm(entry.deadline);
      let started: Promise<T>;
      try {
        started = Promise.resolve(call.start());
      } catch (err) {
        started = Promise.reject(err);
      }
      started.then(
        (value) => {
          if (this.current === entry) this.current = null;
          resolve(value);
        },
        (err: unknown) => {
          if (this.current === entry) this.current = null;
          reject(err);
        },
      );
    });
  }

  /** Stop the timer and the listener (end of the run). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.current = null;
    this.signal.removeEventListener('abort', this.onAbort);
  }

  private cancelCurrent(): void {
    const entry = this.current;
    if (!entry) return;
    this.current = null;
    entry.call.abort(this.signal.reason);
    entry.reject(entry.call.cancelError());
  }

  private arm(deadline: number): void {
    if (deadline >= this.firesAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.firesAt = deadline;
    this.timer = setTimeout(this.onTick, Math.max(0, deadline - Date.now()));
  }

  private tick(): void {
    this.timer = undefined;
    this.firesAt = Infinity;
    const entry = this.current;
    if (!entry) return;
    if (Date.now() < entry.deadline) {
      this.arm(entry.deadline);
      return;
    }
    this.current = null;
    const error = entry.call.timeoutError(entry.timeoutMs);
    entry.call.abort(error);
    entry.reject(error);
  }
}
