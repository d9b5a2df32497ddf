// What the workflows list shows (switch, owner, newest run), imports that stay switched off
// unless asked, and giving a workflow to another user (admins only).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, testWorkflow, type TestServer } from './helpers/test-server.js';
import type { Authentication, InvalidBody, Run, Workflow } from './helpers/api-types.js';

let srv: TestServer;
let token: string;
beforeEach(async () => {
  srv = await startTestServer();
  token = await srv.owner();
});
afterEach(async () => {
  await srv.close();
});

const scheduled = {
  name: 'Every morning',
  trigger: { type: 'schedule', schedule: { every: 'daily', at: '09:00', timezone: 'UTC' } },
  steps: [],
};
const hooked = { name: 'Hooked', trigger: { type: 'webhook' }, steps: [] };

describe('the workflows list', () => {
  it('shows each workflow’s switch, owner email and newest run', async () => {
    const builder = await srv.user('builder@example.com');
    const a = await srv.api<Workflow>('POST', '/api/workflows', {
      token,
      body: testWorkflow('Ran twice', [
        { id: 'e', connector: 'test', operation: 'echo', input: {} },
      ]),
    });
    const b = await srv.api<Workflow>('POST', '/api/workflows', {
      token: builder,
      body: testWorkflow('Never ran'),
    });
    await srv.api('POST', `/api/workflows/${a.body.id}/runs?wait=1`, { token, body: {} });
    const second = await srv.api<Run>('POST', `/api/workflows/${a.body.id}/runs?wait=1`, {
      token,
      body: {},
    });
    expect(second.body.status).toBe('succeeded');

    const list = (await srv.api('GET', '/api/workflows', { token: builder })).body as Array<
      Record<string, unknown>
    >;
    const ran = list.find((w) => w.id === a.body.id)!;
    expect(ran).toMatchObject({
      name: 'Ran twice',
      enabled: true,
      ownerEmail: 'owner@example.com',
      lastRun: { id: second.body.id, status: 'succeeded', finishedAt: second.body.finishedAt },
    });
    expect(typeof (ran.lastRun as { startedAt: string }).startedAt).toBe('string');
    expect(list.find((w) => w.id === b.body.id)).toMatchObject({
      ownerEmail: 'builder@example.com',
      lastRun: null,
    });
  });
});

describe('import and create switched off', () => {
  it('imports a scheduled workflow switched off unless ?enabled=1', async () => {
    const off = await srv.api<Workflow>('POST', '/api/workflows/import', {
      token,
      body: scheduled,
    });
    expect(off.status).toBe(201);
    expect(off.body.enabled).toBe(false);
    const on = await srv.api<Workflow>('POST', '/api/workflows/import?enabled=1', {
      token,
      body: scheduled,
    });
    expect(on.body.enabled).toBe(true);
    expect(srv.services.workflows.scheduled().map((s) => [s.workflowId, s.enabled])).toEqual(
      expect.arrayContaining([
        [off.body.id, false],
        [on.body.id, true],
      ]),
    );
    const bad = await srv.api<InvalidBody>('POST', '/api/workflows/import?enabled=maybe', {
      token,
      body: scheduled,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('enabled');
  });

  it('creates a webhook workflow switched off with ?enabled=0: its hook refuses until switched on', async () => {
    const wf = await srv.api<Workflow>('POST', '/api/workflows?enabled=0', { token, body: hooked });
    expect(wf.body.enabled).toBe(false);
    const path = new URL(wf.body.webhookUrl ?? '').pathname;
    expect((await srv.api('POST', path, { body: {} })).status).not.toBe(202);
    await srv.api<Workflow>('PATCH', `/api/workflows/${wf.body.id}`, {
      token,
      body: { enabled: true },
    });
    expect((await srv.api('POST', path, { body: {} })).status).toBe(202);
  });
});

describe('giving a workflow to another user', () => {
  it('is for admins, checks the user, and refuses while a personal authentication is in use', async () => {
    const builder = await srv.user('builder@example.com');
    const users = (await srv.api('GET', '/api/users', { token })).body as {
      id: string;
      email: string;
    }[];
    const builderId = users.find((u) => u.email === 'builder@example.com')!.id;
    const wf = await srv.api<Workflow>('POST', '/api/workflows', {
      token,
      body: testWorkflow('Mine'),
    });

    const refused = await srv.api('PATCH', `/api/workflows/${wf.body.id}`, {
      token: builder,
      body: { ownerId: builderId },
    });
    expect(refused.status).toBe(403);
    expect(
      (await srv.api<Workflow>('GET', `/api/workflows/${wf.body.id}`, { token })).body.ownerId,
    ).not.toBe(builderId);
    // Switching on and off stays open to builders.
    expect(
      (
        await srv.api<Workflow>('PATCH', `/api/workflows/${wf.body.id}`, {
          token: builder,
          body: { enabled: false },
        })
      ).status,
    ).toBe(200);

    const nobody = await srv.api<InvalidBody>('PATCH', `/api/workflows/${wf.body.id}`, {
      token,
      body: { ownerId: 'usr_nobody' },
    });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.issues).toEqual([
      { path: 'ownerId', message: 'There is no user "usr_nobody"' },
    ]);

    const personal = await srv.api<Authentication>('POST', '/api/authentications', {
      token,
      body: { name: 'mine', connector: 'test', scope: 'personal', fields: { token: 't' } },
    });
    const uses = await srv.api<Workflow>('POST', '/api/workflows', {
      token,
      body: testWorkflow('Uses mine', [
        { id: 'who-1', connector: 'test', operation: 'whoami', auth: personal.body.id, input: {} },
      ]),
    });
    const blocked = await srv.api<InvalidBody>('PATCH', `/api/workflows/${uses.body.id}`, {
      token,
      body: { ownerId: builderId },
    });
    expect(blocked.status).toBe(400);
    expect(blocked.body.error.issues[0].path).toBe('steps.0.auth');

    const given = await srv.api<Workflow>('PATCH', `/api/workflows/${wf.body.id}`, {
      token,
      body: { ownerId: builderId },
    });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ ownerId: builderId, version: 1 });
  });
});
