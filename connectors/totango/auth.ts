// Totango authentication: a personal access token sent as `app-token` (no "Bearer"), a region
// choosing the hosts, optional base URLs (a fake, a proxy), and the Service ID the collector needs.
import { z } from 'zod';
import { defineAuth, type ConnectorEnv } from '../sdk/types.js';

export const TOTANGO_HOSTS = {
  us: { rest: 'https://api.totango.com', collector: 'https://sdr.totango.com' },
  eu: { rest: 'https://api-eu1.totango.com', collector: 'https://sdr-eu1.totango.com' },
} as const;

/** Totango's documented limit: 100 calls a minute per token, across all its APIs. */
export const TOTANGO_CALLS_PER_MINUTE = 100;

export const totangoAuthFields = z.object({
  token: z.string().min(1).meta({
    title: 'API token',
    secret: true,
    description:
      'In Totango: your name (top right) → Edit Profile → Integration. Generating a new token stops other integrations that use the old one.',
  }),
  region: z
    .enum(['us', 'eu'])
    .default('us')
    .meta({ title: 'Region', description: 'us: api.totango.com; eu: api-eu1.totango.com.' }),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({
      title: 'API base URL',
      description: 'Only to override the region, e.g. a proxy or a test server.',
    }),
  collectorUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({
      title: 'Collector base URL',
      description: "Only to override the region's collector (https://sdr.totango.com).",
    }),
  serviceId: z.string().min(1).optional().meta({
    title: 'Service ID',
    description:
      'SP-1234-01. Needed only by the collector operations: "Set account attributes", "Set user attributes", "Track usage" and "Send Segment event".',
  }),
});

export type TotangoAuthFields = z.output<typeof totangoAuthFields>;

const trim = (u: string): string => u.replace(/\/+$/, '');

/** REST base URL: the auth's field, else TOTANGO_BASE_URL, else the region's host. */
export function totangoBaseUrl(f: TotangoAuthFields, env: ConnectorEnv): string {
  return trim(f.baseUrl ?? env.TOTANGO_BASE_URL ?? TOTANGO_HOSTS[f.region ?? 'us'].rest);
}

/**
 * Collector base URL (the `/pixel.gif/` host): the auth's field, else TOTANGO_COLLECTOR_URL, else
 * the region's collector. Totango's docs name the collector with its path
 * (https://sdr.totango.com/pixel.gif/), so a URL given that way is taken as its host, not
 * extended to /pixel.gif//pixel.gif/.
 */
export function totangoCollectorUrl(f: TotangoAuthFields, env: ConnectorEnv): string {
  return trim(
    f.collectorUrl ?? env.TOTANGO_COLLECTOR_URL ?? TOTANGO_HOSTS[f.region ?? 'us'].collector,
  ).replace(/\/pixel\.gif\/*$/i, '');
}

export const totangoAuth = defineAuth<TotangoAuthFields>({
  kind: 'token',
  title: 'Totango API token',
  fields: totangoAuthFields,
  baseUrl: totangoBaseUrl,
  pacing: { perMinute: TOTANGO_CALLS_PER_MINUTE },
  apply(f, req) {
    req.headers['app-token'] = f.token;
  },
  async test({ http }) {
    // A one-record account search is the cheapest call that needs a valid token.
    const res = await http.request({
      method: 'POST',
      url: '/api/v1/search/accounts',
      form: { query: JSON.stringify({ terms: [], fields: [], count: 1, offset: 0, scope: 'all' }) },
    });
    const body = res.body as {
      status?: string;
      _error?: string;
      response?: { accounts?: { total_hits?: number } };
    };
    if (body?.status === 'failed')
      return {
        ok: false,
        message: `Totango refused the test search: ${body._error ?? 'no reason given'}.`,
      };
    const total = body?.response?.accounts?.total_hits;
    return {
      ok: true,
      message: `Connected to Totango at ${http.baseUrl}${typeof total === 'number' ? `: the token can see ${total} account${total === 1 ? '' : 's'}` : ''}.`,
    };
  },
});
