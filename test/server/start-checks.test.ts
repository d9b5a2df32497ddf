// Issue 12, at start, with real processes: a missing or different secret key is refused when
// the database holds encrypted data (never a silent new key); uploads interrupted by a kill
// leave no temporary file; a port in use, a connector setting its connector refuses or a log
// setting out of range is said plainly, exit code 1.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { keyFingerprint } from '../../server/services/key-check.js';
import { listen } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import { processOwner, startServerProcess, type ServerProcess } from './helpers/server-process.js';

// Real server processes: each start takes seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const dir = tempDir('stepwise-start-checks-');
let proc: ServerProcess | undefined;
afterEach(() => proc?.kill());
afterAll(() => dir.remove());

/** A data folder whose database holds encrypted data (a webhook workflow's token). */
async function usedDataDir(name: string, env: Record<string, string> = {}): Promise<string> {
  const dataDir = join(dir.path, name);
  proc = await startServerProcess({ STEPWISE_DATA_DIR: dataDir, ...env });
  const token = await processOwner(proc.url);
  const res = await fetch(`${proc.url}/api/workflows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: 'Hook', trigger: { type: 'webhook' }, steps: [] }),
  });
  expect(res.status).toBe(201);
  proc.child.kill('SIGTERM');
  expect(await proc.exited).toBe(0);
  return dataDir;
}

describe('the secret key', () => {
  it('refuses to start without the key when encrypted data exists, naming the key expected and where', async () => {
    const dataDir = await usedDataDir('missing');
    const keyFile = join(dataDir, 'secret.key');
    const fingerprint = keyFingerprint(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex'));
    rmSync(keyFile);
    proc = await startServerProcess({ STEPWISE_DATA_DIR: dataDir }, { waitForUrl: false });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain(
      `Stepwise could not start: There is no secret key: STEPWISE_SECRET_KEY is not set and ${keyFile} does not exist, but this database holds data encrypted with one (fingerprint ${fingerprint}, first used from ${keyFile} on `,
    );
    expect(proc.output()).toContain('Stepwise will not make a new key');
    expect(existsSync(keyFile)).toBe(false);
  });

  it('refuses a different key, from the file or from STEPWISE_SECRET_KEY', async () => {
    const dataDir = await usedDataDir('different');
    const keyFile = join(dataDir, 'secret.key');
    const right = readFileSync(keyFile, 'utf8');
    const wrong = randomBytes(32);
    writeFileSync(keyFile, wrong.toString('hex'));
    proc = await startServerProcess({ STEPWISE_DATA_DIR: dataDir }, { waitForUrl: false });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain(
      `The secret key from ${keyFile} (fingerprint ${keyFingerprint(wrong)}) is not the key this database's data was encrypted with (fingerprint ${keyFingerprint(Buffer.from(right.trim(), 'hex'))}, first used from ${keyFile} on`,
    );
    writeFileSync(keyFile, right);
    proc = await startServerProcess(
      { STEPWISE_DATA_DIR: dataDir, STEPWISE_SECRET_KEY: wrong.toString('hex') },
      { waitForUrl: false },
    );
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('The secret key from STEPWISE_SECRET_KEY (fingerprint');
    // The right key starts it.
    proc = await startServerProcess({ STEPWISE_DATA_DIR: dataDir });
    expect((await fetch(`${proc.url}/api/health`)).status).toBe(200);
  });

  it('checks a database from before fingerprints by reading its encrypted data, then records the key', async () => {
    const dataDir = await usedDataDir('upgrade');
    const db = new Database(join(dataDir, 'stepwise.db'));
    db.exec('DELETE FROM key_fingerprint');
    db.close();
    const keyFile = join(dataDir, 'secret.key');
    const right = readFileSync(keyFile, 'utf8');
    writeFileSync(keyFile, randomBytes(32).toString('hex'));
    proc = await startServerProcess({ STEPWISE_DATA_DIR: dataDir }, { waitForUrl: false });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain("cannot read this database's encrypted data");
    writeFileSync(keyFile, right);
    proc = await startServerProcess({ STEPWISE_DATA_DIR: dataDir });
    proc.child.kill('SIGTERM');
    await proc.exited;
    const after = new Database(join(dataDir, 'stepwise.db'));
    const row = after.prepare('SELECT fingerprint FROM key_fingerprint').get() as {
      fingerprint: string;
    };
    after.close();
    expect(row.fingerprint).toBe(keyFingerprint(Buffer.from(right.trim(), 'hex')));
  });

  it('makes a key on a first start, and on a start with nothing encrypted yet', async () => {
    const dataDir = join(dir.path, 'fresh');
    proc = await startServerProcess({ STEPWISE_DATA_DIR: dataDir });
    expect(existsSync(join(dataDir, 'secret.key'))).toBe(true);
  });
});

