// Debugging in the editor: a slow step shows as running while it runs, a failed step is
// marked on the canvas with its message, "Retry from failed step" is one click and "Replay this step" two (it asks first), #/runs/<id> opens that run,
// validation problems show on the step they concern, a stale save says so and reloads,
// and a deleted step comes back with Undo.
import { describe, expect, it } from 'vitest';
import {
  apiClient,
  chromiumRuns,
  eventually,
  setUpOwner,
  useStack,
  type Stack,
} from './harness.js';

function tutorial(totangoAuth: string, slackAuth: string) {
  return {
    name: 'Accounts to Slack',
    trigger: { type: 'manual' },
    steps: [
      {
        id: 'totango-1',
        connector: 'totango',
        operation: 'search_data_raw',
        auth: totangoAuth,
        input: {
          data: 'accounts',
          query: {
            terms: [{ type: 'string', term: 'status_group', in_list: ['paying'] }],
            count: 100,
            offset: 0,
            fields: [],
            scope: 'all',
          },
        },
      },
      {
        id: 'loop-1',
        type: 'loop',
        mode: 'list',
        input: { list: { $jsonpath: '$.steps.totango-1.hits' } },
        steps: [
          {
            id: 'slack-1',
            connector: 'slack',
            operation: 'send_message',
            auth: slackAuth,
            input: { channel: 'C00CSALERTS', text: 'Account {$.steps.loop-1.value.display_name}' },
          },
        ],
      },
    ],
  };
}

