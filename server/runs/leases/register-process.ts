// At start: record this process as a user of the data folder. Another live one there means
// either a refusal (embedded mode: one process per folder) or sharing (queue mode, where
// several API processes may share one file): in both cases no run is ever executed by two.
import type { Store } from '../../db/store.js';
import { ownerAlive, type Owner } from './owner.js';

export class DataFolderInUse extends Error {}

export function registerProcess(
  store: Store,
  options: { owner: Owner; dataDir: string; share: boolean; leaseMs: number; now: number },
): void {
  const { owner, now, leaseMs } = options;
  // IMMEDIATE: two processes starting together cannot both see an empty folder.
  store.db
    .transaction(() => {
      for (const other of store.leases.processes()) {
        if (other.owner === owner.id) continue;
        if (!ownerAlive(other, owner, leaseMs, now)) {
          store.leases.forget(other.owner);
          continue;
        }
        if (!options.share || !other.shared)
          throw new DataFolderInUse(
            `The data folder ${options.dataDir} is in use by another Stepwise process (pid ${other.pid} on ${other.host}, started ${new Date(other.startedAt).toISOString()}). Stop that one first, or give this one its own folder with STEPWISE_DATA_DIR. (Several processes may share a folder only in queue mode, with REDIS_URL set on all of them.)`,
          );
      }
      store.leases.register({
        owner: owner.id,
        pid: owner.pid,
        host: owner.host,
        startedAt: now,
        heartbeatAt: now,
        shared: options.share ? 1 : 0,
      });
    })
    .immediate();
}
