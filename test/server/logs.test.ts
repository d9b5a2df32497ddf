// The log of a real server process (server/main.ts, stdout a pipe, so JSON): every line is
// JSON, requests carry the request id their answer had, runs and steps carry their run,
// workflow and step ids, and no secret reaches it in any form. The run uses authentications
// against a service that echoes the credentials back (raw, decoded, hex, base64, in an error
// message), a webhook is called with its token, the API with a session and /metrics with its
// token, all at level debug (the most the log says).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretForms } from '../../engine/index.js';
import { listen, type Listening } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { Authentication, Queued, Run, Workflow } from './helpers/api-types.js';
import { startServerProcess, type ServerProcess } from './helpers/server-process.js';

const USER = 'svc-user';
const PASSWORD = 'pa$$ "word"/with+plus=1';
const API_KEY = 'key with spaces&amp/=+?';
const METRICS_TOKEN = 'metrics-token-for-the-log-test-42';

type Line = Record<string, unknown> & { msg: string; level: string };

let service: Listening;
let proc: ServerProcess;
const dir = tempDir('stepwise-logs-');
const seen = {
  session: '',
  hookToken: '',
  reqIds: [] as string[],
  runId: '',
  workflowId: '',
};

beforeAll(async () => {
  // Echoes what it was sent, in several encodings; /fail answers 500 with it in the message.
  service = await listen((req, res) => {
    const auth = req.headers.authorization ?? '';
    const decoded = auth.startsWith('Basic ')
      ? Buffer.from(auth.slice(6), 'base64').toString()
      : (new URL(req.url!, 'http://x').searchParams.get('api_key') ?? '');
    const failing = req.url!.startsWith('/fail');
    res.writeHead(failing ? 500 : 200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        authorization: auth,
        decoded,
        hex: Buffer.from(decoded).toString('hex'),
        base64: Buffer.from(decoded).toString('base64'),
        message: failing ? `bad credentials ${decoded} (${auth})` : 'ok',
      }),
    );
  });
  proc = await startServerProcess({
    STEPWISE_DATA_DIR: dir.path,
    STEPWISE_LOG_LEVEL: 'debug',
    STEPWISE_METRICS_TOKEN: METRICS_TOKEN,
    STEPWISE_LOG_FORMAT: '',
    REDIS_URL: '',
  });
}, 60_000);

afterAll(async () => {
  proc?.kill();
  await service?.close();
  dir.remove();
});

