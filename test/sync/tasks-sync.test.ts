// The Totango ↔ Salesforce task sync end to end: the ready-made workflows run by the engine
// between the fake Totango and the fake Salesforce.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedAccountAndRep, startSyncHarness, type SyncHarness } from './harness.js';

let h: SyncHarness;
let account: string;
let rep: string;

beforeEach(async () => {
  h = await startSyncHarness();
  ({ account, rep } = seedAccountAndRep(h));
});
afterEach(async () => {
  await h.close();
});

/** A Salesforce task changed by a person (not the integration user), `laterMs` after now. */
function changeInSalesforce(id: string, fields: Record<string, unknown>, laterMs = 0): void {
  h.sf.store.setNow(Date.now() + laterMs);
  h.sf.store.change('Task', id, fields, rep);
  h.sf.store.setNow(undefined);
}

/** A Totango task changed in the Totango UI, `laterMs` after now. */
function changeInTotango(id: number | string, fields: Record<string, unknown>, laterMs = 0): void {
  Object.assign(h.tt.task(id)!, fields, { last_updated: Date.now() + laterMs });
}

describe('tasks outbound (Totango → Salesforce)', () => {
  it('creates a task made in Totango in Salesforce on the matched account and stores the link in lowercase', async () => {
    const task = h.tt.addTask({
      account_id: account,
      title: 'Renewal call',
      description: 'Prep deck',
      priority: 1,
      status: 'open',
      due_date: '2026-12-01',
      assignee: 'rep@acme.test',
    });
    const out = await h.run('sync-tasks-outbound');

    expect([out.created, out.updated, out.deleted, out.skipped, out.failed]).toEqual([
      1, 0, 0, 0, 0,
    ]);
    const [sfTask] = h.sf.store.all('Task');
    expect(out.items).toEqual([
      { action: 'created', sourceId: String(task.id), targetId: sfTask.Id },
    ]);
    expect(sfTask).toMatchObject({
      Subject: 'Renewal call',
      Description: 'Prep deck',
      Priority: 'High',
      Status: 'Not Started',
      ActivityDate: '2026-12-01',
      OwnerId: rep,
      WhatId: account,
      AccountId: account,
    });
    expect(h.tt.task(task.id)!.external_id).toBe(String(sfTask.Id).toLowerCase());
    expect(h.tt.task(task.id)!.external_id).not.toBe(sfTask.Id);
    const create = h.sf.dataRequests('/composite/sobjects').find((r) => r.method === 'POST')!;
    expect(create.json).toEqual({
      allOrNone: false,
      records: [
        {
          attributes: { type: 'Task' },
          Subject: 'Renewal call',
          Description: 'Prep deck',
          Priority: 'High',
          Status: 'Not Started',
          ActivityDate: '2026-12-01',
          OwnerId: rep,
          WhatId: account,
        },
      ],
    });
  });

  it('changes nothing on a second run when nothing changed', async () => {
    const task = h.tt.addTask({
      account_id: account,
      title: 'Renewal call',
      priority: 3,
      status: 'closed',
    });
    await h.run('sync-tasks-outbound');
    const sfBefore = structuredClone(h.sf.store.all('Task'));
    const ttBefore = structuredClone(h.tt.task(task.id));
    const writesBefore = h.sf.requests.filter((r) => r.method !== 'GET').length;

    const again = await h.run('sync-tasks-outbound');
    expect([
      again.created,
      again.updated,
      again.deleted,
      again.skipped,
      again.failed,
      again.items.length,
    ]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(again.fullSync).toBe(false);
    expect(h.sf.store.all('Task')).toEqual(sfBefore);
    expect(h.tt.task(task.id)).toEqual(ttBefore);
    expect(
      h.sf.requests.filter((r) => r.method !== 'GET' && r.path !== '/services/oauth2/token').length,
    ).toBe(writesBefore - 1);
  });

  it('sends a later Totango change to the linked Salesforce task, only the changed fields', async () => {
    const task = h.tt.addTask({ account_id: account, title: 'Call', priority: 2, status: 'open' });
    await h.run('sync-tasks-outbound');
    changeInTotango(task.id, { status: 'closed', priority: 1 }, 1000);

    const out = await h.run('sync-tasks-outbound');
    const [sfTask] = h.sf.store.all('Task');
    expect(out.items).toEqual([
      {
        action: 'updated',
        sourceId: String(task.id),
        targetId: sfTask.Id,
        fields: ['Priority', 'Status'],
      },
    ]);
    expect(sfTask).toMatchObject({
      Status: 'Completed',
      Priority: 'High',
      IsClosed: true,
      Subject: 'Call',
    });
    const update = h.sf
      .dataRequests('/composite/sobjects')
      .filter((r) => r.method === 'PATCH')
      .at(-1)!;
    expect(update.json).toEqual({
      allOrNone: false,
      records: [
        { attributes: { type: 'Task' }, id: sfTask.Id, Priority: 'High', Status: 'Completed' },
      ],
    });
  });

  it('skips a task whose account is not matched in Salesforce, reported apart and not in the totals', async () => {
    h.tt.addAccount({ id: 'acc-only-in-totango' });
    const task = h.tt.addTask({ account_id: 'acc-only-in-totango', title: 'Orphan' });
    const sent = h.tt.addTask({ account_id: account, title: 'Sent' });
    const out = await h.run('sync-tasks-outbound', { createMissing: true });
    expect([out.created, out.updated, out.skipped, out.failed, out.skippedUnmatched]).toEqual([
      1, 0, 0, 0, 1,
    ]);
    expect(out.items.map((i) => [i.action, i.sourceId])).toEqual([['created', String(sent.id)]]);
    expect(out.unmatched).toEqual([
      {
        sourceId: String(task.id),
        accountId: 'acc-only-in-totango',
        reason: 'its account acc-only-in-totango is not matched to a Salesforce account',
      },
    ]);
    expect(h.sf.store.all('Task').map((t) => t.Subject)).toEqual(['Sent']);
  });

  it('skips new tasks when "Create new records" is off', async () => {
    const task = h.tt.addTask({ account_id: account, title: 'Not sent' });
    const out = await h.run('sync-tasks-outbound', { createMissing: false });
    expect(out.items).toEqual([
      {
        action: 'skipped',
        sourceId: String(task.id),
        targetId: null,
        reason: 'not in Salesforce, and "Create new records" is off',
      },
    ]);
    expect(h.sf.store.all('Task')).toHaveLength(0);
  });

  it('deletes the Salesforce task when its linked Totango task is deleted', async () => {
    const task = h.tt.addTask({ account_id: account, title: 'Short-lived' });
    await h.run('sync-tasks-outbound');
    const sfId = h.sf.store.all('Task')[0].Id as string;
    h.tt.state.tasks.splice(h.tt.state.tasks.indexOf(h.tt.task(task.id)!), 1);

    const out = await h.run('sync-tasks-outbound');
    expect(out.items).toEqual([
      {
        action: 'deleted',
        sourceId: String(task.id),
        targetId: sfId,
        reason: 'deleted in Totango',
      },
    ]);
    expect(h.sf.store.findById(sfId)!.rec.IsDeleted).toBe(true);
    const del = h.sf.dataRequests('/composite/sobjects').filter((r) => r.method === 'DELETE');
    expect(del.map((r) => r.query)).toEqual([{ ids: sfId, allOrNone: 'false' }]);
    const again = await h.run('sync-tasks-outbound');
    expect(again.items).toEqual([]);
  });
});

describe('tasks inbound (Salesforce → Totango)', () => {
  it('creates a Salesforce task in Totango with converted values and the lowercase External ID', async () => {
    const sfTask = h.sf.store.insert(
      'Task',
      {
        Subject: 'QBR prep',
        Description: 'Slides',
        Priority: 'Low',
        Status: 'Completed',
        ActivityDate: '2026-12-24',
        WhatId: account,
        OwnerId: rep,
      },
      rep,
    );
    const out = await h.run('sync-tasks-inbound');
    expect([out.created, out.updated, out.skipped, out.failed]).toEqual([1, 0, 0, 0]);
    const created = h.tt.state.tasks[0];
    expect(out.items).toEqual([
      { action: 'created', sourceId: sfTask.Id, targetId: String(created.id) },
    ]);
    expect(created).toMatchObject({
      account_id: account,
      title: 'QBR prep',
      description: 'Slides',
      priority: 3,
      status: 'closed',
      due_date: '2026-12-24',
      assignee: 'rep@acme.test',
      activity_type_id: 'renewal',
      external_id: String(sfTask.Id).toLowerCase(),
    });
    const soql = h.sf
      .dataRequests('/queryAll')
      .map((r) => r.query.q)
      .find((q) => q.includes('FROM Task WHERE IsDeleted = false'))!;
    expect(soql).toContain('(IsClosed = false OR LastModifiedDate = LAST_N_DAYS:30)');
    expect(soql).toContain('Owner.Email');
  });

  it.each([
    [
      { status: 200 as const, message: 'Account is locked' },
      'CONNECTOR_ERROR: Totango could not do the creation of a task: "Account is locked".',
    ],
    [
      { status: 401 as const },
      'AUTH_FAILED: Totango rejected the credentials (HTTP 401 on POST /api/v3/tasks): "Invalid token". Check the authentication\'s token or password.',
    ],
  ])(
    "reports a task Totango refuses to create (%o) as failed with Totango's words, and creates it on the next run",
    async (fail, reason) => {
      const sfTask = h.sf.store.insert(
        'Task',
        { Subject: 'Refused once', WhatId: account, OwnerId: rep },
        rep,
      );
      h.tt.failNext({ ...fail, path: '/api/v3/tasks' });
      const out = await h.run('sync-tasks-inbound');
      expect(out.items).toEqual([
        { action: 'failed', sourceId: sfTask.Id, targetId: null, reason },
      ]);
      expect(h.tt.state.tasks).toHaveLength(0);

      const again = await h.run('sync-tasks-inbound');
      expect(again.items).toEqual([
        { action: 'created', sourceId: sfTask.Id, targetId: String(h.tt.state.tasks[0].id) },
      ]);
    },
  );

  it('brings a Salesforce change to Totango and then changes nothing on the next run', async () => {
    const task = h.tt.addTask({
      account_id: account,
      title: 'Call',
      priority: 2,
      status: 'open',
      assignee: 'rep@acme.test',
    });
    await h.run('sync-tasks-outbound');
    const sfId = h.sf.store.all('Task')[0].Id as string;
    await h.run('sync-tasks-inbound');
    changeInSalesforce(sfId, { Subject: 'Call the CFO', Status: 'Completed' }, 1000);

    const out = await h.run('sync-tasks-inbound');
    expect(out.items).toEqual([
      { action: 'updated', sourceId: sfId, targetId: String(task.id), fields: ['title', 'status'] },
    ]);
    expect(h.tt.task(task.id)).toMatchObject({ title: 'Call the CFO', status: 'closed' });
    const putBody = h.tt
      .requestsTo(`/api/v3/tasks/${task.id}`)
      .filter((r) => r.method === 'PUT')
      .at(-1)!.json;
    expect(putBody).toEqual({ title: 'Call the CFO', status: 'closed' });

    const again = await h.run('sync-tasks-inbound');
    expect(again.items).toEqual([]);
    const outbound = await h.run('sync-tasks-outbound');
    expect(outbound.items).toEqual([]);
  });

  it('skips a task whose account is not in Totango, reported apart and not in the totals', async () => {
    const other = h.sf.store.insert('Account', { Name: 'Not in Totango' }).Id as string;
    const sfTask = h.sf.store.insert('Task', { Subject: 'Elsewhere', WhatId: other });
    const loose = h.sf.store.insert('Task', { Subject: 'No account at all' });
    const out = await h.run('sync-tasks-inbound');
    expect([out.skipped, out.failed, out.created, out.skippedUnmatched]).toEqual([0, 0, 0, 2]);
    expect(out.items).toEqual([]);
    expect(out.unmatched).toEqual([
      {
        sourceId: sfTask.Id,
        accountId: other,
        reason: `its account ${other} is not in Totango (run the accounts sync first, then a full sync)`,
      },
      { sourceId: loose.Id, accountId: null, reason: 'it is not related to an account' },
    ]);
    expect(h.tt.state.tasks).toHaveLength(0);
  });

  it('imports only the tasks that pass the SOQL filter', async () => {
    h.sf.store.insert('Task', { Subject: 'High one', Priority: 'High', WhatId: account });
    h.sf.store.insert('Task', { Subject: 'Low one', Priority: 'Low', WhatId: account });
    const out = await h.run('sync-tasks-inbound', { filter: "Priority = 'High'" });
    expect(out.created).toBe(1);
    expect(h.tt.state.tasks.map((t) => t.title)).toEqual(['High one']);
  });

  it('deletes the Totango task when its Salesforce task is deleted', async () => {
    const sfTask = h.sf.store.insert('Task', { Subject: 'Doomed', WhatId: account });
    await h.run('sync-tasks-inbound');
    const ttTask = h.tt.state.tasks[0];
    h.sf.store.remove('Task', sfTask.Id as string);

    const out = await h.run('sync-tasks-inbound');
    expect(out.items).toEqual([
      {
        action: 'deleted',
        sourceId: sfTask.Id,
        targetId: String(ttTask.id),
        reason: 'deleted in Salesforce',
      },
    ]);
    expect(h.tt.task(ttTask.id)).toBeUndefined();
    expect(h.sf.dataRequests('/sobjects/Task/deleted/')).toHaveLength(1);
  });
});

describe('conflicts: the later update wins', () => {
  async function linkedTask(): Promise<{ ttId: number; sfId: string }> {
    const task = h.tt.addTask({
      account_id: account,
      title: 'Original',
      priority: 2,
      assignee: 'rep@acme.test',
    });
    await h.run('sync-tasks-outbound');
    await h.run('sync-tasks-inbound');
    return { ttId: task.id, sfId: h.sf.store.all('Task')[0].Id as string };
  }

  it('keeps the Salesforce change when Salesforce changed after Totango, whichever job runs first', async () => {
    const { ttId, sfId } = await linkedTask();
    changeInTotango(ttId, { title: 'Totango title' }, 1000);
    changeInSalesforce(sfId, { Subject: 'Salesforce title' }, 2000);

    const outbound = await h.run('sync-tasks-outbound');
    expect(outbound.items).toEqual([
      {
        action: 'skipped',
        sourceId: String(ttId),
        targetId: sfId,
        reason:
          'Salesforce has the later change (last update wins); the inbound job brings it to Totango',
      },
    ]);
    expect(h.sf.store.findById(sfId)!.rec.Subject).toBe('Salesforce title');
    const inbound = await h.run('sync-tasks-inbound');
    expect(inbound.items).toEqual([
      { action: 'updated', sourceId: sfId, targetId: String(ttId), fields: ['title'] },
    ]);
    expect(h.tt.task(ttId)!.title).toBe('Salesforce title');
  });

  it('keeps the Totango change when Totango changed after Salesforce', async () => {
    const { ttId, sfId } = await linkedTask();
    changeInSalesforce(sfId, { Subject: 'Salesforce title' }, 1000);
    changeInTotango(ttId, { title: 'Totango title' }, 2000);

    const inbound = await h.run('sync-tasks-inbound');
    expect(inbound.items).toEqual([
      {
        action: 'skipped',
        sourceId: sfId,
        targetId: String(ttId),
        reason:
          'Totango has the later change (last update wins); the outbound job sends it to Salesforce',
      },
    ]);
    expect(h.tt.task(ttId)!.title).toBe('Totango title');
    const outbound = await h.run('sync-tasks-outbound');
    expect(outbound.items).toEqual([
      { action: 'updated', sourceId: String(ttId), targetId: sfId, fields: ['Subject'] },
    ]);
    expect(h.sf.store.findById(sfId)!.rec.Subject).toBe('Totango title');
  });
});

describe('sync cursor and records', () => {
  it('a full sync looks at every record again but changes nothing that is already in step', async () => {
    h.tt.addTask({ account_id: account, title: 'One' });
    await h.run('sync-tasks-outbound');
    const full = await h.run('sync-tasks-outbound', { fullSync: true });
    expect(full.fullSync).toBe(true);
    expect([full.created, full.updated, full.deleted, full.skipped, full.failed]).toEqual([
      0, 0, 0, 0, 0,
    ]);
    expect(h.sf.store.all('Task')).toHaveLength(1);
  });

  it('records the counts and items in the step record, and no secret', async () => {
    h.tt.addTask({ account_id: account, title: 'Recorded' });
    const out = await h.run('sync-tasks-outbound');
    const record = out.records.find((r) => r.stepId === 'salesforce-1')!;
    expect(record.status).toBe('ok');
    expect(record.output).toMatchObject({ created: 1, items: [{ action: 'created' }] });
    const text = JSON.stringify(out.records);
    for (const secret of [
      h.sf.credentials.password,
      h.sf.credentials.clientSecret,
      h.sf.credentials.securityToken,
      h.tt.token,
    ])
      expect(text).not.toContain(secret);
  });
});

describe('failures', () => {
  it('lists a record Salesforce refuses as failed, carries on with the others, and tries it again next run', async () => {
    const bad = h.tt.addTask({ account_id: account, title: 'Bad date', due_date: 'soon' });
    const good = h.tt.addTask({ account_id: account, title: 'Good' });
    const out = await h.run('sync-tasks-outbound');
    expect([out.created, out.failed]).toEqual([1, 1]);
    expect(out.items.find((i) => i.action === 'failed')).toEqual({
      action: 'failed',
      sourceId: String(bad.id),
      targetId: null,
      reason: expect.stringContaining('JSON_PARSER_ERROR'),
    });
    expect(out.items.find((i) => i.action === 'failed')!.reason).toContain('(ActivityDate)');
    expect(h.tt.task(good.id)!.external_id).not.toBeNull();

    changeInTotango(bad.id, { due_date: '2026-12-31' }, 0);
    const retry = await h.run('sync-tasks-outbound');
    expect(retry.items).toEqual([
      { action: 'created', sourceId: String(bad.id), targetId: expect.stringMatching(/^00T/) },
    ]);
    expect(
      h.sf.store
        .all('Task')
        .map((t) => t.Subject)
        .sort(),
    ).toEqual(['Bad date', 'Good']);
  });

  it("fails the step with Salesforce's words when the SOQL filter is wrong", async () => {
    const { result, records } = await h.runResult('sync-tasks-inbound', { filter: 'Status = ' });
    expect(result.status).toBe('failed');
    const record = records.find((r) => r.stepId === 'salesforce-1')!;
    expect(record.error).toMatchObject({
      code: 'SALESFORCE_MALFORMED_QUERY',
      details: { errorCode: 'MALFORMED_QUERY' },
    });
    expect(record.error!.message).toContain(
      "Salesforce said MALFORMED_QUERY: \"unexpected token: ')'",
    );
  });

  it('refuses a mapping that names a Totango field a task does not have, before any call', async () => {
    const mapping = [{ salesforce: 'Subject', totango: 'titel' }];
    const before = h.sf.requests.length + h.tt.requests.length;
    const { result, records } = await h.runResult('sync-tasks-outbound', { mapping });
    expect(result.status).toBe('failed');
    const error = records.find((r) => r.stepId === 'salesforce-1')!.error!;
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain(
      'input "mapping.0.totango": Mapping row 1 (Subject → titel): a Totango task has no field "titel".',
    );
    expect(error.details).toMatchObject({ field: 'mapping.0.totango' });
    expect(h.sf.requests.length + h.tt.requests.length).toBe(before);
  });

  it('skips a Totango task whose External ID names no Salesforce task, saying why', async () => {
    const typo = h.tt.addTask({
      account_id: account,
      title: 'Linked by hand',
      external_id: '00t000000000000aaa',
    });
    const odd = h.tt.addTask({ account_id: account, title: 'Legacy link', external_id: 'crm-42' });
    const out = await h.run('sync-tasks-outbound', { createMissing: true });
    // Totango lists newest first.
    expect(out.items).toEqual([
      {
        action: 'skipped',
        sourceId: String(odd.id),
        targetId: null,
        reason: 'its External ID "crm-42" is not a Salesforce record id',
      },
      {
        action: 'skipped',
        sourceId: String(typo.id),
        targetId: null,
        reason: 'no Salesforce Task has its External ID 00t000000000000aaa',
      },
    ]);
    expect(h.sf.store.all('Task')).toHaveLength(0);
  });
});
