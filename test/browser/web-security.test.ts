// The editor under the server's Content-Security-Policy: building, saving and running a
// workflow raise no CSP violation and no console error. And what a hostile page on a
// same-site origin (another port of 127.0.0.1) tries through the signed-in browser fails:
// an auto-submitting text/plain form starts no run, and the editor cannot be framed.
import { describe, expect, it } from 'vitest';
import { listen } from '../helpers/listen.js';
import {
  apiClient,
  chromiumRuns,
  eventually,
  setUpOwner,
  useStack,
  type Stack,
} from './harness.js';

interface Violation {
  directive: string;
  blocked: string;
}

describe.runIf(chromiumRuns())('the editor under the CSP, and hostile pages', () => {
  let stack: Stack;

  useStack(async (s) => {
    stack = s;
    // Every securitypolicyviolation event on our pages, kept where the test can read it.
    await stack.context.addInitScript(() => {
      (window as unknown as { __violations: Violation[] }).__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __violations: Violation[] }).__violations.push({
          directive: e.violatedDirective,
          blocked: e.blockedURI,
        });
      });
    });
    await setUpOwner(stack);
  });

  const violations = () =>
    stack.page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations);

  it('serves the editor with the CSP and runs a template with no violation', async () => {
    const { page } = stack;
    const answer = await page.goto(`${stack.url}/`);
    expect(answer?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    await page.getByRole('button', { name: 'New from template' }).click();
    await page.getByRole('button', { name: /Totango accounts to Slack \(Tray tutorial\)/ }).click();
    await page.getByTestId('step-slack-1').waitFor();
    await page.getByTestId('step-slack-1').click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // The run needs authentications it does not have: it fails, and the debug panel shows it.
    await page
      .getByText(/failed/i)
      .first()
      .waitFor();
    expect(await violations()).toEqual([]);
    expect(stack.consoleErrors.filter((e) => /Content Security Policy|Refused to/.test(e))).toEqual(
      [],
    );
    expect(stack.consoleErrors).toEqual([]);
  });

  it('starts no run from an auto-submitting text/plain form on another port', async () => {
    const call = await apiClient(stack);
    const { id } = await call<{ id: string }>('POST', '/api/workflows', {
      name: 'Target of a forged form',
      trigger: { type: 'manual' },
      steps: [],
    });
    const hostile = await listen((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><form id="f" method="post" enctype="text/plain"
        action="${stack.url}/api/workflows/${id}/runs"><input name='{"payload":{"a":"' value='1"}}'></form>
        <script>document.getElementById('f').submit()</script>`);
    });
    const page = await stack.context.newPage();
    try {
      const answered = page.waitForResponse((r) => r.url().includes(`/api/workflows/${id}/runs`));
      await page.goto(hostile.url);
      const response = await answered;
      expect(response.status()).toBe(403);
      const runs = await call<unknown[]>('GET', `/api/workflows/${id}/runs`);
      expect(runs).toEqual([]);
    } finally {
      await page.close();
      await hostile.close();
    }
  });

  it('cannot be framed by another origin', async () => {
    const hostile = await listen((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><iframe id="f" src="${stack.url}/"></iframe>`);
    });
    const page = await stack.context.newPage();
    try {
      await page.goto(hostile.url);
      await eventually(
        async () => page.frames().length,
        (n) => expect(n).toBe(2),
      );
      const frame = page.frames()[1];
      // A blocked frame stays empty: the editor's heading never appears inside it.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      expect(text).not.toContain('Workflows');
    } finally {
      await page.close();
      await hostile.close();
    }
  });
});
