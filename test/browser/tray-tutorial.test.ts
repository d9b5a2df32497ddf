// The Tray tutorial, done in a real browser as a user would: set up the owner, create a
// workflow, drag Totango onto the canvas, add its authentication, paste a search query,
// loop over the hits with the mapping picker, post each account to Slack, run, and read
// the outputs in the debug panel. Against the fake Totango and Slack.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SCREENSHOTS,
  chromiumRuns,
  eventually,
  setUpOwner,
  useStack,
  type Stack,
} from './harness.js';

const QUERY = JSON.stringify({
  terms: [{ type: 'string', term: 'status_group', in_list: ['paying'] }],
  count: 100,
  offset: 0,
  fields: [],
  scope: 'all',
});

describe.runIf(chromiumRuns())('the Tray tutorial in the editor', () => {
  let stack: Stack;

  useStack((s) => {
    stack = s;
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  it('builds, runs and debugs "Totango accounts to Slack" without writing JSON', async () => {
    const { page } = stack;
    try {
      await setUpOwner(stack, 'login.png');

      // Create the workflow.
      await page.getByLabel('New workflow name').fill('Accounts to Slack');
      await page.getByRole('button', { name: 'Create workflow' }).click();
      await page.getByTestId('trigger').waitFor();

      // Drag Totango onto the canvas, under the trigger.
      await page.getByTestId('connector-totango').dragTo(page.getByTestId('drop-root-steps-0'));
      await page.getByTestId('step-totango-1').waitFor();
      const props = page.getByRole('complementary', { name: 'Properties' });
      await props.getByLabel('Operation').selectOption('search_data_raw');

      // Its authentication, through "Add new authentication".
      await props.getByRole('button', { name: 'Add new authentication' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add new authentication' });
      await dialog.getByLabel('Authentication name').fill('Totango (test)');
      await dialog.getByLabel('Organisational (everyone)').check();
      expect(await dialog.getByLabel('API token').getAttribute('type')).toBe('password');
      await dialog.getByLabel('API token').fill(stack.totango.token);
      await dialog.getByRole('button', { name: 'Create authentication' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await props.getByLabel('Authentication').locator('option:checked').textContent()).toBe(
        'Totango (test) (Organisational)',
      );

      // The inputs: accounts, and the query pasted from Totango.
      await props.getByLabel('Data to search', { exact: true }).selectOption({ label: 'accounts' });
      await props.getByLabel('Search query', { exact: true }).fill(QUERY);
      await props.getByLabel('Search query', { exact: true }).blur();

      // A loop collection after it, whose list is mapped with the picker.
      await page.getByPlaceholder('Search connectors').fill('loop');
      await page.getByTestId('connector-loop').dragTo(page.getByTestId('drop-root-steps-1'));
      await page.getByTestId('step-loop-1').waitFor();
      await props.getByRole('button', { name: 'Map List' }).click();
      const picker = page.getByRole('dialog', { name: 'Mapping picker' });
      await picker
        .getByTestId('pick-group-totango-1')
        .getByRole('button', { name: /^hits/ })
        .waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'mapping-picker.png') });
      await picker
        .getByTestId('pick-group-totango-1')
        .getByRole('button', { name: /^hits/ })
        .click();
      await eventually(
        () => props.getByLabel('List', { exact: true }).inputValue(),
        (v) => expect(v).toBe('$.steps.totango-1.hits'),
      );

      // Slack inside the loop, with a text that maps the current account's name.
      await page.getByPlaceholder('Search connectors').fill('slack');
      await page.getByTestId('connector-slack').dragTo(page.getByTestId('drop-loop-1-steps-0'));
      await page.getByTestId('step-slack-1').waitFor();
      await props.getByLabel('Operation').selectOption('send_message');
      await props.getByRole('button', { name: 'Add new authentication' }).click();
      await dialog.getByLabel('Authentication name').fill('Slack bot');
      await dialog.getByLabel('Bot token').fill(stack.slack.token);
      await dialog.getByRole('button', { name: 'Create authentication' }).click();
      await dialog.waitFor({ state: 'detached' });
      await props.getByLabel('Channel', { exact: true }).fill('C00CSALERTS');
      await props.getByLabel('Text mode').selectOption('text');
      await props.getByLabel('Text', { exact: true }).fill('Account ');
      // This time drag the property from the picker onto the field, like Tray's connector-snake.
      await props.getByRole('button', { name: 'Map Text' }).click();
      const loopGroup = picker.getByTestId('pick-group-loop-1');
      await loopGroup
        .getByRole('button', { name: /^display_name/ })
        .dragTo(props.getByLabel('Text', { exact: true }));
      await eventually(
        () => props.getByLabel('Text', { exact: true }).inputValue(),
        (v) => expect(v).toBe('Account {$.steps.loop-1.value.display_name}'),
      );

      // Save (a new version), then run.
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved version 2').waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'builder.png') });
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const debug = page.getByRole('region', { name: 'Debug panel' });
      await eventually(
        () => debug.getByTestId('run-status').textContent(),
        (t) => expect(['succeeded', 'failed']).toContain(t),
        30_000,
      );
      expect(await debug.getByTestId('run-status').textContent()).toBe('succeeded');

      // Slack got one message per paying account, with the mapped name.
      const posted = stack.slack.requests
        .filter((r) => r.method === 'chat.postMessage')
        .map((r) => [r.params.channel, r.params.text]);
      expect(posted).toEqual([
        ['C00CSALERTS', 'Account Globex'],
        ['C00CSALERTS', 'Account Initech'],
      ]);

      // The debug panel shows the search's output and each loop iteration's input and output.
      await debug.getByRole('tab', { name: 'totango-1' }).click();
      const output = debug.getByRole('region', { name: 'Output' });
      await eventually(
        () => output.textContent(),
        (t) => expect(t).toMatch(/total_hits\s*2/),
      );
      await debug.getByRole('tab', { name: 'slack-1' }).click();
      await eventually(
        () => debug.getByLabel('Iteration').inputValue(),
        (v) => expect(v).toBe('loop-1[0] > slack-1'),
      );
      await eventually(
        () => debug.getByRole('region', { name: 'Input' }).textContent(),
        (t) => expect(t).toContain('"Account Globex"'),
      );
      await debug.getByLabel('Iteration').selectOption('loop-1[1] > slack-1');
      await eventually(
        () => debug.getByRole('region', { name: 'Input' }).textContent(),
        (t) => expect(t).toContain('"Account Initech"'),
      );
      await eventually(
        () => debug.getByRole('region', { name: 'Output' }).textContent(),
        (t) => expect(t).toMatch(/ts\s*"\d+\.\d+"/),
      );
      await eventually(
        () => page.getByTestId('step-slack-1').getAttribute('class'),
        (c) => expect(c).toContain('run-ok'),
      );
      await page.screenshot({ path: join(SCREENSHOTS, 'debug-panel.png') });

      // The list shows the workflow at its saved version.
      await page.getByRole('link', { name: 'Stepwise' }).click();
      await page.getByRole('link', { name: 'Accounts to Slack' }).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'workflow-list.png') });

      expect(stack.consoleErrors).toEqual([]);
      expect(stack.consoleWarnings).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: join(SCREENSHOTS, 'failure.png') }).catch(() => undefined);
      console.error(stack.serverLog());
      throw err;
    }
  }, 180_000);
});
