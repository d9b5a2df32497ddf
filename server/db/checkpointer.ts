// Moves WAL checkpoints off the main thread. A checkpoint copies the WAL into the database
// file and fsyncs it: done inside a commit on the main thread, it stalls every request for
// milliseconds. A worker thread with its own connection runs a PASSIVE checkpoint (it never
// blocks readers or writers) every second instead.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

// Plain CommonJS evaluated in the worker, so it needs no TypeScript loader.
const WORKER_CODE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, everyMs = 1000): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_CODE, { eval: true, workerData: { file, everyMs, module } });
  // Never keep the process alive on its own account.
  worker.unref();
  worker.on('error', (err) =>
    console.error(`WAL checkpointer stopped: ${err.message}; SQLite's own checkpoints take over`),
  );
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
        worker.once('message', () => {
          clearTimeout(timer);
          void worker.terminate().then(() => resolve());
        });
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage('stop');
      }),
  };
}
