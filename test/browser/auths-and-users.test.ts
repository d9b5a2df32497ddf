// The Authentications, Users and account pages: replace an expired token and see the next run
// use the new one; a test result stays with the authentication tested; delete warns with the
// workflows that use it; an admin adds a builder, who cannot see the owner's personal
// authentication; a password change and an API token shown once.
import { mkdirSync } from 'node:fs';
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

interface RunJson {
  id: string;
  status: string;
  error: { message: string } | null;
}

const BUILDER = { email: 'bea@example.com', password: 'violet kayak under seven lamps' };

describe.runIf(chromiumRuns())('authentications, users and your account', () => {
  let stack: Stack;
  let call: ApiCall;
  const dialogs: string[] = [];

  const open = async (hash: string) => {
    await stack.page.goto(`${stack.url}/${hash}`);
    await stack.page.reload();
  };
  /** Drop the console lines of failed requests a test caused on purpose (the status is named). */
  const expectOnlyFailedRequests = (...statuses: number[]) => {
    const left = stack.consoleErrors.filter(
      (e) => !statuses.some((s) => e.includes(`status of ${s}`)),
    );
    stack.consoleErrors.length = 0;
    expect(left).toEqual([]);
  };

  useStack(async (s) => {
    stack = s;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await setUpOwner(stack);
    call = await apiClient(stack);
    stack.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
  });

  it('replaces an expired token in place: the next run uses the new one', async () => {
    const { page } = stack;
    const slack = await call<{ id: string }>('POST', '/api/authentications', {
      name: 'Slack bot',
      connector: 'slack',
      scope: 'organisational',
      fields: { token: 'xoxb-expired-token' },
    });
    const totango = await call<{ id: string }>('POST', '/api/authentications', {
      name: 'Totango',
      connector: 'totango',
      scope: 'organisational',
      fields: { token: stack.totango.token },
    });
    const wf = await call<{ id: string }>('POST', '/api/workflows', {
      name: 'Daily hello',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'slack-1',
          connector: 'slack',
          operation: 'send_message',
          auth: slack.id,
          input: { channel: 'C0000GENERAL', text: 'hello' },
        },
      ],
    });
    const first = await call<RunJson>('POST', `/api/workflows/${wf.id}/runs?wait=1`, {});
    expect(first.status).toBe('failed');

    await open('#/authentications');
    const row = page.locator(`tr[data-auth-id="${slack.id}"]`);
    const other = page.locator(`tr[data-auth-id="${totango.id}"]`);
    await row.getByRole('link', { name: 'Daily hello' }).waitFor();
    expect(await row.getByRole('link', { name: 'Daily hello' }).count()).toBe(1);
    expect(await row.textContent()).toContain('owner@example.com');
    expect(await other.textContent()).toContain('no workflow');

    await row.getByRole('button', { name: 'Test' }).click();
    await eventually(
      () => row.getByRole('status').textContent(),
      (t) => expect(t).toMatch(/^Does not work: /),
    );
    // The result belongs to the one tested, not to its neighbour.
    expect(await other.getByRole('status').count()).toBe(0);

    await row.getByRole('button', { name: 'Replace secret' }).click();
    const form = page.getByRole('form', { name: 'Replace fields' });
    const tokenField = form.getByLabel('New Bot token');
    expect(await tokenField.getAttribute('type')).toBe('password');
    await tokenField.fill(stack.slack.token);
    await form.getByRole('button', { name: 'Save the new values' }).click();
    await page.getByText('Saved new values for "Slack bot"').waitFor();
    // The old "does not work" is gone with the old token.
    expect(await row.getByRole('status').count()).toBe(0);
    await row.getByRole('button', { name: 'Test' }).click();
    await eventually(
      () => row.getByRole('status').textContent(),
      (t) => expect(t).toMatch(/^Works: /),
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'authentications.png') });

    // The next run, started from the builder, uses the new token.
    await open(`#/workflows/${wf.id}`);
    await page.getByTestId('step-slack-1').waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await eventually(
      () =>
        page.getByRole('region', { name: 'Debug panel' }).getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('succeeded'),
    );
    const lastPost = stack.slack.requests.filter((r) => r.method === 'chat.postMessage').at(-1);
    expect(lastPost?.authorization).toBe(`Bearer ${stack.slack.token}`);

    // In the builder too, a test result stays with its authentication: testing Slack says
    // nothing on the Totango step.
    const two = await call<{ id: string }>('POST', '/api/workflows', {
      name: 'Two services',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'totango-1',
          connector: 'totango',
          operation: 'search_data_raw',
          auth: totango.id,
          input: { data: 'accounts', query: { terms: [] } },
        },
        {
          id: 'slack-1',
          connector: 'slack',
          operation: 'send_message',
          auth: slack.id,
          input: { channel: 'C0000GENERAL', text: 'hi' },
        },
      ],
    });
    await open(`#/workflows/${two.id}`);
    const props = page.getByRole('complementary', { name: 'Properties' });
    await page.getByTestId('step-slack-1').click();
    await props.getByRole('button', { name: 'Test', exact: true }).click();
    await props
      .getByRole('status')
      .filter({ hasText: /^Works: .*Slack workspace/ })
      .waitFor();
    await page.getByTestId('step-totango-1').click();
    await props.getByLabel('Operation').waitFor();
    expect(await props.getByText(/Slack workspace/).count()).toBe(0);
    await page.getByTestId('step-slack-1').click();
    await props.getByText(/Slack workspace/).waitFor();

    // Rename, then delete with a warning naming the workflow that uses it.
    await open('#/authentications');
    await row.getByRole('button', { name: 'Rename' }).click();
    await row.getByLabel('New name').fill('Slack bot (2026)');
    await row.getByRole('button', { name: 'Save' }).click();
    await row.getByText('Slack bot (2026)').waitFor();
    dialogs.length = 0;
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
    expect(dialogs[0]).toContain('These workflows use it');
    expect(dialogs[0]).toContain('Daily hello');
    expect(dialogs[0]).toContain('Two services');
    expectOnlyFailedRequests();
  }, 120_000);

  it('lets an admin add a builder, change and switch users, and the builder cannot see personal authentications of others', async () => {
    const { page } = stack;
    const personal = await call<{ id: string }>('POST', '/api/authentications', {
      name: 'Owner private Slack',
      connector: 'slack',
      scope: 'personal',
      fields: { token: 'xoxb-owner-only' },
    });
    await open('#/workflows');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Users' })
      .click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const add = page.getByRole('form', { name: 'Add a user' });
    await add.getByLabel("New user's email").fill(BUILDER.email);
    await add.getByLabel("New user's password").fill(BUILDER.password);
    await add.getByRole('button', { name: 'Add user' }).click();
    const row = page.getByRole('row', { name: new RegExp(BUILDER.email) });
    await row.waitFor();
    expect(await row.getByLabel(`Role of ${BUILDER.email}`).inputValue()).toBe('builder');

    // The owner cannot switch themselves off or remove themselves: no such buttons on their row.
    const ownerRow = page.getByRole('row', { name: /owner@example\.com/ });
    expect(await ownerRow.getByRole('button', { name: 'Switch off' }).count()).toBe(0);
    // Making the owner a builder is refused: they are the last admin.
    await ownerRow.getByLabel('Role of owner@example.com').selectOption('builder');
    await page.getByRole('alert').filter({ hasText: 'last admin' }).waitFor();
    expect(await ownerRow.getByLabel('Role of owner@example.com').inputValue()).toBe('admin');

    await row.getByRole('button', { name: 'Switch off' }).click();
    await row.getByText('switched off').waitFor();
    const users = await call<Array<{ email: string; disabled: boolean }>>('GET', '/api/users');
    expect(users.find((u) => u.email === BUILDER.email)?.disabled).toBe(true);
    await row.getByRole('button', { name: 'Switch on' }).click();
    await row.getByRole('button', { name: 'Switch off' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'users.png') });
    expectOnlyFailedRequests(409);

    // Sign in as the builder: no Users page, and the owner's personal authentication is not there.
    await page.getByRole('button', { name: `${OWNER.email} ▾` }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByRole('tab', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(BUILDER.email);
    await page.getByLabel('Password').fill(BUILDER.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Workflows',
      'Runs',
      'Data files',
      'Authentications',
    ]);
    await nav.getByRole('link', { name: 'Authentications' }).click();
    await page.getByRole('heading', { name: 'Authentications' }).waitFor();
    await page.getByRole('table').or(page.getByText('No authentications yet.')).first().waitFor();
    expect(await page.locator(`tr[data-auth-id="${personal.id}"]`).count()).toBe(0);
    expect(await page.getByText('Owner private Slack').count()).toBe(0);

    await page.getByRole('button', { name: `${BUILDER.email} ▾` }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByRole('tab', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    expectOnlyFailedRequests();
  }, 120_000);

  it('makes an API token shown once, revokes it, and changes the password (other sessions end)', async () => {
    const { page } = stack;
    await open('#/workflows');
    await page.getByRole('button', { name: `${OWNER.email} ▾` }).click();
    await page.getByRole('menuitem', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    const tokens = page.getByRole('region', { name: 'API tokens' });
    await tokens.getByLabel('Token name').fill('nightly export');
    await tokens.getByRole('button', { name: 'Create token' }).click();
    const shown = await tokens.getByTestId('new-token').textContent();
    expect(shown).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const me = await fetch(`${stack.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${shown}` },
    });
    expect(me.status).toBe(200);
    await tokens.getByRole('button', { name: 'Done' }).click();
    // Gone from the page: a token is shown once.
    expect(await page.getByText(shown as string).count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'account.png') });
    await tokens
      .getByRole('row', { name: /nightly export/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await tokens.getByText('No API tokens.').waitFor();
    const after = await fetch(`${stack.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${shown}` },
    });
    expect(after.status).toBe(401);

    // Change the password: a wrong current one is named; then the other session (the test's API login) ends.
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not my password at all');
    await form.getByLabel('New password', { exact: true }).fill('amber meadow ticket sixty owls');
    await form.getByLabel('New password again').fill('amber meadow ticket sixty owls');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: 'This is not your current password' })
      .waitFor();
    await form.getByLabel('Current password').fill(OWNER.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('status').waitFor();
    await expect(call('GET', '/api/auth/me')).rejects.toThrow(/401/);
    // This browser's session goes on.
    await open('#/workflows');
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    expect(page.url()).toContain('#/workflows');
    expectOnlyFailedRequests(400);
  }, 120_000);
});
