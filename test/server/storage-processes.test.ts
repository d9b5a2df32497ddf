// Two real processes sharing one SQLite file (as API processes in queue mode may) increment
// and append to the same keys: every read-modify-write is one IMMEDIATE transaction, so none
// is lost: 2 × 500 increments end at 1,000 and the list holds all 1,000 items.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../../server/db/store.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('stepwise-storage-processes-');
afterAll(() => dir.remove());

const incrementer = fileURLToPath(new URL('./helpers/storage-incrementer.ts', import.meta.url));

function runProcess(file: string, times: number, runId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', incrementer, file, String(times), runId],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`exit ${code}: ${stderr}`)),
    );
  });
}

it('two processes on one SQLite file lose no increment and no append', async () => {
  const file = join(dir.path, 'stepwise.db');
  openStore(file).db.close(); // migrations applied once, before the two start
  await Promise.all([runProcess(file, 500, 'run_a'), runProcess(file, 500, 'run_b')]);
  const store = openStore(file);
  try {
    expect(store.storage.entry('workflow', 'wf_shared', 'hits')?.value).toBe(1000);
    const who = store.storage.entry('workflow', 'wf_shared', 'who')?.value as string[];
    expect(who).toHaveLength(1000);
    expect(new Set(who).size).toBe(1000);
    expect(who.filter((w) => w.startsWith('run_a:'))).toHaveLength(500);
  } finally {
    await store.close();
  }
}, 120_000);
