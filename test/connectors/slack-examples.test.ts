// The shipped examples run end to end through the engine: the CSV of accounts is read from
// the files folder and looped over, one Slack message per row with mapped fields; and the
// Tray tutorial (Totango search → loop → Slack) ends in Slack.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  parseWorkflow,
  runWorkflow,
  type ResolvedAuth,
  type Workflow,
} from '../../engine/index.js';
import { createCatalog } from '../../connectors/index.js';
import { steppingClock } from '../../connectors/sdk/clock.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { listen, readBody, type Listening } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';

const examples = path.join(import.meta.dirname, '..', '..', 'examples');
let slack: FakeSlack;
let dir: ReturnType<typeof tempDir>;
let filesDir: string;

function example(name: string): Workflow {
  const parsed = parseWorkflow(JSON.parse(readFileSync(path.join(examples, name), 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.workflow;
}

async function run(workflow: Workflow, auths: Record<string, ResolvedAuth>) {
  const catalog = createCatalog({
    filesDir,
    SLACK_API_URL: slack.url,
    clock: steppingClock(),
    pacing: false,
  });
  return runWorkflow({
    workflow,
    runId: 'run_example',
    catalog,
    resolveAuth: async (id) => auths[id],
  });
}

beforeEach(async () => {
  slack = await startFakeSlack();
  dir = tempDir('stepwise-examples-');
  filesDir = path.join(dir.path, 'files');
  mkdirSync(filesDir);
});
afterEach(async () => {
  await slack.close();
  dir.remove();
});

describe('examples/csv-to-slack.json', () => {
  it('posts one message per CSV row with the mapped fields', async () => {
    copyFileSync(path.join(examples, 'accounts.csv'), path.join(filesDir, 'accounts.csv'));
    const result = await run(example('csv-to-slack.json'), {
      'slack-bot': { id: 'slack-bot', connector: 'slack', fields: { token: slack.token } },
    });
    expect(result.status).toBe('succeeded');
    expect(slack.state.messages.map((m) => [m.channel, m.text])).toEqual([
      [
        'C00CSALERTS',
        '*Acme, Inc.* (Enterprise, ARR 120000) renews on 2026-12-15. Health: good. Owner: alice@example.com',
      ],
      [
        'C00CSALERTS',
        '*Globex Corporation* (Growth, ARR 48000) renews on 2027-01-31. Health: at risk. Owner: bob@example.com',
      ],
      [
        'C00CSALERTS',
        '*Initech* (Starter, ARR 9600) renews on 2026-12-01. Health: poor. Owner: alice@example.com',
      ],
      [
        'C00CSALERTS',
        '*Umbrella Health* (Enterprise, ARR 250000) renews on 2027-03-01. Health: good. Owner: bob@example.com',
      ],
    ]);
    expect(JSON.parse(slack.requests[0].rawBody)).toEqual({
      channel: '#cs-alerts',
      text: '*Acme, Inc.* (Enterprise, ARR 120000) renews on 2026-12-15. Health: good. Owner: alice@example.com',
    });
  });

  it('fails at the file step, naming the file, when accounts.csv was not uploaded', async () => {
    const result = await run(example('csv-to-slack.json'), {
      'slack-bot': { id: 'slack-bot', connector: 'slack', fields: { token: slack.token } },
    });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'NOT_FOUND', stepId: 'file-1' });
    expect(result.error!.message).toContain('There is no file "accounts.csv" in the files folder.');
    expect(slack.requests).toEqual([]);
  });
});

describe('examples/tray-tutorial-slack.json', () => {
  let totango: Listening;
  let searches: string[];
  beforeEach(async () => {
    searches = [];
    // A minimal Totango search endpoint: the Totango fake is another suite's; this test is about the Slack end.
    totango = await listen(async (req, res) => {
      searches.push(
        `${req.method} ${req.url} ${decodeURIComponent((await readBody(req)).replace(/\+/g, ' '))}`,
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          status: 'success',
          response: {
            accounts: {
              total_hits: 2,
              hits: [
                { name: 'acme', display_name: 'Acme', selected_fields: ['good'] },
                { name: 'initech', display_name: 'Initech', selected_fields: ['poor'] },
              ],
            },
          },
        }),
      );
    });
  });
  afterEach(() => totango.close());

  it('searches Totango, loops over the hits and ends with a Slack message per account', async () => {
    const result = await run(example('tray-tutorial-slack.json'), {
      'totango-token': {
        id: 'totango-token',
        connector: 'totango',
        fields: { token: 'tt-token', baseUrl: totango.url },
      },
      'slack-bot': { id: 'slack-bot', connector: 'slack', fields: { token: slack.token } },
    });
    expect(result.status).toBe('succeeded');
    expect(searches).toHaveLength(1);
    expect(searches[0]).toMatch(
      /^POST \/api\/v1\/search\/accounts query=\{"terms":\[\{"type":"string","term":"status_group","in_list":\["paying"\]\}\]/,
    );
    expect(slack.state.messages.map((m) => m.text)).toEqual([
      'Account Acme (0): health good',
      'Account Initech (1): health poor',
    ]);
  });
});
