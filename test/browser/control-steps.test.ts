// Control steps built in the browser: a "loop forever" with a safety bound, a boolean
// condition inside it whose value is mapped to the loop's index, and a Break dropped into
// the condition's True lane. Saved, run, and read back in the debug panel.
import { describe, expect, it } from 'vitest';
import { chromiumRuns, eventually, openNewWorkflow, useStack, type Stack } from './harness.js';

describe.runIf(chromiumRuns())('loops, conditions and break in the editor', () => {
  let stack: Stack;

  useStack((s) => {
    stack = s;
  });

  it('builds a loop that breaks on its third iteration and shows the count after a run', async () => {
    const { page } = stack;
    const { id, call } = await openNewWorkflow(stack, {
      name: 'Count to three',
      trigger: { type: 'manual' },
      steps: [],
    });
    const props = page.getByRole('complementary', { name: 'Properties' });

    await page.getByTestId('connector-loop').dragTo(page.getByTestId('drop-root-steps-0'));
    await props.getByLabel('Loop operation').selectOption('forever');
    await props.getByLabel('Stop after this many iterations').fill('10');

    await page.getByTestId('connector-boolean').dragTo(page.getByTestId('drop-loop-1-steps-0'));
    await page.getByTestId('step-boolean-1').waitFor();
    const condition = props.getByRole('group', { name: 'Condition 1' });
    await condition.getByRole('button', { name: 'Map Value' }).click();
    await page
      .getByRole('dialog', { name: 'Mapping picker' })
      .getByTestId('pick-group-loop-1')
      .getByRole('button', { name: /^index/ })
      .click();
    await eventually(
      () => condition.getByLabel('Value', { exact: true }).inputValue(),
      (v) => expect(v).toBe('$.steps.loop-1.index'),
    );
    await condition.getByLabel('Condition 1 operator').selectOption('equals');
    await condition.getByLabel('Compared with', { exact: true }).fill('2');
    await condition.getByLabel('Compared with', { exact: true }).blur();

    await page.getByTestId('connector-break').dragTo(page.getByTestId('drop-boolean-1-true-0'));
    await page.getByTestId('step-break-1').waitFor();
    expect(await props.getByLabel('Loop to end').inputValue()).toBe('loop-1');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved version 2').waitFor();
    const saved = await call<{ steps: unknown[] }>('GET', `/api/workflows/${id}`);
    expect(saved.steps).toEqual([
      {
        id: 'loop-1',
        type: 'loop',
        mode: 'forever',
        maxIterations: 10,
        input: {},
        steps: [
          {
            id: 'boolean-1',
            type: 'boolean',
            input: {
              conditions: [{ left: { $jsonpath: '$.steps.loop-1.index' }, op: 'equals', right: 2 }],
              match: 'all',
            },
            true: [{ id: 'break-1', type: 'break', loop: 'loop-1' }],
            false: [],
          },
        ],
      },
    ]);

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const debug = page.getByRole('region', { name: 'Debug panel' });
    await eventually(
      () => debug.getByTestId('run-status').textContent(),
      (t) => expect(['succeeded', 'failed']).toContain(t),
      30_000,
    );
    expect(await debug.getByTestId('run-status').textContent()).toBe('succeeded');
    await debug.getByRole('tab', { name: 'boolean-1' }).click();
    const places = await debug.getByLabel('Iteration').locator('option').allTextContents();
    expect(places).toEqual([
      'loop-1[0] > boolean-1',
      'loop-1[1] > boolean-1',
      'loop-1[2] > boolean-1',
    ]);
    await debug.getByRole('tab', { name: 'loop-1' }).click();
    await eventually(
      () => debug.getByRole('region', { name: 'Output' }).textContent(),
      (t) => expect(t).toMatch(/count\s*3/),
    );
    expect(stack.consoleErrors).toEqual([]);
  }, 120_000);
});
