// The script step on the real server against a hostile author: escapes fail, while(true){}
// and a memory bomb are stopped with their error codes, and the server answers and runs
// scripts normally afterwards; a script that does not parse is refused by validate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunJson } from '../../server/services/run-json.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

let srv: TestServer;
let token: string;

beforeAll(async () => {
  srv = await startTestServer({ full: true });
  token = await srv.owner();
});
afterAll(async () => {
  await srv.close();
});

/** Save a one-step script workflow and run it to its end. */
async function runScript(code: string, payload: unknown = {}) {
  const doc = {
    name: `Script ${Math.random()}`,
    trigger: { type: 'manual' },
    steps: [
      {
        id: 'script-1',
        connector: 'script',
        operation: 'run',
        input: { code, input: { $jsonpath: '$.trigger' } },
      },
    ],
  };
  const created = await srv.api<{ id: string }>('POST', '/api/workflows', { token, body: doc });
  if (created.status !== 201) throw new Error(created.text);
  const run = (
    await srv.api<RunJson>('POST', `/api/workflows/${created.body.id}/runs?wait=1`, {
      token,
      body: { payload },
    })
  ).body;
  const records = (
    await srv.api<{ records: { output: unknown; error: unknown }[] }>(
      'GET',
      `/api/runs/${run.id}/steps`,
      { token },
    )
  ).body.records;
  return { run, record: records[0] };
}

async function healthy(): Promise<void> {
  expect((await srv.api('GET', '/api/health')).status).toBe(200);
  const { run, record } = await runScript('return input.n * 2', { n: 21 });
  expect(run.status).toBe('succeeded');
  expect(record.output).toEqual({ result: 42, logs: [] });
}

describe('script steps on the server', () => {
  it('runs a script on the trigger and records its result and logs', async () => {
    const { run, record } = await runScript(
      'console.log("hello", input.name); return input.name.toUpperCase()',
      {
        name: 'acme',
      },
    );
    expect(run.status).toBe('succeeded');
    expect(record.output).toEqual({ result: 'ACME', logs: ['hello acme'] });
  });

  it.each([
    'return this.constructor.constructor("return process")().env',
    'return Function("return this")().constructor.constructor("return process")().mainModule',
    'return require("child_process").execSync("id").toString()',
    'return import("node:fs").then((fs) => fs.readFileSync("/etc/passwd", "utf8"))',
    'return Object.getOwnPropertyNames(Function("return this")()).filter((n) => /^(process|require|Buffer|fetch|module)$/.test(n)).join() || null',
  ])('an escape fails and leaks nothing: %s', async (code) => {
    const { run } = await runScript(code);
    const text = JSON.stringify(run);
    expect(text).not.toMatch(/STEPWISE_|PATH=|root:x|uid=|node_modules/);
    if (run.status === 'succeeded') {
      const { record } = await runScript(code);
      expect(record.output).toEqual({ result: null, logs: [] });
    } else expect(run.error?.code).toBe('SCRIPT_ERROR');
  });

  it('stops while(true){} with SCRIPT_TIMEOUT, and the server is healthy after', async () => {
    const { run } = await runScript('while (true) {}');
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('SCRIPT_TIMEOUT');
    expect(run.error?.stepId).toBe('script-1');
    await healthy();
  });

  it('stops a memory bomb with SCRIPT_MEMORY, and the server is healthy after', async () => {
    const before = process.memoryUsage().rss;
    for (const bomb of [
      'const keep = []; for (;;) keep.push(new Array(1e6).fill(keep.length));',
      'const keep = []; for (;;) keep.push("x".repeat(1e6) + keep.length);',
      'const keep = []; for (;;) keep.push(new Uint8Array(1e6));',
    ]) {
      const { run } = await runScript(bomb);
      expect(run.status).toBe('failed');
      expect(run.error?.code).toBe('SCRIPT_MEMORY');
    }
    // The sandbox's memory is capped (64 MiB + 32 MiB), so the process did not grow by gigabytes.
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 * 1024);
    await healthy();
  });

  it('validate refuses a script that does not parse, naming the step, the field and the line', async () => {
    const res = await srv.api<{ id: string }>('POST', '/api/workflows', {
      token,
      body: {
        name: 'Broken script',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'script-1',
            connector: 'script',
            operation: 'run',
            input: { code: 'return 1 +\n;' },
          },
        ],
      },
    });
    const problems = await srv.api<{
      problems: { path: string; stepId: string; message: string }[];
    }>('POST', `/api/workflows/${res.body.id}/validate`, { token, body: {} });
    expect(problems.body.problems).toEqual([
      expect.objectContaining({
        stepId: 'script-1',
        path: 'steps.0.input.code',
        message: expect.stringMatching(/line 2/),
      }),
    ]);
  });
});
