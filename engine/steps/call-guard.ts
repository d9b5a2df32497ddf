// Timeouts and cancellation for connector calls, one guard per run (a run makes one call at
// a time). PERFORMANCE: a timer and an abort listener per call cost more than a no-op step
// itself; here one timer is re-armed only when it fires or when a call's deadline is earlier
// than the armed one, and one abort listener serves the whole run.

interface Current {
  deadline: number;
  timeout(): void;
  cancel(): void;
}

export class CallGuard {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firesAt = Infinity;
  private current: Current | null = null;
  private readonly onAbort = () => this.current?.cancel();

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * Settle with `start()`'s result, or reject with `onTimeout()` past `timeoutMs`, or with
   * `onCancel()` when the run is cancelled; in both cases `abortCall` tells the call to stop.
   */
  run<T>(timeoutMs: number, start: () => Promise<T>, handlers: { onTimeout: () => Error; onCancel: () => Error; abortCall: (reason: unknown) => void }): Promise<T> {
    if (this.signal.aborted) return Promise.reject(handlers.onCancel());
    return new Promise<T>((resolve, reject) => {
      const entry: Current = {
        deadline: Date.now() + timeoutMs,
        timeout: () => {
          const error = handlers.onTimeout();
          this.finish(entry);
          handlers.abortCall(error);
          reject(error);
        },
        cancel: () => {
          this.finish(entry);
          handlers.abortCall(this.signal.reason);
          reject(handlers.onCancel());
        },
      };
      this.current = entry;
      this.arm(entry.deadline);
      let pending: Promise<T>;
      try {
        pending = Promise.resolve(start());
      } catch (err) {
        pending = Promise.reject(err);
      }
      pending.then(
        (value) => {
          this.finish(entry);
          resolve(value);
        },
        (err: unknown) => {
          this.finish(entry);
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

  private finish(entry: Current): void {
    if (this.current === entry) this.current = null;
  }

  private arm(deadline: number): void {
    if (deadline >= this.firesAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.firesAt = deadline;
    this.timer = setTimeout(() => this.tick(), Math.max(0, deadline - Date.now()));
  }

  private tick(): void {
    this.timer = undefined;
    this.firesAt = Infinity;
    const current = this.current;
    if (!current) return;
    if (Date.now() >= current.deadline) current.timeout();
    else this.arm(current.deadline);
  }
}
