import { describe, expect, it } from 'vitest';
import { useTestServer } from './helpers/test-server.js';
import type { ConnectorDescription, ErrorBody, Workflow } from './helpers/api-types.js';

const srv = useTestServer({ each: true, bodyLimit: '2kb' });

describe('the error envelope', () => {
  it('answers an unknown route under /api with a 404 envelope', async () => {
    const res = await srv.api('GET', '/api/nothing/here?x=1', { token: srv.token });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: { code: 'NOT_FOUND', message: 'There is no GET /api/nothing/here in the API' },
    });
  });

  it('answers a body that is not JSON with a 400 envelope', async () => {
    const res = await srv.api('POST', '/api/workflows', {
      token: srv.token,
      raw: '{"name": oops',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: 'VALIDATION',
        message: 'The request body is not valid JSON',
        issues: [{ path: '', message: 'Could not parse the body as JSON' }],
      },
    });
    expect(res.text).not.toContain('SyntaxError');
  });

  it('answers a body past the limit with 413 TOO_LARGE', async () => {
    const res = await srv.api('POST', '/api/workflows', {
      token: srv.token,
      body: { name: 'x'.repeat(5000), trigger: { type: 'manual' } },
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      error: { code: 'TOO_LARGE', message: 'The request body is too large: the limit is 2 KiB' },
    });
  });

  it('answers a session cookie that is not valid percent-encoding with a 401, not a 500', async () => {
    const res = await srv.api<ErrorBody>('GET', '/api/auth/me', {
      headers: { cookie: 'stepwise_session=%E0%A4%A' },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(srv.logs.some((l) => l.startsWith('500 on'))).toBe(false);
  });

  it('answers a URL part that is not valid percent-encoding with a 400, not a 500', async () => {
    const res = await srv.api<ErrorBody>('GET', '/api/workflows/%E0%A4%A', { token: srv.token });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'VALIDATION',
      message: 'The URL is not valid: a "%" in it is not followed by a valid escape',
      issues: [{ path: '', message: 'Check the percent-encoding of the URL' }],
    });
    expect(srv.logs.some((l) => l.startsWith('500 on'))).toBe(false);
  });

  it('answers an unexpected failure with a 500 that shows no stack and logs it', async () => {
    // A corrupt stored document is a server-side fault, not the caller's.
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: { name: 'x', trigger: { type: 'manual' } },
    });
    srv.services.store.db
      .prepare('UPDATE workflow_versions SET document = ? WHERE workflow_id = ?')
      .run('{not json', wf.id);
    const res = await srv.api('GET', `/api/workflows/${wf.id}`, { token: srv.token });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: {
        code: 'INTERNAL',
        message: 'Something went wrong on the server. The server log has the details.',
      },
    });
    expect(srv.logs.some((l) => l.startsWith(`500 on GET /api/workflows/${wf.id}`))).toBe(true);
  });

  it('logs a 500 on a webhook without the token that is in its URL', async () => {
    const { body: wf } = await srv.api<Workflow>('POST', '/api/workflows', {
      token: srv.token,
      body: { name: 'hook', trigger: { type: 'webhook' } },
    });
    const hookPath = new URL(wf.webhookUrl ?? '').pathname;
    const secret = hookPath.split('/').pop()!;
    // With the runs table gone, starting the run fails inside the server.
    srv.services.store.db.exec('ALTER TABLE runs RENAME TO runs_gone');
    const res = await fetch(srv.url + hookPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(500);
    const line = srv.logs.find((l) => l.startsWith('500 on'));
    expect(line).toMatch(new RegExp(`^500 on POST /hooks/${wf.id}/\\[token\\]: `));
    expect(srv.logs.join('\n')).not.toContain(secret);
  });
});

describe('health and connectors', () => {
  it('answers health without a login', async () => {
    const res = await srv.api('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, mode: 'embedded', version: 'test' });
  });

  it('lists the catalog for a logged-in user only', async () => {
    expect((await srv.api('GET', '/api/connectors')).status).toBe(401);
    const res = await srv.api<ConnectorDescription[]>('GET', '/api/connectors', {
      token: srv.token,
    });
    expect(res.body.map((c) => c.name)).toEqual(['test']);
  });
});
