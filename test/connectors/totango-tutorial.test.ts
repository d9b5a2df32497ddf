// examples/tray-tutorial.json run by the real engine with the real catalog against the fake
// Totango and a receiver on 127.0.0.1: one search, one POST per paying account.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createCatalog } from '../../connectors/index.js';
import {
  parseWorkflow,
  runWorkflow,
  StepError,
  type DebugRecord,
  type Workflow,
} from '../../engine/index.js';
import { startFakeTotango, type FakeTotango } from '../fakes/totango.js';
import { demoAccounts } from '../fakes/totango/demo.js';
import { listen, readBody, type Listening } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';

let fake: FakeTotango;
let receiver: Listening;
const received: { headers: http.IncomingHttpHeaders; body: unknown }[] = [];

beforeAll(async () => {
  fake = await startFakeTotango({ accounts: demoAccounts });
  receiver = await listen(async (req, res) => {
    received.push({ headers: req.headers, body: JSON.parse(await readBody(req)) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"received":true}');
  });
});
afterAll(async () => {
  await fake.close();
  await receiver.close();
});

function tutorial(): Workflow {
  const parsed = parseWorkflow(
    JSON.parse(readFileSync(new URL('../../examples/tray-tutorial.json', import.meta.url), 'utf8')),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return {
    ...parsed.workflow,
    config: { ...parsed.workflow.config, postUrl: `${receiver.url}/accounts` },
  };
}

beforeEach(() => {
  received.length = 0;
  fake.requests.length = 0;
});

it('runs the Tray tutorial: search paying accounts, loop over the hits, POST each one', async () => {
  const auths = JSON.parse(
    readFileSync(new URL('../../examples/tray-tutorial.auths.json', import.meta.url), 'utf8'),
  ) as Record<string, { connector: string; fields: Record<string, unknown> }>;
  const records: DebugRecord[] = [];
  const result = await runWorkflow({
    workflow: tutorial(),
    runId: 'run_tutorial',
    catalog: createCatalog({ filesDir: '/nowhere' }),
    resolveAuth: async (id) => {
      const a = auths[id];
      if (!a) throw new StepError('AUTH_MISSING', `No authentication "${id}".`);
      return { id, connector: a.connector, fields: { ...a.fields, baseUrl: fake.url } };
    },
    onRecord: (r) => {
      records.push(r);
    },
  });

  expect(result.status).toBe('succeeded');
  expect(fake.requestsTo('/api/v1/search/accounts')).toHaveLength(1);
  expect(fake.requests[0].appToken).toBe(fake.token);
  expect(fake.requests[0].searchQuery).toMatchObject({
    terms: [{ type: 'string', term: 'status_group', in_list: ['paying'] }],
    count: 100,
    offset: 0,
  });

  expect(received.map((r) => r.body)).toEqual([
    {
      account_id: 'acc-001',
      name: 'Acme Inc',
      health: 'Good',
      csm: 'Jane Doe',
      text: 'Account Acme Inc (0) is paying; health Good',
    },
    {
      account_id: 'acc-003',
      name: 'Globex',
      health: 'Risk',
      csm: 'Jane Doe',
      text: 'Account Globex (1) is paying; health Risk',
    },
    {
      account_id: 'acc-004',
      name: 'Umbrella',
      health: 'Good',
      csm: 'Ann Poe',
      text: 'Account Umbrella (2) is paying; health Good',
    },
  ]);
  expect(received.map((r) => r.headers['idempotency-key'])).toEqual([
    'run_tutorial:loop-1[0] > http-1',
    'run_tutorial:loop-1[1] > http-1',
    'run_tutorial:loop-1[2] > http-1',
  ]);

  expect(records.map((r) => `${r.place} ${r.status}`)).toEqual([
    'totango-1 ok',
    'loop-1[0] > http-1 ok',
    'loop-1[1] > http-1 ok',
    'loop-1[2] > http-1 ok',
    'loop-1 ok',
  ]);
  const search = records[0].output as { total_hits: number; hits: { display_name: string }[] };
  expect(search.total_hits).toBe(3);
  expect(search.hits.map((h) => h.display_name)).toEqual(['Acme Inc', 'Globex', 'Umbrella']);
  expect(JSON.stringify(records)).not.toContain(fake.token);
});

it('runs with the command-line runner as docs/tray-tutorial.md shows, the base URL coming from TOTANGO_BASE_URL', async () => {
  const dir = tempDir();
  try {
    const workflowPath = join(dir.path, 'tutorial.json');
    const authsPath = join(dir.path, 'auths.json');
    writeFileSync(workflowPath, JSON.stringify(tutorial()));
    writeFileSync(
      authsPath,
      JSON.stringify({ 'totango-token': { connector: 'totango', fields: { token: fake.token } } }),
    );
    const root = new URL('../..', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(root, 'bin/stepwise.js'), 'run', workflowPath, '--auth', authsPath, '--json'],
      {
        cwd: root,
        env: { ...process.env, TOTANGO_BASE_URL: fake.url, STEPWISE_DATA_DIR: dir.path },
      },
    );
    const records = stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as DebugRecord);
    expect(records.map((r) => `${r.place} ${r.status}`)).toEqual([
      'totango-1 ok',
      'loop-1[0] > http-1 ok',
      'loop-1[1] > http-1 ok',
      'loop-1[2] > http-1 ok',
      'loop-1 ok',
    ]);
    expect(received.map((r) => (r.body as { name: string }).name)).toEqual([
      'Acme Inc',
      'Globex',
      'Umbrella',
    ]);
    expect(fake.requestsTo('/api/v1/search/accounts')).toHaveLength(1);
    expect(stdout).not.toContain(fake.token);
  } finally {
    dir.remove();
  }
});
