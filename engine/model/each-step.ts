// Visit every step of a document, nested ones included (every child list of every kind,
// error branches too), each with its dotted path such as `steps.1.true.0`.
import { childLists } from './step-kinds.js';
import type { Step } from './workflow.schema.js';

export function eachStep(
  steps: readonly Step[],
  visit: (step: Step, path: string) => void,
  at = 'steps',
): void {
  steps.forEach((step, i) => {
    const path = `${at}.${i}`;
    visit(step, path);
    for (const child of childLists(step)) eachStep(child.steps, visit, `${path}.${child.key}`);
  });
}
