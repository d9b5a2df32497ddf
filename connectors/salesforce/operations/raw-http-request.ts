import { StepError } from '../../../engine/errors/step-error.js';
import { salesforceAuth } from '../auth.js';
import { defineOperation } from '../../sdk/types.js';
import { checkEndpoint, rawRequestInput, rawRequestOutput } from '../../sdk/raw-request.js';
import { session } from '../common.js';
import type { HttpRequest } from '../../sdk/types.js';

export const rawHttpRequest = defineOperation({
  auth: salesforceAuth,
  id: 'raw_http_request',
  title: 'Raw HTTP request',
  description:
    'Calls any REST resource under /services/data/<API version> of your Salesforce instance, e.g. /limits or /sobjects/Task/describe. Stepwise adds the instance URL and the token; any answer comes back as data.',
  input: rawRequestInput,
  output: rawRequestOutput,
  async execute(ctx) {
    const sf = await session(ctx);
    const base = `${sf.instanceUrl}/services/data/${sf.apiVersion}`;
    checkEndpoint(base, ctx.input.endpoint);
    // "." and ".." segments would climb out of /services/data/<version> (to the OAuth endpoints, say).
    if (/(^|\/)(\.|%2e){1,2}(\/|$|\?)/i.test(ctx.input.endpoint)) {
      throw new StepError(
        'FORBIDDEN',
        `The endpoint "${ctx.input.endpoint}" contains "." or ".." path segments. Write the path under /services/data/${sf.apiVersion}, e.g. /sobjects/Task/describe.`,
        { details: { field: 'endpoint' } },
      );
    }
    const headers = Object.fromEntries(
      Object.entries(ctx.input.headers ?? {}).filter(
        ([k]) => !['host', 'content-length', 'authorization'].includes(k.toLowerCase()),
      ),
    );
    // An absolute URL under the versioned base, so the endpoint can never reach another /services/ path.
    const req: HttpRequest = {
      method: ctx.input.method,
      url: `${base}${ctx.input.endpoint}`,
      query: ctx.input.query,
      headers,
    };
    const { body, bodyType, method } = ctx.input;
    if (body !== undefined && method !== 'GET') {
      if (bodyType === 'json') req.json = body;
      else if (bodyType === 'form' && body && typeof body === 'object')
        req.form = body as Record<string, string>;
      else req.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    // Session renewal applies here too; the answer is returned whatever its status.
    const res = await sf.raw(req);
    return { status: res.status, headers: res.headers, body: res.body };
  },
});
