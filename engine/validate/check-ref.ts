// One JSONPath reference checked against what is in scope where it is used.
import { parsePath, describeValue, type ParsedPath } from '../mapping/evaluate-path.js';
import { isPathRef } from '../mapping/compile-value.js';
import { childLists } from '../model/step-kinds.js';
import type { Step, Workflow } from '../model/workflow.schema.js';
import type { ValueRef } from './value-refs.js';

export interface RefScope {
  /** Step ids whose output `$.steps.<id>` holds at this point. */
  inScope: Set<string>;
  infos: Map<string, { order: number; loops: string[]; isLoop: boolean }>;
  config: Record<string, unknown>;
  /** `$.steps` as the recorded outputs say (plus each loop's first item as its value). */
  sample: Record<string, unknown> | undefined;
}

/** A message when the reference is wrong, else null. */
export function checkRef(ref: ValueRef, stepId: string, scope: RefScope): string | null {
  const where = `Step "${stepId}", input "${ref.field.replace(/^input\./, '')}"`;
  if (ref.malformed) return `${where}: ${ref.malformed}`;
  let parsed: ParsedPath;
  try {
    parsed = parsePath(ref.path);
  } catch (err) {
    return `${where}: ${(err as Error).message}`;
  }
  const [root, target] = parsed.segments;
  if (
    root === 'config' &&
    target !== undefined &&
    parsed.segments.length >= 2 &&
    !ref.hasDefault &&
    !(target in scope.config)
  ) {
    const keys = Object.keys(scope.config);
    return `${where}: ${ref.path} names config "${target}", which the workflow's config does not have (${keys.length ? `it has: ${keys.join(', ')}` : 'it is empty'})`;
  }
  if (root !== 'steps' || target === undefined || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(target))
    return null;
  if (!scope.inScope.has(target)) return outOfScope(where, ref.path, target, stepId, scope);
  if (!scope.sample || ref.hasDefault || !parsed.definite) return null;
  // A loop's sample is its { value, index } inside the body; after the loop it is { count, results }.
  const around = target === stepId || scope.infos.get(stepId)?.loops.includes(target);
  if (scope.infos.get(target)?.isLoop && !around) return null;
  return checkRecordedField(where, parsed, scope.sample);
}

function outOfScope(
  where: string,
  path: string,
  target: string,
  stepId: string,
  scope: RefScope,
): string {
  const info = scope.infos.get(target);
  const here = scope.infos.get(stepId);
  if (!info)
    return `${where}: ${path} refers to step "${target}", but there is no step with that id`;
  if (target === stepId)
    return `${where}: ${path} refers to the step itself; a step can only use the output of steps before it`;
  if (here && info.order > here.order)
    return `${where}: ${path} refers to step "${target}", which runs later; a step can only use the output of steps before it`;
  const loop = info.loops.find((id) => !here?.loops.includes(id));
  if (loop)
    return `${where}: ${path} refers to step "${target}", which is inside loop "${loop}" and out of scope after it; gather what you need with the loop's "collect" and use $.steps.${loop}.results`;
  return `${where}: ${path} refers to step "${target}", which is not on the way to this step (it is in another branch)`;
}

/** Follow the path through the recorded output; say which field is missing and what is there. */
function checkRecordedField(
  where: string,
  parsed: ParsedPath,
  sample: Record<string, unknown>,
): string | null {
  const [, target, ...rest] = parsed.segments;
  if (!(target in sample)) return null;
  let current: unknown = sample[target];
  const walked = [target];
  for (const segment of rest) {
    if (!/^[A-Za-z0-9_-]+$/.test(segment)) return null;
    // A record cut by the size bound (or redacted) no longer shows its fields: nothing to check.
    if (isCut(current)) return null;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment))
        return `${where}: ${parsed.path} asks for "${segment}" of ${walked.join('.')}, which is a list in the last recorded output; pick an item first, e.g. ${walked.join('.')}[0].${segment}`;
      if (Number(segment) >= current.length) return null;
      current = current[Number(segment)];
    } else if (current !== null && typeof current === 'object') {
      if (!Object.prototype.hasOwnProperty.call(current, segment)) {
        const keys = Object.keys(current);
        return `${where}: the path ${parsed.path} names "${segment}", which the last recorded output does not have (${walked.join('.')} has: ${keys.slice(0, 12).join(', ') || 'nothing'})`;
      }
      current = (current as Record<string, unknown>)[segment];
    } else {
      return `${where}: the path ${parsed.path} goes into ${walked.join('.')}, which is ${describeValue(current)} in the last recorded output`;
    }
    walked.push(segment);
  }
  return null;
}

function isCut(value: unknown): boolean {
  return (
    value === '[redacted]' ||
    (value !== null &&
      typeof value === 'object' &&
      (value as { $truncated?: unknown }).$truncated === true)
  );
}

/**
 * The recorded outputs as `$.steps`, plus `{ value, index: 0 }` for each loop whose list is a
 * plain reference into a recorded output, so `$.steps.loop-1.value.name` can be checked too.
 */
export function sampleDocument(
  workflow: Workflow,
  recorded: Record<string, unknown>,
): Record<string, unknown> {
  const steps: Record<string, unknown> = { ...recorded };
  const visit = (list: readonly Step[]) => {
    for (const step of list) {
      if (step.type === 'loop') {
        // A recorded loop output is { count, results }: not what its body sees.
        delete steps[step.id];
        const spec = step.input.list;
        if (isPathRef(spec)) {
          const items = follow(spec.$jsonpath, { steps });
          if (Array.isArray(items) && items.length > 0)
            steps[step.id] = { value: items[0], index: 0 };
        }
      }
      for (const child of childLists(step)) visit(child.steps);
    }
  };
  visit(workflow.steps);
  return steps;
}

function follow(path: string, doc: unknown): unknown {
  try {
    const parsed = parsePath(path);
    if (!parsed.simple) return undefined;
    let current = doc;
    for (const segment of parsed.segments) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
    return current;
  } catch {
    return undefined;
  }
}
