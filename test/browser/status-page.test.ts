// The Status page as the person who looks after Stepwise uses it: reached from the navigation
// (admins only), it shows the mode, version, uptime, data folder size, runs queued, running and
// waiting, the retention window, and the last failures across workflows, each opening its run.
// A builder has no Status link, and the page itself answers them that it is for admins.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  apiClient,
  chromiumRuns,
  eventually,
  OWNER,
  SCREENSHOTS,
  setUpOwner,
  useStack,
  type ApiCall,
  type Stack,
} from './harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
const BUILDER = { email: 'bo@example.com', password: 'seven orange kites over lisbon' };

const failing = (name: string) => ({
  name,
  trigger: { type: 'manual' },
  steps: [
    {
      id: 'read-1',
      connector: 'file',
      operation: 'read_file',
      input: { path: 'missing.csv', format: 'csv' },
    },
  ],
});

describe.runIf(chromiumRuns())('the Status page', () => {
  let stack: Stack;
  let call: ApiCall;

  useStack(async (s) => {
    stack = s;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await setUpOwner(stack);
    call = await apiClient(stack);
  });

  it('shows how the server is doing and opens a failed run', async () => {
    const { page } = stack;
    const wf = await call<{ id: string }>('POST', '/api/workflows', failing('Import the renewals'));
    const run = await call<{ id: string; status: string }>(
      'POST',
      `/api/workflows/${wf.id}/runs?wait=1`,
      { payload: {} },
    );
    expect(run.status).toBe('failed');
    const waits = await call<{ id: string }>('POST', '/api/workflows', {
      name: 'Waits a day',
      trigger: { type: 'manual' },
      steps: [{ id: 'wait-1', type: 'delay', input: { seconds: 86_400 } }],
    });
    const waiting = await call<{ runId: string }>('POST', `/api/workflows/${waits.id}/runs`, {
      payload: {},
    });
    await eventually(
      () => call<{ status: string }>('GET', `/api/runs/${waiting.runId}`),
      (r) => expect(r.status).toBe('waiting'),
    );

    await page.goto(`${stack.url}/#/workflows`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Status' })
      .click();
    await page.getByRole('heading', { name: 'Status' }).waitFor();
    const figure = (name: string) => page.getByRole('group', { name });
    await figure('Mode').waitFor();
    expect(await figure('Mode').textContent()).toContain('Embedded');
    expect(await figure('Version').textContent()).toContain(VERSION);
    expect(await figure('Up for').textContent()).toMatch(/\d+ (s|min)/);
    expect(await figure('Data folder').textContent()).toMatch(/\d+(\.\d)? (KB|MB)/);
    expect(await figure('Queued').textContent()).toContain('0');
    expect(await figure('Running').textContent()).toContain('0');
    expect(await figure('Waiting').textContent()).toContain('1');
    // Queue mode only.
    expect(await figure('Workers').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Retention' }).textContent()).toContain(
      'Finished runs are kept 30 days',
    );

    const failures = page.getByRole('table', { name: 'Last failures' });
    const row = failures.getByRole('row', { name: /Import the renewals/ });
    expect(await row.textContent()).toContain('read-1');
    expect(await row.textContent()).toContain('manual');
    await page.screenshot({ path: join(SCREENSHOTS, 'status.png') });

    await row.getByRole('link', { name: 'Open the failed run of Import the renewals' }).click();
    await page.waitForURL(new RegExp(`#/workflows/${wf.id}/runs/${run.id}$`));
    expect(stack.consoleErrors).toEqual([]);
    await call('POST', `/api/runs/${waiting.runId}/cancel`);
  }, 120_000);

  it('is not offered to a builder, and refuses them', async () => {
    const { page } = stack;
    await call('POST', '/api/users', { ...BUILDER, role: 'builder' });
    await page.goto(`${stack.url}/#/workflows`);
    await page.getByRole('button', { name: `${OWNER.email} ▾` }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByRole('tab', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(BUILDER.email);
    await page.getByLabel('Password').fill(BUILDER.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Status' }).count()).toBe(0);

    // Typed by hand: the page says why, and the server's 403 is the only console line.
    await page.goto(`${stack.url}/#/status`);
    await page.reload();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Only an admin can do this');
    expect(stack.consoleErrors.filter((e) => !e.includes('status of 403'))).toEqual([]);
    expect(stack.consoleErrors.length).toBeGreaterThan(0);
  }, 120_000);
});
