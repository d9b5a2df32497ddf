// The core-connector templates in examples/ on a real server against the fake Slack, as a
// person uses them: upload the accounts file, import the template, point it at their Slack
// authentication, run. "Alert once per account" posts each poor-health account once, however
// often it runs, until an admin deletes the account's storage key; "Renewals in the next 30
// days" posts the accounts renewing in the window (dates made relative to today), soonest first.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../fakes/slack.js';
import type { DebugRecord, Run, Workflow } from './helpers/api-types.js';
import { ownerApi, readExample, setUpSlackExamples } from './helpers/examples.js';
import { useTestServer } from './helpers/test-server.js';

const srv = useTestServer({ full: true });
const api = ownerApi(srv);
let slack: FakeSlack;
let slackAuth: string;

async function importExample(
  file: string,
  config: Record<string, unknown> = {},
): Promise<Workflow> {
  const doc = readExample(file, { 'slack-bot': slackAuth }) as { config: Record<string, unknown> };
  doc.config = { ...doc.config, ...config };
  const wf = await api<Workflow>('POST', '/api/workflows', doc);
  expect(await api<{ problems: unknown[] }>('POST', `/api/workflows/${wf.id}/validate`)).toEqual({
    problems: [],
  });
  return wf;
}

async function upload(name: string, csv: string): Promise<void> {
  const res = await srv.api('POST', `/api/files?path=${name}`, {
    token: srv.token,
    raw: csv,
    headers: { 'content-type': 'text/csv' },
  });
  expect(res.status).toBe(201);
}

async function runToEnd(
  workflowId: string,
): Promise<{ run: Run; records: DebugRecord[]; posted: string[] }> {
  const before = slack.state.messages.length;
  const run = await api<Run>('POST', `/api/workflows/${workflowId}/runs?wait=1`, {});
  const { records } = await api<{ records: DebugRecord[] }>('GET', `/api/runs/${run.id}/steps`);
  return { run, records, posted: slack.state.messages.slice(before).map((m) => m.text ?? '') };
}

beforeAll(async () => {
  ({ slack, slackAuth } = await setUpSlackExamples(srv));
});
afterAll(async () => {
  await slack.close();
});

describe('examples/alert-once-per-account.json', () => {
  it('alerts each poor-health account once, and again after its key is deleted', async () => {
    const wf = await importExample('alert-once-per-account.json');
    const first = await runToEnd(wf.id);
    expect(first.run.status).toBe('succeeded');
    expect(first.posted).toEqual([
      'Heads up: *Globex Corporation* is in at risk health (renews 2027-01-31). Owner: bob@example.com',
      'Heads up: *Initech* is in poor health (renews 2026-12-01). Owner: alice@example.com',
    ]);
    const marks = await api<{
      entries: { key: string; value: { health: string; runId: string } }[];
    }>('GET', `/api/storage?scope=workflow&workflowId=${wf.id}`);
    expect(marks.entries.map((e) => [e.key, e.value.health, e.value.runId])).toEqual([
      ['alerted:globex', 'at risk', first.run.id],
      ['alerted:initech', 'poor', first.run.id],
    ]);

    const second = await runToEnd(wf.id);
    expect(second.run.status).toBe('succeeded');
    expect(second.posted).toEqual([]);
    expect(second.records.find((r) => r.stepId === 'loop-1')?.output).toEqual({
      count: 2,
      results: [true, true],
    });

    const del = await srv.api(
      'DELETE',
      `/api/storage?scope=workflow&workflowId=${wf.id}&key=alerted:initech`,
      {
        token: srv.token,
      },
    );
    expect(del.status).toBe(204);
    const third = await runToEnd(wf.id);
    expect(third.posted).toEqual([
      'Heads up: *Initech* is in poor health (renews 2026-12-01). Owner: alice@example.com',
    ]);
  });
});

describe('examples/renewals-next-30-days.json', () => {
  it('posts the accounts renewing after today and before 30 days from now, soonest first, with the days left', async () => {
    const zone = 'America/New_York';
    const today = DateTime.now().setZone(zone).startOf('day');
    const day = (n: number) => today.plus({ days: n }).toISODate();
    await upload(
      'renewals.csv',
      [
        'account_id,name,plan,arr,renewal_date,owner_email,health',
        `late,Late Co,Growth,1000,${day(29)},bob@example.com,good`,
        `past,Past Co,Starter,500,${day(-1)},alice@example.com,good`,
        `today,Today Co,Starter,700,${day(0)},alice@example.com,good`,
        `soon,Soon Co,Enterprise,9000,${day(3)},alice@example.com,good`,
        `far,Far Co,Enterprise,9000,${day(45)},bob@example.com,good`,
      ].join('\n'),
    );
    const wf = await importExample('renewals-next-30-days.json', {
      file: 'renewals.csv',
      timezone: zone,
    });
    const { run, records, posted } = await runToEnd(wf.id);
    expect(run.status).toBe('succeeded');
    expect(records.find((r) => r.stepId === 'loop-1')?.output).toEqual({
      count: 2,
      results: ['soon', 'late'],
    });
    expect(posted).toEqual([
      `*Soon Co* renews on ${day(3)}, in 3 days (Enterprise, ARR 9000). Owner: alice@example.com`,
      `*Late Co* renews on ${day(29)}, in 29 days (Growth, ARR 1000). Owner: bob@example.com`,
    ]);
    expect(records.find((r) => r.stepId === 'until-text-1')?.output).toEqual({ text: day(30) });
  });
});
