// Warm sandboxes, so a script step in a 100,000-item loop pays for a context once, not per
// item. A sandbox is shared only by calls of the same code for the same owner (one workflow's
// step, or the regex helper, whose code is ours): its global object is frozen, and whatever a
// script leaves in a prototype can only be seen by the same code of the same step again, never
// by another step or another workflow. A sandbox that timed out, ran out of memory or failed on
// the host side is never reused; a host-side failure also drops the whole QuickJS module.
import { dropQuickJS, quickjsFor } from './quickjs.js';
import { Sandbox, type CallOutcome, type Failure, type SandboxLimits } from './sandbox.js';

const MAX_SANDBOXES = 32;
/** By owner and limits; each holds the code it was made for (a step has one code at a time). */
const sandboxes = new Map<string, { code: string; sandbox: Sandbox }>();

export type RunOutcome = CallOutcome | { ok: false; compile: true; failure: Failure };

/**
 * Run `code` on `inputJson` in the warm sandbox for `owner`, making one first when there is
 * none: `toSource(code)` is the function expression compiled, with the author's code starting
 * after `lineOffset` lines.
 */
export async function runInSandbox(
  owner: string,
  code: string,
  toSource: (code: string) => string,
  lineOffset: number,
  inputJson: string,
  limits: SandboxLimits,
): Promise<RunOutcome> {
  const loaded = await quickjsFor(limits.memoryBytes);
  // Short and the same for every call of a step: the code is compared, not hashed, each time.
  const key = `${owner}\u0000${limits.timeLimitMs}\u0000${limits.memoryBytes}`;
  const entry = sandboxes.get(key);
  let sandbox = entry?.sandbox;
  if (
    entry &&
    (entry.code !== code || !entry.sandbox.usable || entry.sandbox.module !== loaded.module)
  ) {
    entry.sandbox.dispose();
    sandboxes.delete(key);
    sandbox = undefined;
  }
  if (sandbox) {
    // Most recently used last, so the first entry is the one to evict.
    sandboxes.delete(key);
    sandboxes.set(key, { code, sandbox });
  } else {
    const made = Sandbox.create(loaded, toSource(code), lineOffset, limits);
    if ('failure' in made) {
      if (made.failure.kind === 'host') reset(limits.memoryBytes);
      return { ok: false, compile: true, failure: made.failure };
    }
    sandbox = made.sandbox;
    sandboxes.set(key, { code, sandbox });
    if (sandboxes.size > MAX_SANDBOXES) {
      const [oldestKey, oldest] = sandboxes.entries().next().value as [
        string,
        { sandbox: Sandbox },
      ];
      oldest.sandbox.dispose();
      sandboxes.delete(oldestKey);
    }
  }
  const outcome = sandbox.call(inputJson);
  if (!outcome.ok && outcome.failure.kind === 'host') reset(limits.memoryBytes);
  else if (!sandbox.usable) {
    sandbox.dispose();
    sandboxes.delete(key);
  }
  return outcome;
}

/** Drop every sandbox and the module (after a failure on the host side of the wasm). */
function reset(memoryBytes: number): void {
  for (const entry of sandboxes.values()) entry.sandbox.dispose();
  sandboxes.clear();
  dropQuickJS(memoryBytes);
}

/** For tests and the bench: how many warm sandboxes there are, and a way to start cold. */
export const sandboxCache = {
  size: () => sandboxes.size,
  clear(): void {
    for (const entry of sandboxes.values()) entry.sandbox.dispose();
    sandboxes.clear();
  },
};
