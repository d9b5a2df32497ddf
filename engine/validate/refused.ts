// What a workflow may not be saved with, whoever saves it: a mapping that uses what mappings
// refuse on purpose (a method call or a regular expression in a filter, a script expression,
// a path past the length limit) and a loop asking for more iterations than the limit. Other
// problems (a typo in a path, a step out of scope) are for validate to list: a half-finished
// workflow can still be saved.
import { iterationsProblem } from '../limits.js';
import { parsePath, PathError } from '../mapping/evaluate-path.js';
import { eachStep } from '../model/each-step.js';
import type { Workflow } from '../model/workflow.schema.js';
import type { ValidationProblem } from '../run/types.js';
import { collectRefs, type ValueRef } from './value-refs.js';

export function refusedProblems(workflow: Workflow): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  eachStep(workflow.steps, (step, at) => {
    const refs: ValueRef[] = [];
    if ('input' in step) collectRefs(step.input, 'input', refs);
    if (step.type === 'loop') {
      collectRefs(step.collect, 'collect', refs);
      const message = iterationsProblem(step);
      if (message) problems.push({ path: `${at}.maxIterations`, stepId: step.id, message });
    }
    for (const ref of refs) {
      try {
        parsePath(ref.path);
      } catch (err) {
        if (err instanceof PathError && err.forbidden)
          problems.push({
            path: `${at}.${ref.field}`,
            stepId: step.id,
            message: `Step "${step.id}", input "${ref.field.replace(/^input\./, '')}": ${err.message}`,
          });
      }
    }
  });
  return problems;
}
