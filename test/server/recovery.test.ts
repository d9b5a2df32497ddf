// What the next start does with runs a dead process left behind (the SIGKILL itself is in
// kill-resume.test.ts): resume them, or fail them with a clear error, never leave them running.
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openStore } from '../../server/db/store.js';
import { createServices, type Services } from '../../server/services/index.js';
import { directoryFromCatalog } from '../../server/services/connector-directory.js';
import { createTestConnector } from '../helpers/test-connector.js';
import { tempDir } from '../helpers/temp-dir.js';

const dirs: { remove(): void }[] = [];
const opened: Services[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) {
    await s.queue.stop(1000);
    s.store.db.close();
  }
  while (dirs.length) dirs.pop()!.remove();
});

const key = randomBytes(32);
function boot(path: string) {
  const test = createTestConnector();
  const services = createServices({
    store: openStore(join(path, 'stepwise.db')),
    connectors: directoryFromCatalog(test.catalog),
    secretKey: key,
    log: () => {},
  });
  opened.push(services);
  return { services, test };
}

describe('runs left behind by a dead process', () => {
  it('starts a queued run from the top and resumes a running one, failing one whose checkpoint cannot be read', async () => {
    const dir = tempDir('stepwise-recovery-');
    dirs.push(dir);
    const first = boot(dir.path);
    const { user } = await first.services.users.setup('owner@example.com', 'owner-password-1');
    const wf = first.services.workflows.create(
      {
        name: 'Two steps',
        trigger: { type: 'manual' },
        steps: [
          { id: 'a', connector: 'test', operation: 'echo', input: { n: 1 } },
          {
            id: 'b',
            connector: 'test',
            operation: 'echo',
            input: { m: { $jsonpath: '$.steps.a.n' } },
          },
        ],
      },
      user,
    );
    const db = first.services.store.db;
    const insert =
      db.prepare(`INSERT INTO runs (id, workflow_id, workflow_version, trigger_type, trigger_output, status, created_at, started_at)
      VALUES (?, ?, 1, 'manual', '{}', ?, '2026-01-01T00:00:00.000Z', ?)`);
    insert.run('run_queued', wf.id, 'queued', null);
    insert.run('run_broken', wf.id, 'running', '2026-01-01T00:00:00.000Z');
    db.prepare('INSERT INTO run_checkpoints (run_id, checkpoint) VALUES (?, ?)').run(
      'run_broken',
      '{not json',
    );
    await first.services.queue.stop(1000);
    first.services.store.db.close();
    opened.splice(0);

    const second = boot(dir.path);
    expect(second.services.runs.recover().sort()).toEqual(['run_broken', 'run_queued']);
    const queued = await second.services.runs.waitFor('run_queued', 5000);
    expect(queued).toMatchObject({ status: 'succeeded', stepCount: 2 });
    const broken = await second.services.runs.waitFor('run_broken', 5000);
    expect(broken).toMatchObject({
      status: 'failed',
      error: {
        code: 'INTERNAL',
        message:
          'The run was interrupted and its last checkpoint cannot be read, so it cannot resume',
        stepId: null,
      },
    });
    expect(second.services.store.runs.unfinished()).toEqual([]);
    expect(second.test.calls.get('echo')).toBe(2);
  });
});
