// The workflow list (create from a template, rename, duplicate, export, import, delete) and
// the trigger settings (schedule presets with a timezone and next fire times; webhook URL
// with copy and rotate), done in the browser and checked through the API.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  apiClient,
  chromiumRuns,
  eventually,
  setUpOwner,
  useStack,
  type ApiCall,
  type Stack,
} from './harness.js';

interface Summary {
  id: string;
  name: string;
  version: number;
}

describe.runIf(chromiumRuns())('workflow list and trigger settings', () => {
  let stack: Stack;
  let call: ApiCall;
  const list = () => call<Summary[]>('GET', '/api/workflows');

  useStack(async (s) => {
    stack = s;
    await setUpOwner(stack);
    call = await apiClient(stack);
    // Delete and "Make a new URL" ask for confirmation: say yes.
    stack.page.on('dialog', (dialog) => void dialog.accept());
  });

  it('creates from a template, renames, duplicates, exports, imports and deletes', async () => {
    const { page } = stack;

    await page.getByRole('button', { name: 'New from template' }).click();
    await page.getByRole('button', { name: /Totango accounts to Slack \(Tray tutorial\)/ }).click();
    await page.getByTestId('step-slack-1').waitFor();
    expect((await list()).map((w) => w.name)).toEqual([
      'Totango accounts to Slack (Tray tutorial)',
    ]);

    await page.getByRole('link', { name: 'Stepwise' }).click();
    const row = page.getByRole('row', { name: /Totango accounts to Slack/ });
    await row.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New name').fill('Paying accounts to Slack');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Paying accounts to Slack' }).waitFor();
    const [renamed] = await list();
    expect(renamed).toMatchObject({ name: 'Paying accounts to Slack', version: 2 });

    await page
      .getByRole('row', { name: /Paying accounts to Slack/ })
      .getByRole('button', { name: 'Duplicate' })
      .click();
    await page.getByRole('link', { name: 'Copy of Paying accounts to Slack' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('row', { name: /^Paying accounts to Slack/ })
        .getByRole('button', { name: 'Export' })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe('paying-accounts-to-slack.json');
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      name: string;
      steps: Array<{ id: string }>;
    };
    expect(exported.name).toBe('Paying accounts to Slack');
    expect(exported.steps.map((s) => s.id)).toEqual(['totango-1', 'loop-1']);

    await page.locator('input[type=file]').setInputFiles({
      name: 'imported.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...exported, name: 'Imported one' })),
    });
    await page.getByRole('link', { name: 'Imported one' }).waitFor();

    await page.locator('input[type=file]').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('not json'),
    });
    await page
      .getByText('notes.json is not JSON, so it cannot be imported as a workflow.')
      .waitFor();

    // A file that is JSON but not a workflow: the server's problems are listed with where they are.
    await page.locator('input[type=file]').setInputFiles({
      name: 'no-trigger.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"name":"No trigger","steps":[]}'),
    });
    const refused = page.getByRole('alert');
    await eventually(
      () => refused.textContent(),
      (t) => expect(t).toMatch(/^The workflow document is not valid: trigger: \S/),
    );

    await page
      .getByRole('row', { name: /Copy of Paying/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page
      .getByRole('link', { name: 'Copy of Paying accounts to Slack' })
      .waitFor({ state: 'detached' });
    expect((await list()).map((w) => w.name).sort()).toEqual([
      'Imported one',
      'Paying accounts to Slack',
    ]);
    // The refused import is the one failed request the browser reports (the suite shares the log).
    const refusedLog = stack.consoleErrors.findIndex((e) => e.includes('400'));
    expect(refusedLog).not.toBe(-1);
    stack.consoleErrors.splice(refusedLog, 1);
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);

  it('sets a schedule with a preset, a timezone and its next fire times, then a webhook URL to copy and rotate', async () => {
    const { page } = stack;
    const created = await call<{ id: string }>('POST', '/api/workflows', {
      name: 'Morning report',
      trigger: { type: 'manual' },
      steps: [],
    });
    await page.goto(`${stack.url}/#/workflows/${created.id}`);
    await page.getByTestId('trigger').click();
    const props = page.getByRole('complementary', { name: 'Properties' });

    await props.getByLabel('Trigger type').selectOption('schedule');
    await props.getByLabel('Schedule').selectOption('workdays');
    await props.getByLabel('At').fill('08:30');
    await props.getByLabel('Timezone').selectOption('Europe/London');
    const schedule = { every: 'workdays', at: '08:30', timezone: 'Europe/London' };
    const { times } = await call<{ times: string[] }>('POST', '/api/schedules/preview', {
      schedule,
    });
    expect(times).toHaveLength(10);
    await eventually(
      () =>
        props
          .locator('.next-times time')
          .evaluateAll((els) => els.map((e) => e.getAttribute('datetime'))),
      (shown) => expect(shown).toEqual(times),
    );

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved version 2').waitFor();
    const saved = await call<{ trigger: unknown }>('GET', `/api/workflows/${created.id}`);
    expect(saved.trigger).toEqual({ type: 'schedule', schedule });

    await props.getByLabel('Trigger type').selectOption('webhook');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved version 3').waitFor();
    const { webhookUrl } = await call<{ webhookUrl: string }>(
      'GET',
      `/api/workflows/${created.id}`,
    );
    await eventually(
      () => props.getByRole('textbox', { name: 'Webhook URL' }).inputValue(),
      (v) => expect(v).toBe(webhookUrl),
    );
    await props.getByRole('button', { name: 'Copy the webhook URL' }).click();
    await props
      .getByRole('button', { name: 'Copy the webhook URL' })
      .filter({ hasText: 'Copied' })
      .waitFor();
    const hook = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"hello":1}',
    });
    expect(hook.status).toBe(202);

    await props.getByRole('button', { name: 'Make a new URL' }).click();
    await eventually(
      () => props.getByRole('textbox', { name: 'Webhook URL' }).inputValue(),
      (v) => expect(v).not.toBe(webhookUrl),
    );
    const rotated = await props.getByRole('textbox', { name: 'Webhook URL' }).inputValue();
    expect(
      (await call<{ webhookUrl: string }>('GET', `/api/workflows/${created.id}`)).webhookUrl,
    ).toBe(rotated);
    expect((await fetch(webhookUrl, { method: 'POST' })).status).toBe(404);
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);
  it("edits the workflow's description, config values and failure notifications when no step is selected", async () => {
    const { page } = stack;
    const created = await call<{ id: string }>('POST', '/api/workflows', {
      name: 'Settings',
      trigger: { type: 'manual' },
      steps: [],
    });
    await page.goto(`${stack.url}/#/workflows/${created.id}`);
    const props = page.getByRole('complementary', { name: 'Properties' });
    await props.getByRole('heading', { name: 'Workflow settings' }).waitFor();

    await props.getByLabel('Description').fill('Posts paying accounts to the CS channel');
    await props.getByRole('button', { name: 'Add config value' }).click();
    await props.getByLabel('Name of setting1').fill('channel');
    await props.getByLabel('Name of setting1').blur();
    await props.getByLabel('Value of channel').fill('#cs-alerts');
    await props.getByLabel('Value of channel').blur();
    await props.getByRole('button', { name: 'Add config value' }).click();
    await props.getByLabel('Value of setting1').fill('{"min": 3}');
    await props.getByLabel('Value of setting1').blur();
    await props.getByLabel('When a run succeeds').check();
    await props.getByLabel('Or POST to this URL').fill('https://example.com/hook');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved version 2').waitFor();
    const saved = await call<Record<string, unknown>>('GET', `/api/workflows/${created.id}`);
    expect(saved.description).toBe('Posts paying accounts to the CS channel');
    expect(saved.config).toEqual({ channel: '#cs-alerts', setting1: { min: 3 } });
    expect(saved.notifications).toEqual({
      onFailure: true,
      onSuccess: true,
      url: 'https://example.com/hook',
    });
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);
});
