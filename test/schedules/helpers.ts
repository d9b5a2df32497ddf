// What the schedule tests share: a real SQLite file with our real migrations (010-019), and a
// stand-in for the server side of SchedulerDeps (a workflow list and a recorder of startRun,
// the boundary the scheduler is given).
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScheduledWorkflow, SchedulerDeps, RunStatusName } from '../../server/schedules/types.js';

const MIGRATIONS = join(import.meta.dirname, '../../server/db/migrations');

/** Open (and on first open, migrate) the file the way the server does: WAL and a busy timeout. */
export function openScheduleDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS test_migrations (name TEXT PRIMARY KEY)');
  const done = new Set(db.prepare('SELECT name FROM test_migrations').pluck().all() as string[]);
  for (const name of readdirSync(MIGRATIONS).filter((f) => /^01\d-.+\.sql$/.test(f)).sort()) {
    if (done.has(name)) continue;
    db.transaction(() => {
      db.exec(readFileSync(join(MIGRATIONS, name), 'utf8'));
      db.prepare('INSERT INTO test_migrations (name) VALUES (?)').run(name);
    })();
  }
  return db;
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

  deps(db: Database.Database, clock: () => number, extra: Partial<SchedulerDeps> = {}): SchedulerDeps {
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
      runStatuses: (ids) => Object.fromEntries(ids.filter((id) => id in this.statuses).map((id) => [id, this.statuses[id]])),
      log: () => undefined,
      ...extra,
    };
  }
}

/** A clock the test moves by hand. */
export function testClock(start: string): { now: () => number; set(iso: string): void } {
  let current = Date.parse(start);
  return { now: () => current, set: (iso) => { current = Date.parse(iso); } };
}
