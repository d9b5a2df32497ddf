// examples/tray-tutorial.json run by the real engine with the real catalog against the fake
// Totango and a receiver on 127.0.0.1: one search, one POST per paying account.
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCatalog } from '../../connectors/index.js';
import { parseWorkflow, runWorkflow, StepError, type DebugRecord, type Workflow } from '../../engine/index.js';
import { startFakeTotango, type FakeTotango } from '../fakes/totango.js';
import { demoAccounts } from '../fakes/totango/demo.js';
import { listen, readBody, type Listening } from '../helpers/listen.js';

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
  const parsed = parseWorkflow(JSON.parse(readFileSync(new URL('../../examples/tray-tutorial.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { ...parsed.workflow, config: { ...parsed.workflow.config, postUrl: `${receiver.url}/accounts` } };
}

it('runs the Tray tutorial: search paying accounts, loop over the hits, POST each one', async () => {
  const auths = JSON.parse(readFileSync(new URL('../../examples/tray-tutorial.auths.json', import.meta.url), 'utf8')) as Record<string, { connector: string; fields: Record<string, unknown> }>;
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
  expect(fake.requests[0].searchQuery).toMatchObject({ terms: [{ type: 'string', term: 'status_group', in_list: ['paying'] }], count: 100, offset: 0 });

  expect(received.map((r) => r.body)).toEqual([
    { account_id: 'acc-001', name: 'Acme Inc', health: 'Good', csm: 'Jane Doe', text: 'Account Acme Inc (0) is paying; health Good' },
    { account_id: 'acc-003', name: 'Globex', health: 'Risk', csm: 'Jane Doe', text: 'Account Globex (1) is paying; health Risk' },
    { account_id: 'acc-004', name: 'Umbrella', health: 'Good', csm: 'Ann Poe', text: 'Account Umbrella (2) is paying; health Good' },
  ]);
  expect(received.map((r) => r.headers['idempotency-key'])).toEqual(['run_tutorial:loop-1[0] > http-1', 'run_tutorial:loop-1[1] > http-1', 'run_tutorial:loop-1[2] > http-1']);

  expect(records.map((r) => `${r.place} ${r.status}`)).toEqual(['totango-1 ok', 'loop-1[0] > http-1 ok', 'loop-1[1] > http-1 ok', 'loop-1[2] > http-1 ok', 'loop-1 ok']);
  const search = records[0].output as { total_hits: number; hits: { display_name: string }[] };
  expect(search.total_hits).toBe(3);
  expect(search.hits.map((h) => h.display_name)).toEqual(['Acme Inc', 'Globex', 'Umbrella']);
  expect(JSON.stringify(records)).not.toContain(fake.token);
});
