import { describe, expect, it } from 'vitest';
import { useTestServer, testWorkflow } from './helpers/test-server.js';
import type { ErrorBody, InvalidBody, Queued, RecordsPage, Workflow } from './helpers/api-types.js';

const srv = useTestServer({ each: true });

const echo = (id: string, input: Record<string, unknown> = {}) => ({
  id,
  connector: 'test',
  operation: 'echo',
  input,
});

describe('workflows', () => {
  it('creates version 1, lists it and reads it back with id, version and timestamps', async () => {
    const created = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Accounts', [echo('echo-1', { a: 1 })]),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: 1,
      name: 'Accounts',
      enabled: true,
      trigger: { type: 'manual' },
    });
    expect(created.body.id).toMatch(/^wf_/);
    const id = created.body.id;

    const list = await srv.api('GET', '/api/workflows', { token: srv.token });
    expect(list.body).toEqual([
      expect.objectContaining({
        id,
        name: 'Accounts',
        version: 1,
        trigger: { type: 'manual' },
        updatedAt: created.body.updatedAt,
      }),
    ]);

    const got = await srv.api<Workflow>('GET', `/api/workflows/${id}`, { token: srv.token });
    expect(got.body).toMatchObject({
      id,
      version: 1,
      name: 'Accounts',
      steps: [echo('echo-1', { a: 1 })],
    });
    expect(typeof got.body.createdAt).toBe('string');
  });

  it('lists every problem of an invalid document with its path', async () => {
    const res = await srv.api<InvalidBody>('POST', '/api/workflows', {
      token: srv.token,
      body: {
        name: '',
        trigger: { type: 'manual' },
        steps: [
          echo('echo-1'),
          { id: 'loop-1', type: 'loop', steps: [] },
          {
            id: 'loop-2',
            type: 'loop',
            input: { list: [] },
            steps: [{ id: '1bad', connector: 'test', operation: 'echo' }],
          },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    const paths = res.body.error.issues.map((i) => i.path);
    expect(paths).toContain('name');
    expect(paths).toContain('steps.1.input.list');
    expect(paths).toContain('steps.2.steps.0.id');
  });

  it('refuses to save two steps with the same id (a run could not tell them apart)', async () => {
    const res = await srv.api<ErrorBody>('POST', '/api/workflows', {
      token: srv.token,
      body: { name: 'Twins', trigger: { type: 'manual' }, steps: [echo('echo-1'), echo('echo-1')] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([
      {
        path: 'steps.1.id',
        message: 'The step id "echo-1" is used more than once; every step needs its own id',
      },
    ]);
  });

  it('refuses a body that is not an object', async () => {
    const res = await srv.api<ErrorBody>('POST', '/api/workflows', {
      token: srv.token,
      body: [1, 2],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('The request body is not valid');
  });

  it('saves a new version on PUT and answers 409 for a stale baseVersion', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('V', [echo('echo-1')]),
    });
    const v2 = await srv.api('PUT', `/api/workflows/${wf.id}`, {
      token: srv.token,
      body: { ...wf, name: 'V2', baseVersion: 1 },
    });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ id: wf.id, version: 2, name: 'V2' });

    const stale = await srv.api<ErrorBody>('PUT', `/api/workflows/${wf.id}`, {
      token: srv.token,
      body: { ...wf, name: 'V3', baseVersion: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect(stale.body.error.message).toContain('the latest is 2');

    const missing = await srv.api<InvalidBody>('PUT', `/api/workflows/${wf.id}`, {
      token: srv.token,
      body: { name: 'x', trigger: { type: 'manual' } },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues[0].path).toBe('baseVersion');

    const versions = await srv.api<{ version: number }[]>(
      'GET',
      `/api/workflows/${wf.id}/versions`,
      { token: srv.token },
    );
    expect(versions.body.map((v) => v.version)).toEqual([2, 1]);
    const first = await srv.api<Workflow>('GET', `/api/workflows/${wf.id}/versions/1`, {
      token: srv.token,
    });
    expect(first.body).toMatchObject({ version: 1, name: 'V' });
    expect(
      (await srv.api('GET', `/api/workflows/${wf.id}/versions/7`, { token: srv.token })).status,
    ).toBe(404);
    expect(
      (await srv.api('GET', `/api/workflows/${wf.id}/versions/x`, { token: srv.token })).status,
    ).toBe(400);
  });

  it('deletes a workflow; afterwards it is a 404', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Gone'),
    });
    expect((await srv.api('DELETE', `/api/workflows/${wf.id}`, { token: srv.token })).status).toBe(
      204,
    );
    const res = await srv.api<ErrorBody>('GET', `/api/workflows/${wf.id}`, { token: srv.token });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({
      code: 'NOT_FOUND',
      message: `Workflow "${wf.id}" does not exist`,
    });
    expect((await srv.api('DELETE', `/api/workflows/${wf.id}`, { token: srv.token })).status).toBe(
      404,
    );
  });

  it('exports the plain document and imports it as a new workflow', async () => {
    const doc = {
      name: 'Portable',
      trigger: { type: 'manual' },
      config: { channel: '#x' },
      steps: [echo('echo-1', { text: '{$.config.channel}' })],
    };
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: doc,
    });
    const exported = await srv.api('GET', `/api/workflows/export/${wf.id}`, { token: srv.token });
    expect(exported.status).toBe(200);
    expect(exported.body).toEqual(doc);
    expect(exported.headers.get('content-disposition')).toBe(
      'attachment; filename="Portable.json"',
    );
    const imported = await srv.api<Workflow>('POST', '/api/workflows/import', {
      token: srv.token,
      body: exported.body,
    });
    expect(imported.status).toBe(201);
    expect(imported.body.id).not.toBe(wf.id);
    expect(imported.body).toMatchObject({ ...doc, version: 1 });
  });

  it('switches a workflow off and on without a new version', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Switch'),
    });
    const off = await srv.api('PATCH', `/api/workflows/${wf.id}`, {
      token: srv.token,
      body: { enabled: false },
    });
    expect(off.body).toMatchObject({ enabled: false, version: 1 });
    expect(
      (await srv.api<Workflow>('GET', `/api/workflows/${wf.id}`, { token: srv.token })).body
        .enabled,
    ).toBe(false);
    const bad = await srv.api<ErrorBody>('PATCH', `/api/workflows/${wf.id}`, {
      token: srv.token,
      body: { enabled: 'no' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([
      { path: 'enabled', message: 'Send enabled: true or false' },
    ]);
  });

  it('answers 404 for unknown ids', async () => {
    for (const [method, path] of [
      ['GET', '/api/workflows/wf_nope'],
      ['GET', '/api/workflows/export/wf_nope'],
      ['GET', '/api/workflows/wf_nope/versions'],
      ['POST', '/api/workflows/wf_nope/runs'],
    ]) {
      const res = await srv.api<ErrorBody>(method, path, {
        token: srv.token,
        body: method === 'POST' ? {} : undefined,
      });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });
});

describe('webhook workflows', () => {
  it('shows a webhook URL that starts a run with body, query and headers, and rotates it', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Hook', [echo('echo-1', { got: { $jsonpath: '$.trigger.body.name' } })], {
        type: 'webhook',
      }),
    });
    const url = wf.webhookUrl ?? '';
    expect(url).toMatch(new RegExp(`^${srv.url}/hooks/${wf.id}/[A-Za-z0-9_-]{43}$`));
    const tokenPart = url.split('/').pop()!;
    const stored = srv.services.store.db
      .prepare('SELECT webhook_token_hash, webhook_token_enc FROM workflows')
      .get() as { webhook_token_hash: string; webhook_token_enc: Buffer };
    expect(stored.webhook_token_hash).not.toContain(tokenPart);
    expect(stored.webhook_token_enc.toString('latin1')).not.toContain(tokenPart);

    const hook = await fetch(`${url}?source=crm`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: 'a=b',
        authorization: 'Bearer secret-x',
        'x-sender': 'crm',
      },
      body: JSON.stringify({ name: 'Initech' }),
    });
    expect(hook.status).toBe(202);
    const { runId } = (await hook.json()) as { runId: string };
    const run = await srv.services.runs.waitFor(runId, 5000);
    expect(run).toMatchObject({ status: 'succeeded', trigger: { type: 'webhook' } });
    const trigger = run!.trigger.output as {
      body: unknown;
      query: unknown;
      headers: Record<string, string>;
    };
    expect(trigger.body).toEqual({ name: 'Initech' });
    expect(trigger.query).toEqual({ source: 'crm' });
    expect(trigger.headers['x-sender']).toBe('crm');
    expect(trigger.headers.cookie).toBeUndefined();
    expect(trigger.headers.authorization).toBeUndefined();
    const steps = await srv.api<RecordsPage>('GET', `/api/runs/${runId}/steps`, {
      token: srv.token,
    });
    expect(steps.body.records[0].output).toEqual({ got: 'Initech' });

    const rotated = await srv.api<{ webhookUrl: string }>(
      'POST',
      `/api/workflows/${wf.id}/webhook-token`,
      {
        token: srv.token,
      },
    );
    expect(rotated.body.webhookUrl).not.toBe(url);
    expect((await fetch(url, { method: 'POST' })).status).toBe(404);
    expect((await fetch(rotated.body.webhookUrl, { method: 'POST' })).status).toBe(202);
    const wrong = await fetch(`${srv.url}/hooks/${wf.id}/not-the-token`, { method: 'POST' });
    expect(wrong.status).toBe(404);
    expect(await wrong.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'There is no webhook at this URL' },
    });
    // A body of another content type (XML here) reaches the run as text instead of being lost.
    const xml = await fetch(rotated.body.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<account>Initech</account>',
    });
    expect(xml.status).toBe(202);
    const xmlRunId = (await xml.json()).runId;
    const xmlRun = await srv.services.runs.waitFor(xmlRunId, 10_000);
    expect(xmlRun?.trigger.output).toMatchObject({ body: '<account>Initech</account>' });
    // A URL of the wrong shape or a GET gets the same JSON envelope, not an HTML error page.
    const short = await fetch(`${srv.url}/hooks/${wf.id}`, { method: 'POST' });
    expect(short.status).toBe(404);
    expect(await short.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'There is no webhook at this URL' },
    });
    const get = await fetch(rotated.body.webhookUrl);
    expect(get.status).toBe(404);
    expect((await get.json()).error.message).toBe(
      'There is no webhook at this URL for GET: webhooks are called with POST',
    );
  });
});

describe('deleting a workflow with a run in flight', () => {
  it('answers 409 until the run has ended', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: testWorkflow('Busy', [
        { id: 's', connector: 'test', operation: 'sleep', input: { ms: 20_000 } },
      ]),
    });
    const { body: run } = await srv.api<Queued>('POST', `/api/workflows/${wf.id}/runs`, {
      token: srv.token,
      body: {},
    });
    const busy = await srv.api<ErrorBody>('DELETE', `/api/workflows/${wf.id}`, {
      token: srv.token,
    });
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain('cancel them');
    await srv.api('POST', `/api/runs/${run.runId}/cancel`, { token: srv.token });
    expect((await srv.api('DELETE', `/api/workflows/${wf.id}`, { token: srv.token })).status).toBe(
      204,
    );
    expect((await srv.api('GET', `/api/runs/${run.runId}`, { token: srv.token })).status).toBe(404);
  });
});
