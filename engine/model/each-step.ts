// Visit every step of a document, nested ones included (error branches, loop bodies, both
// boolean branches), each with its dotted path such as `steps.1.true.0`.
import type { Step } from './workflow.schema.js';

export function eachStep(
  steps: readonly Step[],
  visit: (step: Step, path: string) => void,
  at = 'steps',
): void {
  steps.forEach((step, i) => {
    const path = `${at}.${i}`;
    visit(step, path);
    if (step.error) eachStep(step.error, visit, `${path}.error`);
    if (step.type === 'loop') eachStep(step.steps, visit, `${path}.steps`);
    if (step.type === 'boolean') {
      eachStep(step.true, visit, `${path}.true`);
      eachStep(step.false, visit, `${path}.false`);
    }
  });
}
