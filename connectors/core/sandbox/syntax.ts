// The syntax check validate runs before any run: compile only, nothing executes.
import { quickjsForSyntax } from './quickjs.js';

/** The author's code as the function a script step runs: the code starts on line 2. */
export function scriptSource(code: string): string {
  return `(function (input) {"use strict";\n${code}\n})`;
}
export const SCRIPT_LINE_OFFSET = 1;

/** Why `code` does not parse, with its line and column, or undefined when it does. */
export function syntaxProblem(
  code: string,
): { message: string; line?: number; column?: number } | undefined {
  const module = quickjsForSyntax();
  const runtime = module.newRuntime();
  try {
    runtime.setMemoryLimit(16 * 1024 * 1024);
    runtime.setMaxStackSize(256 * 1024);
    const deadline = Date.now() + 1000;
    runtime.setInterruptHandler(() => Date.now() > deadline);
    const context = runtime.newContext();
    try {
      const result = context.evalCode(scriptSource(code), 'script', { compileOnly: true });
      if (!result.error) {
        result.value.dispose();
        return undefined;
      }
      const raw = context.dump(result.error) as { message?: string; stack?: string };
      result.error.dispose();
      const at = /script:(\d+):(\d+)/.exec(raw?.stack ?? '');
      return {
        message: raw?.message ?? 'the code does not parse',
        ...(at
          ? { line: Math.max(1, Number(at[1]) - SCRIPT_LINE_OFFSET), column: Number(at[2]) }
          : {}),
      };
    } finally {
      context.dispose();
    }
  } catch {
    // The check is a convenience; the run reports the same problem if it is real.
    return undefined;
  } finally {
    runtime.dispose();
  }
}
