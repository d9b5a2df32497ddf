// The second line of a step node, after its id: what the step does, in a few words. A Record
// by StepKind, so a new kind has to say how it reads on the canvas.
import type { StepKind, StepOfKind } from '../../../../engine/model/step-kinds.js';
import type { Step } from '../../graph/types.js';

function duration(seconds: number): string {
  for (const [unit, size] of [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ] as const)
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

const SUMMARIES: { [K in StepKind]: (step: StepOfKind<K>) => string | null } = {
  connector: () => null,
  loop: (step) => (step.mode === 'object' ? 'each key of an object' : null),
  boolean: () => null,
  break: (step) => `ends ${step.loop}`,
  branch: (step) =>
    `${step.cases?.length ?? 0} case${step.cases?.length === 1 ? '' : 's'} + default`,
  delay: (step) =>
    typeof step.input?.seconds === 'number'
      ? `waits ${duration(step.input.seconds)}`
      : 'until' in (step.input ?? {})
        ? 'waits until a time'
        : null,
  terminate: (step) =>
    step.input?.status === 'failed' ? 'ends the run as failed' : 'ends the run as succeeded',
  call: (step) =>
    step.workflow ? `calls ${step.workflow}${step.wait === false ? '' : ', waits'}` : null,
  respond: (step) =>
    typeof step.input?.status === 'number' ? `answers ${step.input.status}` : 'answers',
};

export function StepSummary({ step }: { step: Step }) {
  const kind = (step.type ?? 'connector') as StepKind;
  const text = (SUMMARIES[kind] as (s: Step) => string | null)(step);
  return text ? <span> · {text}</span> : null;
}
