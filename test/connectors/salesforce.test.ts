import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce.js';
import { sfCaller, sfEnv, sfFields } from '../fakes/salesforce/call.js';
import { clearSalesforceTokens } from '../../connectors/salesforce/session.js';
import { resolveLoginUrl, type SalesforceAuthFields } from '../../connectors/salesforce/auth.js';
import { testConnectorAuth } from '../../connectors/sdk/test-auth.js';
import { salesforceConnector } from '../../connectors/salesforce/index.js';
import { failure } from './helpers.js';

let sf: FakeSalesforce;

beforeEach(async () => {
  clearSalesforceTokens();
  sf = await startFakeSalesforce({ pageSize: 2 });
});
afterEach(async () => {
  await sf.close();
});

function seedAccount(name = 'Acme'): string {
  return sf.store.insert('Account', { Name: name }).Id as string;
}

describe('salesforce sign-in', () => {
  it('signs in with the password flow at the login URL and calls the returned instance_url with the bearer token', async () => {
    const out = await sfCaller(sf).call('soql_query', { query: 'SELECT Id FROM Account' });
    expect(out.records).toEqual([]);
    const [login, data] = sf.requests;
    expect(login.listener).toBe('login');
    expect(login.path).toBe('/services/oauth2/token');
    expect(Object.fromEntries(new URLSearchParams(login.body))).toEqual({
      grant_type: 'password',
      client_id: 'fake-client-id',
      client_secret: 'fake-client-secret',
      username: 'integration@acme.test',
      password: 'pa55wordSECTOKEN',
    });
    expect(login.headers.authorization).toBeUndefined();
    expect(data.listener).toBe('instance');
    expect(data.path).toBe('/services/data/v60.0/query');
    expect(data.headers.authorization).toMatch(/^Bearer 00Dfake0000001!AQ1\./);
  });

  it('uses the refresh-token flow when the authentication has a refresh token', async () => {
    const fields = {
      clientId: sf.credentials.clientId,
      clientSecret: sf.credentials.clientSecret,
      refreshToken: sf.credentials.refreshToken,
      apiVersion: 'v59.0',
    };
    await sfCaller(sf, fields).call('soql_query', { query: 'SELECT Id FROM Task' });
    expect(Object.fromEntries(new URLSearchParams(sf.requests[0].body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'fake-refresh-token',
      client_id: 'fake-client-id',
      client_secret: 'fake-client-secret',
    });
    expect(sf.requests[1].path).toBe('/services/data/v59.0/query');
  });

  it('reuses the cached token across steps of the same authentication', async () => {
    const caller = sfCaller(sf);
    await caller.call('soql_query', { query: 'SELECT Id FROM Task' });
    await caller.call('soql_query', { query: 'SELECT Id FROM Task' });
    expect(sf.tokensIssued()).toBe(1);
  });

  it('signs in again once when the session expired and repeats the call', async () => {
    const caller = sfCaller(sf);
    await caller.call('soql_query', { query: 'SELECT Id FROM Task' });
    sf.expireTokens();
    const id = seedAccount();
    const out = await caller.call('get_record', { object: 'Account', id, fields: ['Name'] });
    expect(out.Name).toBe('Acme');
    expect(sf.tokensIssued()).toBe(2);
    const gets = sf.requests.filter((r) => r.path.endsWith(`/sobjects/Account/${id}`));
    expect(
      gets.map(
        (r) =>
          r.headers.authorization ===
          sf.requests.find((x) => x.listener === 'instance')?.headers.authorization,
      ),
    ).toEqual([true, false]);
    expect(caller.logs.some((l) => l.message.includes('signed in again'))).toBe(true);
  });

  it('signs in again only once: a session refused twice is AUTH_FAILED', async () => {
    sf.rejectAllSessions = true;
    const err = await failure(sfCaller(sf).call('soql_query', { query: 'SELECT Id FROM Task' }));
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toContain('Salesforce rejected the session even after signing in again');
    expect(err.details.errorCode).toBe('INVALID_SESSION_ID');
    expect(sf.tokensIssued()).toBe(2);
    expect(sf.dataRequests()).toHaveLength(2);
  });

  it("fails with AUTH_FAILED and Salesforce's reason when the password is wrong", async () => {
    const err = await failure(
      sfCaller(sf, sfFields(sf, { password: 'wrong' })).call('soql_query', {
        query: 'SELECT Id FROM Task',
      }),
    );
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toContain('invalid_grant: authentication failure');
    expect(err.message).toContain(sf.loginUrl);
    expect(JSON.stringify(err.details)).not.toContain('wrong');
  });

  it('resolves the login URL: field, then SALESFORCE_LOGIN_URL, then production; "sandbox" is test.salesforce.com', () => {
    expect(resolveLoginUrl({ loginUrl: 'sandbox' }, { filesDir: '' })).toBe(
      'https://test.salesforce.com',
    );
    expect(resolveLoginUrl({}, { filesDir: '' })).toBe('https://login.salesforce.com');
    expect(
      resolveLoginUrl(
        {},
        { filesDir: '', SALESFORCE_LOGIN_URL: 'https://acme.my.salesforce.com/' },
      ),
    ).toBe('https://acme.my.salesforce.com');
    expect(
      resolveLoginUrl(
        { loginUrl: 'https://custom.example.com' },
        { filesDir: '', SALESFORCE_LOGIN_URL: 'https://other.example.com' },
      ),
    ).toBe('https://custom.example.com');
    // `baseUrl`, the name every HTTP connector's authentication shares, is the login host too; loginUrl wins over it.
    const viaBaseUrl = salesforceConnector.auth!.fields.parse({
      clientId: 'a',
      clientSecret: 'b',
      refreshToken: 'r',
      baseUrl: 'http://127.0.0.1:4030',
    }) as SalesforceAuthFields;
    expect(
      resolveLoginUrl(viaBaseUrl, {
        filesDir: '',
        SALESFORCE_LOGIN_URL: 'https://other.example.com',
      }),
    ).toBe('http://127.0.0.1:4030');
    expect(resolveLoginUrl({ ...viaBaseUrl, loginUrl: 'sandbox' }, { filesDir: '' })).toBe(
      'https://test.salesforce.com',
    );
    expect(
      salesforceConnector.auth!.fields.safeParse({ clientId: 'a', clientSecret: 'b' }).success,
    ).toBe(false);
    expect(
      salesforceConnector.auth!.fields.safeParse({
        clientId: 'a',
        clientSecret: 'b',
        refreshToken: 'r',
        loginUrl: 'https://x.com/path',
      }).success,
    ).toBe(false);
  });

  it('tests an authentication with one call and reports the remaining daily requests', async () => {
    const result = await testConnectorAuth(
      [salesforceConnector],
      'salesforce',
      sfFields(sf),
      sfEnv(sf),
      'auth-test-1',
    );
    expect(result).toEqual({
      ok: true,
      message: `Connected to Salesforce at ${sf.instanceUrl}. 4999 of 5000 daily API requests remain.`,
    });
    const bad = await testConnectorAuth(
      [salesforceConnector],
      'salesforce',
      sfFields(sf, { clientSecret: 'nope' }),
      sfEnv(sf),
      'auth-test-2',
    );
    expect(bad.ok).toBe(false);
    expect(bad.message).toContain('invalid_client: invalid client credentials');
  });
});

describe('salesforce soql_query', () => {
  it('follows nextRecordsUrl through every page and shows the API usage', async () => {
    const account = seedAccount();
    for (let i = 1; i <= 5; i++) sf.store.insert('Task', { Subject: `Call ${i}`, WhatId: account });
    const out = await sfCaller(sf).call('soql_query', {
      query: 'SELECT Id, Subject, Owner.Email FROM Task ORDER BY Subject',
    });
    expect(out.totalSize).toBe(5);
    expect((out.records as { Subject: string }[]).map((r) => r.Subject)).toEqual([
      'Call 1',
      'Call 2',
      'Call 3',
      'Call 4',
      'Call 5',
    ]);
    expect((out.records as { Owner: unknown }[])[0].Owner).toEqual({
      attributes: { type: 'User', url: expect.stringContaining('/sobjects/User/') },
      Email: 'integration@acme.test',
    });
    const paths = sf.dataRequests().map((r) => r.path);
    expect(paths).toEqual([
      '/services/data/v60.0/query',
      '/services/data/v60.0/query/01gfake00000001-2',
      '/services/data/v60.0/query/01gfake00000001-4',
    ]);
    expect(sf.dataRequests()[0].query).toEqual({
      q: 'SELECT Id, Subject, Owner.Email FROM Task ORDER BY Subject',
    });
    expect(out.limitInfo).toEqual({ used: 3, max: 5000 });
    expect(out.done).toBe(true);
  });

  it('stops at maxRecords without fetching further pages', async () => {
    for (let i = 1; i <= 5; i++) sf.store.insert('Task', { Subject: `T${i}` });
    const out = await sfCaller(sf).call('soql_query', {
      query: 'SELECT Id FROM Task',
      maxRecords: 3,
    });
    expect((out.records as unknown[]).length).toBe(3);
    expect(out.done).toBe(false);
    expect(sf.dataRequests()).toHaveLength(2);
  });

  it('uses queryAll with includeDeleted, so deleted and archived rows come back', async () => {
    const gone = sf.store.insert('Task', { Subject: 'gone' }).Id as string;
    const old = sf.store.insert('Task', { Subject: 'old' }).Id as string;
    sf.store.insert('Task', { Subject: 'live' });
    sf.store.remove('Task', gone);
    sf.store.archive('Task', old);
    const caller = sfCaller(sf);
    const plain = await caller.call('soql_query', { query: 'SELECT Subject, IsDeleted FROM Task' });
    expect((plain.records as { Subject: string }[]).map((r) => r.Subject)).toEqual(['live']);
    const all = await caller.call('soql_query', {
      query:
        'SELECT Subject, IsDeleted, IsArchived FROM Task WHERE IsDeleted = true OR IsArchived = true',
      includeDeleted: true,
    });
    expect(
      (all.records as { Subject: string; IsDeleted: boolean }[]).map((r) => [
        r.Subject,
        r.IsDeleted,
      ]),
    ).toEqual([
      ['gone', true],
      ['old', false],
    ]);
    expect(sf.dataRequests().at(-1)!.path).toBe('/services/data/v60.0/queryAll');
  });

  it("turns a malformed query into SALESFORCE_MALFORMED_QUERY with Salesforce's words", async () => {
    const err = await failure(sfCaller(sf).call('soql_query', { query: 'SELECT Id FRM Task' }));
    expect(err.code).toBe('SALESFORCE_MALFORMED_QUERY');
    expect(err.message).toContain("unexpected token: 'FRM'");
    expect(err.details).toMatchObject({ status: 400, errorCode: 'MALFORMED_QUERY' });
  });

  it('keeps errorCode for an unknown field', async () => {
    const err = await failure(
      sfCaller(sf).call('soql_query', { query: 'SELECT Id, Foo__c FROM Task' }),
    );
    expect(err.code).toBe('SALESFORCE_INVALID_FIELD');
    expect(err.details.errorCode).toBe('INVALID_FIELD');
    expect(err.message).toContain("No such column 'Foo__c' on entity 'Task'");
  });

  it('says the daily API limit is spent on REQUEST_LIMIT_EXCEEDED', async () => {
    sf.api.used = 5000;
    const err = await failure(sfCaller(sf).call('soql_query', { query: 'SELECT Id FROM Task' }));
    expect(err.code).toBe('SALESFORCE_REQUEST_LIMIT_EXCEEDED');
    expect(err.message).toContain(
      "The Salesforce org's daily API request limit is spent (5001 of 5000 calls used)",
    );
    expect(err.retryable).toBe(false);
    expect(err.details.limitInfo).toEqual({ used: 5001, max: 5000 });
  });
});

describe('salesforce records', () => {
  it('creates a record and returns its id; AccountId follows WhatId', async () => {
    const account = seedAccount();
    const out = await sfCaller(sf).call('create_record', {
      object: 'Task',
      fields: { Subject: 'Kickoff', WhatId: account, Priority: 'High' },
    });
    const req = sf.dataRequests().at(-1)!;
    expect([req.method, req.path, req.json]).toEqual([
      'POST',
      '/services/data/v60.0/sobjects/Task',
      { Subject: 'Kickoff', WhatId: account, Priority: 'High' },
    ]);
    expect(out).toEqual({
      id: expect.stringMatching(/^00T\w{15}$/),
      limitInfo: { used: 1, max: 5000 },
    });
    expect(sf.store.findById(out.id as string)!.rec).toMatchObject({
      Subject: 'Kickoff',
      AccountId: account,
      Status: 'Not Started',
    });
  });

  it('keeps errorCode and fields when a required field is missing', async () => {
    const err = await failure(
      sfCaller(sf).call('create_record', { object: 'Account', fields: {} }),
    );
    expect(err.code).toBe('SALESFORCE_REQUIRED_FIELD_MISSING');
    expect(err.details).toMatchObject({
      errorCode: 'REQUIRED_FIELD_MISSING',
      fields: ['Name'],
      message: 'Required fields are missing: [Name]',
    });
    expect(err.message).toContain('Fields: Name.');
  });

  it("takes the fields as Salesforce's comma-separated text too", async () => {
    const id = sf.store.insert('Task', { Subject: 'Read me', Status: 'In Progress' }).Id as string;
    const out = await sfCaller(sf).call('get_record', {
      object: 'Task',
      id,
      fields: 'Subject, Status',
    });
    expect(sf.dataRequests().at(-1)!.query).toEqual({ fields: 'Subject,Status' });
    expect(out).toMatchObject({ Subject: 'Read me', Status: 'In Progress' });
    const op = salesforceConnector.operations.find((o) => o.id === 'get_record')!;
    expect(op.input.safeParse({ object: 'Task', id, fields: 'Subject;DROP' }).success).toBe(false);
  });

  it('reads a record with chosen fields', async () => {
    const id = sf.store.insert('Task', { Subject: 'Read me', Status: 'In Progress' }).Id as string;
    const out = await sfCaller(sf).call('get_record', {
      object: 'Task',
      id,
      fields: ['Subject', 'Status'],
    });
    expect(sf.dataRequests().at(-1)!.query).toEqual({ fields: 'Subject,Status' });
    expect(out).toEqual({
      attributes: { type: 'Task', url: `/services/data/v60.0/sobjects/Task/${id}` },
      Subject: 'Read me',
      Status: 'In Progress',
    });
  });

  it('updates only the given fields', async () => {
    const id = sf.store.insert('Task', { Subject: 'Before', Priority: 'Low' }).Id as string;
    const out = await sfCaller(sf).call('update_record', {
      object: 'Task',
      id,
      fields: { Subject: 'After' },
    });
    expect(out.id).toBe(id);
    expect(sf.dataRequests().at(-1)).toMatchObject({
      method: 'PATCH',
      path: `/services/data/v60.0/sobjects/Task/${id}`,
      json: { Subject: 'After' },
    });
    expect(sf.store.findById(id)!.rec).toMatchObject({ Subject: 'After', Priority: 'Low' });
  });

  it('upserts by external id: creates, then updates the same record', async () => {
    const caller = sfCaller(sf);
    const first = await caller.call('upsert_record', {
      object: 'Account',
      externalIdField: 'External_Id__c',
      externalId: 'ACC-1',
      fields: { Name: 'Acme' },
    });
    expect(first).toMatchObject({ created: true });
    expect(sf.dataRequests().at(-1)!.path).toBe(
      '/services/data/v60.0/sobjects/Account/External_Id__c/ACC-1',
    );
    const second = await caller.call('upsert_record', {
      object: 'Account',
      externalIdField: 'External_Id__c',
      externalId: 'acc-1',
      fields: { Name: 'Acme Inc' },
    });
    expect(second).toMatchObject({ id: first.id, created: false });
    expect(sf.store.findById(first.id as string)!.rec.Name).toBe('Acme Inc');
  });

  it("with an API version before 46.0, whose update answers 204 and no body, still answers the record's id", async () => {
    const caller = sfCaller(sf, sfFields(sf, { apiVersion: 'v45.0' }));
    const first = await caller.call('upsert_record', {
      object: 'Account',
      externalIdField: 'External_Id__c',
      externalId: 'ACC-7',
      fields: { Name: 'Acme' },
    });
    expect(first).toMatchObject({ created: true });
    expect(first.id).toMatch(/^001/);
    const second = await caller.call('upsert_record', {
      object: 'Account',
      externalIdField: 'External_Id__c',
      externalId: 'ACC-7',
      fields: { Name: 'Acme Inc' },
    });
    expect(second).toMatchObject({ id: first.id, created: false });
    expect(
      sf
        .dataRequests()
        .slice(-2)
        .map((r) => [r.method, r.path, r.query]),
    ).toEqual([
      ['PATCH', '/services/data/v45.0/sobjects/Account/External_Id__c/ACC-7', {}],
      ['GET', '/services/data/v45.0/sobjects/Account/External_Id__c/ACC-7', { fields: 'Id' }],
    ]);
  });

  it('deletes a record; reading it afterwards is NOT_FOUND with ENTITY_IS_DELETED', async () => {
    const id = sf.store.insert('Task', { Subject: 'Bye' }).Id as string;
    const caller = sfCaller(sf);
    expect(await caller.call('delete_record', { object: 'Task', id })).toMatchObject({ id });
    expect(sf.dataRequests().at(-1)!.method).toBe('DELETE');
    const err = await failure(caller.call('get_record', { object: 'Task', id }));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.details.errorCode).toBe('ENTITY_IS_DELETED');
  });

  it('refuses an object name that would change the path before any request', async () => {
    await expect(
      sfCaller(sf).call('get_record', { object: '../limits', id: '001000000000001' }),
    ).rejects.toThrow(/object API name/);
    expect(sf.requests).toHaveLength(0);
  });
});

