// The helper-step templates in examples/ run on a real server against the fake Slack, as a
// person would use them: upload accounts.csv, import the template, point it at their Slack
// authentication (and, for the caller, at the imported callable workflow), and run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../fakes/slack.js';
import type { DebugRecord, Run, Workflow } from './helpers/api-types.js';
import { ownerApi, readExample, runEnded, setUpSlackExamples } from './helpers/examples.js';
import { useTestServer } from './helpers/test-server.js';

const srv = useTestServer({ full: true });
const api = ownerApi(srv);
let slack: FakeSlack;
let slackAuth: string;

/** An example as a person imports it: their authentication instead of "slack-bot". */
const example = (file: string, replace: Record<string, string> = {}): unknown =>
  readExample(file, { 'slack-bot': slackAuth, ...replace });

async function runToEnd(workflowId: string): Promise<{ run: Run; records: DebugRecord[] }> {
  const { runId } = await api<{ runId: string }>('POST', `/api/workflows/${workflowId}/runs`, {});
  return runEnded(api, runId);
}

beforeAll(async () => {
  ({ slack, slackAuth } = await setUpSlackExamples(srv));
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