describe.runIf(chromiumRuns())('debugging in the editor', () => {
  let stack: Stack;
  let call: Awaited<ReturnType<typeof apiClient>>;
  let workflowId: string;

  useStack(async (s) => {
    stack = s;
    await setUpOwner(stack);
    call = await apiClient(stack);
    const totango = await call<{ id: string }>('POST', '/api/authentications', {
      name: 'Totango',
      connector: 'totango',
      scope: 'organisational',
      fields: { token: stack.totango.token },
    });
    const slack = await call<{ id: string }>('POST', '/api/authentications', {
      name: 'Slack',
      connector: 'slack',
      scope: 'organisational',
      fields: { token: stack.slack.token },
    });
    workflowId = (
      await call<{ id: string }>('POST', '/api/workflows', tutorial(totango.id, slack.id))
    ).id;
  });

  const posted = () =>
    stack.slack.requests.filter((r) => r.method === 'chat.postMessage').map((r) => r.params.text);

  it('marks the failed step, retries from it, replays a step, and opens a run by its link', async () => {
    const { page } = stack;
    await page.goto(`${stack.url}/#/workflows/${workflowId}`);
    await page.getByTestId('step-slack-1').waitFor();

    stack.slack.failNext('chat.postMessage', 'channel_not_found');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const debug = page.getByRole('region', { name: 'Debug panel' });
    await eventually(
      () => debug.getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('failed'),
      30_000,
    );
    const runs = await call<Array<{ id: string; error: { stepId: string; message: string } }>>(
      'GET',
      `/api/workflows/${workflowId}/runs`,
    );
    const failedRun = runs[0];
    expect(failedRun.error.stepId).toBe('slack-1');

    // On the canvas: red, with the step's error message.
    const node = page.getByTestId('step-slack-1');
    await eventually(
      () => node.getAttribute('class'),
      (c) => expect(c).toContain('run-error'),
    );
    const records = await call<{
      records: Array<{ stepId: string; status: string; error: { message: string } | null }>;
    }>('GET', `/api/runs/${failedRun.id}/steps`);
    const failedRecord = records.records.find(
      (r) => r.stepId === 'slack-1' && r.status === 'error',
    );
    expect(await node.locator('.step-error').textContent()).toBe(failedRecord?.error?.message);

    // Retry from the failed step: the search is not repeated, both accounts are posted.
    const searchesBefore = stack.totango.requestsTo('/api/v1/search/accounts').length;
    await debug.getByRole('button', { name: 'Retry from failed step' }).click();
    await eventually(
      () => debug.getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('succeeded'),
      30_000,
    );
    expect(stack.totango.requestsTo('/api/v1/search/accounts').length).toBe(searchesBefore);
    expect(posted().slice(-2)).toEqual(['Account Globex', 'Account Initech']);
    await eventually(
      () => node.getAttribute('class'),
      (c) => expect(c).toContain('run-ok'),
    );

    // Replay one step: Slack gets the same message again, the panel shows the new record.
    await debug.getByRole('tab', { name: 'slack-1' }).click();
    const count = posted().length;
    await debug.getByRole('button', { name: 'Replay this step' }).click();
    // Sending a message writes: the panel asks first (tested in builder-tools.test.ts).
    await debug.getByRole('button', { name: 'Replay anyway' }).click();
    await debug.getByText('(replayed just now)').waitFor();
    expect(posted().length).toBe(count + 1);
    const replayedInput = await debug.getByRole('region', { name: 'Input' }).textContent();
    expect(replayedInput).toContain(`"${posted().at(-1)}"`);

    // A link to the failed run opens its workflow with the debug panel on it.
    await page.goto(`${stack.url}/#/runs/${failedRun.id}`);
    await eventually(
      () =>
        page
          .getByRole('region', { name: 'Debug panel' })
          .locator('.run-summary code')
          .textContent(),
      (t) => expect(t).toBe(failedRun.id),
    );
    expect(
      await page
        .getByRole('region', { name: 'Debug panel' })
        .getByTestId('run-status')
        .textContent(),
    ).toBe('failed');

    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);

  it('shows a slow step as running (and its loop) until its record arrives', async () => {
    const { page } = stack;
    await page.goto(`${stack.url}/#/workflows/${workflowId}`);
    // A fresh load (the goto above only changes the hash, so the builder would keep the run the link opened).
    await page.reload();
    await page.getByTestId('step-slack-1').waitFor();
    // Opening the workflow shows how its last run (the retry above, which succeeded) went, with the debug panel closed.
    await eventually(
      () => page.getByTestId('step-slack-1').getAttribute('class'),
      (c) => expect(c).toContain('run-ok'),
    );
    expect(await page.getByRole('region', { name: 'Debug panel' }).count()).toBe(0);
    const release = stack.slack.holdNext('chat.postMessage');
    const before = posted().length;
    await page.getByRole('button', { name: 'Run', exact: true }).click();

    // Slack holds the first message: the step and its loop show running, the search is done.
    const slackNode = page.getByTestId('step-slack-1');
    const running = slackNode.getByTestId('running-slack-1');
    await running.waitFor();
    expect(await running.textContent()).toBe('Running…');
    expect(await running.getAttribute('role')).toBe('status');
    expect(await slackNode.getAttribute('class')).toContain('run-running');
    expect(await page.getByTestId('running-loop-1').textContent()).toBe('Running…');
    expect(await page.getByTestId('step-loop-1').getAttribute('class')).toContain('run-running');
    await eventually(
      () => page.getByTestId('step-totango-1').getAttribute('class'),
      (c) => expect(c).toContain('run-ok'),
    );
    expect(await page.getByTestId('running-totango-1').count()).toBe(0);
    const debug = page.getByRole('region', { name: 'Debug panel' });
    expect(await debug.getByTestId('run-status').textContent()).toBe('running');
    expect(stack.slack.requests.filter((r) => r.method === 'chat.postMessage')).toHaveLength(
      before + 1,
    );

    // Slack answers: both iterations end, nothing shows running any more.
    release();
    await eventually(
      () => debug.getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('succeeded'),
      30_000,
    );
    await eventually(
      () => slackNode.getAttribute('class'),
      (c) => expect(c).toContain('run-ok'),
    );
    expect(await page.getByTestId('step-loop-1').getAttribute('class')).toContain('run-ok');
    expect(await page.locator('.status-running').count()).toBe(0);
    expect(posted().slice(-2)).toEqual(['Account Globex', 'Account Initech']);
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);

  it('shows validation problems on the step, reloads after a stale save, moves a step, and undoes a delete', async () => {
    const { page } = stack;
    const stored = await call<{ version: number } & Record<string, unknown>>(
      'GET',
      `/api/workflows/${workflowId}`,
    );
    const doc = tutorial('x', 'y');
    const broken = {
      ...doc,
      steps: [
        {
          ...doc.steps[0],
          auth: stored.steps && (stored.steps as Array<{ auth: string }>)[0].auth,
        },
        {
          ...doc.steps[1],
          steps: [
            {
              ...(doc.steps[1] as { steps: object[] }).steps[0],
              auth: (stored.steps as Array<{ steps?: Array<{ auth: string }> }>)[1].steps?.[0].auth,
              input: { channel: 'C00CSALERTS', text: 'From {$.steps.totango-9.hits}' },
            },
          ],
        },
      ],
    };
    await call('PUT', `/api/workflows/${workflowId}`, { ...broken, baseVersion: stored.version });
    const { problems } = await call<{ problems: Array<{ path: string; message: string }> }>(
      'POST',
      `/api/workflows/${workflowId}/validate`,
    );
    const textProblem = problems.find((p) => p.path === 'steps.1.steps.0.input.text');
    expect(textProblem).toBeDefined();

    await page.goto(`${stack.url}/#/workflows`);
    await page.goto(`${stack.url}/#/workflows/${workflowId}`);
    const node = page.getByTestId('step-slack-1');
    await eventually(
      () => node.getAttribute('class'),
      (c) => expect(c).toContain('has-problems'),
    );
    await node.click();
    const props = page.getByRole('complementary', { name: 'Properties' });
    await eventually(
      () => props.locator('[data-field="text"] .error').textContent(),
      (t) => expect(t).toBe(textProblem?.message),
    );

    // Someone else saves; our save is refused and Reload shows their version.
    const latest = await call<{ version: number } & Record<string, unknown>>(
      'GET',
      `/api/workflows/${workflowId}`,
    );
    await call('PUT', `/api/workflows/${workflowId}`, {
      ...broken,
      name: 'Renamed elsewhere',
      baseVersion: latest.version,
    });
    await page.getByLabel('Workflow name').fill('My name');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Someone saved a newer version of this workflow').waitFor();
    await page.getByRole('button', { name: 'Reload' }).click();
    await eventually(
      () => page.getByLabel('Workflow name').inputValue(),
      (v) => expect(v).toBe('Renamed elsewhere'),
    );

    // Move the Slack step out of the loop by its handle, save, and check the saved document.
    await page.getByRole('button', { name: 'Save' }).waitFor();
    await page.getByLabel('Move slack-1').dragTo(page.getByTestId('drop-root-steps-2'));
    await eventually(
      async () => {
        const slack = await page.getByTestId('step-slack-1').boundingBox();
        const loop = await page.getByTestId('step-loop-1').boundingBox();
        return slack && loop ? slack.y - (loop.y + loop.height) : -1;
      },
      (gap) => expect(gap).toBeGreaterThan(0),
    );
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Saved version/).waitFor();
    const moved = await call<{ steps: Array<{ id: string; steps?: unknown[] }> }>(
      'GET',
      `/api/workflows/${workflowId}`,
    );
    expect(moved.steps.map((s) => s.id)).toEqual(['totango-1', 'loop-1', 'slack-1']);
    expect(moved.steps[1].steps).toEqual([]);

    // Delete a step, then undo.
    await page.getByTestId('step-slack-1').click();
    await props.getByRole('button', { name: 'Delete step' }).click();
    await page.getByTestId('step-slack-1').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('step-slack-1').waitFor();

    // The refused save is the only console error: the browser logs the 409 answer.
    expect(stack.consoleErrors.filter((e) => !e.includes('409'))).toEqual([]);
    expect(stack.consoleErrors.filter((e) => e.includes('409'))).toHaveLength(1);
  }, 120_000);
});