describe('salesforce collections, describe and raw requests', () => {
  it('creates 450 records in calls of 200, 200 and 50 with one result per record', async () => {
    const records = Array.from({ length: 450 }, (_, i) =>
      i === 201 ? { Subject: 'bad', Nope__c: 1 } : { Subject: `R${i}` },
    );
    const out = await sfCaller(sf).call('create_records', { object: 'Task', records });
    const calls = sf.dataRequests('/composite/sobjects');
    expect(calls.map((c) => (c.json as { records: unknown[] }).records.length)).toEqual([
      200, 200, 50,
    ]);
    expect(
      (calls[0].json as { allOrNone: boolean; records: Record<string, unknown>[] }).records[0],
    ).toEqual({ attributes: { type: 'Task' }, Subject: 'R0' });
    const results = out.results as { id: string | null; success: boolean; errors: unknown[] }[];
    expect(results).toHaveLength(450);
    expect(results[201]).toEqual({
      id: null,
      success: false,
      errors: [
        {
          errorCode: 'INVALID_FIELD',
          message: "No such column 'Nope__c' on sobject of type Task",
          fields: ['Nope__c'],
        },
      ],
    });
    expect(results[0]).toEqual({ id: expect.stringMatching(/^00T/), success: true, errors: [] });
    expect([out.succeeded, out.failed]).toEqual([449, 1]);
    expect(sf.store.all('Task')).toHaveLength(449);
  });

  it('updates many records by Id and reports each one', async () => {
    const a = sf.store.insert('Task', { Subject: 'a' }).Id as string;
    const b = sf.store.insert('Task', { Subject: 'b' }).Id as string;
    const out = await sfCaller(sf).call('update_records', {
      object: 'Task',
      records: [
        { Id: a, Subject: 'A' },
        { Id: b, Priority: 'Urgent!!', ActivityDate: 'tomorrow' },
      ],
    });
    expect(sf.dataRequests().at(-1)).toMatchObject({
      method: 'PATCH',
      json: {
        allOrNone: false,
        records: [
          { attributes: { type: 'Task' }, id: a, Subject: 'A' },
          { attributes: { type: 'Task' }, id: b, Priority: 'Urgent!!', ActivityDate: 'tomorrow' },
        ],
      },
    });
    const results = out.results as {
      success: boolean;
      errors: { errorCode: string; fields?: string[] }[];
    }[];
    expect(results.map((r) => r.success)).toEqual([true, false]);
    expect(results[1].errors[0]).toMatchObject({
      errorCode: 'JSON_PARSER_ERROR',
      fields: ['ActivityDate'],
    });
    expect(sf.store.findById(a)!.rec.Subject).toBe('A');
  });

  it('refuses update_records input without ids before calling Salesforce', async () => {
    const err = await failure(
      sfCaller(sf).call('update_records', { object: 'Task', records: [{ Subject: 'x' }] }),
    );
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toContain('Record 0 (counting from 0) in "records" has no "Id"');
    expect(sf.requests).toHaveLength(0);
  });

  it('describes an object so field names can be offered', async () => {
    const out = await sfCaller(sf).call('describe_object', { object: 'Task' });
    expect(sf.dataRequests().at(-1)!.path).toBe('/services/data/v60.0/sobjects/Task/describe');
    const fields = out.fields as {
      name: string;
      label: string;
      type: string;
      updateable: boolean;
      picklistValues?: string[];
    }[];
    expect(fields.find((f) => f.name === 'Priority')).toEqual({
      name: 'Priority',
      label: 'Priority',
      type: 'picklist',
      createable: true,
      updateable: true,
      externalId: false,
      picklistValues: ['High', 'Normal', 'Low'],
    });
    expect(fields.find((f) => f.name === 'AccountId')).toMatchObject({
      updateable: false,
      relationshipName: 'Account',
    });
  });

  it('sends a raw request under the versioned path and returns any status as data', async () => {
    const caller = sfCaller(sf);
    const ok = await caller.call('raw_http_request', { method: 'GET', endpoint: '/limits' });
    expect(ok).toMatchObject({
      status: 200,
      body: { DailyApiRequests: { Max: 5000, Remaining: 4999 } },
    });
    expect(sf.dataRequests().at(-1)!.path).toBe('/services/data/v60.0/limits');
    const missing = await caller.call('raw_http_request', {
      method: 'GET',
      endpoint: '/sobjects/Nope__c/describe',
    });
    expect(missing).toMatchObject({ status: 404, body: [{ errorCode: 'NOT_FOUND' }] });
    const posted = await caller.call('raw_http_request', {
      method: 'POST',
      endpoint: '/sobjects/Account',
      body: { Name: 'Raw Co' },
    });
    expect(posted).toMatchObject({ status: 201, body: { success: true } });
  });

  it('refuses a raw endpoint that would leave the instance, before any request', async () => {
    const caller = sfCaller(sf);
    for (const endpoint of [
      '//evil.example.com/x',
      'https://evil.example.com/',
      'limits',
      '/../../oauth2/token',
      '/sobjects/%2e%2e/x',
    ]) {
      const err = await failure(caller.call('raw_http_request', { method: 'GET', endpoint }));
      expect(err.code).toBe('FORBIDDEN');
    }
    expect(sf.requests.filter((r) => r.listener === 'instance')).toHaveLength(0);
  });
});
