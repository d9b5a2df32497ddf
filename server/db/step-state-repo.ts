// Connectors' persistent state per (workflow, step, key): sync cursors and the like.
import type { Db } from './open-db.js';
import type { StepStateStore } from '../../engine/index.js';

export function createStepStateRepo(db: Db) {
  const get = db
    .prepare('SELECT value FROM step_state WHERE workflow_id = ? AND step_id = ? AND key = ?')
    .pluck();
  const set = db.prepare(
    'INSERT OR REPLACE INTO step_state (workflow_id, step_id, key, value) VALUES (?, ?, ?, ?)',
  );
  const ofWorkflow = db.prepare(
    'SELECT step_id AS stepId, key, value FROM step_state WHERE workflow_id = ?',
  );
  return {
    /** Every value a workflow's steps keep (queue mode copies them to Redis for the workers). */
    all(workflowId: string): { stepId: string; key: string; value: string }[] {
      return ofWorkflow.all(workflowId) as { stepId: string; key: string; value: string }[];
    },
    storeFor(workflowId: string, stepId: string): StepStateStore {
      return {
        async get(key) {
          const value = get.get(workflowId, stepId, key) as string | undefined;
          return value === undefined ? undefined : JSON.parse(value);
        },
        async set(key, value) {
          set.run(workflowId, stepId, key, JSON.stringify(value ?? null));
        },
      };
    },
  };
}
export type StepStateRepo = ReturnType<typeof createStepStateRepo>;
