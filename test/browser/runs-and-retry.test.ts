// Runs in the editor: fix a failed step and retry "with my changes" (the steps that had
// succeeded are not run again), open the failed run on the version it ran (read-only), and
// stop a running run from the Runs page and from the builder.
import { mkdirSync } from 'node:fs';
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

interface RunJson {
  id: string;
  status: string;
  workflowVersion: number;
  retryOf: string | null;
  error: { stepId: string; message: string } | null;
}

const post = (id: string, channel: string, text: string, auth: string) => ({
  id,
  connector: 'slack',
  operation: 'send_message',
  auth,
  input: { channel, text },
});

describe.runIf(chromiumRuns())('runs: retry with changes, read-only old versions, stop', () => {
  let stack: Stack;
  let call: ApiCall;
  let slackAuth: string;

  const open = async (hash: string) => {
    await stack.page.goto(`${stack.url}/${hash}`);
    await stack.page.reload();
  };
  const texts = () => stack.slack.state.messages.map((m) => `${m.channel}:${m.text}`);

  useStack(async (s) => {
    stack = s;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await setUpOwner(stack);
    call = await apiClient(stack);
    slackAuth = (
      await call<{ id: string }>('POST', '/api/authentications', {
        name: 'Slack',
        connector: 'slack',
        scope: 'organisational',
        fields: { token: stack.slack.token },
      })
    ).id;
  });

  it('fixes a failed step and retries with the changes; the failed run opens on its own version', async () => {
    const { page } = stack;
    const wf = await call<{ id: string }>('POST', '/api/workflows', {
      name: 'Two posts',
      trigger: { type: 'manual' },
      steps: [
        post('slack-1', 'C0000GENERAL', 'first', slackAuth),
        post('slack-2', '#no-such-channel', 'second', slackAuth),
      ],
    });
    await open(`#/workflows/${wf.id}`);
    await page.getByTestId('step-slack-2').waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const debug = page.getByRole('region', { name: 'Debug panel' });
    await eventually(
      () => debug.getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('failed'),
    );
    const [failed] = await call<RunJson[]>('GET', `/api/workflows/${wf.id}/runs`);
    expect(failed.error?.stepId).toBe('slack-2');
    expect(texts()).toEqual(['C0000GENERAL:first']);

    // Fix the channel (not saved yet), then retry: "with my changes" is the default.
    await page.getByTestId('step-slack-2').click();
    const props = page.getByRole('complementary', { name: 'Properties' });
    await props.getByLabel('Channel', { exact: true }).fill('C0000GENERAL');
    await debug.getByRole('button', { name: 'Retry from failed step…' }).click();
    const menu = debug.getByRole('group', { name: 'Retry from failed step' });
    expect(await menu.textContent()).toContain('Step slack-2 changed since version 1 ran');
    const withChanges = menu.getByRole('button', { name: /With my changes/ });
    expect(await withChanges.textContent()).toBe('With my changes (saved first as version 2)');
    expect(await withChanges.getAttribute('class')).toContain('primary');
    expect(
      await menu.getByRole('button', { name: 'As it ran (version 1)' }).getAttribute('class'),
    ).not.toContain('primary');
    await withChanges.click();
    await eventually(
      () => debug.getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('succeeded'),
    );
    const [retried] = await call<RunJson[]>('GET', `/api/workflows/${wf.id}/runs`);
    expect(retried).toMatchObject({ status: 'succeeded', workflowVersion: 2, retryOf: failed.id });
    // The first post was not sent again; the second went to the fixed channel.
    expect(texts()).toEqual(['C0000GENERAL:first', 'C0000GENERAL:second']);

    // The failed run, opened from the Runs page, shows version 1 as it ran, read-only.
    await open('#/runs');
    const row = page.locator(`tr[data-run-id="${failed.id}"]`);
    // Workflow names come with the workflows list, a moment after the runs.
    await eventually(
      () => row.textContent(),
      (t) => expect(t).toContain('Two posts'),
    );
    expect(await row.textContent()).toContain(failed.error?.message);
    await page.screenshot({ path: join(SCREENSHOTS, 'runs.png') });
    await row.getByRole('link', { name: 'Open' }).click();
    const banner = page.getByTestId('viewing-version');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('version 1, the version this run ran');
    expect(await page.getByRole('button', { name: 'Run', exact: true }).isDisabled()).toBe(true);
    await page.getByTestId('step-slack-2').click();
    expect(await props.getByLabel('Channel', { exact: true }).inputValue()).toBe(
      '#no-such-channel',
    );
    // An edit is refused, and says why.
    await props.getByLabel('Channel', { exact: true }).fill('C00CSALERTS');
    await page.getByText(/shown read-only\. Press "Back to the latest version" to edit/).waitFor();
    expect(await props.getByLabel('Channel', { exact: true }).inputValue()).toBe(
      '#no-such-channel',
    );

    await banner.getByRole('button', { name: 'Back to the latest version' }).click();
    await page.getByTestId('step-slack-2').click();
    expect(await props.getByLabel('Channel', { exact: true }).inputValue()).toBe('C0000GENERAL');
    expect(await page.getByRole('button', { name: 'Run', exact: true }).isDisabled()).toBe(false);
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);

  it('stops a running run from the Runs page and from the builder', async () => {
    const { page } = stack;
    const wf = await call<{ id: string }>('POST', '/api/workflows', {
      name: 'Slow post',
      trigger: { type: 'manual' },
      steps: [post('slack-1', 'C0000GENERAL', 'slow', slackAuth)],
    });
    const releases: Array<() => void> = [];
    try {
      releases.push(stack.slack.holdNext('chat.postMessage'));
      const { runId } = await call<{ runId: string }>('POST', `/api/workflows/${wf.id}/runs`, {});
      await open(`#/runs?workflowId=${wf.id}`);
      const row = page.locator(`tr[data-run-id="${runId}"]`);
      await eventually(
        () => row.textContent(),
        (t) => expect(t).toContain('running'),
      );
      await row.getByRole('button', { name: 'Stop' }).click();
      await eventually(
        () => call<RunJson>('GET', `/api/runs/${runId}`),
        (r) => expect(r.status).toBe('cancelled'),
      );
      await eventually(
        () => row.textContent(),
        (t) => expect(t).toContain('cancelled'),
      );
      expect(await row.getByRole('button', { name: 'Stop' }).count()).toBe(0);

      // In the builder, the debug panel's Stop does the same for the run it shows.
      releases.push(stack.slack.holdNext('chat.postMessage'));
      await open(`#/workflows/${wf.id}`);
      await page.getByTestId('step-slack-1').waitFor();
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const debug = page.getByRole('region', { name: 'Debug panel' });
      await eventually(
        () => debug.getByTestId('run-status').textContent(),
        (t) => expect(t).toBe('running'),
      );
      await debug.getByRole('button', { name: 'Stop' }).click();
      await eventually(
        () => debug.getByTestId('run-status').textContent(),
        (t) => expect(t).toBe('cancelled'),
      );
      const [latest] = await call<RunJson[]>('GET', `/api/workflows/${wf.id}/runs`);
      expect(latest.status).toBe('cancelled');
    } finally {
      for (const release of releases) release();
    }
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);
});
