// Totango searches against the fake: the exact form request, the query checks made before
// sending, paging from the query's offset, and the 10,000-record ceiling.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manyAccounts } from '../fakes/totango.js';
import { totangoHarness, type TotangoHarness } from '../fakes/totango/harness.js';
import { failure } from './helpers.js';

let h: TotangoHarness;

beforeEach(async () => {
  h = await totangoHarness({
    accounts: [
      {
        id: 'acc-001',
        display_name: 'Acme Inc',
        status_group: 'paying',
        health: 'Good',
        attributes: { 'Success Manager': 'Jane Doe', Plan: 'Gold' },
      },
      {
        id: 'acc-002',
        display_name: 'Initech',
        status_group: 'trial',
        health: 'Risk',
        attributes: { 'Success Manager': 'Bob Roe', Plan: 'Silver' },
      },
      {
        id: 'acc-003',
        display_name: 'Globex',
        status_group: 'paying',
        health: 'Good',
        attributes: { 'Success Manager': 'Jane Doe', Plan: 'Silver' },
      },
    ],
    users: [
      {
        id: 'jo@acme.com',
        display_name: 'Jo',
        account_id: 'acc-001',
        attributes: { Email: 'jo@acme.com', Role: 'Admin' },
      },
      {
        id: 'al@initech.com',
        display_name: 'Al',
        account_id: 'acc-002',
        attributes: { Email: 'al@initech.com', Role: 'User' },
      },
    ],
  });
});
afterEach(() => h.close());

const payingQuery = {
  terms: [{ type: 'string', term: 'status_group', in_list: ['paying'] }],
  fields: [
    { type: 'string', term: 'health', field_display_name: 'Health' },
    { type: 'string_attribute', attribute: 'Success Manager', field_display_name: 'CSM' },
  ],
  count: 1000,
  offset: 0,
  sort_by: 'display_name',
  sort_order: 'ASC',
  scope: 'all',
};

