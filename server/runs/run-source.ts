// Where the executor gets what a run needs: the run, its workflow version, its checkpoint and
// the authentications it uses. The SQLite source reads the store (sqlite-run-source.ts); a
// queue worker's reads Redis. The executor never opens a store itself.
import type {
  Checkpoint,
  ResolvedAuth,
  RunError,
  StepStateStore,
  StepStorage,
  Workflow,
} from '../../engine/index.js';
import type { RunInfo } from './run-sink.js';

export interface RunJob {
  run: RunInfo;
  /** Why the run cannot execute (unreadable version or checkpoint): it fails with this. */
  problem?: RunError;
  workflow?: Workflow;
  /** `$.trigger`. */
  trigger: unknown;
  /** Resume here: steps it has completed are not run again. */
  resumeFrom?: Checkpoint;
  /** The highest record seq already stored (a resumed run or a retry has some). */
  lastSeq: number;
  /** The stored state was written as sensitive (encrypted): keep it so. */
  sensitive: boolean;
  /** The run's authentications, resolved as the workflow's owner. */
  resolveAuth(
    authId: string,
    ctx: { connector: string; stepId: string; service: string | null },
  ): ResolvedAuth | Promise<ResolvedAuth>;
  /** Connectors' persistent per-step state (sync cursors). */
  stateFor(stepId: string): StepStateStore;
  /**
   * The storage connector's values for this run (run, workflow and account scopes), atomic per
   * call across every process that runs workflows: SQLite here, Redis for queue workers.
   */
  storage: StepStorage;
}

export interface RunSource {
  /** The run, or null when it is unknown or has already finished (nothing to do). */
  load(runId: string): RunJob | null | Promise<RunJob | null>;
}
