// Validate checks a sync step's mapping before any run (the seed's "Validate Mapping"): a Totango
// field the record does not have (offline, from the schema) and a Salesforce field the object
// does not have (asked through describe when the authentication works), each naming the row.
// First through the engine with the fakes, then through the server's validate endpoint.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCatalog } from '../../connectors/index.js';
import { clearSalesforceTokens } from '../../connectors/salesforce/session.js';
import { checkWithServices, validateWorkflow, type ResolvedAuth } from '../../engine/index.js';
import { startFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce.js';
import { sfFields } from '../fakes/salesforce/call.js';
import { startFakeTotango, type FakeTotango } from '../fakes/totango.js';
import type { Authentication } from '../server/helpers/api-types.js';
import { useTestServer } from '../server/helpers/test-server.js';

const root = join(import.meta.dirname, '..', '..');
const example = (name: string, input: Record<string, unknown> = {}) => {
  const doc = JSON.parse(readFileSync(join(root, 'examples', `${name}.json`), 'utf8')) as {
    steps: { input: Record<string, unknown> }[];
  };
  doc.steps[0].input = { ...doc.steps[0].input, ...input };
  return doc;
};

const misspelt = [
  { salesforce: 'AccountId', totango: 'account_id' },
  { salesforce: 'Id', totango: 'external_id' },
  { salesforce: 'Subjekt', totango: 'title' },
  { salesforce: 'Description', totango: 'descripton' },
  { salesforce: 'Owner.Emial', totango: 'assignee' },
  { salesforce: 'Boss.Email', totango: 'assigner' },
  { salesforce: 'CreatedBy.Email', totango: 'assigner' },
];

let sf: FakeSalesforce;
let tt: FakeTotango;

describe('validate through the engine', () => {
  let auths: Record<string, ResolvedAuth>;
  let catalog: ReturnType<typeof createCatalog>;
  const resolveAuth = async (id: string) => {
    const auth = auths[id];
    if (!auth) throw new Error(`no auth ${id}`);
    return auth;
  };

  beforeEach(async () => {
    clearSalesforceTokens();
    sf = await startFakeSalesforce();
    tt = await startFakeTotango({ perMinute: Number.POSITIVE_INFINITY });
    catalog = createCatalog({
      SALESFORCE_LOGIN_URL: sf.loginUrl,
      TOTANGO_BASE_URL: tt.url,
      filesDir: '/nonexistent',
      pacing: false,
    });
    auths = {
      'salesforce-main': { id: 'salesforce-main', connector: 'salesforce', fields: sfFields(sf) },
      'totango-main': { id: 'totango-main', connector: 'totango', fields: { token: tt.token } },
    };
  });
  afterEach(async () => {
    await Promise.all([sf.close(), tt.close()]);
  });

  it('names each bad row: the Totango field offline, the Salesforce field through describe', async () => {
    const doc = example('sync-tasks-inbound', { mapping: misspelt });
    expect(validateWorkflow(doc, catalog).map((p) => [p.path, p.message])).toEqual([
      [
        'steps.0.input.mapping.3.totango',
        'Step "salesforce-1", input "mapping.3.totango": Mapping row 4 (Description → descripton): a Totango task has no field "descripton". Use one of: account_id, external_id, last_updated, id, title, description, priority, status, due_date, assignee, activity_type_id, assigner, create_date.',
      ],
    ]);
    expect(
      (await checkWithServices(doc, { catalog, resolveAuth })).map((p) => [p.path, p.message]),
    ).toEqual([
      [
        'steps.0.input.mapping.2.salesforce',
        'Step "salesforce-1", input "mapping.2.salesforce": Mapping row 3 (Subjekt → title): Salesforce\'s Task has no field "Subjekt" (did you mean Subject?).',
      ],
      [
        'steps.0.input.mapping.4.salesforce',
        'Step "salesforce-1", input "mapping.4.salesforce": Mapping row 5 (Owner.Emial → assignee): User (what Task.Owner points at) has no field "Emial".',
      ],
      [
        'steps.0.input.mapping.5.salesforce',
        'Step "salesforce-1", input "mapping.5.salesforce": Mapping row 6 (Boss.Email → assigner): Salesforce\'s Task has no relationship "Boss" (a reference field such as Owner, CreatedBy or LastModifiedBy).',
      ],
    ]);
    // Only reads: sign-in and describe, nothing written, nothing asked of Totango.
    expect(sf.dataRequests().map((r) => `${r.method} ${r.path.replace(/v\d+\.0/, 'vNN')}`)).toEqual(
      [
        'GET /services/data/vNN/sobjects/Task/describe',
        'GET /services/data/vNN/sobjects/Group/describe',
        'GET /services/data/vNN/sobjects/User/describe',
      ],
    );
    expect(tt.requests).toEqual([]);
  });

  it('passes every ready-made sync workflow with its default mapping', async () => {
    for (const name of [
      'sync-tasks-inbound',
      'sync-tasks-outbound',
      'sync-touchpoints-inbound',
      'sync-touchpoints-outbound',
      'sync-campaign-touches-outbound',
    ]) {
      const doc = example(name);
      expect([name, validateWorkflow(doc, catalog)]).toEqual([name, []]);
      expect([name, await checkWithServices(doc, { catalog, resolveAuth })]).toEqual([name, []]);
    }
  });

  it('says when the campaign touch key is missing in Salesforce or not an external id field', async () => {
    const template = example('sync-campaign-touches-outbound');
    sf.store.object('Event').fields = sf.store
      .object('Event')
      .fields.filter((f) => f.name !== 'Totango_Campaign_Touch_Id__c');
    expect(
      (await checkWithServices(template, { catalog, resolveAuth })).map((p) => p.message),
    ).toEqual([
      'Step "salesforce-1", input "mapping.1.salesforce": Mapping row 2 (Totango_Campaign_Touch_Id__c → campaign_touch_id): Salesforce\'s Event has no field "Totango_Campaign_Touch_Id__c".',
    ]);
    const byDescription = example('sync-campaign-touches-outbound', {
      mapping: [
        { salesforce: 'AccountId', totango: 'account_id' },
        { salesforce: 'Description', totango: 'campaign_touch_id' },
        { salesforce: 'Subject', totango: 'subject' },
      ],
    });
    expect((await checkWithServices(byDescription, { catalog, resolveAuth }))[0].message).toContain(
      'Mapping row 2 (Description → campaign_touch_id): Event.Description is not an external id field',
    );
  });

  it('adds nothing when Salesforce cannot be used; a mapped mapping is left to the run', async () => {
    const doc = example('sync-tasks-inbound', { mapping: misspelt });
    auths['salesforce-main'] = {
      ...auths['salesforce-main'],
      fields: { ...sfFields(sf), password: 'wrong-password' },
    };
    expect(await checkWithServices(doc, { catalog, resolveAuth })).toEqual([]);
    const mapped = example('sync-tasks-inbound', { mapping: { $jsonpath: '$.trigger.mapping' } });
    expect(
      await checkWithServices(mapped, { catalog, resolveAuth: async () => auths['totango-main'] }),
    ).toEqual([]);
  });
});

describe('POST /api/workflows/:id/validate', () => {
  const srv = useTestServer({ full: true });
  let ids: { salesforce: string; totango: string };

  beforeAll(async () => {
    sf = await startFakeSalesforce();
    tt = await startFakeTotango({ perMinute: Number.POSITIVE_INFINITY });
    const create = async (body: unknown) => {
      const res = await srv.api<Authentication>('POST', '/api/authentications', {
        token: srv.token,
        body,
      });
      expect(res.status).toBe(201);
      return res.body.id;
    };
    ids = {
      salesforce: await create({
        name: 'Salesforce',
        connector: 'salesforce',
        scope: 'organisational',
        fields: { ...sfFields(sf), loginUrl: sf.loginUrl },
      }),
      totango: await create({
        name: 'Totango',
        connector: 'totango',
        scope: 'organisational',
        fields: { token: tt.token, baseUrl: tt.url },
      }),
    };
  });
  afterAll(async () => {
    await Promise.all([sf.close(), tt.close()]);
  });

  it('names the bad mapping rows before any run', async () => {
    const doc = example('sync-tasks-inbound', { mapping: misspelt }) as unknown as {
      steps: { auth: unknown }[];
    };
    doc.steps[0].auth = { salesforce: ids.salesforce, totango: ids.totango };
    const saved = await srv.api<{ id: string }>('POST', '/api/workflows', {
      token: srv.token,
      body: doc,
    });
    expect(saved.status).toBe(201);
    const res = await srv.api<{ problems: { path: string; stepId: string; message: string }[] }>(
      'POST',
      `/api/workflows/${saved.body.id}/validate`,
      { token: srv.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.problems.map((p) => [p.stepId, p.path])).toEqual([
      ['salesforce-1', 'steps.0.input.mapping.3.totango'],
      ['salesforce-1', 'steps.0.input.mapping.2.salesforce'],
      ['salesforce-1', 'steps.0.input.mapping.4.salesforce'],
      ['salesforce-1', 'steps.0.input.mapping.5.salesforce'],
    ]);
    expect(res.body.problems[1].message).toContain('Mapping row 3 (Subjekt → title)');
    const runs = await srv.api<{ runs: unknown[] }>(
      'GET',
      `/api/runs?workflowId=${saved.body.id}`,
      {
        token: srv.token,
      },
    );
    expect(runs.body.runs ?? []).toEqual([]);
    expect(sf.dataRequests().every((r) => r.method === 'GET')).toBe(true);
  });
});
