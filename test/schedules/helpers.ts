// What the schedule tests share: a real SQLite file opened and migrated by the server's own
// openDb, and a stand-in for the server side of SchedulerDeps (a workflow list and a recorder
// of startRun, the boundary the scheduler is given).
import { openDb, type Db } from '../../server/db/open-db.js';
import type {
  ScheduledWorkflow,
  SchedulerDeps,
  RunStatusName,
} from '../../server/schedules/types.js';

/** Open (and on first open, migrate) the file exactly as the server does. */
export function openScheduleDb(file: string): Db {
  return openDb(file);
}

export interface StartedRun {
  workflowId: string;
  runId: string;
  trigger: { type: string; dueAt: string; firedAt: string };
}

/** The server's side: workflows by id, recorded runs, and run statuses. */
export class FakeServer {
  readonly workflows = new Map<string, ScheduledWorkflow>();
  readonly runs: StartedRun[] = [];
  readonly statuses: Record<string, RunStatusName> = {};
  failNextStart: string | null = null;
  private counter = 0;

  constructor(private readonly label = 'a') {}

  add(wf: Omit<ScheduledWorkflow, 'ownerId' | 'enabled'> & Partial<ScheduledWorkflow>): void {
    this.workflows.set(wf.workflowId, { ownerId: 'user_1', enabled: true, ...wf });
  }

  deps(db: Db, clock: () => number, extra: Partial<SchedulerDeps> = {}): SchedulerDeps {
    return {
      db,
      mode: 'embedded',
      now: clock,
      autoTick: false,
      listScheduled: () => [...this.workflows.values()],
      getScheduled: (id) => this.workflows.get(id) ?? null,
      startRun: async (workflowId, trigger) => {
        if (this.failNextStart) {
          const message = this.failNextStart;
          this.failNextStart = null;
          throw new Error(message);
        }
        const runId = `run_${this.label}${++this.counter}`;
        this.runs.push({ workflowId, runId, trigger: trigger as StartedRun['trigger'] });
        this.statuses[runId] = 'queued';
        return runId;
      },
      runStatuses: (ids) =>
        Object.fromEntries(
          ids.filter((id) => id in this.statuses).map((id) => [id, this.statuses[id]]),
        ),
      log: () => undefined,
      ...extra,
    };
  }
}

/** A clock the test moves by hand. */
export function testClock(start: string): { now: () => number; set(iso: string): void } {
  let current = Date.parse(start);
  return {
    now: () => current,
    set: (iso) => {
      current = Date.parse(iso);
    },
  };
}
