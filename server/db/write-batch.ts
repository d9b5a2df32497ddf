// Group commit: writes asked for during one turn of the event loop are committed together in
// one transaction, and each caller's promise resolves only after that commit. A run step still
// waits for its record and checkpoint to be on disk before the next step starts, but many
// concurrent runs share one commit instead of paying for one each.
import type { Db } from './open-db.js';

interface PendingWrite {
  write: () => void;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface WriteBatcher {
  /** Run `write` inside the next group commit; resolves once it is committed. */
  write(write: () => void): Promise<void>;
  /** Commit whatever is waiting now (at shutdown). */
  flush(): void;
}

export function createWriteBatcher(db: Db): WriteBatcher {
  let pending: PendingWrite[] = [];
  let scheduled = false;
  const applyAll = db.transaction((batch: PendingWrite[]) => {
    for (const item of batch) item.write();
  });

  function flush(): void {
    scheduled = false;
    const batch = pending;
    pending = [];
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
    write(write) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ write, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    flush,
  };
}
