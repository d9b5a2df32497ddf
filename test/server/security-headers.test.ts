// Every answer tells the browser: no framing, no type sniffing, no referrer, and a CSP that
// allows only this server's own code (the editor passes it: test/browser/csp.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/test-server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

function expectSecurityHeaders(headers: Headers): void {
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  expect(csp).toContain("object-src 'none'");
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
}

describe('security headers', () => {
  it('are on the editor page, API answers, errors and webhooks', async () => {
    expectSecurityHeaders((await fetch(`${srv.url}/`)).headers);
    expectSecurityHeaders((await srv.api('GET', '/api/health')).headers);
    expectSecurityHeaders((await srv.api('GET', '/api/workflows')).headers); // 401
    expectSecurityHeaders((await srv.api('GET', '/api/nothing-here')).headers); // 404
    expectSecurityHeaders((await srv.api('POST', '/hooks/wf_x/token', { body: {} })).headers);
  });
});
