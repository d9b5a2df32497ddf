// Totango touchpoints, tasks and the raw HTTP request against the fake: the exact request
// (method, path, app-token, JSON or form body), the output, and the service's refusals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totangoHarness, type TotangoHarness } from '../fakes/totango/harness.js';
import { failure } from './helpers.js';

let h: TotangoHarness;

beforeEach(async () => {
  h = await totangoHarness({
    accounts: [
      { id: 'acc-001', display_name: 'Acme Inc' },
      { id: 'acc-002', display_name: 'Initech' },
    ],
  });
});
afterEach(() => h.close());

describe('create_touchpoint', () => {
  it('posts the documented JSON fields and returns the created touchpoint', async () => {
    const out = (await h.call('create_touchpoint', {
      account_id: 'acc-001',
      content: 'Discussed renewal',
      subject: 'QBR',
      touchpointType: 'tp-type-1',
      activity_type_id: 'renewal',
      participants: ['buyer@acme.com'],
      tags: ['tag-1'],
      disable_sync: true,
      create_date: '2024-02-28T10:00:00Z',
    })) as Record<string, unknown>;
    const req = h.fake.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/v3/touchpoints/');
    expect(req.appToken).toBe(h.fake.token);
    expect(req.contentType).toBe('application/json');
    expect(req.json).toEqual({
      account_id: 'acc-001',
      content: 'Discussed renewal',
      subject: 'QBR',
      touchpointType: 'tp-type-1',
      activity_type_id: 'renewal',
      participantList: [{ userid: 'buyer@acme.com' }],
      touchpoint_tags: ['tag-1'],
      disable_sync: true,
      create_date: Date.parse('2024-02-28T10:00:00Z'),
    });
    expect(out.id).toBe(h.fake.state.touchpoints[0].id);
    expect(out).toMatchObject({
      account_id: 'acc-001',
      subject: 'QBR',
      content: 'Discussed renewal',
      participants: ['buyer@acme.com'],
      disable_sync: true,
    });
  });

  it('sends only the fields given', async () => {
    await h.call('create_touchpoint', { account_id: 'acc-002', content: 'Hello' });
    expect(h.fake.requests[0].json).toEqual({ account_id: 'acc-002', content: 'Hello' });
  });

  it('explains a date it cannot read', async () => {
    const err = await failure(
      h.call('create_touchpoint', {
        account_id: 'acc-001',
        content: 'x',
        create_date: 'next tuesday',
      }),
    );
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toBe(
      'Input "create_date": "next tuesday" is not a date (use e.g. 2024-02-28 or 2024-02-28T10:00:00Z).',
    );
    expect(h.fake.requests).toHaveLength(0);
  });

  it('turns "Account not found" into a step error with Totango\'s words', async () => {
    const err = await failure(h.call('create_touchpoint', { account_id: 'acc-404', content: 'x' }));
    expect(err.code).toBe('CONNECTOR_HTTP_400');
    expect(err.message).toBe(
      'Totango answered HTTP 400 on POST /api/v3/touchpoints/: "Account not found".',
    );
  });
});

describe('tasks', () => {
  it('create_task posts JSON (priority words become numbers, status defaults to open) and returns the task', async () => {
    const out = (await h.call('create_task', {
      account_id: 'acc-001',
      title: 'Renewal call',
      description: 'Prep deck',
      due_date: '2024-02-28',
      priority: 'high',
      assignee: 'csm@x.com',
      activity_type_id: 'renewal',
    })) as Record<string, unknown>;
    const req = h.fake.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/v3/tasks');
    expect(req.contentType).toBe('application/json');
    expect(req.appToken).toBe(h.fake.token);
    expect(req.json).toEqual({
      account_id: 'acc-001',
      title: 'Renewal call',
      description: 'Prep deck',
      due_date: '2024-02-28',
      priority: 1,
      status: 'open',
      assignee: 'csm@x.com',
      activity_type_id: 'renewal',
    });
    expect(out).toMatchObject({
      id: h.fake.state.tasks[0].id,
      title: 'Renewal call',
      priority: 1,
      status: 'open',
      account_id: 'acc-001',
    });
  });

  it('create_task on an unknown account fails with "Account not found"', async () => {
    const err = await failure(
      h.call('create_task', { account_id: 'nope', title: 'x', activity_type_id: 'renewal' }),
    );
    expect(err.code).toBe('CONNECTOR_HTTP_400');
    expect(err.message).toBe(
      'Totango answered HTTP 400 on POST /api/v3/tasks: "Account not found".',
    );
  });

  it('create_task needs the flow (activity type) before any request', async () => {
    const op = () => h.call('create_task', { account_id: 'acc-001', title: 'x' });
    await expect(op()).rejects.toThrow(/activity_type_id/);
    expect(h.fake.requests).toHaveLength(0);
  });

  it('update_task puts the changed fields to /api/v3/tasks/{id}', async () => {
    const t = h.fake.addTask({ account_id: 'acc-001', title: 'Old', status: 'open' });
    const out = (await h.call('update_task', {
      id: t.id,
      status: 'closed',
      priority: 3,
    })) as Record<string, unknown>;
    const req = h.fake.requests[0];
    expect(req.method).toBe('PUT');
    expect(req.path).toBe(`/api/v3/tasks/${t.id}`);
    expect(req.json).toEqual({ id: t.id, status: 'closed', priority: 3 });
    expect(out).toMatchObject({ id: t.id, title: 'Old', status: 'closed', priority: 3 });
    expect(h.fake.task(t.id)?.status).toBe('closed');
  });

  it('get_task reads ?id= (an array) and returns the one task', async () => {
    const t = h.fake.addTask({ account_id: 'acc-002', title: 'Check in' });
    const out = await h.call('get_task', { id: String(t.id) });
    expect(h.fake.requests[0].method).toBe('GET');
    expect(h.fake.requests[0].path).toBe('/api/v3/tasks');
    expect(h.fake.requests[0].query).toEqual({ id: String(t.id) });
    expect(out).toMatchObject({ id: t.id, title: 'Check in', account_id: 'acc-002' });
  });

  it('get_task of an unknown id is NOT_FOUND', async () => {
    const err = await failure(h.call('get_task', { id: 424242 }));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe('Totango has no task with id 424242.');
  });

  it('delete_task deletes /api/v3/tasks/{id}; an unknown id is NOT_FOUND', async () => {
    const t = h.fake.addTask({ account_id: 'acc-001' });
    expect(await h.call('delete_task', { id: t.id })).toEqual({ id: t.id, deleted: true });
    expect(h.fake.requests[0].method).toBe('DELETE');
    expect(h.fake.requests[0].path).toBe(`/api/v3/tasks/${t.id}`);
    expect(h.fake.task(t.id)).toBeUndefined();
    const err = await failure(h.call('delete_task', { id: t.id }));
    expect(err.code).toBe('NOT_FOUND');
  });

  it('tasks show up in the events search as task events', async () => {
    await h.call('create_task', {
      account_id: 'acc-001',
      title: 'Call',
      activity_type_id: 'renewal',
      external_id: '00T1',
    });
    const res = (await h.call('raw_http_request', {
      method: 'POST',
      endpoint: '/api/v2/events/search',
      bodyType: 'form',
      body: {
        query: {
          terms: [{ type: 'event_property', name: 'event_type', eq: 'task' }],
          fields: [],
          count: 10,
          offset: 0,
        },
      },
    })) as {
      status: number;
      body: {
        response: {
          events: {
            total_hits: number;
            hits: { type: string; task_content: Record<string, unknown> }[];
          };
        };
      };
    };
    expect(res.status).toBe(200);
    expect(res.body.response.events.total_hits).toBe(1);
    expect(res.body.response.events.hits[0].type).toBe('task');
    expect(res.body.response.events.hits[0].task_content).toMatchObject({
      action: 'create',
      title: 'Call',
      external_id: '00T1',
    });
  });
});