async function call<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(proc.url + path, {
    method,
    headers: {
      ...(seen.session ? { authorization: `Bearer ${seen.session}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  seen.reqIds.push(res.headers.get('x-request-id') ?? '');
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

describe('the log of a server process', () => {
  it('runs a workflow with authentications, a webhook, /metrics, then stops', async () => {
    const setup = await call<{ token: string }>('POST', '/api/auth/setup', {
      email: 'owner@example.com',
      password: 'owner-password-1',
    });
    seen.session = setup.body.token;
    const basic = await call<Authentication>('POST', '/api/authentications', {
      name: 'Basic',
      connector: 'http',
      scope: 'organisational',
      fields: { type: 'basic', baseUrl: service.url, username: USER, password: PASSWORD },
    });
    const key = await call<Authentication>('POST', '/api/authentications', {
      name: 'Key',
      connector: 'http',
      scope: 'organisational',
      fields: {
        type: 'api_key_query',
        baseUrl: service.url,
        paramName: 'api_key',
        apiKey: API_KEY,
      },
    });
    expect(await call('POST', `/api/authentications/${basic.body.id}/test`, {})).toMatchObject({
      status: 200,
    });
    const wf = await call<Workflow>('POST', '/api/workflows', {
      name: 'Echoes',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'echo-1',
          connector: 'http',
          operation: 'request',
          auth: key.body.id,
          input: { url: '/echo' },
        },
        {
          id: 'fails-1',
          connector: 'http',
          operation: 'request',
          auth: basic.body.id,
          input: { url: '/fail', method: 'POST', body: { note: 'x' } },
        },
      ],
    });
    seen.workflowId = wf.body.id;
    const run = await call<Run>('POST', `/api/workflows/${wf.body.id}/runs?wait=1`, {});
    expect(run.body.status).toBe('failed');
    seen.runId = run.body.id;

    const hook = await call<Workflow>('POST', '/api/workflows', {
      name: 'Hook',
      trigger: { type: 'webhook' },
      steps: [],
    });
    const hookPath = new URL(hook.body.webhookUrl ?? '').pathname;
    seen.hookToken = hookPath.split('/').pop()!;
    const hooked = await fetch(proc.url + hookPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"hello":"world"}',
    });
    expect(hooked.status).toBe(202);
    expect(((await hooked.json()) as Queued).runId).toBeTruthy();

    const metrics = await fetch(`${proc.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(metrics.status).toBe(200);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('is JSON, a line per event, with request, run, workflow and step ids', () => {
    const text = proc.output();
    const lines = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        try {
          return JSON.parse(l) as Line;
        } catch {
          throw new Error(`Not a JSON line: ${l}`);
        }
      });
    const events = (name: string) => lines.filter((l) => l.event === name);
    expect(events('server.started')).toHaveLength(1);
    expect(events('server.stopped')).toHaveLength(1);
    for (const line of lines) {
      expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(line.level);
      expect(Number.isNaN(Date.parse(String(line.time)))).toBe(false);
    }

    // Each answer's X-Request-Id is on its request's line.
    const requests = events('request');
    for (const reqId of seen.reqIds) {
      const line = requests.find((l) => l.reqId === reqId);
      expect(line, `request ${reqId}`).toBeDefined();
      expect(line).toMatchObject({ method: expect.any(String), status: expect.any(Number) });
    }
    expect(requests.find((l) => l.method === 'POST' && l.path === '/api/workflows')).toMatchObject({
      status: 201,
      userId: expect.any(String),
      msg: 'Request answered',
    });
    // The webhook's token is its secret: the path shows [token].
    expect(requests.filter((l) => String(l.path).startsWith('/hooks/'))).toEqual([
      expect.objectContaining({ path: expect.stringMatching(/^\/hooks\/[^/]+\/\[token\]$/) }),
    ]);

    const ids = { runId: seen.runId, workflowId: seen.workflowId };
    expect(events('run.started')).toContainEqual(
      expect.objectContaining({ ...ids, msg: 'Run started' }),
    );
    expect(events('step.finished')).toContainEqual(
      expect.objectContaining({ ...ids, stepId: 'echo-1', status: 'ok' }),
    );
    const failedStep = events('step.failed').find((l) => l.runId === seen.runId);
    expect(failedStep).toMatchObject({ ...ids, stepId: 'fails-1', level: 'warn' });
    expect(String(failedStep?.error)).toContain('bad credentials');
    expect(failedStep?.msg).toBe(`Step failed: ${failedStep?.error}`);
    const finished = events('run.finished').find((l) => l.runId === seen.runId);
    expect(finished).toMatchObject({ ...ids, status: 'failed', stepId: 'fails-1', level: 'warn' });
    // The same words for every run; a failure adds its error.
    expect(finished?.msg).toBe(`Run failed: ${finished?.error}`);
  });

  it('carries no secret in any form', () => {
    const text = proc.output();
    const secrets: Record<string, string> = {
      password: PASSWORD,
      'user:password': `${USER}:${PASSWORD}`,
      'api key': API_KEY,
      session: seen.session,
      'webhook token': seen.hookToken,
      'metrics token': METRICS_TOKEN,
    };
    const leaks: string[] = [];
    for (const [what, secret] of Object.entries(secrets)) {
      expect(secret.length).toBeGreaterThan(8);
      for (const form of secretForms(secret))
        for (const shown of new Set([form, JSON.stringify(form).slice(1, -1)]))
          if (text.includes(shown)) leaks.push(`${what} as ${JSON.stringify(shown)}`);
    }
    expect(leaks).toEqual([]);
    // The secrets were really there to leak: the service echoed them into the failed step.
    expect(text).toContain('bad credentials svc-user:[redacted]');
  });
});
