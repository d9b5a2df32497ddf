// Which steps may change something outside the run (post a message, write a file, call an
// API), so that the executor makes every earlier report durable before they start. Loops,
// conditions and breaks never do; a connector operation does unless it declares
// `sideEffects: false`; a kind this file does not know is assumed to.
import type { Catalog, Step } from '../../engine/index.js';

const PURE_KINDS = new Set(['loop', 'boolean', 'break']);

export function createSideEffectCheck(catalog: Catalog): (step: Step) => boolean {
  const known = new WeakMap<Step, boolean>();
  return (step) => {
    let answer = known.get(step);
    if (answer === undefined) {
      answer = decide(catalog, step);
      known.set(step, answer);
    }
    return answer;
  };
}

function decide(catalog: Catalog, step: Step): boolean {
  const type = (step as { type?: string }).type;
  if (type !== undefined) return !PURE_KINDS.has(type);
  const { connector, operation } = step as { connector: string; operation: string };
  return catalog.get(connector, operation)?.sideEffects !== false;
}
