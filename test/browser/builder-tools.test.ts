// The builder's tools (issue 17, item 8 and 9): copy and paste of a loop with its body, a
// duplicate, dropping a connector beside a drop zone and on open canvas (appended), the
// debug panel resized by its edge and remembered, Slack's channel chosen from the fake
// Slack's list, HTTP headers and query parameters as rows, a confirmation before replaying a
// step that writes, a test payload that Run sends, and a runs list that follows runs
// started elsewhere without Refresh.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../helpers/listen.js';
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

type Doc = { steps: Record<string, unknown>[]; sample?: { trigger?: unknown } };

describe.runIf(chromiumRuns())('builder tools', () => {
  let stack: Stack;
  let call: ApiCall;
  let slackAuth: string;
  let listener: Listening | undefined;

  useStack(async (s) => {
    stack = s;
    await setUpOwner(stack);
    call = await apiClient(stack);
    slackAuth = (
      await call<{ id: string }>('POST', '/api/authentications', {
        name: 'Team Slack',
        connector: 'slack',
        scope: 'organisational',
        fields: { token: stack.slack.token },
      })
    ).id;
  });
  afterEach(async () => {
    await listener?.close();
    listener = undefined;
    expect(stack.consoleErrors).toEqual([]);
  });

  const messages = () => stack.slack.state.messages;

  async function open(workflow: Record<string, unknown>): Promise<string> {
    const { id } = await call<{ id: string }>('POST', '/api/workflows', workflow);
    await stack.page.goto(`${stack.url}/#/workflows/${id}`);
    await stack.page.getByTestId('canvas').waitFor();
    return id;
  }
  const saved = (id: string) => call<Doc>('GET', `/api/workflows/${id}`);
  const selectStep = (stepId: string) =>
    stack.page.getByTestId(`step-${stepId}`).locator('.step-title').first().click();
  const props = () => stack.page.getByRole('complementary', { name: 'Properties' });
  const debug = () => stack.page.getByRole('region', { name: 'Debug panel' });

  it('copies and pastes a loop with its body (new ids, its own mappings following), and duplicates a step', async () => {
    const { page } = stack;
    const id = await open({
      name: 'Greet each',
      trigger: { type: 'manual' },
      config: { names: ['Ada', 'Grace'] },
      steps: [
        {
          id: 'loop-1',
          type: 'loop',
          mode: 'list',
          input: { list: { $jsonpath: '$.config.names' } },
          steps: [
            {
              id: 'slack-1',
              connector: 'slack',
              operation: 'send_message',
              auth: slackAuth,
              input: { channel: 'C0000GENERAL', text: 'Hello {$.steps.loop-1.value}' },
            },
          ],
        },
      ],
    });
    await selectStep('loop-1');
    await page.keyboard.press('Control+c');
    await page.getByText('Copied loop-1').waitFor();
    await page.keyboard.press('Control+v');
    await page.getByTestId('step-loop-2').waitFor();
    await page.getByTestId('step-slack-2').waitFor();
    await page.getByText('Pasted as loop-2').waitFor();

    // Duplicate (Ctrl+D) puts a copy right after the step, in the same loop.
    await selectStep('slack-1');
    await page.keyboard.press('Control+d');
    await page.getByTestId('step-slack-3').waitFor();
    // And the menu entry: Paste after (the clip is still loop-1) on the duplicate.
    await props().getByRole('button', { name: 'Paste after (loop-1)' }).waitFor();

    await page.keyboard.press('Control+s');
    await page.getByText(/Saved version 2/).waitFor();
    const doc = await saved(id);
    expect(doc.steps.map((s) => s.id)).toEqual(['loop-1', 'loop-2']);
    const [first, second] = doc.steps as {
      steps: { id: string; input: { text: string } }[];
      input: unknown;
    }[];
    expect(first.steps.map((s) => s.id)).toEqual(['slack-1', 'slack-3']);
    expect(second.input).toEqual({ list: { $jsonpath: '$.config.names' } });
    expect(second.steps.map((s) => s.id)).toEqual(['slack-2']);
    expect(second.steps[0].input.text).toBe('Hello {$.steps.loop-2.value}');

    // Each copy runs: the pasted loop greets each name with its own value.
    const before = messages().length;
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await eventually(
      () => debug().getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('succeeded'),
    );
    expect(
      messages()
        .slice(before)
        .map((m) => m.text),
    ).toEqual(['Hello Ada', 'Hello Ada', 'Hello Grace', 'Hello Grace', 'Hello Ada', 'Hello Grace']);
  });

  it('drops a connector beside a drop zone into it, and on open canvas at the end', async () => {
    const { page } = stack;
    const id = await open({
      name: 'Drops',
      trigger: { type: 'manual' },
      steps: [
        { id: 'first', connector: 'text', operation: 'trim', input: { text: ' a ' } },
        { id: 'second', connector: 'text', operation: 'trim', input: { text: ' b ' } },
      ],
    });
    const source = page
      .getByRole('complementary', { name: 'Connectors' })
      .getByTestId('connector-text');
    const canvas = page.getByTestId('canvas');

    // While dragging, every drop zone shows and the nearest one is highlighted.
    const zone = await page.getByTestId('drop-root-steps-1').boundingBox();
    if (!zone) throw new Error('no drop zone between the steps');
    await source.hover();
    await page.mouse.down();
    await page.mouse.move(zone.x + zone.width + 30, zone.y + zone.height / 2, { steps: 8 });
    await eventually(
      () => canvas.getAttribute('class'),
      (c) => expect(c).toContain('dragging'),
    );
    await eventually(
      () => page.getByTestId('drop-root-steps-1').getAttribute('class'),
      (c) => expect(c).toContain('over'),
    );
    await page.getByRole('status').filter({ hasText: 'anywhere else on the canvas' }).waitFor();
    await page.mouse.up();
    await page.getByTestId('step-text-1').waitFor();
    await eventually(
      () => canvas.getAttribute('class'),
      (c) => expect(c).not.toContain('dragging'),
    );

    // Far from every zone: the end of the workflow is highlighted and takes the drop.
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no canvas');
    await source.hover();
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 30, box.y + 60, { steps: 8 });
    await eventually(
      () => page.getByTestId('drop-root-steps-3').getAttribute('class'),
      (c) => expect(c).toContain('over'),
    );
    await page.mouse.up();
    await page.getByTestId('step-text-2').waitFor();

    await page.keyboard.press('Control+s');
    await page.getByText(/Saved version 2/).waitFor();
    expect((await saved(id)).steps.map((s) => s.id)).toEqual([
      'first',
      'text-1',
      'second',
      'text-2',
    ]);
  });

  it('gives the canvas most of a 1280×720 window, and the debug panel the height dragged to, remembered', async () => {
    const { page } = stack;
    await page.setViewportSize({ width: 1280, height: 720 });
    try {
      await page.evaluate(() => localStorage.removeItem('stepwise:debug-height'));
      await open({ name: 'Sizes', trigger: { type: 'manual' }, steps: [] });
      await page.getByRole('button', { name: 'Debug' }).click();
      const handle = page.getByRole('separator', { name: 'Resize the debug panel' });
      await handle.waitFor();
      const canvas = async () => (await page.getByTestId('canvas').boundingBox())?.height ?? 0;
      const panel = async () => (await debug().boundingBox())?.height ?? 0;
      expect(await canvas()).toBeGreaterThan(720 / 2);
      const start = await panel();

      const edge = await handle.boundingBox();
      if (!edge) throw new Error('no handle');
      await page.mouse.move(edge.x + 200, edge.y + edge.height / 2);
      await page.mouse.down();
      await page.mouse.move(edge.x + 200, edge.y - 150, { steps: 6 });
      await page.mouse.up();
      await eventually(panel, (h) => expect(h).toBeGreaterThan(start + 120));
      const dragged = Number(await handle.getAttribute('aria-valuenow'));
      expect(Math.abs(dragged - (await panel()))).toBeLessThan(4);

      // Remembered: after a reload the panel opens at that height.
      await page.reload();
      await page.getByRole('button', { name: 'Debug' }).click();
      await eventually(
        () => handle.getAttribute('aria-valuenow'),
        (v) => expect(Number(v)).toBe(dragged),
      );
      // The keyboard moves it too.
      await handle.focus();
      await page.keyboard.press('ArrowDown');
      await eventually(
        () => handle.getAttribute('aria-valuenow'),
        (v) => expect(Number(v)).toBe(dragged - 24),
      );
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it("offers Slack's channels from the service in a searchable dropdown, and keeps typed text", async () => {
    const { page } = stack;
    const id = await open({
      name: 'Channel picker',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'slack-1',
          connector: 'slack',
          operation: 'send_message',
          auth: slackAuth,
          input: { text: 'From the picker' },
        },
      ],
    });
    await selectStep('slack-1');
    const channel = props().getByRole('combobox', { name: 'Channel', exact: true });
    await props().getByRole('button', { name: 'Choose Channel from a list' }).click();
    const list = props().getByRole('listbox', { name: 'Channel choices' });
    await eventually(
      () => list.getByRole('option').allTextContents(),
      // Archived channels are left out; each shows its name and id.
      (t) =>
        expect(t).toEqual([
          'general C0000GENERAL',
          'cs-alerts C00CSALERTS',
          'not-joined C000NOTIN',
        ]),
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'dynamic-choices.png') });

    // Typing narrows the list; a choice fills the id and shows its name.
    await channel.fill('alert');
    await eventually(
      () => list.getByRole('option').allTextContents(),
      (t) => expect(t).toEqual(['cs-alerts C00CSALERTS']),
    );
    await list.getByRole('option', { name: /cs-alerts/ }).click();
    await expect.poll(() => channel.inputValue()).toBe('C00CSALERTS');
    await props().getByTestId('choice-label').filter({ hasText: 'cs-alerts' }).waitFor();

    // Free text stays possible (a channel the list does not have is kept as typed).
    await channel.fill('#somewhere-else');
    await expect.poll(() => channel.inputValue()).toBe('#somewhere-else');
    await channel.press('Escape');
    await props().getByRole('button', { name: 'Choose Channel from a list' }).click();
    await list.getByRole('option', { name: /general/ }).click();

    await page.keyboard.press('Control+s');
    await page.getByText(/Saved version 2/).waitFor();
    const step = (await saved(id)).steps[0] as { input: Record<string, unknown> };
    expect(step.input.channel).toBe('C0000GENERAL');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await eventually(
      () => Promise.resolve(messages().at(-1)),
      (m) => expect(m).toMatchObject({ channel: 'C0000GENERAL', text: 'From the picker' }),
    );
  });

  it('edits HTTP headers and query parameters as rows of a name and a value', async () => {
    const { page } = stack;
    const seen: { url: string; trace?: string }[] = [];
    listener = await listen((req, res) => {
      seen.push({ url: req.url ?? '', trace: req.headers['x-trace'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const id = await open({
      name: 'Headers',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'http-1',
          connector: 'http',
          operation: 'request',
          input: { method: 'GET', url: `${listener.url}/items` },
        },
      ],
    });
    await selectStep('http-1');
    const headers = props().getByRole('group', { name: 'Headers', exact: true });
    await headers.getByRole('button', { name: 'Add header' }).click();
    await headers.getByLabel('Header 1 name').fill('X-Trace');
    await headers.getByLabel('Header 1 value').fill('trace-42');
    await headers.getByRole('button', { name: 'Add header' }).click();
    await headers.getByLabel('Header 2 name').fill('X-Unwanted');
    await headers.getByLabel('Header 2 value').fill('no');
    await headers.getByRole('button', { name: 'Remove header 2' }).click();
    const query = props().getByRole('group', { name: 'Query parameters' });
    await query.getByRole('button', { name: 'Add query parameter' }).click();
    await query.getByLabel('Query parameter 1 name').fill('page');
    await query.getByLabel('Query parameter 1 value').fill('2');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Saved version 2/).waitFor();
    const step = (await saved(id)).steps[0] as { input: Record<string, unknown> };
    expect(step.input.headers).toEqual({ 'X-Trace': 'trace-42' });
    expect(step.input.query).toEqual({ page: '2' });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await eventually(
      () => debug().getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('succeeded'),
    );
    await eventually(
      () => Promise.resolve(seen),
      (s) => expect(s).toEqual([{ url: '/items?page=2', trace: 'trace-42' }]),
    );
  });

  it('asks before replaying a step that writes, and replays one that only reads at once', async () => {
    const { page } = stack;
    await open({
      name: 'Replays',
      trigger: { type: 'manual' },
      steps: [
        { id: 'text-1', connector: 'text', operation: 'trim', input: { text: '  Initech ' } },
        {
          id: 'slack-1',
          connector: 'slack',
          operation: 'send_message',
          auth: slackAuth,
          input: { channel: 'C00CSALERTS', text: 'Renewal: {$.steps.text-1.text}' },
        },
      ],
    });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await eventually(
      () => debug().getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('succeeded'),
    );
    const count = messages().length;

    await debug().getByRole('tab', { name: 'text-1' }).click();
    await debug().getByRole('button', { name: 'Replay this step' }).click();
    await debug().getByText('(replayed just now)').waitFor();
    expect(await debug().getByRole('alertdialog').count()).toBe(0);

    await debug().getByRole('tab', { name: 'slack-1' }).click();
    await debug().getByRole('button', { name: 'Replay this step' }).click();
    const ask = debug().getByRole('alertdialog', { name: 'Replay this step?' });
    await ask.waitFor();
    expect(await ask.textContent()).toContain('Slack again: "Send message" may post');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(messages().length).toBe(count);

    await debug().getByRole('button', { name: 'Replay this step' }).click();
    await ask.getByRole('button', { name: 'Replay anyway' }).click();
    await debug().getByText('(replayed just now)').waitFor();
    expect(messages().length).toBe(count + 1);
    expect(messages().at(-1)?.text).toBe('Renewal: Initech');
  });

  it('keeps a test payload with the workflow: Run sends it, the picker offers its fields', async () => {
    const { page } = stack;
    const id = await open({
      name: 'Payload',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'slack-1',
          connector: 'slack',
          operation: 'send_message',
          auth: slackAuth,
          input: { channel: 'C00CSALERTS' },
        },
      ],
    });
    await page.getByTestId('trigger').click();
    const payload = props().getByLabel('Test payload');
    await payload.fill('{ "name": "Ada", "plan": "gold" }');
    await payload.blur();

    await selectStep('slack-1');
    await props().getByLabel('Text mode').selectOption('text');
    await props().getByRole('button', { name: 'Map Text' }).click();
    const picker = page.getByRole('dialog', { name: 'Mapping picker' });
    const trigger = picker.getByTestId('pick-group-$trigger');
    await trigger.getByText('(test payload)').waitFor();
    await trigger.getByRole('button', { name: /^name/ }).click();

    await page.keyboard.press('Control+s');
    await page.getByText(/Saved version 2/).waitFor();
    expect((await saved(id)).sample).toEqual({ trigger: { name: 'Ada', plan: 'gold' } });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await eventually(
      () => debug().getByTestId('run-status').textContent(),
      (t) => expect(t).toBe('succeeded'),
    );
    expect(messages().at(-1)?.text).toBe('Ada');
    const runs = await call<{ trigger: { output: unknown } }[]>('GET', `/api/workflows/${id}/runs`);
    expect(runs[0].trigger.output).toEqual({ name: 'Ada', plan: 'gold' });
  });

  it('follows runs started elsewhere in the runs list, a retried one to its end, without Refresh', async () => {
    const { page } = stack;
    const id = await open({
      name: 'Live list',
      trigger: { type: 'manual' },
      steps: [
        { id: 'delay-1', type: 'delay', input: { seconds: 1 } },
        {
          id: 'slack-1',
          connector: 'slack',
          operation: 'send_message',
          auth: slackAuth,
          input: { channel: 'C000ARCHIVED', text: 'Nobody reads this' },
        },
      ],
    });
    await page.getByRole('button', { name: 'Debug' }).click();
    const list = page.getByRole('navigation', { name: 'Runs' });
    const { runId } = await call<{ runId: string }>('POST', `/api/workflows/${id}/runs`, {});
    await eventually(
      () => list.locator('.badge').allTextContents(),
      (badges) => expect(badges).toEqual(['failed']),
    );
    const retried = await call<{ runId: string }>('POST', `/api/runs/${runId}/retry`, {
      from: 'start',
      version: 'same',
    });
    expect(retried.runId).not.toBe(runId);
    await eventually(
      () => list.locator('.badge').allTextContents(),
      (badges) => expect(badges).toEqual(['failed', 'failed']),
    );
  });
});
