// The CLI's checks of the --auth file against the real connector registry: an authentication
// of the wrong connector, or an entry naming a connector that does not exist, is caught before
// the run (exit 2, every problem printed), not by a step failing halfway through (exit 1).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli/main.js';
import { checkAuthFields, createCatalog } from '../../connectors/index.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir('stepwise-cli-auths-');
});
afterEach(() => dir.remove());

const write = (name: string, value: unknown) => {
  const path = join(dir.path, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    loadCatalog: async () => createCatalog({ filesDir: join(dir.path, 'files') }),
    checkAuth: (connector, fields) => checkAuthFields(connector, fields),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const auths = {
  'totango-token': {
    connector: 'totango',
    fields: { token: 'tok', baseUrl: 'http://127.0.0.1:9' },
  },
  'slack-bot': {
    connector: 'slack',
    fields: { token: 'xoxb-1', baseUrl: 'http://127.0.0.1:9/api' },
  },
};

describe('stepwise run: authentications from --auth', () => {
  it("exits 2 before any request when a step is given another connector's authentication, at any depth", async () => {
    const wf = {
      name: 'Mixed up',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'slack-1',
          connector: 'slack',
          operation: 'send_message',
          auth: 'totango-token',
          input: { channel: '#general', text: 'hi' },
        },
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [1] },
          steps: [
            {
              id: 'tp-1',
              connector: 'totango',
              operation: 'create_touchpoint',
              auth: 'slack-bot',
              input: { account_id: 'a', content: 'c' },
            },
          ],
        },
        {
          id: 'sync-1',
          connector: 'salesforce',
          operation: 'sync_tasks_outbound',
          auth: { salesforce: 'totango-token', totango: 'totango-token' },
          input: {},
        },
      ],
    };
    const { code, out, err } = await cli([
      'run',
      write('w.json', wf),
      '--auth',
      write('auths.json', auths),
    ]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('has 3 problems:');
    expect(err).toContain(
      '  steps.0.auth: Step "slack-1": the authentication "totango-token" is for totango, but this step needs one for slack',
    );
    expect(err).toContain(
      '  steps.1.steps.0.auth: Step "tp-1": the authentication "slack-bot" is for slack, but this step needs one for totango',
    );
    expect(err).toContain(
      '  steps.2.auth.salesforce: Step "sync-1": the authentication "totango-token" is for totango, but this step needs one for salesforce',
    );
  });

  it('exits 2 for a Slack Web API step without an authentication, but not for the webhook operation', async () => {
    const wf = {
      name: 'Slack',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'slack-1',
          connector: 'slack',
          operation: 'send_message',
          input: { channel: '#general', text: 'hi' },
        },
        {
          id: 'hook-1',
          connector: 'slack',
          operation: 'send_webhook_message',
          input: { webhookUrl: 'http://127.0.0.1:9/services/T/B/X', text: 'hi' },
        },
      ],
    };
    const { code, err } = await cli(['run', write('w.json', wf)]);
    expect(code).toBe(2);
    expect(err).toContain('has 1 problem:');
    expect(err).toContain('  steps.0.auth: Step "slack-1" needs an authentication for "slack"');
  });

  it('exits 2 naming the entry when the --auth file names a connector that does not exist', async () => {
    const wf = { name: 'Ok', trigger: { type: 'manual' }, steps: [] };
    const { code, err } = await cli([
      'run',
      write('w.json', wf),
      '--auth',
      write('auths.json', { ...auths, typo: { connector: 'totang', fields: { token: 't' } } }),
    ]);
    expect(code).toBe(2);
    expect(err).toContain('names connectors that do not exist:');
    expect(err).toContain(
      '  typo.connector: there is no connector "totang" (known: http, totango, slack, file, salesforce, ',
    );
  });

  it('exits 2 listing each missing, invalid or misspelt field, values never shown, before any request', async () => {
    const wf = { name: 'Ok', trigger: { type: 'manual' }, steps: [] };
    const bad = {
      t: {
        connector: 'totango',
        fields: { tokne: 'tok-secret-1', baseURL: 'http://127.0.0.1:9', region: 'EU' },
      },
      h: { connector: 'http', fields: { type: 'bearer', token: 'tok-secret-2' } },
      ok: auths['slack-bot'],
    };
    const { code, err } = await cli([
      'run',
      write('w.json', wf),
      '--auth',
      write('auths.json', bad),
    ]);
    expect(code).toBe(2);
    expect(err.split('\n')).toEqual([
      `The authentications file ${join(dir.path, 'auths.json')} has fields to fix:`,
      '  t.fields.tokne: not a field of this authentication (its fields are token, region, baseUrl, collectorUrl, serviceId)',
      '  t.fields.baseURL: not a field of this authentication (did you mean "baseUrl"?)',
      '  t.fields.token: missing',
      '  t.fields.region: Invalid option: expected one of "us"|"eu"',
      '  h.fields.baseUrl: missing',
    ]);
    expect(err).not.toContain('tok-secret');
  });

  it('checks the --auth file with the real connectors when run as a real process', async () => {
    const wf = write('w.json', { name: 'Ok', trigger: { type: 'manual' }, steps: [] });
    const authFile = write('auths.json', {
      t: { connector: 'totango', fields: { token: 'tok', baseURL: 'http://127.0.0.1:9' } },
    });
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
      (resolve) => {
        const child = spawn(
          process.execPath,
          [join(process.cwd(), 'bin/stepwise.js'), 'run', wf, '--auth', authFile],
          { env: { ...process.env, STEPWISE_DATA_DIR: dir.path } },
        );
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (c) => resolve({ code: c, stderr }));
      },
    );
    expect(code).toBe(2);
    expect(stderr).toContain(
      '  t.fields.baseURL: not a field of this authentication (did you mean "baseUrl"?)',
    );
  });

  it('refuses a connector setting its connector refuses, naming it, exit 2, before any run', async () => {
    const wf = write('w.json', { name: 'Ok', trigger: { type: 'manual' }, steps: [] });
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      const child = spawn(process.execPath, [join(process.cwd(), 'bin/stepwise.js'), 'run', wf], {
        env: { ...process.env, STEPWISE_DATA_DIR: dir.path, STEPWISE_SCRIPT_MEMORY_MB: 'lots' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (c) => resolve({ code: c, stdout, stderr }));
    });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'STEPWISE_SCRIPT_MEMORY_MB must be a whole number from 1 to 4096, not "lots"',
    );
    expect(stdout).not.toContain('Run succeeded');
  });
});
