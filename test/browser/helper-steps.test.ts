// Helper control steps built in the browser: a branch with labelled cases (lanes on the
// canvas), run, and its debug view saying which path it took; a call step that waits for a
// callable workflow's respond step, its response in the debug panel and the called run one
// click away (which names its caller).
import { describe, expect, it } from 'vitest';
import {
  apiClient,
  chromiumRuns,
  eventually,
  openNewWorkflow,
  useStack,
  type Stack,
} from './harness.js';

describe.runIf(chromiumRuns())('branch and call workflow in the editor', () => {
  let stack: Stack;

  useStack((s) => {
    stack = s;
  });

  it('builds a three-way branch, runs it, and shows the path it took', async () => {
    const { page } = stack;
    const { id, call } = await openNewWorkflow(stack, {
      name: 'Route accounts by tier',
      trigger: { type: 'manual' },
      config: { tier: 'silver' },
      steps: [],
    });
    const props = page.getByRole('complementary', { name: 'Properties' });
    const panel = page.getByRole('complementary', { name: 'Connectors' });
    // The panel groups helpers apart, and its search finds a step by what it does.
    await panel.getByLabel('Search connectors').fill('several paths');
    await panel.getByTestId('connector-branch').dragTo(page.getByTestId('drop-root-steps-0'));
    await panel.getByLabel('Search connectors').fill('');
    await page.getByTestId('step-branch-1').waitFor();

    await props.getByRole('button', { name: 'Map Value' }).click();
    await page
      .getByRole('dialog', { name: 'Mapping picker' })
      .getByTestId('pick-group-$config')
      .getByRole('button', { name: /^tier/ })
      .click();
    const first = props.getByTestId('case-0');
    await first.getByLabel('Label (optional)').fill('Gold');
    await first.getByLabel('Case 1 equals').fill('gold');
    await first.getByLabel('Case 1 equals').blur();
    const second = props.getByTestId('case-1');
    await second.getByLabel('Label (optional)').fill('Silver');
    await second.getByLabel('Case 2 equals').fill('silver');
    await second.getByLabel('Case 2 equals').blur();

    // Each case is a lane, like the boolean's True and False.
    const branch = page.getByTestId('step-branch-1');
    await eventually(
      () => branch.locator('.lane-title').allTextContents(),
      (titles) => expect(titles).toEqual(['Gold', 'Silver', 'Default']),
    );
    await panel
      .getByTestId('connector-terminate')
      .dragTo(page.getByTestId('drop-branch-1-cases.1.steps-0'));
    await page.getByTestId('step-terminate-1').waitFor();
    await props.getByLabel('Message (optional)', { exact: true }).fill('Silver path');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved version 2').waitFor();
    const saved = await call<{ steps: unknown[] }>('GET', `/api/workflows/${id}`);
    expect(saved.steps).toEqual([
      {
        id: 'branch-1',
        type: 'branch',
        input: { value: { $jsonpath: '$.config.tier' } },
        cases: [
          { label: 'Gold', equals: 'gold', steps: [] },
          {
            label: 'Silver',
            equals: 'silver',
            steps: [
              {
                id: 'terminate-1',
                type: 'terminate',
                input: { status: 'succeeded', message: 'Silver path' },
              },
            ],
          },
        ],
        default: [],
      },
    ]);

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const debug = page.getByRole('region', { name: 'Debug panel' });
    await eventually(
      () => debug.getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('succeeded'),
    );
    await debug.getByRole('tab', { name: 'branch-1' }).click();
    await eventually(
      () => debug.getByTestId('branch-taken').textContent(),
      (t) => expect(t).toBe('Took Silver (case 2).'),
    );
    await debug.getByRole('tab', { name: 'terminate-1' }).click();
    await eventually(
      () => debug.getByTestId('terminate-message').textContent(),
      (t) => expect(t).toBe('Ended the run as succeeded: Silver path'),
    );
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);

  it('builds a call that waits for a callable workflow, shows its response and opens the called run', async () => {
    const { page } = stack;
    // The owner was set up by the first test.
    const call = await apiClient(stack);
    const { id: notify } = await call<{ id: string }>('POST', '/api/workflows', {
      name: 'Notify owner',
      trigger: { type: 'callable' },
      steps: [
        {
          id: 'respond-1',
          type: 'respond',
          input: { body: { notified: '{$.trigger.owner}' } },
        },
      ],
    });
    const { id } = await call<{ id: string }>('POST', '/api/workflows', {
      name: 'Renewal follow-up',
      trigger: { type: 'manual' },
      steps: [],
    });
    await page.goto(`${stack.url}/#/workflows/${id}`);
    const props = page.getByRole('complementary', { name: 'Properties' });
    const panel = page.getByRole('complementary', { name: 'Connectors' });
    await panel.getByTestId('connector-call').dragTo(page.getByTestId('drop-root-steps-0'));
    await page.getByTestId('step-call-1').waitFor();
    await props.getByLabel('Workflow to call').selectOption({ label: 'Notify owner' });
    const payload = props.getByLabel('Payload (optional)', { exact: true });
    await payload.fill('{ "owner": "ann@example.com" }');
    await payload.blur();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved version 2').waitFor();
    const saved = await call<{ steps: unknown[] }>('GET', `/api/workflows/${id}`);
    expect(saved.steps).toEqual([
      {
        id: 'call-1',
        type: 'call',
        workflow: notify,
        wait: true,
        input: { payload: { owner: 'ann@example.com' } },
      },
    ]);

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const debug = page.getByRole('region', { name: 'Debug panel' });
    await eventually(
      () => debug.getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('succeeded'),
    );
    const callerRunId = await debug.locator('.run-summary code').first().textContent();
    await debug.getByRole('tab', { name: 'call-1' }).click();
    await eventually(
      () => debug.getByRole('region', { name: 'Output' }).textContent(),
      (t) => expect(t).toMatch(/notified\s*"?ann@example\.com/),
    );
    const calledRunId = await debug.getByTestId('called-run').textContent();
    expect(calledRunId).toMatch(/^run_/);

    // The link opens the called run in its own workflow, which names the run that called it.
    await debug.getByTestId('called-run').click();
    await page.waitForURL(new RegExp(`#/workflows/${notify}/runs/${calledRunId}`));
    const opened = page.getByRole('region', { name: 'Debug panel' });
    await eventually(
      () => opened.getByTestId('called-by').textContent(),
      (t) => expect(t).toBe(callerRunId),
    );
    expect(await opened.getByTestId('run-status').textContent()).toBe('succeeded');
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);
});
