// A personal authentication acts only for its owner. The owner's workflow names it; a builder
// who may edit that workflow tries to point a step at it with another URL and method, to add
// a step that uses it, to reuse it in the failure notification: each save is a 403 naming the
// step, and the owner's service (a real listener on 127.0.0.1) receives nothing they chose.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnectorDirectory } from '../../server/services/connector-directory.js';
import { envFromProcess } from '../../connectors/index.js';
import { listen, readBody, type Listening } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import type {
  Authentication,
  ErrorBody,
  InvalidBody,
  RecordsPage,
  Run,
  Workflow,
} from './helpers/api-types.js';

const OWNER_TOKEN = 'owner-bearer-0123456789-secret';

let srv: TestServer;
let service: Listening;
let received: { method: string; url: string; authorization?: string; body: string }[];
let owner: string;
let builder: string;
let files: { path: string; remove(): void };
let authId: string;
let workflow: Workflow;

const ownerStep = () => ({
  id: 'fetch',
  connector: 'http',
  operation: 'request',
  auth: authId,
  input: { method: 'GET', url: '/reports/mine' },
});

beforeEach(async () => {
  received = [];
  service = await listen(async (req, res) => {
    received.push({
      method: req.method!,
      url: req.url!,
      authorization: req.headers.authorization,
      body: await readBody(req),
    });
    if (req.url!.startsWith('/fail')) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"owner account 4411 is overdrawn"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"private":"owner data"}');
  });
  files = tempDir('stepwise-personal-');
  srv = await startTestServer({
    connectors: createConnectorDirectory(envFromProcess(files.path)),
  });
  owner = await srv.owner();
  builder = await srv.user('builder@example.com');
  const auth = await srv.api<Authentication>('POST', '/api/authentications', {
    token: owner,
    body: {
      name: 'My reports API',
      connector: 'http',
      scope: 'personal',
      fields: { type: 'bearer', baseUrl: service.url, token: OWNER_TOKEN },
    },
  });
  expect(auth.status).toBe(201);
  authId = auth.body.id;
  const created = await srv.api<Workflow>('POST', '/api/workflows', {
    token: owner,
    body: { name: 'Owner reports', trigger: { type: 'manual' }, steps: [ownerStep()] },
  });
  expect(created.status).toBe(201);
  workflow = created.body;
});
afterEach(async () => {
  await srv.close();
  await service.close();
  files.remove();
});

const save = <T = InvalidBody>(
  token: string,
  steps: unknown[],
  extra: Record<string, unknown> = {},
) =>
  srv.api<T>('PUT', `/api/workflows/${workflow.id}`, {
    token,
    body: {
      name: 'Owner reports',
      trigger: { type: 'manual' },
      steps,
      ...extra,
      baseVersion: workflow.version,
    },
  });

