// Callers waiting for a run to end (?wait=1, cancel's answer), told by whoever stores the end.
import type { RunJson } from '../services/run-json.js';

export function createRunWaiters() {
  const waiters = new Map<string, Array<(run: RunJson) => void>>();
  return {
    /** Resolves with the finished run, or null after `timeoutMs`. */
    wait(id: string, timeoutMs: number): Promise<RunJson | null> {
      return new Promise((resolve) => {
        const list = waiters.get(id) ?? [];
        const done = (run: RunJson) => {
          clearTimeout(timer);
          resolve(run);
        };
        const timer = setTimeout(() => {
          const current = waiters.get(id);
          if (current) {
            current.splice(current.indexOf(done), 1);
            if (current.length === 0) waiters.delete(id);
          }
          resolve(null);
        }, timeoutMs);
        list.push(done);
        waiters.set(id, list);
      });
    },
    /** The run has ended. */
    notify(run: RunJson): void {
      const waiting = waiters.get(run.id);
      if (!waiting) return;
      waiters.delete(run.id);
      for (const resolve of waiting) resolve(run);
    },
  };
}
export type RunWaiters = ReturnType<typeof createRunWaiters>;
