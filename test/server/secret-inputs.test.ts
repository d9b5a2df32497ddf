// A Slack incoming-webhook URL typed into a step is a secret: stored encrypted in the workflow
// and every version (never in the SQLite file in clear, never in an API answer), written as a
// placeholder by an export, kept when the editor sends the sealed value back, and still the
// URL the run posts to.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envFromProcess } from '../../connectors/index.js';
import { createConnectorDirectory } from '../../server/services/connector-directory.js';
import { SECRET_PLACEHOLDER } from '../../server/services/secret-inputs.js';
import { listen, readBody, type Listening } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import type { Problems, Run, Workflow } from './helpers/api-types.js';

const HOOK_PATH = '/services/T0001/B0002/very-secret-webhook-path-42';

let srv: TestServer;
let slack: Listening;
let posts: { url: string; body: string }[];
let files: { path: string; remove(): void };
let owner: string;
let hookUrl: string;

beforeAll(async () => {
  posts = [];
  slack = await listen(async (req, res) => {
    posts.push({ url: req.url!, body: await readBody(req) });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  hookUrl = `${slack.url}${HOOK_PATH}`;
  files = tempDir('stepwise-secret-inputs-');
  srv = await startTestServer({
    connectors: createConnectorDirectory(envFromProcess(files.path)),
  });
  owner = await srv.owner();
});
afterAll(async () => {
  await srv.close();
  await slack.close();
  files.remove();
});

const doc = (text: string, webhookUrl: string) => ({
  name: 'Tell the channel',
  trigger: { type: 'manual' },
  steps: [
    {
      id: 'post',
      connector: 'slack',
      operation: 'send_webhook_message',
      input: { webhookUrl, text },
    },
  ],
});

/** The first step's webhook URL as the answer holds it. */
const hookOf = (wf: Workflow) =>
  (wf.steps[0] as unknown as { input: { webhookUrl: string } }).input.webhookUrl;

const databaseText = () => {
  srv.services.store.batch.flush();
  return ['stepwise.db', 'stepwise.db-wal']
    .map((f) => join(srv.dataDir, f))
    .filter(existsSync)
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
};

describe('secret inputs', () => {
  it('are sealed in storage and answers, exported as a placeholder, and used by runs', async () => {
    const created = await srv.api<Workflow>('POST', '/api/workflows', {
      token: owner,
      body: doc('first', hookUrl),
    });
    expect(created.status).toBe(201);
    expect(created.text).not.toContain('very-secret-webhook-path');
    const stored = hookOf(created.body);
    expect(stored).toMatch(/^stepwise-secret:v1:/);

    // The editor sends the document back as it got it, with another change: the secret stays.
    const saved = await srv.api<Workflow>('PUT', `/api/workflows/${created.body.id}`, {
      token: owner,
      body: { ...doc('second', stored), baseVersion: 1 },
    });
    expect(saved.status).toBe(200);
    const run = await srv.api<Run>('POST', `/api/workflows/${created.body.id}/runs?wait=1`, {
      token: owner,
      body: {},
    });
    expect(run.body.status).toBe('succeeded');
    expect(posts.map((p) => p.url)).toEqual([HOOK_PATH]);
    expect(JSON.parse(posts[0].body)).toMatchObject({ text: 'second' });

    for (const path of [
      `/api/workflows/${created.body.id}`,
      `/api/workflows/${created.body.id}/versions/1`,
      `/api/workflows/${created.body.id}/versions/2`,
      `/api/runs/${run.body.id}/steps`,
    ]) {
      const answer = await srv.api('GET', path, { token: owner });
      expect(answer.text, path).not.toContain('very-secret-webhook-path');
    }
    const exported = await srv.api<Workflow>('GET', `/api/workflows/export/${created.body.id}`, {
      token: owner,
    });
    expect(exported.text).not.toContain('very-secret-webhook-path');
    expect(exported.text).not.toContain('stepwise-secret:');
    expect(hookOf(exported.body)).toBe(SECRET_PLACEHOLDER);
    expect(databaseText()).not.toContain('very-secret-webhook-path');
    // Validation sees the plain value: no problem with the sealed URL.
    const problems = await srv.api<Problems>('POST', `/api/workflows/${created.body.id}/validate`, {
      token: owner,
    });
    expect(problems.body.problems).toEqual([]);
  });

  it('does not carry a sealed value into another workflow: it must be typed again', async () => {
    const first = await srv.api<Workflow>('POST', '/api/workflows', {
      token: owner,
      body: doc('one', hookUrl),
    });
    const sealed = hookOf(first.body);
    const copy = await srv.api<Workflow>('POST', '/api/workflows', {
      token: owner,
      body: doc('copy', sealed),
    });
    expect(copy.status).toBe(201);
    expect(hookOf(copy.body)).toBe(SECRET_PLACEHOLDER);
    const before = posts.length;
    const run = await srv.api<Run>('POST', `/api/workflows/${copy.body.id}/runs?wait=1`, {
      token: owner,
      body: {},
    });
    expect(run.body.status).toBe('failed');
    expect(posts.length).toBe(before);
  });
});
