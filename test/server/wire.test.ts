// The answers the editor reads parse with the zod schemas in wire/ (the ones the editor parses
// them with), strictly: parsing must keep every field the server sent, so a field added on
// the server and not in the schema fails here, as does a field the schema wants and the
// server no longer sends. Real servers: the test connector for runs, the shipped connectors
// for their descriptions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { envFromProcess } from '../../connectors/index.js';
import { createConnectorDirectory } from '../../server/services/connector-directory.js';
import {
  authenticationRowSchema,
  authenticationSchema,
  connectorDescriptionSchema,
  meSchema,
  recordsPageSchema,
  runEventSchemas,
  runSchema,
  serverStatusSchema,
  sessionSchema,
  userSchema,
  workflowSummarySchema,
  type RunEventName,
} from '../../wire/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { Queued } from './helpers/api-types.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

let srv: TestServer;
let shipped: TestServer;
let files: { path: string; remove(): void };

/** Parses and checks nothing was dropped or added on the way (zod strips unknown keys). */
function parsesWhole(schema: z.ZodType, value: unknown, what: string): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new Error(`${what} does not parse: ${JSON.stringify(parsed.error.issues, null, 1)}`);
  expect(parsed.data, `${what}: every field the server sent is in the schema`).toEqual(value);
}

const step = (id: string, operation: string, input: Record<string, unknown> = {}) => ({
  id,
  connector: 'test',
  operation,
  input,
});

async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  srv = await startTestServer();
  await srv.owner();
  files = tempDir('stepwise-wire-');
  shipped = await startTestServer({
    connectors: createConnectorDirectory(envFromProcess(files.path)),
  });
  await shipped.owner();
});
afterAll(async () => {
  await srv?.close();
  await shipped?.close();
  files?.remove();
});

describe('wire schemas', () => {
  it('parse a run, its records and its live events, a failed one and the runs lists', async () => {
    const created = await srv.api<{ id: string }>('POST', '/api/workflows', {
      token: srv.token,
      body: {
        name: 'Wire',
        trigger: { type: 'manual' },
        steps: [
          step('a', 'echo', { n: 1 }),
          step('s', 'sleep', { ms: 300 }),
          {
            id: 'loop-1',
            type: 'loop',
            input: { list: [1, 2] },
            steps: [step('inner', 'echo', { v: { $jsonpath: '$.steps.loop-1.value' } })],
          },
          step('bad', 'fail', { code: 'NOT_FOUND', message: 'No such account' }),
        ],
      },
    });
    const wf = created.body.id;
    const { body } = await srv.api<Queued>('POST', `/api/workflows/${wf}/runs`, {
      token: srv.token,
      body: { payload: { account: 'Initech' } },
    });
    await waitUntil(() => srv.test.calls.get('sleep') === 1);
    const res = await fetch(`${srv.url}/api/runs/${body.runId}/events`, {
      headers: { authorization: `Bearer ${srv.token}` },
    });
    const events = (await res.text())
      .split('\n\n')
      .filter((block) => block.startsWith('event:'))
      .map((block) => {
        const [eventLine, dataLine] = block.split('\n');
        return { event: eventLine.slice(7) as RunEventName, data: JSON.parse(dataLine.slice(6)) };
      });
    expect(new Set(events.map((e) => e.event))).toEqual(new Set(['run', 'step', 'step-start']));
    for (const { event, data } of events)
      parsesWhole(runEventSchemas[event], data, `the ${event} event`);

    const run = await srv.api('GET', `/api/runs/${body.runId}`, { token: srv.token });
    parsesWhole(runSchema, run.body, 'GET /api/runs/:id');
    expect(runSchema.parse(run.body)).toMatchObject({
      status: 'failed',
      error: { code: 'NOT_FOUND', stepId: 'bad' },
    });
    const page = await srv.api('GET', `/api/runs/${body.runId}/steps?limit=1000`, {
      token: srv.token,
    });
    parsesWhole(recordsPageSchema, page.body, 'GET /api/runs/:id/steps');
    expect(recordsPageSchema.parse(page.body).records.at(-1)?.error?.code).toBe('NOT_FOUND');

    const retried = await srv.api<Queued>('POST', `/api/runs/${body.runId}/retry`, {
      token: srv.token,
      body: { from: 'failed-step' },
    });
    expect(retried.status).toBe(202);
    for (const path of [`/api/workflows/${wf}/runs`, '/api/runs']) {
      const list = await srv.api<unknown[]>('GET', path, { token: srv.token });
      expect(list.body.length).toBeGreaterThan(1);
      for (const item of list.body) parsesWhole(runSchema, item, `GET ${path}`);
    }
  });

  it('parse the workflows list, authentications and users', async () => {
    await srv.api('POST', '/api/workflows', {
      token: srv.token,
      body: {
        name: 'Nightly',
        trigger: {
          type: 'schedule',
          schedule: { every: 'daily', at: '02:00', timezone: 'Europe/London' },
        },
        steps: [],
      },
    });
    const list = await srv.api<unknown[]>('GET', '/api/workflows', { token: srv.token });
    expect(list.body.length).toBeGreaterThan(1);
    for (const row of list.body) parsesWhole(workflowSummarySchema, row, 'GET /api/workflows');

    const auth = await srv.api('POST', '/api/authentications', {
      token: srv.token,
      body: { name: 'Key', connector: 'test', scope: 'organisational', fields: { token: 'k' } },
    });
    parsesWhole(authenticationSchema, auth.body, 'POST /api/authentications');
    const auths = await srv.api<unknown[]>('GET', '/api/authentications', { token: srv.token });
    for (const row of auths.body)
      parsesWhole(authenticationRowSchema, row, 'GET /api/authentications');

    const builder = await srv.user('builder@example.com');
    const me = await srv.api('GET', '/api/auth/me', { token: builder });
    parsesWhole(meSchema, me.body, 'GET /api/auth/me');
    const login = await srv.api('POST', '/api/auth/login', {
      body: { email: 'builder@example.com', password: 'user-password-1' },
    });
    expect(login.status).toBe(200);
    parsesWhole(sessionSchema, login.body, 'POST /api/auth/login');
    const users = await srv.api<unknown[]>('GET', '/api/users', { token: srv.token });
    expect(users.body.length).toBe(2);
    for (const row of users.body) parsesWhole(userSchema, row, 'GET /api/users');
  });

  it("parse every shipped connector's description", async () => {
    const answer = await shipped.api<unknown[]>('GET', '/api/connectors', {
      token: shipped.token,
    });
    expect(answer.body.length).toBeGreaterThan(10);
    for (const connector of answer.body)
      parsesWhole(connectorDescriptionSchema, connector, 'GET /api/connectors');
  });

  it('parse the status page (with a failure in it)', async () => {
    const { body: wf } = await srv.api<{ id: string }>('POST', '/api/workflows', {
      token: srv.token,
      body: {
        name: 'Fails',
        trigger: { type: 'manual' },
        steps: [step('f1', 'fail', { code: 'CONNECTOR_HTTP', message: 'nope' })],
      },
    });
    await srv.api('POST', `/api/workflows/${wf.id}/runs?wait=1`, { token: srv.token, body: {} });
    const status = await srv.api<{ failures: unknown[] }>('GET', '/api/status', {
      token: srv.token,
    });
    expect(status.body.failures.length).toBeGreaterThan(0);
    parsesWhole(serverStatusSchema, status.body, 'GET /api/status');
  });
});