describe('search_data_raw', () => {
  it('sends the query as the form field "query" with the app-token, and returns { total_hits, hits }', async () => {
    const out = await h.call('search_data_raw', { data: 'accounts', query: payingQuery });
    expect(h.fake.requests).toHaveLength(1);
    const req = h.fake.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/v1/search/accounts');
    expect(req.appToken).toBe(h.fake.token);
    expect(req.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.keys(req.form!)).toEqual(['query']);
    expect(req.searchQuery).toEqual(payingQuery);
    expect(out).toEqual({
      total_hits: 2,
      hits: [
        {
          name: 'acc-001',
          display_name: 'Acme Inc',
          last_activity_time: null,
          selected_fields: ['Good', 'Jane Doe'],
        },
        {
          name: 'acc-003',
          display_name: 'Globex',
          last_activity_time: null,
          selected_fields: ['Good', 'Jane Doe'],
        },
      ],
    });
  });

  it('takes the query as JSON text, exactly as "Generate API endpoint" gives it', async () => {
    const text = JSON.stringify(payingQuery, null, 2);
    const out = (await h.call('search_data_raw', { data: 'accounts', query: text })) as {
      total_hits: number;
    };
    expect(h.fake.requests[0].form!.query).toBe(JSON.stringify(payingQuery));
    expect(out.total_hits).toBe(2);
  });

  it('takes the form text query=<url-encoded JSON> too', async () => {
    const text = `query=${encodeURIComponent(JSON.stringify(payingQuery))}`;
    const out = (await h.call('search_data_raw', { data: 'accounts', query: text })) as {
      total_hits: number;
    };
    expect(h.fake.requests[0].searchQuery).toEqual(payingQuery);
    expect(out.total_hits).toBe(2);
  });

  it('searches users: hits carry the account', async () => {
    const out = await h.call('search_data_raw', {
      data: 'users',
      query: {
        terms: [{ type: 'string_attribute', attribute: 'Role', in_list: ['Admin'] }],
        fields: [{ type: 'string_attribute', attribute: 'Email', field_display_name: 'Email' }],
        count: 10,
        offset: 0,
      },
    });
    expect(h.fake.requests[0].path).toBe('/api/v1/search/users');
    expect(out).toEqual({
      total_hits: 1,
      hits: [
        {
          name: 'jo@acme.com',
          display_name: 'Jo',
          first_activity_time: null,
          last_activity_time: null,
          account: { name: 'acc-001' },
          selected_fields: ['jo@acme.com'],
        },
      ],
    });
  });

  it('refuses a query without a "terms" array before any request (Totango would answer a misleading 401)', async () => {
    const err = await failure(
      h.call('search_data_raw', { data: 'accounts', query: { fields: [], count: 10 } }),
    );
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toBe(
      'Input "query": the query has no "terms" array. Totango requires one ("terms": [] matches everything) and answers a query without it with a misleading 401 error.',
    );
    expect(err.details).toEqual({ field: 'query' });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('refuses text that is not JSON, saying so', async () => {
    const err = await failure(
      h.call('search_data_raw', { data: 'accounts', query: '{"terms": [], ' }),
    );
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toMatch(
      /^Input "query": this is not valid JSON \(.+\)\. Paste the query exactly as Totango's "Generate API endpoint" shows it\.$/,
    );
    expect(h.fake.requests).toHaveLength(0);
  });

  it("refuses a page size above Totango's 1000", async () => {
    const err = await failure(
      h.call('search_data_raw', {
        data: 'accounts',
        query: { terms: [], fields: [], count: 5000 },
      }),
    );
    expect(err.message).toBe(
      'Input "query": "count" must be between 1 and 1000 (Totango\'s page size limit), not 5000.',
    );
    expect(h.fake.requests).toHaveLength(0);
  });

  it('adds the required "fields" array when the query leaves it out', async () => {
    await h.call('search_data_raw', { data: 'accounts', query: { terms: [], count: 1 } });
    expect(h.fake.requests[0].searchQuery).toEqual({ terms: [], fields: [], count: 1 });
  });

  it("with allPages, follows pages from the query's offset in steps of its count", async () => {
    const big = await totangoHarness({ accounts: manyAccounts(25) });
    try {
      const out = (await big.call('search_data_raw', {
        data: 'accounts',
        query: { terms: [], fields: [], count: 10, offset: 3 },
        allPages: true,
      })) as { total_hits: number; hits: { name: string }[] };
      expect(
        big.fake.requests.map((r) => (r.searchQuery as { offset: number; count: number }).offset),
      ).toEqual([3, 13, 23]);
      expect(
        big.fake.requests.every((r) => (r.searchQuery as { count: number }).count === 10),
      ).toBe(true);
      expect(out.total_hits).toBe(25);
      expect(out.hits.map((x) => x.name)).toEqual(
        manyAccounts(25)
          .slice(3)
          .map((a) => a.id),
      );
    } finally {
      await big.close();
    }
  });

  it("with allPages, stops at Totango's 10,000-record ceiling and says so in the log", async () => {
    const big = await totangoHarness({ accounts: manyAccounts(10_500) });
    try {
      const out = (await big.call('search_data_raw', {
        data: 'accounts',
        query: { terms: [], fields: [], count: 1000, offset: 0 },
        allPages: true,
      })) as { total_hits: number; hits: unknown[] };
      expect(big.fake.requests).toHaveLength(10);
      expect(big.fake.requests.map((r) => (r.searchQuery as { offset: number }).offset)).toEqual([
        0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000,
      ]);
      expect(out.total_hits).toBe(10_500);
      expect(out.hits).toHaveLength(10_000);
      const warn = big.logs.find((l) => l.level === 'warn');
      expect(warn?.message).toBe(
        'Totango found 10500 accounts but serves only the first 10000 of a search; narrow the terms or split the search to reach the rest.',
      );
    } finally {
      await big.close();
    }
  });

  it('without allPages, makes exactly one request', async () => {
    const big = await totangoHarness({ accounts: manyAccounts(30) });
    try {
      const out = (await big.call('search_data_raw', {
        data: 'accounts',
        query: { terms: [], fields: [], count: 10, offset: 0 },
      })) as { total_hits: number; hits: unknown[] };
      expect(big.fake.requests).toHaveLength(1);
      expect(out.total_hits).toBe(30);
      expect(out.hits).toHaveLength(10);
    } finally {
      await big.close();
    }
  });
});

describe('search_accounts and search_users', () => {
  it("turns the form into a Totango query and keys each hit's values by column", async () => {
    const out = await h.call('search_accounts', {
      filters: [
        { field: 'status_group', builtIn: true, value: ['paying'] },
        { field: 'Success Manager', match: 'contains', value: 'jane' },
      ],
      fields: ['Plan', { field: 'health', builtIn: true, title: 'Health' }],
      sort_order: 'DESC',
      count: 50,
    });
    expect(h.fake.requests[0].path).toBe('/api/v1/search/accounts');
    expect(h.fake.requests[0].searchQuery).toEqual({
      terms: [
        { type: 'string', term: 'status_group', in_list: ['paying'] },
        { type: 'string_attribute', attribute: 'Success Manager', contains: 'jane' },
      ],
      fields: [
        { type: 'string_attribute', attribute: 'Plan', field_display_name: 'Plan' },
        { type: 'string', term: 'health', field_display_name: 'Health' },
      ],
      count: 50,
      offset: 0,
      sort_by: 'display_name',
      sort_order: 'DESC',
      scope: 'all',
    });
    expect(out).toEqual({
      total_hits: 2,
      hits: [
        {
          name: 'acc-003',
          display_name: 'Globex',
          last_activity_time: null,
          selected_fields: ['Silver', 'Good'],
          fields: { Plan: 'Silver', Health: 'Good' },
        },
        {
          name: 'acc-001',
          display_name: 'Acme Inc',
          last_activity_time: null,
          selected_fields: ['Gold', 'Good'],
          fields: { Plan: 'Gold', Health: 'Good' },
        },
      ],
    });
  });

  it('refuses "contains" with several values instead of searching for the first only', async () => {
    const err = await failure(
      h.call('search_accounts', {
        filters: [
          { field: 'status_group', builtIn: true, value: 'paying' },
          { field: 'Success Manager', match: 'contains', value: ['jane', 'joe'] },
        ],
      }),
    );
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toBe(
      'Input "filters[1]": "contains" takes one value, but 2 were given for "Success Manager". Give one text to look for, or use "is_one_of" to match any of several exact values.',
    );
    expect(err.details).toEqual({ field: 'filters[1].value' });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('searches users with raw extra terms', async () => {
    const out = (await h.call('search_users', {
      terms: [{ type: 'string_attribute', attribute: 'Role', in_list: ['User'] }],
      fields: ['Email'],
    })) as { hits: { name: string; fields: unknown }[] };
    expect(h.fake.requests[0].path).toBe('/api/v1/search/users');
    expect(out.hits).toHaveLength(1);
    expect(out.hits[0].name).toBe('al@initech.com');
    expect(out.hits[0].fields).toEqual({ Email: 'al@initech.com' });
  });
});
