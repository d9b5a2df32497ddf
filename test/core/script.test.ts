// The script connector against a hostile author: no way out of the QuickJS sandbox to the
// process, its modules, its files, the network or its secrets; time and memory limits that stop
// a script and leave the process working; errors that name the line; logs kept, bounded.
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../connectors/index.js';
import { sandboxCache } from '../../connectors/core/sandbox/cache.js';
import { validateWorkflow } from '../../engine/index.js';
import { catalog, fails, ok, runOp } from './helpers.js';

const run = (code: string, input?: unknown) => runOp('script', 'run', { code, input });

describe('script connector', () => {
  it('runs the code on its input and returns the result and the console lines', async () => {
    expect(
      await ok('script', 'run', {
        code: 'console.log("total for", input.name, input.items.length);\nreturn { total: input.items.reduce((a, b) => a + b, 0) };',
        input: { name: 'Acme', items: [1, 2, 3] },
      }),
    ).toEqual({ result: { total: 6 }, logs: ['total for Acme 3'] });
    expect(await ok('script', 'run', { code: 'return new Date(0).toISOString()' })).toEqual({
      result: '1970-01-01T00:00:00.000Z',
      logs: [],
    });
    expect(
      await ok(
        'script',
        'run',
        { code: 'return input', input: '{$.trigger.who}' },
        { trigger: { who: 'me' } },
      ),
    ).toEqual({
      result: 'me',
      logs: [],
    });
  });

  it.each([
    ['this.constructor.constructor', 'return this.constructor.constructor("return process")()'],
    ['the Function constructor', 'return Function("return process")()'],
    [
      'a function of the global object',
      'return Function("return this")().constructor.constructor("return process")()',
    ],
    [
      'an error stack walk',
      'try { null.x } catch (e) { return e.constructor.constructor("return process")() }',
    ],
    ['globalThis.process', 'return globalThis.process.env'],
    ['require', 'return require("fs").readFileSync("/etc/passwd", "utf8")'],
    ['dynamic import', 'return import("node:fs")'],
    ['fetch', 'return fetch("http://127.0.0.1/")'],
    ['a Node global', 'return Buffer.from("x")'],
    [
      'the environment',
      'return Object.keys(Function("return this")()).filter((k) => /env|process|require|module/i.test(k))',
    ],
  ])('cannot reach the host through %s', async (_name, code) => {
    const r = await run(code);
    if (r.error) {
      expect(r.error.code).toBe('SCRIPT_ERROR');
      expect(JSON.stringify(r)).not.toMatch(/PATH|HOME|root:x|node_modules/);
    } else {
      // A script may run without failing, but only with nothing from the host in its hands.
      expect((r.output as { result: unknown }).result).toEqual([]);
    }
  });

  it("sees only QuickJS's own globals", async () => {
    const out = (await ok('script', 'run', {
      code: 'return Object.getOwnPropertyNames(globalThis)',
    })) as {
      result: string[];
    };
    for (const name of [
      'process',
      'require',
      'module',
      'fetch',
      'Buffer',
      'setTimeout',
      'std',
      'os',
      'WebAssembly',
    ])
      expect(out.result).not.toContain(name);
    expect(out.result).toContain('JSON');
  });

  it('cannot leave a global behind for the next call', async () => {
    const e = await fails(
      'script',
      'run',
      { code: 'counter = 1; return counter' },
      'SCRIPT_ERROR',
      'code',
    );
    expect(e.message).toMatch(/line 1/);
    await fails(
      'script',
      'run',
      { code: 'globalThis.counter = 1; return 1' },
      'SCRIPT_ERROR',
      'code',
    );
  });

  it('stops while(true){} at the time limit, naming the line, and goes on working', async () => {
    const e = await fails(
      'script',
      'run',
      { code: 'let n = 0;\nfor (let i = 0; ; i++) { n = Math.max(n, i) }' },
      'SCRIPT_TIMEOUT',
      'code',
    );
    expect(e.message).toContain('1000 ms');
    expect(e.message).toContain('line 2');
    expect(e.details?.line).toBe(2);
    // QuickJS places a call-free loop's interruption outside the code: no place rather than a wrong one.
    const tight = await fails(
      'script',
      'run',
      { code: 'let n = 0;\nwhile (true) {}' },
      'SCRIPT_TIMEOUT',
      'code',
    );
    expect(tight.details?.line).toBeUndefined();
    expect(await ok('script', 'run', { code: 'return 1 + 1' })).toEqual({ result: 2, logs: [] });
  });

  it('stops a memory bomb at the memory limit and goes on working', async () => {
    const e = await fails(
      'script',
      'run',
      { code: 'const keep = [];\nfor (;;) keep.push(new Array(1e6).fill(keep.length));' },
      'SCRIPT_MEMORY',
      'code',
    );
    expect(e.message).toContain('64 MiB');
    expect(await ok('script', 'run', { code: 'return [1, 2, 3].length' })).toEqual({
      result: 3,
      logs: [],
    });
  });

  it('the limits are settings', async () => {
    const strict = createCatalog({
      filesDir: '/nonexistent',
      STEPWISE_SCRIPT_TIME_LIMIT_MS: '50',
      STEPWISE_SCRIPT_MEMORY_MB: '8',
    });
    const runtime = strict.get('script', 'run')!;
    const call = (code: string) =>
      runtime
        .execute({
          input: { code },
          auth: undefined,
          signal: new AbortController().signal,
          runId: 'run_limits',
          workflowId: 'wf_limits',
          stepId: 'script-1',
          idempotencyKey: 'k',
          log: () => {},
          state: { get: async () => undefined, set: async () => {} },
        })
        .then(
          () => 'ok',
          (err: { code: string; message: string }) => `${err.code} ${err.message}`,
        );
    const started = Date.now();
    expect(await call('for (;;) {}')).toMatch(/^SCRIPT_TIMEOUT .*50 ms/);
    expect(Date.now() - started).toBeLessThan(900);
    expect(await call('const a = []; for (;;) a.push(new Array(1e5).fill(1))')).toMatch(
      /^SCRIPT_MEMORY .*8 MiB/,
    );
  });

  it('deep recursion is an error, not a crash', async () => {
    const e = await fails(
      'script',
      'run',
      { code: 'function f(n) { return f(n + 1) + 1 }\nreturn f(0)' },
      'SCRIPT_ERROR',
      'code',
    );
    expect(e.message).toMatch(/stack overflow|too deep/);
    expect(await ok('script', 'run', { code: 'return "still here"' })).toMatchObject({
      result: 'still here',
    });
  });

  it('a throw names the error, the line and the column, and keeps the logs', async () => {
    const e = await fails(
      'script',
      'run',
      {
        code: 'console.log("checking", input);\nif (!input.email)\n  throw new Error("no email on this contact");',
        input: { name: 'Ada' },
      },
      'SCRIPT_ERROR',
      'code',
    );
    expect(e.message).toContain('line 3, column');
    expect(e.message).toContain('no email on this contact');
    expect(e.details?.logs).toEqual(['checking {"name":"Ada"}']);
    const thrown = await fails(
      'script',
      'run',
      { code: 'throw "plain text"' },
      'SCRIPT_ERROR',
      'code',
    );
    expect(thrown.message).toContain('plain text');
  });

  it.each([
    ['undefined (no return)', 'const x = 1;', 'result is undefined'],
    ['a function', 'return () => 1', 'result is a function'],
    ['NaN', 'return 0 / 0', 'result is NaN'],
    ['an undefined field', 'return { name: input.missing }', 'result.name is undefined'],
    ['a Map', 'return { m: new Map() }', 'result.m is a Map'],
    ['a promise', 'return Promise.resolve(1)', 'result is a Promise'],
  ])('a result that is not JSON is an error: %s', async (_name, code, says) => {
    const e = await fails('script', 'run', { code, input: {} }, 'SCRIPT_ERROR', 'code');
    expect(e.message).toContain(says);
  });

  it('keeps at most 100 console lines, saying how many were dropped', async () => {
    const out = (await ok('script', 'run', {
      code: 'for (let i = 0; i < 150; i++) console.log("line", i); return 1',
    })) as {
      logs: string[];
    };
    expect(out.logs).toHaveLength(101);
    expect(out.logs[99]).toBe('line 99');
    expect(out.logs[100]).toBe('… 50 more lines not kept');
    const long = (await ok('script', 'run', {
      code: 'console.log("x".repeat(5000)); return 1',
    })) as { logs: string[] };
    expect(long.logs[0].length).toBeLessThanOrEqual(1001);
  });

  it('a script that does not parse: an error at run time and a problem in validate', async () => {
    const e = await fails('script', 'run', { code: 'const total = ;' }, 'SCRIPT_ERROR', 'code');
    expect(e.message).toContain('does not parse at line 1, column');
    const problems = validateWorkflow(
      {
        name: 'v',
        trigger: { type: 'manual' },
        steps: [
          { id: 'ok-1', connector: 'script', operation: 'run', input: { code: 'return 1' } },
          {
            id: 'bad-1',
            connector: 'script',
            operation: 'run',
            input: { code: 'return 1\n  if (' },
          },
          {
            id: 'mapped-1',
            connector: 'script',
            operation: 'run',
            input: { code: '{$.trigger.code}' },
          },
        ],
      },
      catalog,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        stepId: 'bad-1',
        path: 'steps.1.input.code',
        message: expect.stringContaining('line 2'),
      }),
    ]);
    expect(problems[0].message).toContain('Step "bad-1", input "code"');
  });

  it('reuses a warm sandbox per step, and a changed code gets a new one', async () => {
    sandboxCache.clear();
    for (let i = 0; i < 5; i++) await ok('script', 'run', { code: 'return input * 2', input: i });
    expect(sandboxCache.size()).toBe(1);
    expect(await ok('script', 'run', { code: 'return input * 3', input: 2 })).toMatchObject({
      result: 6,
    });
    expect(sandboxCache.size()).toBe(1);
  });
});
