// The Salesforce authentication: OAuth 2.0 against a login host (production, sandbox or a
// custom My Domain / local fake), with the username-password or the refresh-token flow.
// Data calls go to the instance_url the token endpoint returns (session.ts), never to the
// login host, so this auth's own client carries no credentials.
import { defineAuth } from '../sdk/types.js';
import { resolveLoginUrl, salesforceAuthFields, type SalesforceAuthFields } from './auth-fields.js';
import { openSession } from './session.js';

export {
  PRODUCTION_LOGIN_URL,
  SANDBOX_LOGIN_URL,
  resolveLoginUrl,
  salesforceAuthFields,
  type SalesforceAuthFields,
} from './auth-fields.js';

export const salesforceAuth = defineAuth<SalesforceAuthFields>({
  kind: 'oauth2',
  title: 'Salesforce',
  fields: salesforceAuthFields,
  baseUrl: (fields, env) => resolveLoginUrl(fields, env),
  async test({ auth, env, signal, authId }) {
    const session = await openSession({ fields: auth, env, signal, authId, log: () => {} });
    const res = await session.data({ method: 'GET', url: '/limits' });
    const limits = res.body as { DailyApiRequests?: { Max?: number; Remaining?: number } };
    const daily = limits.DailyApiRequests;
    const usage =
      daily?.Max !== undefined && daily.Remaining !== undefined
        ? ` ${daily.Remaining} of ${daily.Max} daily API requests remain.`
        : '';
    return { ok: true, message: `Connected to Salesforce at ${session.instanceUrl}.${usage}` };
  },
});
