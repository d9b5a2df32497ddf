// Issue 12: a step reads at most STEPWISE_MAX_OUTPUT_BYTES (50 MiB by default) from a service
// or a file. The HTTP client streams the answer and stops at the limit (a real server keeps
// sending), with OUTPUT_TOO_LARGE naming the step and the limit; read_file checks the size.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog, createHttpClient, envFromProcess } from '../../connectors/index.js';
import { DEFAULT_MAX_OUTPUT_BYTES } from '../../connectors/sdk/output-limit.js';
import { parseWorkflow, runWorkflow } from '../../engine/index.js';
import { listen, type Listening } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';

const MiB = 1024 * 1024;
let server: Listening;
/** Bytes the server managed to hand to the socket for the endless answer. */
let sent = 0;

beforeAll(async () => {
  server = await listen((req, res) => {
    if (req.url === '/endless') {
      // No Content-Length, and no end: only the client stopping ends it.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
      return;
    }
    if (req.url === '/declared') {
      res.writeHead(200, { 'content-length': String(3 * MiB) });
      res.end(Buffer.alloc(3 * MiB, 0x20));
      return;
    }
    if (req.url === '/bomb') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(8 * MiB, 0x61)));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ small: 'x'.repeat(1000) }));
  });
});
afterAll(() => server.close());
afterEach(() => {
  sent = 0;
});

const env = { filesDir: '/nowhere', pacing: false, maxOutputBytes: 1 * MiB };
const client = () => createHttpClient({ baseUrl: server.url, env, service: 'Acme' });

describe('the HTTP client', () => {
  it('stops reading an endless answer at the limit with OUTPUT_TOO_LARGE', async () => {
    const err = await client()
      .request({ method: 'GET', url: '/endless' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'OUTPUT_TOO_LARGE',
      message:
        "Acme's answer to GET /endless is larger than 1 MiB, the most one step may read (the setting STEPWISE_MAX_OUTPUT_BYTES); ask for less at a time (a page, fewer fields, a smaller file) or raise the setting",
    });
    // It stopped soon after the limit: the server could not push much more than that.
    await new Promise((r) => setTimeout(r, 200));
    expect(sent).toBeLessThan(16 * MiB);
  });

  it('refuses a Content-Length over the limit before reading it', async () => {
    const err = await client()
      .request({ method: 'GET', url: '/declared' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OUTPUT_TOO_LARGE' });
    expect((err as Error).message).toContain('is 3 MiB, over 1 MiB');
  });

  it('counts the bytes after gzip is undone (a small bomb is still too large)', async () => {
    const err = await client()
      .request({ method: 'GET', url: '/bomb' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OUTPUT_TOO_LARGE' });
  });

  it('reads answers under the limit as before; the default limit is 50 MiB', async () => {
    const res = await client().request({ method: 'GET', url: '/small' });
    expect(res.body).toEqual({ small: 'x'.repeat(1000) });
    expect(DEFAULT_MAX_OUTPUT_BYTES).toBe(50 * MiB);
  });

  it('takes the limit from STEPWISE_MAX_OUTPUT_BYTES, naming a bad value', () => {
    expect(
      envFromProcess('/d', undefined, { STEPWISE_MAX_OUTPUT_BYTES: '2mb' }).maxOutputBytes,
    ).toBe(2 * MiB);
    expect(() => envFromProcess('/d', undefined, { STEPWISE_MAX_OUTPUT_BYTES: 'lots' })).toThrow(
      'STEPWISE_MAX_OUTPUT_BYTES must be a size such as 52428800 or 50mb, not "lots"',
    );
  });
});

describe('the sandbox settings', () => {
  it('refuses a script time or memory limit that is not a whole number in its range, naming it', () => {
    for (const [name, bad, range] of [
      ['STEPWISE_SCRIPT_TIME_LIMIT_MS', 'fast', '1 to 3600000'],
      ['STEPWISE_SCRIPT_TIME_LIMIT_MS', '0', '1 to 3600000'],
      // Past about 24.8 days a timer fires at once: a huge limit would be no limit.
      ['STEPWISE_SCRIPT_TIME_LIMIT_MS', '99999999999999999999', '1 to 3600000'],
      ['STEPWISE_SCRIPT_MEMORY_MB', '1.5', '1 to 4096'],
      ['STEPWISE_SCRIPT_MEMORY_MB', '-64', '1 to 4096'],
      ['STEPWISE_SCRIPT_MEMORY_MB', '99999999999999999999', '1 to 4096'],
    ])
      expect(() => envFromProcess('/d', undefined, { [name]: bad })).toThrow(
        `${name} must be a whole number from ${range}, not "${bad}"`,
      );
    const env = envFromProcess('/d', undefined, {
      STEPWISE_SCRIPT_TIME_LIMIT_MS: '500',
      STEPWISE_SCRIPT_MEMORY_MB: ' ',
    });
    expect(env.STEPWISE_SCRIPT_TIME_LIMIT_MS).toBe('500');
    expect(env.STEPWISE_SCRIPT_MEMORY_MB).toBeUndefined();
  });
});

describe('steps', () => {
  const dir = tempDir('stepwise-output-limit-');
  afterAll(() => dir.remove());

  async function runOne(step: Record<string, unknown>) {
    const parsed = parseWorkflow({ name: 'x', trigger: { type: 'manual' }, steps: [step] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return runWorkflow({
      workflow: parsed.workflow,
      runId: 'run_1',
      catalog: createCatalog({ ...env, filesDir: dir.path }),
    });
  }

  it('an HTTP step fails with OUTPUT_TOO_LARGE naming the step and the limit', async () => {
    const result = await runOne({
      id: 'fetch-1',
      connector: 'http',
      operation: 'request',
      input: { method: 'GET', url: `${server.url}/endless` },
    });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OUTPUT_TOO_LARGE');
    expect(result.error?.message).toMatch(
      /^Step "fetch-1": .* is larger than 1 MiB, the most one step may read/,
    );
  });

  it('read_file refuses a file over the limit, naming it and its size', async () => {
    writeFileSync(join(dir.path, 'big.csv'), Buffer.alloc(2 * MiB, 0x61));
    const result = await runOne({
      id: 'read-1',
      connector: 'file',
      operation: 'read_file',
      input: { path: 'big.csv', format: 'text' },
    });
    expect(result.error?.code).toBe('OUTPUT_TOO_LARGE');
    expect(result.error?.message).toContain(
      'Step "read-1": The file "big.csv" is 2 MiB, over 1 MiB',
    );
  });
});
