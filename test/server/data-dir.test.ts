// The data folder and the database are private to the server's account, whatever the umask:
// the folder 0700, stepwise.db (and its -wal/-shm) 0600, secret.key 0600.
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directoryFromCatalog } from '../../server/services/connector-directory.js';
import { startServer } from '../../server/start-server.js';
import { createTestConnector } from '../helpers/test-connector.js';
import { tempDir } from '../helpers/temp-dir.js';

const mode = (path: string) => statSync(path).mode & 0o777;

async function startIn(dataDir: string) {
  return startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    redisUrl: undefined,
    concurrency: 1,
    bodyLimit: '1mb',
    env: {},
    connectors: directoryFromCatalog(createTestConnector().catalog),
    editorDir: null,
    log: () => {},
  });
}

describe('data folder permissions', () => {
  it('creates the folder 0700 and the database and key 0600 under a permissive umask', async () => {
    const root = tempDir('stepwise-perms-');
    const oldUmask = process.umask(0o000);
    try {
      const dataDir = join(root.path, 'data');
      const running = await startIn(dataDir);
      try {
        expect(mode(dataDir)).toBe(0o700);
        expect(mode(join(dataDir, 'stepwise.db'))).toBe(0o600);
        expect(mode(join(dataDir, 'stepwise.db-wal'))).toBe(0o600);
        expect(mode(join(dataDir, 'secret.key'))).toBe(0o600);
      } finally {
        await running.close();
      }
    } finally {
      process.umask(oldUmask);
      root.remove();
    }
  });

  it('tightens a folder and database that were world-readable', async () => {
    const root = tempDir('stepwise-perms-');
    try {
      const dataDir = join(root.path, 'data');
      mkdirSync(dataDir);
      chmodSync(dataDir, 0o755);
      writeFileSync(join(dataDir, 'stepwise.db'), '');
      chmodSync(join(dataDir, 'stepwise.db'), 0o644);
      const running = await startIn(dataDir);
      await running.close();
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(join(dataDir, 'stepwise.db'))).toBe(0o600);
    } finally {
      root.remove();
    }
  });
});
