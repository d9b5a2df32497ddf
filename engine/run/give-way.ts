// A run of quick steps (mappings, conditions, helpers) awaits no real I/O, so without a pause
// it would hold the server's one thread for as long as it runs: health checks, other runs and
// every request would wait. After a slice of continuous work the run lets the event loop turn.
const SLICE_MS = 10;
// Taken once at load: a test's fake timers must not be able to stop a run from going on.
const immediate = globalThis.setImmediate;
let since = performance.now();

/** True when the thread has been ours for a whole slice. One clock read: cheap per step. */
export function mustGiveWay(): boolean {
  return performance.now() - since >= SLICE_MS;
}

/** Let timers, I/O and other requests run, then go on. */
export function giveWay(): Promise<void> {
  return new Promise((resolve) =>
    immediate(() => {
      since = performance.now();
      resolve();
    }),
  );
}