describe("the fake's events search (used by the Salesforce sync tests)", () => {
  it('lists touchpoints as note events, newest first, with offset as a page number', async () => {
    for (const subject of ['First', 'Second', 'Third'])
      h.fake.addTouchpoint({ account_id: 'acc-001', subject, content: `${subject} call` });
    const page = async (offset: number) =>
      (
        (await h.call('raw_http_request', {
          method: 'POST',
          endpoint: '/api/v2/events/search',
          bodyType: 'form',
          body: {
            query: {
              terms: [{ type: 'event_property', name: 'event_type', eq: 'note' }],
              fields: [],
              count: 2,
              offset,
            },
          },
        })) as {
          body: {
            response: {
              events: {
                total_hits: number;
                hits: {
                  type: string;
                  note_content: { text: string };
                  properties: { subject: string };
                }[];
              };
            };
          };
        }
      ).body.response.events;
    const first = await page(0);
    expect(first.total_hits).toBe(3);
    expect(first.hits.map((e) => e.properties.subject)).toEqual(['Third', 'Second']);
    expect(first.hits[0].type).toBe('note');
    expect(first.hits[0].note_content.text).toBe('Third call');
    const second = await page(1);
    expect(second.hits.map((e) => e.properties.subject)).toEqual(['First']);
  });
});

describe('raw_http_request', () => {
  it('adds the base URL and the app-token to the path the user wrote', async () => {
    const out = (await h.call('raw_http_request', {
      method: 'POST',
      endpoint: '/api/v3/touchpoints/',
      body: { account_id: 'acc-001', content: 'From raw' },
    })) as { status: number; body: { note: { id: number } } };
    const req = h.fake.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/v3/touchpoints/');
    expect(req.appToken).toBe(h.fake.token);
    expect(req.json).toEqual({ account_id: 'acc-001', content: 'From raw' });
    expect(out.status).toBe(200);
    expect(out.body.note.id).toBe(h.fake.state.touchpoints[0].id);
  });

  it('sends query parameters and returns a non-2xx answer as data', async () => {
    const out = (await h.call('raw_http_request', {
      endpoint: '/api/v3/nothing-here',
      query: { a: 1 },
    })) as { status: number; body: { status: string; _error: string } };
    expect(h.fake.requests[0].method).toBe('GET');
    expect(h.fake.requests[0].query).toEqual({ a: '1' });
    expect(out.status).toBe(404);
    expect(out.body.status).toBe('failed');
  });

  it('sends a form body with objects as JSON text (the search endpoints\' "query" field)', async () => {
    await h.call('raw_http_request', {
      method: 'POST',
      endpoint: '/api/v1/search/accounts',
      bodyType: 'form',
      body: { query: { terms: [], fields: [], count: 1 } },
    });
    expect(h.fake.requests[0].contentType).toBe('application/x-www-form-urlencoded');
    expect(h.fake.requests[0].form).toEqual({ query: '{"terms":[],"fields":[],"count":1}' });
  });

  it.each([
    [`http://127.0.0.1:1/api/v1/x`, 'is a full URL'],
    ['//127.0.0.1:1/api', 'starts with "//"'],
    ['@evil.example/api', 'does not start with "/"'],
    ['api/v1/search/accounts', 'does not start with "/"'],
  ])('refuses the endpoint %s before any request', async (endpoint, why) => {
    const err = await failure(h.call('raw_http_request', { endpoint }));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toContain(why);
    expect(err.message).toContain('Write only the path after the base URL');
    expect(h.fake.requests).toHaveLength(0);
  });
});
