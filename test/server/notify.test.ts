// Run notifications on a real server: a failing run sends ONE Slack message (through the
// Slack connector with the stored authentication) and ONE POST with the workflow, the
// failing step, its error and a link to the run; success notifies only when asked; a
// notification that cannot be sent is logged and leaves the run as it was.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NotificationPayload } from '../../server/notify/message.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { listen, readBody, type Listening } from '../helpers/listen.js';
import type { Authentication, Run, Workflow } from './helpers/api-types.js';
import { useTestServer } from './helpers/test-server.js';

const srv = useTestServer({
  full: true,
  env: { STEPWISE_PUBLIC_URL: 'https://stepwise.example.com/' },
});
let slack: FakeSlack;
let hook: Listening;
let posts: { contentType: string | undefined; body: NotificationPayload }[];
let slackAuth: string;

async function api<T>(method: string, url: string, body?: unknown) {
  const res = await srv.api<T>(method, url, { token: srv.token, body });
  return { status: res.status, json: res.body };
}

/** Polls (no timing asserted) until `check` holds: notifications are sent after the run ends. */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check()).toBe(true);
}

async function createAndRun(doc: Record<string, unknown>) {
  const wf = await api<Workflow>('POST', '/api/workflows', doc);
  expect(wf.status).toBe(201);
  const run = await api<Run>('POST', `/api/workflows/${wf.json.id}/runs?wait=1`, {});
  return { workflowId: wf.json.id, run: run.json };
}

const alertsMessages = () => slack.state.messages.filter((m) => m.channel === 'C00CSALERTS');

beforeAll(async () => {
  slack = await startFakeSlack();
  hook = await listen(async (req, res) => {
    posts.push({ contentType: req.headers['content-type'], body: JSON.parse(await readBody(req)) });
    res.writeHead(200).end('ok');
  });
  const auth = await api<Authentication>('POST', '/api/authentications', {
    name: 'Slack bot',
    connector: 'slack',
    scope: 'organisational',
    fields: { token: slack.token, baseUrl: slack.url },
  });
  expect(auth.status).toBe(201);
  slackAuth = auth.json.id;
});
afterAll(async () => {
  await slack.close();
  await hook.close();
});
beforeEach(() => {
  posts = [];
  slack.state.messages.length = 0;
  srv.logs.length = 0;
});

describe('run notifications', () => {
  it('sends one Slack message and one POST naming the workflow, the failing step, its error and the run link', async () => {
    const { workflowId, run } = await createAndRun({
      name: 'Renewals <to> Slack',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'slack-1',
          name: 'Post renewal',
          connector: 'slack',
          operation: 'send_message',
          auth: slackAuth,
          input: { channel: '#nowhere', text: 'hi' },
        },
      ],
      notifications: {
        slack: { auth: slackAuth, channel: '#cs-alerts' },
        url: `${hook.url}/stepwise-hook`,
      },
    });
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('SLACK_CHANNEL_NOT_FOUND');
    await eventually(() => posts.length === 1 && alertsMessages().length === 1);

    const link = `https://stepwise.example.com/#/runs/${run.id}`;
    expect(posts[0].contentType).toMatch(/^application\/json/);
    expect(posts[0].body).toEqual({
      workflow: { id: workflowId, name: 'Renewals <to> Slack' },
      run: { id: run.id, status: 'failed', url: link },
      step: { id: 'slack-1', name: 'Post renewal' },
      error: { code: 'SLACK_CHANNEL_NOT_FOUND', message: run.error?.message },
      text: `Workflow "Renewals <to> Slack" failed at step "Post renewal": SLACK_CHANNEL_NOT_FOUND: ${run.error?.message}. ${link}`,
    });
    const [message] = alertsMessages();
    expect(message.text).toBe(
      `:red_circle: Workflow *Renewals &lt;to&gt; Slack* failed at step *Post renewal*.\n>SLACK_CHANNEL_NOT_FOUND: ${run.error?.message}\n<${link}|Open the run>`,
    );
    const post = slack.requests.filter((r) => r.method === 'chat.postMessage').at(-1)!;
    expect(post.authorization).toBe(`Bearer ${slack.token}`);
    expect(JSON.parse(post.rawBody)).toMatchObject({ channel: '#cs-alerts', unfurl_links: false });
  });

  it('tells of a success only when onSuccess is set', async () => {
    const quiet = await createAndRun({
      name: 'Quiet success',
      trigger: { type: 'manual' },
      steps: [{ id: 'file-1', connector: 'file', operation: 'list_files', input: {} }],
      notifications: { url: `${hook.url}/quiet` },
    });
    expect(quiet.run.status).toBe('succeeded');
    const loud = await createAndRun({
      name: 'Loud success',
      trigger: { type: 'manual' },
      steps: [{ id: 'file-1', connector: 'file', operation: 'list_files', input: {} }],
      notifications: { onSuccess: true, url: `${hook.url}/loud` },
    });
    await eventually(() => posts.length >= 1);
    expect(posts.map((p) => p.body.workflow.name)).toEqual(['Loud success']);
    expect(posts[0].body).toMatchObject({
      run: { id: loud.run.id, status: 'succeeded' },
      step: null,
      error: null,
    });
  });

  it('logs a notification that cannot be sent, without its URL path, and leaves the run as it ended', async () => {
    const closed = await listen((_req, res) => res.end());
    const deadUrl = `${closed.url}/secret-path-token`;
    await closed.close();
    const { run } = await createAndRun({
      name: 'Nobody listens',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'read-1',
          connector: 'file',
          operation: 'read_file',
          input: { path: 'missing.csv', format: 'csv' },
        },
      ],
      notifications: { url: deadUrl },
    });
    expect(run.status).toBe('failed');
    await eventually(() => srv.logs.some((l) => l.includes('notification failed')));
    const line = srv.logs.find((l) => l.includes('notification failed'))!;
    expect(line).toContain(`run ${run.id}`);
    expect(line).toContain('NETWORK');
    expect(line).not.toContain('secret-path-token');
    const again = await api<Run>('GET', `/api/runs/${run.id}`);
    expect([again.json.status, again.json.error?.code]).toEqual(['failed', 'NOT_FOUND']);
  });

  it('logs a Slack notification refused by Slack', async () => {
    const { run } = await createAndRun({
      name: 'Archived channel',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'read-1',
          connector: 'file',
          operation: 'read_file',
          input: { path: 'missing.csv', format: 'csv' },
        },
      ],
      notifications: { slack: { auth: slackAuth, channel: '#old-news' } },
    });
    await eventually(() => srv.logs.some((l) => l.includes('notification failed')));
    expect(srv.logs.find((l) => l.includes('notification failed'))).toContain(
      `run ${run.id} of workflow ${run.workflowId}: the Slack #old-news notification failed: SLACK_IS_ARCHIVED`,
    );
  });
});
