// The run core's background work, once a second (never on a request's path): renew this
// process's heartbeat (the lease on every run it owns), stop runs another process has taken
// over (this one was silent past its lease), and delete runs past the retention window a small
// batch at a time.
import type { RunExecutor } from './execute-run.js';
import { pruneRuns, type RetentionWindow } from './prune-runs.js';
import type { RunCore } from './run-core.js';

export interface RunUpkeepOptions {
  executor: RunExecutor;
  retention: RetentionWindow;
  everyMs?: number;
  /** A retention pass ended (nothing more past the window): when, and how many rows went. */
  onPass?: (pass: RetentionPassEnd) => void;
}

export interface RetentionPassEnd {
  startedAt: number;
  finishedAt: number;
  rowsDeleted: number;
}

/** At most this long per turn on retention deletes, so the event loop keeps moving. */
const PRUNE_TURN_MS = 20;

export function createRunUpkeep(core: RunCore, options: RunUpkeepOptions) {
  const { store, owner, log } = core;
  const everyMs = options.everyMs ?? Math.min(1000, Math.floor(core.leaseMs / 3));
  let timer: NodeJS.Timeout | undefined;
  let lastBeat = core.now();
  let pruning = false;

  function keepLease(): void {
    const now = core.now();
    const late = now - lastBeat >= core.leaseMs;
    const mine = store.leases.beat(owner.id, now);
    lastBeat = now;
    if (mine && !late) return;
    // This process was silent past its lease (stopped, or its machine asleep), or another
    // process forgot it: runs it was executing may have been taken over, and must not go on
    // here too. It registers again and keeps what is still its own.
    if (!mine)
      store.leases.register({
        owner: owner.id,
        pid: owner.pid,
        host: owner.host,
        startedAt: now,
        heartbeatAt: now,
        shared: 0,
      });
    const held = new Set(store.leases.mine(owner.id));
    for (const runId of options.executor.running()) {
      if (held.has(runId)) continue;
      log.warn(
        { event: 'run.taken-over', runId },
        `run ${runId}: another process has taken it over; it stops here`,
      );
      options.executor.abandon(runId);
    }
  }

  /** Delete batches until there is nothing past the window or this turn's time is up. */
  function prune(): void {
    if (pruning) return;
    pruning = true;
    const startedAt = core.now();
    let rowsDeleted = 0;
    const turn = () => {
      const until = performance.now() + PRUNE_TURN_MS;
      let more = true;
      try {
        while (more && performance.now() < until) {
          const rows = pruneRuns(core, options.retention);
          rowsDeleted += rows;
          more = rows > 0;
        }
      } catch (err) {
        log.error(
          { event: 'retention.failed' },
          `retention: ${err instanceof Error ? err.message : String(err)}`,
        );
        more = false;
      }
      if (more && timer) setImmediate(turn);
      else {
        pruning = false;
        if (!more) options.onPass?.({ startedAt, finishedAt: core.now(), rowsDeleted });
      }
    };
    turn();
  }

  function tick(): void {
    try {
      keepLease();
    } catch (err) {
      log.error(`run upkeep: ${err instanceof Error ? err.message : String(err)}`);
    }
    prune();
  }

  return {
    start(): void {
      if (timer) return;
      timer = setInterval(tick, everyMs);
      timer.unref();
      prune();
    },
    stop(): void {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
