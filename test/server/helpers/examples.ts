// Running the templates in examples/ on a test server, as a person does: read the template
// with their own authentication ids in place of its placeholders, import it, run it, read
// what each step did.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack.js';
import type { Authentication, DebugRecord, Run } from './api-types.js';
import type { TestServer } from './test-server.js';

const EXAMPLES = path.join(import.meta.dirname, '..', '..', '..', 'examples');

/** A file of examples/ as text (the CSV files the templates read). */
export function exampleText(file: string): string {
  return readFileSync(path.join(EXAMPLES, file), 'utf8');
}

/** A template parsed, each quoted placeholder (`"slack-bot"`) replaced by its quoted value. */
export function readExample(file: string, replace: Record<string, string> = {}): unknown {
  let text = exampleText(file);
  for (const [from, to] of Object.entries(replace)) text = text.replaceAll(`"${from}"`, `"${to}"`);
  return JSON.parse(text);
}

export type OwnerApi = <T>(method: string, url: string, body?: unknown) => Promise<T>;

/** The API as the signed-in owner: the answer's body; a status of 300 or more throws. */
export function ownerApi(srv: TestServer): OwnerApi {
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await srv.api<T>(method, url, { token: srv.token, body });
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${res.text}`);
    return res.body;
  };
}

/** Poll a run until it has ended (15 s at most), then read its debug records. */
export async function runEnded(
  api: OwnerApi,
  runId: string,
): Promise<{ run: Run; records: DebugRecord[] }> {
  let run = await api<Run>('GET', `/api/runs/${runId}`);
  for (let i = 0; i < 600 && !['succeeded', 'failed', 'cancelled'].includes(run.status); i++) {
    await new Promise((r) => setTimeout(r, 25));
    run = await api<Run>('GET', `/api/runs/${runId}`);
  }
  const { records } = await api<{ records: DebugRecord[] }>('GET', `/api/runs/${runId}/steps`);
  return { run, records };
}

/**
 * What the Slack templates need before they run: the fake Slack, an organisational Slack
 * authentication on it ("Slack bot", its id replaces the templates' "slack-bot"), and
 * examples/accounts.csv uploaded as the data file accounts.csv.
 */
export async function setUpSlackExamples(
  srv: TestServer,
): Promise<{ slack: FakeSlack; slackAuth: string }> {
  const api = ownerApi(srv);
  const slack = await startFakeSlack();
  const { id } = await api<Authentication>('POST', '/api/authentications', {
    name: 'Slack bot',
    connector: 'slack',
    scope: 'organisational',
    fields: { token: slack.token, baseUrl: slack.url },
  });
  const up = await srv.api('POST', '/api/files?path=accounts.csv', {
    token: srv.token,
    raw: exampleText('accounts.csv'),
    headers: { 'content-type': 'text/csv' },
  });
  if (up.status !== 201)
    throw new Error(`uploading accounts.csv answered ${up.status}: ${up.text}`);
  return { slack, slackAuth: id };
}
