// Secrets in every form stay out of everything Stepwise keeps or shows. A service that echoes
// what it received (Basic credentials, a URL-encoded API key in the query, a Salesforce access
// token) in several encodings must leave no trace of them in the records the API answers, the
// SQLite file, the live events or the server log.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envFromProcess } from '../../connectors/index.js';
import { clearSalesforceTokens } from '../../connectors/salesforce/session.js';
import { createConnectorDirectory } from '../../server/services/connector-directory.js';
import { listen, readBody, type Listening } from '../helpers/listen.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { Authentication, Queued, RecordsPage, Run, Workflow } from './helpers/api-types.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const USER = 'svc-user';
const PASSWORD = 'pa$$ "word"/with+plus=1';
const API_KEY = 'key with spaces&amp/=+?';
const SF_TOKEN = '00Dxx0000001!AQ4AQ.echoed-token_value';
const SF_SECRET = 'sf-client-secret-987654';

/** Every form a secret may take on its way (what the service below echoes, and more). */
function forms(secret: string): Record<string, string> {
  const bytes = Buffer.from(secret);
  return {
    raw: secret,
    json: JSON.stringify(secret).slice(1, -1),
    url: encodeURIComponent(secret),
    form: new URLSearchParams({ s: secret }).toString().slice(2),
    hex: bytes.toString('hex'),
    base64: bytes.toString('base64'),
  };
}
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

let srv: TestServer;
let service: Listening;
let files: { path: string; remove(): void };
const events: string[] = [];

beforeAll(async () => {
  clearSalesforceTokens();
  // The echoing service, and a Salesforce stand-in whose instance echoes its token back.
  service = await listen(async (req, res) => {
    const body = await readBody(req);
    if (req.url === '/services/oauth2/token') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: SF_TOKEN, instance_url: service.url }));
      return;
    }
    const auth = req.headers.authorization ?? '';
    const decoded = auth.startsWith('Basic ')
      ? Buffer.from(auth.slice(6), 'base64').toString()
      : auth.replace(/^Bearer /, '');
    const query = new URL(req.url!, 'http://x').searchParams.get('api_key') ?? '';
    const status = req.url!.includes('fail') ? 500 : 200;
    res.writeHead(status, {
      'content-type': 'application/json',
      'set-cookie': `session=${decoded}; HttpOnly`,
    });
    res.end(
      JSON.stringify({
        authorization: auth,
        url: req.url,
        body,
        decoded,
        hex: Buffer.from(decoded).toString('hex'),
        base64: Buffer.from(decoded).toString('base64'),
        escapedInText: JSON.stringify({ decoded }),
        queryKeyHex: Buffer.from(query).toString('hex'),
        message: status === 500 ? `bad credentials ${decoded}` : 'ok',
      }),
    );
  });
  files = tempDir('stepwise-derived-');
  srv = await startTestServer({
    connectors: createConnectorDirectory(envFromProcess(files.path)),
  });
  srv.services.events.on('step', (record) => events.push(JSON.stringify(record)));
  srv.services.events.on('run', (run) => events.push(JSON.stringify(run)));
  srv.services.events.on('finished', (f) => events.push(JSON.stringify(f.run)));
});
afterAll(async () => {
  await srv.close();
  await service.close();
  files.remove();
});

async function auth(token: string, connector: string, fields: Record<string, unknown>) {
  const res = await srv.api<Authentication>('POST', '/api/authentications', {
    token,
    body: { name: connector, connector, scope: 'organisational', fields },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('secrets in every form', () => {
  it('leave no trace in records, the database file, live events or logs', async () => {
    const owner = await srv.owner();
    const basic = await auth(owner, 'http', {
      type: 'basic',
      baseUrl: service.url,
      username: USER,
      password: PASSWORD,
    });
    const key = await auth(owner, 'http', {
      type: 'api_key_query',
      baseUrl: service.url,
      paramName: 'api_key',
      apiKey: API_KEY,
    });
    const sf = await auth(owner, 'salesforce', {
      loginUrl: service.url,
      clientId: 'client-id',
      clientSecret: SF_SECRET,
      username: 'integration@acme.test',
      password: 'sf-password-123456',
    });
    const wf = await srv.api<Workflow>('POST', '/api/workflows', {
      token: owner,
      body: {
        name: 'Echoes',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'basic',
            connector: 'http',
            operation: 'request',
            auth: basic,
            input: { url: '/echo' },
          },
          {
            id: 'query',
            connector: 'http',
            operation: 'request',
            auth: key,
            input: { url: '/echo' },
          },
          {
            id: 'salesforce',
            connector: 'salesforce',
            operation: 'raw_http_request',
            auth: sf,
            input: { method: 'GET', endpoint: '/echo' },
          },
          {
            id: 'fails',
            connector: 'http',
            operation: 'request',
            auth: basic,
            input: { url: '/fail', method: 'POST', body: { note: 'x' } },
          },
        ],
      },
    });
    expect(wf.status).toBe(201);
    const run = await srv.api<Run & Partial<Queued>>(
      'POST',
      `/api/workflows/${wf.body.id}/runs?wait=1`,
      {
        token: owner,
        body: {},
      },
    );
    expect(run.body.status).toBe('failed');
    expect(run.body.error?.stepId).toBe('fails');
    const steps = await srv.api<RecordsPage>(
      'GET',
      `/api/runs/${run.body.runId ?? run.body.id}/steps`,
      {
        token: owner,
      },
    );
    expect(steps.body.records.map((r) => r.stepId)).toEqual([
      'basic',
      'query',
      'salesforce',
      'fails',
    ]);
    // The calls were really made with the credentials (the service saw them).
    expect(steps.text).toContain('[redacted]');
    srv.services.store.batch.flush();

    const db = ['stepwise.db', 'stepwise.db-wal']
      .map((f) => join(srv.dataDir, f))
      .filter(existsSync)
      .map((f) => readFileSync(f).toString('latin1'))
      .join('\n');
    const places: Record<string, string> = {
      'records (API)': steps.text,
      'run (API)': JSON.stringify(run.body),
      'database file': db,
      'live events': events.join('\n'),
      'server log': srv.logs.join('\n'),
    };
    const secrets: Record<string, Record<string, string>> = {
      password: forms(PASSWORD),
      'user:password': forms(`${USER}:${PASSWORD}`),
      'api key': forms(API_KEY),
      'salesforce token': forms(SF_TOKEN),
    };
    const found: string[] = [];
    for (const [where, text] of Object.entries(places))
      for (const [name, variants] of Object.entries(secrets))
        for (const [form, value] of Object.entries(variants))
          if (text.includes(value)) found.push(`${name} (${form}) in ${where}`);
    if (db.includes(BASIC)) found.push('Basic header in database file');
    expect(found).toEqual([]);
    expect(events.length).toBeGreaterThan(0);
  });
});
