// The pages around the builder, as a new user meets them: the app shell's navigation, the
// workflows list's on/off switch (which survives a restart) and import question, and Data
// files feeding the CSV template end to end.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  apiClient,
  chromiumRuns,
  eventually,
  SCREENSHOTS,
  setUpOwner,
  useStack,
  type ApiCall,
  type Stack,
} from './harness.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface Summary {
  id: string;
  name: string;
  enabled: boolean;
}

const morning = {
  name: 'Morning digest',
  trigger: { type: 'schedule', schedule: { every: 'daily', at: '09:00', timezone: 'UTC' } },
  steps: [],
};

describe.runIf(chromiumRuns())('the pages around the builder', () => {
  let stack: Stack;
  let call: ApiCall;

  /** Open a page afresh (a goto that only changes the hash would keep the old page's data). */
  const open = async (hash: string) => {
    await stack.page.goto(`${stack.url}/${hash}`);
    await stack.page.reload();
  };

  useStack(async (s) => {
    stack = s;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await setUpOwner(stack);
    call = await apiClient(stack);
    stack.page.on('dialog', (dialog) => void dialog.accept());
  });

  it('switches a schedule off in the list, and it stays off after a restart', async () => {
    const { page } = stack;
    const wf = await call<{ id: string }>('POST', '/api/workflows', morning);
    await open('#/workflows');
    const row = page.getByRole('row', { name: /Morning digest/ });
    const toggle = row.getByRole('switch', { name: 'Morning digest switched on' });
    await eventually(
      () => row.getByTestId('next-fire').textContent(),
      (t) => expect(t).toMatch(/^Next: /),
    );
    expect(await toggle.isChecked()).toBe(true);
    // The owner and "never run" are shown for a new workflow.
    expect(await row.textContent()).toContain('owner@example.com');
    expect(await row.textContent()).toContain('never');

    await toggle.click();
    await eventually(
      () => call<Summary>('GET', `/api/workflows/${wf.id}`),
      (w) => expect(w.enabled).toBe(false),
    );
    await eventually(
      () => row.getByTestId('next-fire').textContent(),
      (t) => expect(t).toBe('Switched off: does not fire'),
    );

    await stack.restart();
    call = await apiClient(stack);
    await open('#/workflows');
    const after = page.getByRole('row', { name: /Morning digest/ });
    await after.getByRole('switch').waitFor();
    expect(await after.getByRole('switch').isChecked()).toBe(false);
    expect(await after.getByTestId('next-fire').textContent()).toBe('Switched off: does not fire');
    const schedules = await call<
      Array<{ workflowId: string; enabled: boolean; nextRunAt: string | null }>
    >('GET', '/api/schedules');
    expect(schedules.find((x) => x.workflowId === wf.id)).toMatchObject({
      enabled: false,
      nextRunAt: null,
    });

    // And on again, from the list.
    await after.getByRole('switch').click();
    await eventually(
      () => call<Summary>('GET', `/api/workflows/${wf.id}`),
      (w) => expect(w.enabled).toBe(true),
    );
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);

  it('asks whether an imported copy of a scheduled workflow stays switched off (it does by default)', async () => {
    const { page } = stack;
    await page.goto(`${stack.url}/#/workflows`);
    await page.locator('input[type=file]').setInputFiles({
      name: 'digest.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...morning, name: 'Imported digest' })),
    });
    const dialog = page.getByRole('dialog', { name: 'Import a workflow' });
    const keepOff = dialog.getByRole('checkbox', { name: /Keep the copy switched off/ });
    expect(await keepOff.isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('link', { name: 'Imported digest' }).waitFor();
    const imported = (await call<Summary[]>('GET', '/api/workflows')).find(
      (w) => w.name === 'Imported digest',
    );
    expect(imported?.enabled).toBe(false);
    expect(
      await page
        .getByRole('row', { name: /Imported digest/ })
        .getByRole('switch')
        .isChecked(),
    ).toBe(false);
    expect(stack.consoleErrors).toEqual([]);
  }, 60_000);

  it('uploads a CSV under Data files, previews it, and runs the CSV template on it end to end', async () => {
    const { page } = stack;
    await page.goto(`${stack.url}/#/workflows`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Data files' })
      .click();
    await page.getByRole('heading', { name: 'Data files' }).waitFor();

    const csv = readFileSync(join(ROOT, 'examples', 'accounts.csv'));
    await page.getByLabel('Files to upload').setInputFiles({
      name: 'accounts.csv',
      mimeType: 'text/csv',
      buffer: csv,
    });
    const row = page.getByRole('row', { name: /accounts\.csv/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(`${csv.length} B`);
    await page.getByRole('status').filter({ hasText: 'Uploaded accounts.csv' }).waitFor();

    await row.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview of accounts.csv' });
    await preview.getByRole('cell', { name: 'Acme, Inc.' }).waitFor();
    expect(await preview.getByRole('columnheader').allTextContents()).toEqual([
      'account_id',
      'name',
      'plan',
      'arr',
      'renewal_date',
      'owner_email',
      'health',
    ]);
    expect(await preview.locator('tbody tr').count()).toBe(4);
    await page.screenshot({ path: join(SCREENSHOTS, 'data-files.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: 'Download' }).click(),
    ]);
    expect(readFileSync(await download.path())).toEqual(csv);

    // The template, from the list; its Slack step then gets a real authentication.
    const slack = await call<{ id: string }>('POST', '/api/authentications', {
      name: 'Slack bot',
      connector: 'slack',
      scope: 'organisational',
      fields: { token: stack.slack.token },
    });
    await page.getByRole('link', { name: 'Workflows' }).click();
    await page.getByRole('button', { name: 'New from template' }).click();
    await page.getByRole('button', { name: /Accounts CSV to Slack/ }).click();
    await page.getByTestId('step-slack-1').waitFor();
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    const stored = await call<Record<string, unknown> & { version: number }>(
      'GET',
      `/api/workflows/${id}`,
    );
    const doc = JSON.parse(
      JSON.stringify(stored).replaceAll('"slack-bot"', JSON.stringify(slack.id)),
    );
    await call('PUT', `/api/workflows/${id}`, { ...doc, baseVersion: stored.version });
    await page.reload();
    await page.getByTestId('step-slack-1').waitFor();

    const before = stack.slack.state.messages.length;
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const debug = page.getByRole('region', { name: 'Debug panel' });
    await eventually(
      () => debug.getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('succeeded'),
    );
    const posted = stack.slack.state.messages.slice(before);
    expect(posted.map((m) => m.channel)).toEqual(Array(4).fill('C00CSALERTS'));
    expect(posted[0].text).toBe(
      '*Acme, Inc.* (Enterprise, ARR 120000) renews on 2026-12-15. Health: good. Owner: alice@example.com',
    );

    // The file step's Path, as a plain value, offers the uploaded files.
    expect(
      await page
        .locator('#stepwise-data-files option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(['accounts.csv']);
    await page.getByTestId('step-file-1').click();
    const props = page.getByRole('complementary', { name: 'Properties' });
    await props.getByLabel('Path mode').selectOption('value');
    expect(await props.getByLabel('Path', { exact: true }).getAttribute('list')).toBe(
      'stepwise-data-files',
    );

    // Delete asks first (accepted here), then the file is gone.
    await page.goto(`${stack.url}/#/files`);
    await page
      .getByRole('row', { name: /accounts\.csv/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByText('No files yet.').waitFor();
    expect(await call<unknown[]>('GET', '/api/files')).toEqual([]);
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);
});