describe('an upload interrupted by a kill', () => {
  it('leaves no temporary file after the next start', async () => {
    const dataDir = join(dir.path, 'upload');
    proc = await startServerProcess({ STEPWISE_DATA_DIR: dataDir });
    const token = await processOwner(proc.url);
    const filesDir = join(dataDir, 'files');
    const { hostname, port } = new URL(proc.url);
    const socket = net.connect(Number(port), hostname);
    await new Promise((r) => socket.once('connect', r));
    socket.on('error', () => {});
    socket.write(
      `POST /api/files?path=reports/big.csv HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: text/csv\r\nContent-Length: 10000000\r\n\r\n`,
    );
    socket.write('a,b\n'.repeat(10_000));
    const temp = () =>
      existsSync(join(filesDir, 'reports'))
        ? readdirSync(join(filesDir, 'reports')).filter((n) => n.startsWith('.stepwise-tmp-'))
        : [];
    for (let i = 0; i < 100 && temp().length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(temp()).toHaveLength(1);
    proc.kill();
    await proc.exited;
    socket.destroy();
    expect(temp()).toHaveLength(1);
    proc = await startServerProcess({ STEPWISE_DATA_DIR: dataDir });
    expect(temp()).toEqual([]);
    expect(proc.output()).toContain('Removed 1 unfinished upload(s) left by the last shutdown');
  });
});

/** A start refused for a setting: its fatal line, the last, says so; the process exits 1. */
async function expectRefused(folder: string, env: Record<string, string>, message: string) {
  proc = await startServerProcess(
    { STEPWISE_DATA_DIR: join(dir.path, folder), ...env },
    { waitForUrl: false },
  );
  expect(await proc.exited).toBe(1);
  const line = proc.output().trim().split('\n').at(-1) ?? '';
  const said = line.startsWith('{') ? (JSON.parse(line) as { level: string; msg: string }) : null;
  expect(said?.level).toBe('fatal');
  expect(said?.msg).toBe(`Stepwise could not start: ${message}`);
}

describe('a connector setting', () => {
  it('that its connector refuses stops the start, naming it, and the process exits 1', () =>
    expectRefused(
      'script-limit',
      { STEPWISE_SCRIPT_TIME_LIMIT_MS: 'fast' },
      'STEPWISE_SCRIPT_TIME_LIMIT_MS must be a whole number from 1 to 3600000, not "fast"',
    ));
});

describe('a log setting', () => {
  it('that is not a number of milliseconds stops the start, naming it, and the process exits 1', () =>
    expectRefused(
      'log-batch',
      { STEPWISE_LOG_BATCH_MS: 'soon' },
      'STEPWISE_LOG_BATCH_MS must be a whole number of milliseconds from 0 to 60000, not "soon"',
    ));
});

describe('a port in use', () => {
  it('is said plainly, and the process exits 1', async () => {
    const taken = await listen((_req, res) => res.end());
    try {
      proc = await startServerProcess(
        { STEPWISE_DATA_DIR: join(dir.path, 'port'), PORT: String(taken.port) },
        { waitForUrl: false },
      );
      expect(await proc.exited).toBe(1);
      // Not a terminal, so the process logs JSON lines (docs/operations.md): the fatal line's
      // message is the plain sentence.
      const line = proc.output().trim().split('\n').at(-1) ?? '';
      const said = line.startsWith('{')
        ? (JSON.parse(line) as { level: string; msg: string })
        : null;
      expect(said?.level).toBe('fatal');
      expect(said?.msg).toBe(
        `Stepwise could not start: port ${taken.port} on 127.0.0.1 is already in use (another Stepwise, or another program, listens at 127.0.0.1:${taken.port}): stop it, or set PORT to a free port`,
      );
    } finally {
      await taken.close();
    }
  });
});
