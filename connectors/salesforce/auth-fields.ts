// The Salesforce authentication's fields and the login host they choose. Apart from auth.ts so
// that session.ts (which signs in with them) and auth.ts (whose test call opens a session) do
// not import each other.
import { z } from 'zod';
import type { ConnectorEnv } from '../sdk/types.js';

export const PRODUCTION_LOGIN_URL = 'https://login.salesforce.com';
export const SANDBOX_LOGIN_URL = 'https://test.salesforce.com';

const loginUrl = z
  .string()
  .trim()
  .refine((v) => v === 'production' || v === 'sandbox' || /^https?:\/\/[^/?#\s]+\/?$/.test(v), {
    message:
      'must be "production", "sandbox" or a host root such as https://acme.my.salesforce.com (no path)',
  });

export const salesforceAuthFields = z
  .object({
    loginUrl: loginUrl.optional().meta({
      title: 'Login URL',
      description:
        '"production" (https://login.salesforce.com, the default), "sandbox" (https://test.salesforce.com) or your My Domain host root.',
    }),
    // CONNECTORS.md: every HTTP connector's authentication takes `baseUrl`. For Salesforce that
    // is the login host (the data calls follow the instance_url it answers), so it is the same
    // setting under the shared name; without it here, a `baseUrl` was silently dropped.
    baseUrl: loginUrl.optional().meta({
      title: 'Base URL',
      description:
        'The same as Login URL, under the name every connector shares. Login URL wins when both are set.',
    }),
    clientId: z.string().min(1).meta({ title: 'Consumer key (client id)' }),
    clientSecret: z.string().min(1).meta({ title: 'Consumer secret', secret: true }),
    username: z
      .string()
      .min(1)
      .optional()
      .meta({ title: 'Username', description: 'For the username-password flow.' }),
    password: z.string().min(1).optional().meta({ title: 'Password', secret: true }),
    securityToken: z.string().optional().meta({
      title: 'Security token',
      secret: true,
      description: 'Appended to the password by Stepwise. Leave empty if your IP range is trusted.',
    }),
    refreshToken: z.string().min(1).optional().meta({
      title: 'Refresh token',
      secret: true,
      description: 'For the refresh-token flow, instead of username and password.',
    }),
    apiVersion: z
      .string()
      .regex(/^v\d+\.\d$/, 'must look like v60.0')
      .default('v60.0')
      .meta({ title: 'API version' }),
  })
  .refine(
    (f) => f.refreshToken !== undefined || (f.username !== undefined && f.password !== undefined),
    {
      message: 'give either a refresh token, or a username and a password',
      path: ['refreshToken'],
    },
  );

export type SalesforceAuthFields = z.output<typeof salesforceAuthFields>;

/** The login host: the auth's loginUrl (or baseUrl), else SALESFORCE_LOGIN_URL, else production. */
export function resolveLoginUrl(
  fields: Pick<SalesforceAuthFields, 'loginUrl' | 'baseUrl'>,
  env: ConnectorEnv,
): string {
  const raw = fields.loginUrl ?? fields.baseUrl ?? env.SALESFORCE_LOGIN_URL ?? 'production';
  const url =
    raw === 'production' ? PRODUCTION_LOGIN_URL : raw === 'sandbox' ? SANDBOX_LOGIN_URL : raw;
  return url.replace(/\/+$/, '');
}
