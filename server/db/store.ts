// Everything the services need from SQLite, opened once.
import { openDb, type Db } from './open-db.js';
import { createUsersRepo } from './users-repo.js';
import { createWorkflowsRepo } from './workflows-repo.js';
import { createRunsRepo } from './runs-repo.js';
import { createRunOutputsRepo } from './run-outputs-repo.js';
import { createLeasesRepo } from './leases-repo.js';
import { createRetentionRepo } from './retention-repo.js';
import { createAuthenticationsRepo } from './authentications-repo.js';
import { createStepStateRepo } from './step-state-repo.js';
import { createStorageRepo } from './storage-repo.js';
import { createLoginLimitsRepo } from './login-limits-repo.js';
import { createWriteBatcher } from './write-batch.js';
import { startCheckpointer } from './checkpointer.js';

export function createStore(db: Db) {
  return {
    db,
    users: createUsersRepo(db),
    workflows: createWorkflowsRepo(db),
    runs: createRunsRepo(db),
    runOutputs: createRunOutputsRepo(db),
    leases: createLeasesRepo(db),
    retention: createRetentionRepo(db),
    authentications: createAuthenticationsRepo(db),
    stepState: createStepStateRepo(db),
    storage: createStorageRepo(db),
    loginLimits: createLoginLimitsRepo(db),
    batch: createWriteBatcher(db),
  };
}
export type Store = ReturnType<typeof createStore>;

/**
 * Open the store. With `backgroundCheckpoints` (the server), WAL checkpoints run in a worker
 * thread; SQLite's own automatic checkpoint stays as a backstop at a larger size.
 */
export function openStore(
  file: string,
  options: { backgroundCheckpoints?: boolean } = {},
): Store & { close(): Promise<void> } {
  const db = openDb(file);
  const checkpointer =
    options.backgroundCheckpoints && file !== ':memory:' ? startCheckpointer(file) : undefined;
  if (checkpointer) db.pragma('wal_autocheckpoint = 10000');
  const store = createStore(db);
  return {
    ...store,
    async close() {
      store.batch.flush();
      await checkpointer?.stop();
      db.close();
    },
  };
}
