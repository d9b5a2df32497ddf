// Totango collector writes (/pixel.gif/) against the fake, and which hosts the connector uses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  TOTANGO_HOSTS,
  totangoBaseUrl,
  totangoCollectorUrl,
} from '../../connectors/totango/index.js';
import { totangoHarness, type TotangoHarness } from '../fakes/totango/harness.js';
import { failure } from './helpers.js';

let h: TotangoHarness;

beforeEach(async () => {
  h = await totangoHarness({ accounts: [{ id: 'acc-001', display_name: 'Acme Inc' }] });
});
afterEach(() => h.close());

describe('collector operations', () => {
  it('set_account_attributes sends sdr_s, sdr_o, the name and each attribute, without the token', async () => {
    const out = await h.call('set_account_attributes', {
      account_id: 'acc-001',
      account_name: 'Acme Incorporated',
      attributes: {
        Status: 'Paying',
        'Contract Value': 12000,
        'Create Date': '2024-01-31T00:00:00Z',
        Churned: false,
      },
    });
    const req = h.fake.requests[0];
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/pixel.gif/');
    expect(req.appToken).toBeUndefined();
    expect(req.query).toEqual({
      sdr_s: 'SP-1234-01',
      sdr_o: 'acc-001',
      'sdr_o.account_name': 'Acme Incorporated',
      'sdr_o.Status': 'Paying',
      'sdr_o.Contract Value': '12000',
      'sdr_o.Create Date': '2024-01-31T00:00:00Z',
      'sdr_o.Churned': 'false',
    });
    expect(out).toEqual({ sent: true, params: req.query });
    expect(h.fake.state.accounts[0]).toMatchObject({
      display_name: 'Acme Incorporated',
      attributes: { Status: 'Paying', 'Contract Value': '12000' },
    });
  });

  it('set_user_attributes sends Contact and Key Contact in lowercase, whatever was typed', async () => {
    await h.call('set_user_attributes', {
      account_id: 'acc-001',
      user_id: 'jo@acme.com',
      attributes: { Title: 'CTO', 'Key Contact': 'YES' },
      contact: 'Yes',
    });
    expect(h.fake.requests[0].query).toEqual({
      sdr_s: 'SP-1234-01',
      sdr_o: 'acc-001',
      sdr_u: 'jo@acme.com',
      'sdr_u.Title': 'CTO',
      'sdr_u.Key Contact': 'yes',
      'sdr_u.Contact': 'yes',
    });
    expect(h.fake.state.users[0]).toMatchObject({
      id: 'jo@acme.com',
      account_id: 'acc-001',
      attributes: { Contact: 'yes', 'Key Contact': 'yes', Title: 'CTO' },
    });
  });

  it('set_user_attributes takes true/false and "NO" for the flags', async () => {
    await h.call('set_user_attributes', {
      account_id: 'acc-001',
      user_id: 'u1',
      contact: false,
      key_contact: 'NO',
    });
    expect(h.fake.requests[0].query).toMatchObject({
      'sdr_u.Contact': 'no',
      'sdr_u.Key Contact': 'no',
    });
  });

  it('set_user_attributes refuses a flag that is not yes or no', async () => {
    await expect(
      h.call('set_user_attributes', { account_id: 'acc-001', user_id: 'u1', contact: 'maybe' }),
    ).rejects.toMatchObject({
      issues: [{ path: ['contact'], code: 'invalid_value', values: ['yes', 'no'] }],
    });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('track_usage sends the activity and module', async () => {
    expect(
      await h.call('track_usage', {
        account_id: 'acc-001',
        user_id: 'jo@acme.com',
        activity: 'Export report',
        module: 'Reports',
      }),
    ).toMatchObject({ sent: true });
    expect(h.fake.requests[0].query).toEqual({
      sdr_s: 'SP-1234-01',
      sdr_o: 'acc-001',
      sdr_u: 'jo@acme.com',
      sdr_a: 'Export report',
      sdr_m: 'Reports',
    });
    expect(h.fake.state.collector).toHaveLength(1);
  });

  it('does not pace collector calls: they carry no token, so the 100-a-minute token limit does not apply', async () => {
    for (let n = 0; n < 120; n++)
      await h.call('track_usage', {
        account_id: 'acc-001',
        user_id: 'jo@acme.com',
        activity: `A${n}`,
        module: 'Reports',
      });
    expect(h.fake.requests.filter((r) => r.path === '/pixel.gif/')).toHaveLength(120);
    expect(h.clock.sleeps).toEqual([]);
    // REST calls with the token are still paced.
    for (let n = 0; n < 101; n++) await h.call('get_task', { id: 1 }).catch(() => undefined);
    expect(h.clock.sleeps).toHaveLength(1);
  });

  it('needs the Service ID, and says where to put it', async () => {
    const { serviceId: _omit, ...fields } = h.fields;
    const err = await failure(
      h.call('track_usage', { account_id: 'a', user_id: 'u', activity: 'x', module: 'y' }, fields),
    );
    expect(err.code).toBe('AUTH_MISSING');
    expect(err.message).toContain(
      '"Track usage" needs the Totango Service ID (it looks like SP-1234-01). Add it to the Totango authentication',
    );
    expect(h.fake.requests).toHaveLength(0);
  });
});

describe('hosts', () => {
  it("uses the region's hosts by default", () => {
    expect(totangoBaseUrl({ token: 't', region: 'us' }, { filesDir: '' })).toBe(
      'https://api.totango.com',
    );
    expect(totangoBaseUrl({ token: 't', region: 'eu' }, { filesDir: '' })).toBe(
      'https://api-eu1.totango.com',
    );
    expect(totangoCollectorUrl({ token: 't', region: 'eu' }, { filesDir: '' })).toBe(
      'https://sdr-eu1.totango.com',
    );
    expect(TOTANGO_HOSTS.us.collector).toBe('https://sdr.totango.com');
  });

  it('lets the environment beat the default, and the authentication beat the environment', () => {
    const env = {
      filesDir: '',
      TOTANGO_BASE_URL: 'http://127.0.0.1:9/',
      TOTANGO_COLLECTOR_URL: 'http://127.0.0.1:8',
    };
    expect(totangoBaseUrl({ token: 't', region: 'eu' }, env)).toBe('http://127.0.0.1:9');
    expect(totangoCollectorUrl({ token: 't', region: 'us' }, env)).toBe('http://127.0.0.1:8');
    expect(totangoBaseUrl({ token: 't', region: 'us', baseUrl: 'http://localhost:7' }, env)).toBe(
      'http://localhost:7',
    );
    expect(
      totangoCollectorUrl({ token: 't', region: 'us', collectorUrl: 'http://localhost:6/' }, env),
    ).toBe('http://localhost:6');
  });

  it("takes a collector URL written with its /pixel.gif/ path, as Totango's docs write it, and sends to that path once", async () => {
    expect(
      totangoCollectorUrl(
        { token: 't', region: 'us' },
        { filesDir: '', TOTANGO_COLLECTOR_URL: 'http://127.0.0.1:8/pixel.gif/' },
      ),
    ).toBe('http://127.0.0.1:8');
    const withPath = await totangoHarness({ env: {} });
    try {
      await withPath.call(
        'track_usage',
        { account_id: 'acc-001', user_id: 'jo@acme.com', activity: 'Export', module: 'Reports' },
        {
          ...withPath.fields,
          serviceId: 'SP-1234-01',
          collectorUrl: `${withPath.fake.url}/pixel.gif/`,
        },
      );
      expect(withPath.fake.requests.map((r) => r.path)).toEqual(['/pixel.gif/']);
      expect(withPath.fake.requests[0].query).toEqual({
        sdr_s: 'SP-1234-01',
        sdr_o: 'acc-001',
        sdr_u: 'jo@acme.com',
        sdr_a: 'Export',
        sdr_m: 'Reports',
      });
    } finally {
      await withPath.close();
    }
  });

  it('sends REST calls to TOTANGO_BASE_URL when the authentication names no base URL', async () => {
    const viaEnv = await totangoHarness({ env: {} });
    try {
      viaEnv.env.TOTANGO_BASE_URL = viaEnv.fake.url;
      // createCatalog read the env object it was given; the same object is used per call.
      const { baseUrl: _b, ...fields } = viaEnv.fields;
      await viaEnv.call(
        'search_data_raw',
        { data: 'accounts', query: { terms: [], fields: [] } },
        fields,
      );
      expect(viaEnv.fake.requests).toHaveLength(1);
      expect(viaEnv.fake.requests[0].path).toBe('/api/v1/search/accounts');
    } finally {
      await viaEnv.close();
    }
  });
});
