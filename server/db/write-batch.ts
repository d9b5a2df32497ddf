// Group commit: writes asked for during one turn of the event loop are committed together in
// one transaction, and each caller's promise resolves only after that commit. A run step still
// waits for its record and checkpoint to be on disk before the next step starts, but many
// concurrent runs share one commit instead of paying for one each.
import type { Db } from './open-db.js';

interface PendingWrite {
  write: () => void;
  resolve: () => void;
  reject: (err: unknown) => void;
  bytes: number;
}

/**
 * About this much data per transaction: past it the rest waits for the next turn of the event
 * loop, so eight runs' multi-megabyte checkpoints do not hold the thread in one block while
 * every request waits (issue 12). A single write larger than this is still one transaction.
 */
const BYTES_PER_COMMIT = 4 * 1024 * 1024;

export interface WriteBatcher {
  /**
   * Run `write` inside the next group commit; resolves once it is committed. `bytes`: about
   * how much it writes (a checkpoint's length), so that big writes are spread over commits.
   */
  write(write: () => void, bytes?: number): Promise<void>;
  /** Commit whatever is waiting now (at shutdown). */
  flush(): void;
}

export function createWriteBatcher(db: Db): WriteBatcher {
  let pending: PendingWrite[] = [];
  let scheduled = false;
  const applyAll = db.transaction((batch: PendingWrite[]) => {
    for (const item of batch) item.write();
  });

  /** Commit what waits, about BYTES_PER_COMMIT of it; the rest at the next turn. */
  function commitSome(): void {
    scheduled = false;
    let take = 0;
    for (let bytes = 0; take < pending.length && (take === 0 || bytes < BYTES_PER_COMMIT); take++)
      bytes += pending[take].bytes;
    const batch = pending.slice(0, take);
    pending = pending.slice(take);
    if (pending.length > 0) {
      scheduled = true;
      setImmediate(commitSome);
    }
    if (batch.length === 0) return;
    try {
      applyAll(batch);
      for (const item of batch) item.resolve();
    } catch {
      // The transaction rolled back as a whole; apply the writes one by one so that only the
      // failing one is rejected.
      for (const item of batch) {
        try {
          item.write();
          item.resolve();
        } catch (err) {
          item.reject(err);
        }
      }
    }
  }

  return {
    write(write, bytes = 0) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ write, resolve, reject, bytes });
        if (!scheduled) {
          scheduled = true;
          setImmediate(commitSome);
        }
      });
    },
    // At shutdown: everything, now.
    flush() {
      while (pending.length > 0) commitSome();
    },
  };
}