describe('saving a step that uses a personal authentication', () => {
  it('refuses a builder who points the owner step at another URL and method', async () => {
    const hijacked = {
      ...ownerStep(),
      input: { method: 'DELETE', url: '/admin/everything', body: { all: true } },
    };
    const res = await save(builder, [hijacked]);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(res.body.error.message).toContain('step "fetch"');
    expect(res.body.error.issues).toEqual([
      {
        path: 'steps.0.auth',
        message:
          'Step "fetch" uses an authentication that is personal to another user: only they can add it to a step or change a step that uses it. Pick an authentication of your own or an organisational one.',
      },
    ]);
    // Nothing was saved, so running the workflow sends only what the owner set up.
    const run = await srv.api<Run>('POST', `/api/workflows/${workflow.id}/runs?wait=1`, {
      token: builder,
      body: {},
    });
    expect(run.body.status).toBe('succeeded');
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /reports/mine']);
  });

  it('refuses a builder who adds a step with it, and the service receives nothing', async () => {
    const extra = {
      id: 'exfiltrate',
      connector: 'http',
      operation: 'request',
      auth: authId,
      input: { method: 'POST', url: '/keys', body: { rotate: true } },
    };
    const res = await save(builder, [ownerStep(), extra]);
    expect(res.status).toBe(403);
    expect(res.body.error.issues.map((i) => i.path)).toEqual(['steps.1.auth']);
    expect(received).toEqual([]);
    expect(srv.services.workflows.row(workflow.id).latestVersion).toBe(1);
  });

  it('refuses a builder who moves it into the Slack notification', async () => {
    const res = await save(builder, [ownerStep()], {
      notifications: { onFailure: true, slack: { auth: authId, channel: 'C1' } },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.issues).toEqual([
      expect.objectContaining({ path: 'notifications.slack.auth' }),
    ]);
  });

  it('lets a builder save other changes that leave the step as it was', async () => {
    const other = {
      id: 'note',
      connector: 'http',
      operation: 'request',
      input: { method: 'GET', url: `${service.url}/public` },
    };
    const res = await save<Workflow>(builder, [ownerStep(), other]);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
  });

  it('lets the builder change the step with an authentication of their own', async () => {
    const mine = await srv.api<Authentication>('POST', '/api/authentications', {
      token: builder,
      body: {
        name: 'Builder API',
        connector: 'http',
        scope: 'organisational',
        fields: { type: 'bearer', baseUrl: service.url, token: 'builder-token-abcdef' },
      },
    });
    const res = await save(builder, [
      { ...ownerStep(), auth: mine.body.id, input: { method: 'GET', url: '/reports/team' } },
    ]);
    expect(res.status).toBe(200);
  });

  it('lets the owner change their own step', async () => {
    const res = await save(owner, [
      { ...ownerStep(), input: { method: 'GET', url: '/reports/other' } },
    ]);
    expect(res.status).toBe(200);
  });
});

describe('runs of a step that uses a personal authentication', () => {
  const runAs = async (token: string) => {
    const run = await srv.api<Run>('POST', `/api/workflows/${workflow.id}/runs?wait=1`, {
      token,
      body: {},
    });
    expect(run.body.status).toBe('succeeded');
    return run.body.id;
  };

  it('shows the owner and admins its data, and others only that it ran', async () => {
    const admin = await srv.user('admin2@example.com', 'admin');
    const runId = await runAs(builder);
    const forOwner = await srv.api<RecordsPage & { records: { output: { body: unknown } }[] }>(
      'GET',
      `/api/runs/${runId}/steps`,
      { token: owner },
    );
    expect(forOwner.body.records[0].output.body).toEqual({ private: 'owner data' });
    const forAdmin = await srv.api<RecordsPage & { records: { output: { body: unknown } }[] }>(
      'GET',
      `/api/runs/${runId}/steps`,
      { token: admin },
    );
    expect(forAdmin.body.records[0].output.body).toEqual({ private: 'owner data' });

    const forBuilder = await srv.api<RecordsPage & { records: { output: { body: unknown } }[] }>(
      'GET',
      `/api/runs/${runId}/steps`,
      { token: builder },
    );
    expect(forBuilder.body.records[0]).toMatchObject({
      stepId: 'fetch',
      status: 'ok',
      input: null,
      output: null,
      hidden: true,
    });
    expect(forBuilder.text).not.toContain('owner data');
    const stream = await srv.api('GET', `/api/runs/${runId}/events`, { token: builder });
    expect(stream.text).toContain('"hidden":true');
    expect(stream.text).not.toContain('owner data');
  });

  it('hides the error text of such a step from others', async () => {
    const failing = await srv.api('PUT', `/api/workflows/${workflow.id}`, {
      token: owner,
      body: {
        name: 'Owner reports',
        trigger: { type: 'manual' },
        steps: [{ ...ownerStep(), input: { method: 'GET', url: '/fail' } }],
        baseVersion: workflow.version,
      },
    });
    expect(failing.status).toBe(200);
    const run = await srv.api<Run>('POST', `/api/workflows/${workflow.id}/runs?wait=1`, {
      token: owner,
      body: {},
    });
    expect(run.body.status).toBe('failed');
    const mine = await srv.api<Run>('GET', `/api/runs/${run.body.id}`, { token: owner });
    const theirs = await srv.api<Run>('GET', `/api/runs/${run.body.id}`, { token: builder });
    expect(theirs.body.error?.stepId).toBe('fetch');
    expect(theirs.body.error?.message).toMatch(/personal authentication of another user/);
    expect(theirs.text).not.toContain('4411');
    expect(mine.body.error?.message).toContain('4411');
    const list = await srv.api<Run[]>('GET', `/api/workflows/${workflow.id}/runs`, {
      token: builder,
    });
    expect(list.body[0].error?.message).toMatch(/personal authentication of another user/);
    const steps = await srv.api('GET', `/api/runs/${run.body.id}/steps`, { token: builder });
    expect(steps.text).not.toContain('4411');
  });

  it('refuses a replay or a retry by another user; the service receives nothing', async () => {
    const runId = await runAs(owner);
    const before = received.length;
    const replay = await srv.api<ErrorBody>('POST', `/api/runs/${runId}/steps/fetch/replay`, {
      token: builder,
      body: {},
    });
    expect(replay.status).toBe(403);
    expect(replay.body.error.message).toBe(
      'Step "fetch" uses an authentication that is personal to another user: only they can replay it',
    );
    const retry = await srv.api<ErrorBody>('POST', `/api/runs/${runId}/retry`, {
      token: builder,
      body: { from: 'start' },
    });
    expect(retry.status).toBe(403);
    expect(retry.body.error.message).toContain('only they can retry the run');
    expect(received.length).toBe(before);

    const ownReplay = await srv.api('POST', `/api/runs/${runId}/steps/fetch/replay`, {
      token: owner,
      body: {},
    });
    expect(ownReplay.status).toBe(200);
    expect(received.length).toBe(before + 1);
  });
});
