// The helper-step templates in examples/ run on a real server against the fake Slack, as a
// person would use them: upload accounts.csv, import the template, point it at their Slack
// authentication (and, for the caller, at the imported callable workflow), and run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import type { Authentication, DebugRecord, Run, Workflow } from './helpers/api-types.js';
import { useTestServer } from './helpers/test-server.js';

const examples = path.join(import.meta.dirname, '..', '..', 'examples');
const srv = useTestServer({ full: true });
let slack: FakeSlack;
let slackAuth: string;

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await srv.api<T>(method, url, { token: srv.token, body });
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${res.text}`);
  return res.body;
}

/** An example as a person imports it: their authentication instead of "slack-bot". */
function example(file: string, replace: Record<string, string> = {}): unknown {
  let text = readFileSync(path.join(examples, file), 'utf8').replaceAll(
    '"slack-bot"',
    `"${slackAuth}"`,
  );
  for (const [from, to] of Object.entries(replace)) text = text.replaceAll(`"${from}"`, `"${to}"`);
  return JSON.parse(text);
}

async function runToEnd(workflowId: string): Promise<{ run: Run; records: DebugRecord[] }> {
  const { runId } = await api<{ runId: string }>('POST', `/api/workflows/${workflowId}/runs`, {});
  let run = await api<Run>('GET', `/api/runs/${runId}`);
  for (let i = 0; i < 600 && !['succeeded', 'failed', 'cancelled'].includes(run.status); i++) {
    await new Promise((r) => setTimeout(r, 25));
    run = await api<Run>('GET', `/api/runs/${runId}`);
  }
  const { records } = await api<{ records: DebugRecord[] }>('GET', `/api/runs/${runId}/steps`);
  return { run, records };
}

beforeAll(async () => {
  slack = await startFakeSlack();
  slackAuth = (
    await api<Authentication>('POST', '/api/authentications', {
      name: 'Slack bot',
      connector: 'slack',
      scope: 'organisational',
      fields: { token: slack.token, baseUrl: slack.url },
    })
  ).id;
  const csv = readFileSync(path.join(examples, 'accounts.csv'), 'utf8');
  const up = await srv.api('POST', '/api/files?path=accounts.csv', {
    token: srv.token,
    raw: csv,
    headers: { 'content-type': 'text/csv' },
  });
  expect(up.status).toBe(201);
});
afterAll(async () => {
  await slack.close();
});

describe('examples/route-accounts-by-tier.json', () => {
  it('takes the Gold, Silver and Bronze paths by plan and posts to each tier channel', async () => {
    const wf = await api<Workflow>(
      'POST',
      '/api/workflows',
      example('route-accounts-by-tier.json'),
    );
    expect(await api<{ problems: unknown[] }>('POST', `/api/workflows/${wf.id}/validate`)).toEqual({
      problems: [],
    });
    const before = slack.state.messages.length;
    const { run, records } = await runToEnd(wf.id);
    expect(run.status).toBe('succeeded');
    expect(records.filter((r) => r.stepId === 'branch-1').map((r) => r.output)).toEqual([
      { case: 'Gold', index: 0 },
      { case: 'Silver', index: 1 },
      { case: 'Bronze', index: 2 },
      { case: 'Gold', index: 0 },
    ]);
    expect(records.find((r) => r.stepId === 'loop-1')?.output).toEqual({
      count: 4,
      results: ['Gold', 'Silver', 'Bronze', 'Gold'],
    });
    expect(slack.state.messages.slice(before).map((m) => [m.channel, m.text])).toEqual([
      [
        'C00CSALERTS',
        'Gold account *Acme, Inc.* (ARR 120000) renews on 2026-12-15. Owner: alice@example.com',
      ],
      ['C0000GENERAL', 'Silver account *Globex Corporation* renews on 2027-01-31. Health: at risk'],
      ['C0000GENERAL', 'Bronze: Initech (poor)'],
      [
        'C00CSALERTS',
        'Gold account *Umbrella Health* (ARR 250000) renews on 2027-03-01. Owner: bob@example.com',
      ],
    ]);
    expect(records.map((r) => r.place)).toContain('loop-1[1] > branch-1[Silver] > slack-silver');
  });
});

describe('examples/owner-notification.json and renewal-owner-reminders.json', () => {
  it("calls the reusable notification once per account and collects each owner's answer", async () => {
    const callable = await api<Workflow>(
      'POST',
      '/api/workflows',
      example('owner-notification.json'),
    );
    const caller = await api<Workflow>(
      'POST',
      '/api/workflows',
      example('renewal-owner-reminders.json', { 'owner-notification': callable.id }),
    );
    expect(
      await api<{ problems: unknown[] }>('POST', `/api/workflows/${caller.id}/validate`),
    ).toEqual({
      problems: [],
    });
    const before = slack.state.messages.length;
    const { run, records } = await runToEnd(caller.id);
    expect(run.status).toBe('succeeded');
    expect(records.filter((r) => r.status === 'error').map((r) => r.error)).toEqual([]);
    expect(records.find((r) => r.stepId === 'loop-1')?.output).toEqual({
      count: 4,
      results: ['alice@example.com', 'bob@example.com', 'alice@example.com', 'bob@example.com'],
    });
    // One message per account, each mentioning its owner.
    expect(slack.state.messages.slice(before).map((m) => [m.channel, m.text])).toEqual([
      ['C00CSALERTS', '<@U000ALICE> Acme, Inc. renews on 2026-12-15 (health: good).'],
      ['C00CSALERTS', '<@U00000BOB> Globex Corporation renews on 2027-01-31 (health: at risk).'],
      ['C00CSALERTS', '<@U000ALICE> Initech renews on 2026-12-01 (health: poor).'],
      ['C00CSALERTS', '<@U00000BOB> Umbrella Health renews on 2027-03-01 (health: good).'],
    ]);
    const calls = records.filter((r) => r.stepId === 'call-1');
    expect(calls).toHaveLength(4);
    const first = calls[0].output as {
      runId: string;
      status: string;
      response: { slackUser: string };
    };
    expect(first).toMatchObject({
      status: 'succeeded',
      response: { notified: 'alice@example.com', slackUser: 'U000ALICE' },
    });
    const called = await api<Run>('GET', `/api/runs/${first.runId}`);
    expect(called).toMatchObject({
      workflowId: callable.id,
      trigger: { type: 'call', output: { owner_email: 'alice@example.com' } },
      calledBy: { runId: run.id, workflowId: caller.id, stepId: 'call-1' },
    });
  });

  it('validate names the call until it points at the imported callable workflow', async () => {
    const caller = await api<Workflow>(
      'POST',
      '/api/workflows',
      example('renewal-owner-reminders.json'),
    );
    const { problems } = await api<{ problems: { path: string; message: string }[] }>(
      'POST',
      `/api/workflows/${caller.id}/validate`,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'steps.1.steps.0.workflow',
        message: 'Step "call-1" calls workflow "owner-notification", which does not exist',
      }),
    ]);
  });
});
