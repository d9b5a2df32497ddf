// A script step built in the browser: found in the connectors panel under Helpers, its code
// typed in the properties panel, saved and run; the debug panel shows what it returned and
// its console lines. A script that does not parse is shown on the step after saving, before
// any run.
import { describe, expect, it } from 'vitest';
import {
  apiClient,
  chromiumRuns,
  eventually,
  openNewWorkflow,
  useStack,
  type Stack,
} from './harness.js';

describe.runIf(chromiumRuns())('a script step in the editor', () => {
  let stack: Stack;

  useStack((s) => {
    stack = s;
  });

  it('builds a script step, runs it and shows its result and logs', async () => {
    const { page } = stack;
    const { id, call } = await openNewWorkflow(stack, {
      name: 'Double the numbers',
      trigger: { type: 'manual' },
      steps: [],
    });
    const props = page.getByRole('complementary', { name: 'Properties' });
    const panel = page.getByRole('complementary', { name: 'Connectors' });
    await panel.getByLabel('Search connectors').fill('script');
    await panel.getByTestId('connector-script').dragTo(page.getByTestId('drop-root-steps-0'));
    await panel.getByLabel('Search connectors').fill('');
    await page.getByTestId('step-script-1').waitFor();
    expect(await props.getByLabel('Operation').inputValue()).toBe('run');

    const code = props.getByLabel('Code', { exact: true });
    await code.fill(
      'console.log("doubling", [1, 2, 3].length, "numbers");\nreturn [1, 2, 3].map((n) => n * 2).join(" + ");',
    );
    await code.blur();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved version 2').waitFor();
    const saved = await call<{ steps: { input: { code: string } }[] }>(
      'GET',
      `/api/workflows/${id}`,
    );
    expect(saved.steps[0].input.code).toContain('return [1, 2, 3].map((n) => n * 2).join(" + ");');

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const debug = page.getByRole('region', { name: 'Debug panel' });
    await eventually(
      () => debug.getByTestId('run-status').textContent(),
      (t) => expect(['succeeded', 'failed']).toContain(t),
      30_000,
    );
    expect(await debug.getByTestId('run-status').textContent()).toBe('succeeded');
    await debug.getByRole('tab', { name: 'script-1' }).click();
    const output = debug.getByRole('region', { name: 'Output' });
    await eventually(
      () => output.textContent(),
      (t) => {
        expect(t).toContain('2 + 4 + 6');
        expect(t).toContain('doubling 3 numbers');
      },
    );
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);

  it('shows a script that does not parse on its step after saving', async () => {
    const { page } = stack;
    // The owner is signed in since the first test: open the workflow directly.
    const call = await apiClient(stack);
    const { id } = await call<{ id: string }>('POST', '/api/workflows', {
      name: 'Broken script',
      trigger: { type: 'manual' },
      steps: [
        { id: 'script-1', connector: 'script', operation: 'run', input: { code: 'return 1' } },
      ],
    });
    await page.goto(`${stack.url}/#/workflows/${id}`);
    const props = page.getByRole('complementary', { name: 'Properties' });
    await page.getByTestId('step-script-1').click();
    const code = props.getByLabel('Code', { exact: true });
    await code.fill('const total = ;\nreturn total;');
    await code.blur();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved version 2').waitFor();
    await eventually(
      () => props.textContent(),
      (t) => expect(t).toMatch(/does not parse at line 1/),
    );
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);
});
