import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli/main.js';
import { listen, readBody } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import { createTestConnector } from '../helpers/test-connector.js';

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir('stepwise-cli-');
});
afterEach(() => dir.remove());

const write = (name: string, value: unknown) => {
  const path = join(dir.path, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    loadCatalog: async () => createTestConnector().catalog,
  });
  return { code, out: out.join('\n'), err: err.join('\n'), lines: out };
}

const greet = {
  name: 'Greet',
  trigger: { type: 'manual' },
  steps: [
    {
      id: 'loop-1',
      type: 'loop',
      input: { list: { $jsonpath: '$.trigger.names' } },
      steps: [
        {
          id: 'echo-1',
          connector: 'test',
          operation: 'echo',
          input: { text: 'Hi {$.steps.loop-1.value}' },
        },
      ],
    },
  ],
};

describe('stepwise run', () => {
  it('prints a readable line per record and exits 0 when the run succeeds', async () => {
    const { code, out } = await cli([
      'run',
      write('w.json', greet),
      '--payload',
      write('p.json', { names: ['Ann', 'Bob'] }),
    ]);
    expect(code).toBe(0);
    expect(out).toContain('   1  loop-1[0] > echo-1  ok');
    expect(out).toContain('        in:  {"text":"Hi Ann"}');
    expect(out).toContain('   3  loop-1  ok');
    expect(out).toMatch(/Run succeeded in \d+ ms: 3 records/);
  });

  it('prints one JSON record per line with --json', async () => {
    const { code, lines } = await cli([
      'run',
      write('w.json', greet),
      '--payload',
      write('p.json', { names: ['Ann'] }),
      '--json',
    ]);
    expect(code).toBe(0);
    const records = lines.map(
      (l) => JSON.parse(l) as { seq: number; place: string; output: unknown },
    );
    expect(records.map((r) => [r.seq, r.place])).toEqual([
      [1, 'loop-1[0] > echo-1'],
      [2, 'loop-1'],
    ]);
    expect(records[0].output).toEqual({ text: 'Hi Ann' });
  });

  it('exits 1 when the run fails, naming the step and the field', async () => {
    const { code, out } = await cli([
      'run',
      write('w.json', greet),
      '--payload',
      write('p.json', { names: 'Ann' }),
    ]);
    expect(code).toBe(1);
    expect(out).toContain('Run failed at step "loop-1"');
    expect(out).toContain(
      'MAPPING_FAILED: Step "loop-1", input "list": a loop needs a list to go through, but got text ("Ann") (from $.trigger.names)',
    );
  });

  it('exits 2 and prints every problem when the document is invalid', async () => {
    const { code, err, out } = await cli([
      'run',
      write('w.json', {
        trigger: { type: 'manual' },
        steps: [
          { id: 'a', connector: 'test' },
          { id: 'b', connector: 'test', operation: 'whoami', auth: 'auth_x' },
        ],
      }),
    ]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('has 2 problems:');
    expect(err).toContain('  name: Required');
    expect(err).toContain('  steps.0.operation: Required');
  });

  it('exits 2 for a reference to an authentication that is not in --auth, and uses the ones that are (redacted)', async () => {
    const wf = {
      name: 'Auth',
      trigger: { type: 'manual' },
      steps: [{ id: 'who-1', connector: 'test', operation: 'whoami', auth: 'auth_1', input: {} }],
    };
    const missing = await cli(['run', write('w.json', wf)]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(
      'steps.0.auth: Step "who-1": the authentication "auth_1" does not exist',
    );
    const auths = write('auths.json', {
      auth_1: { connector: 'test', fields: { token: 'tok-very-secret' } },
    });
    const ok = await cli(['run', write('w.json', wf), '--auth', auths, '--json']);
    expect(ok.code).toBe(0);
    expect(ok.out).not.toContain('tok-very-secret');
    expect(JSON.parse(ok.lines[0])).toMatchObject({
      output: { authId: 'auth_1', token: '[redacted]' },
    });
  });

  it('exits 2 with a clear message for a missing file, bad JSON, a bad auth file or bad arguments', async () => {
    expect(await cli(['run', join(dir.path, 'nope.json')])).toMatchObject({
      code: 2,
      err: `The workflow file ${join(dir.path, 'nope.json')} does not exist`,
    });
    const bad = await cli(['run', write('bad.json', '{ nope')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('bad.json is not valid JSON');
    const badAuth = await cli([
      'run',
      write('w.json', greet),
      '--auth',
      write('a.json', { a: { fields: {} }, b: { connector: 'test', fields: 'x', token: 't' } }),
    ]);
    expect(badAuth.code).toBe(2);
    expect(badAuth.err.split('\n').slice(1)).toEqual([
      '  a.connector: Required',
      '  b.fields: Expected an object, got text',
      '  b: Unknown field: token',
    ]);
    expect((await cli(['launch', 'x.json'])).err).toContain('Unknown command "launch"');
    expect((await cli(['run'])).code).toBe(2);
  });

  it('runs as a real process with the real connector registry (http connector against a local server)', async () => {
    const hits: string[] = [];
    const server = await listen(async (req, res) => {
      hits.push(`${req.method} ${req.url} ${await readBody(req)}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, got: req.url }));
    });
    try {
      const wf = write('http.json', {
        name: 'HTTP',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'http-1',
            connector: 'http',
            operation: 'request',
            input: {
              method: 'POST',
              url: `${server.url}/hook?x={$.trigger.x}`,
              body: { hello: { $jsonpath: '$.trigger.x' } },
            },
          },
        ],
      });
      const { code, stdout } = await spawnCli(
        ['run', wf, '--payload', write('p.json', { x: 'y1' }), '--json'],
        { STEPWISE_DATA_DIR: dir.path },
      );
      expect(code).toBe(0);
      expect(hits).toEqual(['POST /hook?x=y1 {"hello":"y1"}']);
      const record = JSON.parse(stdout.trim().split('\n')[0]) as {
        stepId: string;
        status: string;
        output: { status: number; body: unknown };
      };
      expect(record).toMatchObject({
        stepId: 'http-1',
        status: 'ok',
        output: { status: 200, body: { ok: true, got: '/hook?x=y1' } },
      });
    } finally {
      await server.close();
    }
  });

  it('exits 1 as a real process when the run fails (test catalog module)', async () => {
    const wf = write('f.json', {
      name: 'F',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'fail-1',
          connector: 'test',
          operation: 'fail',
          input: { code: 'NOT_FOUND', message: 'gone' },
        },
      ],
    });
    const { code, stdout } = await spawnCli(['run', wf], {
      STEPWISE_CATALOG_MODULE: join(process.cwd(), 'test/helpers/test-connector.ts'),
    });
    expect(code).toBe(1);
    expect(stdout).toContain('NOT_FOUND: Step "fail-1": gone');
  });
});

describe('stepwise is bounded like the server (issue 12)', () => {
  const testCatalog = {
    STEPWISE_CATALOG_MODULE: join(process.cwd(), 'test/helpers/test-connector.ts'),
  };
  const oneStep = (input: Record<string, unknown>) => ({
    name: 'E',
    trigger: { type: 'manual' },
    steps: [{ id: 'echo-1', connector: 'test', operation: 'echo', input }],
  });

  it('refuses a filter that calls a method, instead of aborting the process', async () => {
    const wf = write(
      'evil.json',
      oneStep({ v: { $jsonpath: "$.trigger[?(@.repeat(200000000).split(''))]" } }),
    );
    const { code, stderr } = await spawnCli(['run', wf], testCatalog);
    expect(code).toBe(2);
    expect(stderr).toContain('steps.0.input.v: Step "echo-1", input "v": the filter in');
    expect(stderr).toContain(
      'calls the method repeat() (character 15), which mappings do not allow',
    );
  });

  it('takes the work limit from the environment and fails the run with it', async () => {
    const wf = write('all.json', oneStep({ v: { $jsonpath: '$.trigger..*' } }));
    const payload = write('p.json', { rows: Array.from({ length: 100 }, (_, i) => ({ i })) });
    const { code, stdout } = await spawnCli(['run', wf, '--payload', payload], {
      ...testCatalog,
      STEPWISE_MAPPING_MAX_WORK: '50',
    });
    expect(code).toBe(1);
    expect(stdout).toContain('has to look at more than 50 values');
  });

  it('exits 2 naming a bad limit setting', async () => {
    const wf = write('ok.json', oneStep({}));
    const { code, stderr } = await spawnCli(['run', wf], {
      ...testCatalog,
      STEPWISE_MAX_ITERATIONS: '0',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('STEPWISE_MAX_ITERATIONS must be a whole number from 1, not "0"');
  });

  it('refuses a payload nested deeper than 64 levels with a clear message', async () => {
    const wf = write('ok.json', oneStep({}));
    const payload = write('deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const { code, err } = await cli(['run', wf, '--payload', payload]);
    expect(code).toBe(2);
    expect(err).toBe(
      `The payload file ${payload} nests objects and lists more than 64 levels deep (the setting STEPWISE_MAX_JSON_DEPTH)`,
    );
  });
});

function spawnCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/stepwise.js'), ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
