// Everything the services need from SQLite, opened once.
import { openDb, type Db } from './open-db.js';
import { createUsersRepo } from './users-repo.js';
import { createWorkflowsRepo } from './workflows-repo.js';
import { createRunsRepo } from './runs-repo.js';
import { createAuthenticationsRepo } from './authentications-repo.js';
import { createStepStateRepo } from './step-state-repo.js';
import { createWriteBatcher } from './write-batch.js';

export function createStore(db: Db) {
  return {
    db,
    users: createUsersRepo(db),
    workflows: createWorkflowsRepo(db),
    runs: createRunsRepo(db),
    authentications: createAuthenticationsRepo(db),
    stepState: createStepStateRepo(db),
    batch: createWriteBatcher(db),
  };
}
export type Store = ReturnType<typeof createStore>;

export function openStore(file: string): Store {
  return createStore(openDb(file));
}
