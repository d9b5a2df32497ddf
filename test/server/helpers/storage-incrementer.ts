// A separate process for test/server/storage-processes.test.ts: opens the SQLite file as a
// server would (openDb: WAL, busy timeout, migrations) and increments one workflow key N times
// through the storage repository, as storage steps would.
import { openDb } from '../../../server/db/open-db.js';
import { createStorageRepo } from '../../../server/db/storage-repo.js';

const [file, times, runId] = process.argv.slice(2);
const db = openDb(file);
const storage = createStorageRepo(db).forRun({ runId, workflowId: 'wf_shared' });
for (let i = 0; i < Number(times); i++) {
  await storage.increment('workflow', 'hits', 1);
  await storage.append('workflow', 'who', [`${runId}:${i}`]);
}
db.close();
