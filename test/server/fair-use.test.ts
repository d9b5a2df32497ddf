// Issue 12, fair use: one sender or one user cannot take the server's capacity. Webhooks are
// rate limited per workflow (429 + Retry-After, before the body is read).
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, testWorkflow, type TestServer } from './helpers/test-server.js';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

async function hook(s: TestServer, token: string, name: string): Promise<string> {
  const { body } = await s.api<{ webhookUrl: string }>('POST', '/api/workflows', {
    token,
    body: testWorkflow(name, [], { type: 'webhook' }),
  });
  return body.webhookUrl;
}

const post = (url: string, body = '{"a":1}') =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('webhook rate limit', () => {
  it('accepts the setting a minute per workflow, then 429 with Retry-After; other workflows are not affected', async () => {
    srv = await startTestServer({ webhookRatePerMinute: 5 });
    const token = await srv.owner();
    const a = await hook(srv, token, 'A');
    const b = await hook(srv, token, 'B');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(a)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    const limited = await post(a, JSON.stringify({ big: 'x'.repeat(500_000) }));
    expect(limited.status).toBe(429);
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(12);
    expect(((await limited.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'RATE_LIMITED',
      message: `This webhook was called more than 5 times in a minute, the most one workflow accepts (the setting STEPWISE_WEBHOOK_RATE_LIMIT): try again in ${retry} second${retry === 1 ? '' : 's'}`,
    });
    expect((await post(b)).status).toBe(202);
    // Only 5 runs were started for A.
    const { body: runs } = await srv.api<unknown[]>(
      'GET',
      `/api/workflows/${a.split('/')[4]}/runs`,
      {
        token,
      },
    );
    expect(runs).toHaveLength(5);
  });

  it('does not count calls with a wrong token, so nobody without it can use them up', async () => {
    srv = await startTestServer({ webhookRatePerMinute: 2 });
    const token = await srv.owner();
    const url = await hook(srv, token, 'A');
    const wrong = url.replace(/[^/]+$/, 'x'.repeat(43));
    for (let i = 0; i < 5; i++) expect((await post(wrong)).status).toBe(404);
    expect((await post(url)).status).toBe(202);
    expect((await post(url)).status).toBe(202);
    expect((await post(url)).status).toBe(429);
  });
});
