// A 500-step workflow opens, a step can be selected, and the canvas scrolls to later
// steps, without a console error.
import { describe, expect, it } from 'vitest';
import { chromiumRuns, eventually, openNewWorkflow, useStack, type Stack } from './harness.js';

describe.runIf(chromiumRuns())('a canvas with 500 steps', () => {
  let stack: Stack;

  useStack((s) => {
    stack = s;
  });

  it('renders, selects a step and scrolls down to later steps', async () => {
    const { page } = stack;
    const steps = Array.from({ length: 500 }, (_, i) => ({
      id: `http-${i + 1}`,
      name: `Call ${i + 1}`,
      connector: 'http',
      operation: 'request',
      input: { method: 'GET', url: `http://127.0.0.1:9/items/${i + 1}` },
    }));
    await openNewWorkflow(stack, {
      name: 'Five hundred steps',
      trigger: { type: 'manual' },
      steps,
    });
    await page.getByTestId('step-http-1').waitFor();
    // Only what is on screen is rendered: far fewer than 500 step nodes.
    const rendered = await page.locator('.react-flow__node-step').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(100);

    await page.getByTestId('step-http-2').click();
    const props = page.getByRole('complementary', { name: 'Properties' });
    await eventually(
      () => props.locator('#step-name').inputValue(),
      (v) => expect(v).toBe('Call 2'),
    );

    // Scroll the canvas down (wheel pans it) until step 40 is on screen.
    await page.getByTestId('canvas').hover();
    for (let i = 0; i < 40 && (await page.getByTestId('step-http-40').count()) === 0; i++)
      await page.mouse.wheel(0, 400);
    await page.getByTestId('step-http-40').click();
    await eventually(
      () => props.locator('#step-name').inputValue(),
      (v) => expect(v).toBe('Call 40'),
    );
    expect(await page.getByTestId('step-http-40').getAttribute('class')).toContain('selected');

    expect(stack.consoleErrors).toEqual([]);
    expect(stack.consoleWarnings).toEqual([]);
  }, 120_000);
});
