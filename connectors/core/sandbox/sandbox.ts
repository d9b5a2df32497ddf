// One sandbox: a QuickJS runtime (its own memory limit) with one context, prepared by the
// harness, holding one compiled function that it runs again and again (each loop item, each
// run of the same step). Only texts cross the boundary: the input goes in as JSON text and the
// result comes out as JSON text, so no host object is ever reachable from inside.
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import { HARNESS_SOURCE } from './harness.js';
import type { LoadedModule } from './quickjs.js';

export interface SandboxLimits {
  timeLimitMs: number;
  memoryBytes: number;
}

/** QuickJS's own recursion limit, well inside what V8 allows the wasm's native frames. */
const MAX_STACK_BYTES = 256 * 1024;
/** The file name compiled code gets, so its stack frames can be told from the harness's. */
const FILE = 'script';

export interface Failure {
  kind: 'error' | 'timeout' | 'memory' | 'not-json' | 'host';
  name: string;
  message: string;
  /** In the author's code (1-based), when QuickJS says where. */
  line?: number;
  column?: number;
}

export type CallOutcome =
  | { ok: true; result: unknown; logs: string[]; logsDropped: number }
  | { ok: false; failure: Failure; logs: string[]; logsDropped: number };

/** Where in the author's code: the first frame in FILE, its line less the wrapper's lines. */
function position(stack: string, lineOffset: number): { line?: number; column?: number } {
  const match = new RegExp(`[(\\s]${FILE}:(\\d+):(\\d+)`).exec(stack);
  if (!match) return {};
  return { line: Math.max(1, Number(match[1]) - lineOffset), column: Number(match[2]) };
}

function classify(info: { name: string; message: string }): Failure['kind'] {
  if (info.name === 'InternalError' && info.message === 'interrupted') return 'timeout';
  if (info.message === 'out of memory') return 'memory';
  return 'error';
}

export class Sandbox {
  private readonly runtime: QuickJSRuntime;
  private readonly context: QuickJSContext;
  private readonly harness: QuickJSHandle;
  private readonly callFn: QuickJSHandle;
  private readonly logsFn: QuickJSHandle;
  private readonly describeFn: QuickJSHandle;
  private fn: QuickJSHandle | undefined;
  private deadline = 0;
  private readonly memory: WebAssembly.Memory;
  /** The module's memory size when the current call started, and whether the call went past it by the limit. */
  private memoryAtStart = 0;
  private memoryTripped = false;
  readonly module: LoadedModule['module'];
  /** False once a timeout, a memory overrun or a host failure may have left it half-way. */
  usable = true;

  /**
   * Prepare a context and compile `source`, a function expression whose author's code starts
   * after `lineOffset` lines. A source that does not compile gives a failure instead.
   */
  static create(
    loaded: LoadedModule,
    source: string,
    lineOffset: number,
    limits: SandboxLimits,
  ): { sandbox: Sandbox } | { failure: Failure } {
    let sandbox: Sandbox;
    try {
      sandbox = new Sandbox(loaded, limits, lineOffset);
    } catch (err) {
      // Out of memory in the module's capped memory (warm sandboxes of other steps fill it).
      const message = err instanceof Error ? err.message : String(err);
      return { failure: { kind: 'host', name: 'InternalError', message } };
    }
    const failure = sandbox.compile(source);
    if (failure) {
      sandbox.dispose();
      return { failure };
    }
    return { sandbox };
  }

  private constructor(
    loaded: LoadedModule,
    private readonly limits: SandboxLimits,
    private readonly lineOffset: number,
  ) {
    this.module = loaded.module;
    this.memory = loaded.module.getWasmMemory();
    this.runtime = loaded.module.newRuntime();
    this.runtime.setMemoryLimit(limits.memoryBytes);
    this.runtime.setMaxStackSize(MAX_STACK_BYTES);
    // Called by QuickJS every few thousand instructions (its regex engine too). The memory check
    // catches what QuickJS's own limit misses: large strings and byte arrays (see quickjs.ts).
    this.runtime.setInterruptHandler(() => {
      if (this.memory.buffer.byteLength - this.memoryAtStart > this.limits.memoryBytes) {
        this.memoryTripped = true;
        return true;
      }
      return Date.now() > this.deadline;
    });
    this.context = this.runtime.newContext();
    this.start(Math.max(limits.timeLimitMs, 1000));
    this.harness = this.context.unwrapResult(this.context.evalCode(HARNESS_SOURCE, 'harness'));
    this.callFn = this.context.getProp(this.harness, 'call');
    this.logsFn = this.context.getProp(this.harness, 'logs');
    this.describeFn = this.context.getProp(this.harness, 'describe');
  }

  private start(ms: number): void {
    this.deadline = Date.now() + ms;
    this.memoryAtStart = this.memory.buffer.byteLength;
    this.memoryTripped = false;
  }

  private compile(source: string): Failure | undefined {
    this.start(this.limits.timeLimitMs);
    const compiled = this.guard(() => this.context.evalCode(source, FILE));
    if ('failure' in compiled) return compiled.failure;
    const result = compiled.value;
    if (result.error) return this.failureOf(result.error);
    if (this.context.typeof(result.value) !== 'function') {
      result.value.dispose();
      return { kind: 'error', name: 'SyntaxError', message: 'the code is not a function body' };
    }
    this.fn = result.value;
    return undefined;
  }

  /** Run the compiled function on `inputJson`. Never throws. */
  call(inputJson: string): CallOutcome {
    if (!this.fn || !this.usable)
      return {
        ok: false,
        failure: { kind: 'host', name: 'Error', message: 'this sandbox was closed' },
        logs: [],
        logsDropped: 0,
      };
    this.start(this.limits.timeLimitMs);
    const fn = this.fn;
    const called = this.guard(() => {
      const input = this.context.newString(inputJson);
      try {
        return this.context.callFunction(this.callFn, this.context.undefined, fn, input);
      } finally {
        input.dispose();
      }
    });
    if ('failure' in called)
      return { ok: false, failure: called.failure, logs: [], logsDropped: 0 };
    const result = called.value;
    if (result.error) {
      const failure = this.failureOf(result.error);
      if (failure.kind !== 'error') this.usable = false;
      return { ok: false, failure, ...this.takeLogs() };
    }
    const envelope = JSON.parse(this.context.getString(result.value)) as {
      result?: unknown;
      notJson?: string;
      lines: string[];
      dropped: number;
    };
    result.value.dispose();
    const logs = { logs: envelope.lines, logsDropped: envelope.dropped };
    if (envelope.notJson !== undefined)
      return {
        ok: false,
        failure: {
          kind: 'not-json',
          name: 'TypeError',
          message: `the code must return a JSON value (text, number, true/false, null, a list or a plain object), but ${envelope.notJson}`,
        },
        ...logs,
      };
    return { ok: true, result: envelope.result, ...logs };
  }

  dispose(): void {
    this.usable = false;
    if (!this.runtime.alive) return;
    try {
      this.fn?.dispose();
      for (const h of [this.callFn, this.logsFn, this.describeFn, this.harness]) h.dispose();
      this.context.dispose();
      this.runtime.dispose();
    } catch {
      // A runtime left mid-call by a host failure cannot always be freed; its module is dropped.
    }
  }

  /** Run something that enters the wasm; a host-side failure (V8's stack) marks it unusable. */
  private guard<T>(run: () => T): { value: T } | { failure: Failure } {
    try {
      return { value: run() };
    } catch (err) {
      this.usable = false;
      const message = err instanceof Error ? err.message : String(err);
      return { failure: { kind: 'host', name: 'InternalError', message } };
    }
  }

  /** The console lines of the call just made; a little more time to read them after a timeout. */
  private takeLogs(): { logs: string[]; logsDropped: number } {
    if (!this.usable) return { logs: [], logsDropped: 0 };
    this.deadline = Date.now() + 100;
    const got = this.guard(() => this.context.callFunction(this.logsFn, this.context.undefined));
    if ('failure' in got || got.value.error) {
      if ('value' in got) got.value.error?.dispose();
      return { logs: [], logsDropped: 0 };
    }
    const parsed = JSON.parse(this.context.getString(got.value.value)) as {
      lines: string[];
      dropped: number;
    };
    got.value.value.dispose();
    return { logs: parsed.lines, logsDropped: parsed.dropped };
  }

  /** Name, message and place of a thrown value, read by the harness under a short deadline. */
  private failureOf(error: QuickJSHandle): Failure {
    let info = { name: 'Error', message: 'the code failed', stack: '' };
    try {
      this.deadline = Date.now() + 100;
      const described = this.context.callFunction(this.describeFn, this.context.undefined, error);
      if (described.error) {
        // Describing failed too (out of memory or time): QuickJS's own view is the best left.
        const raw = this.context.dump(described.error) as { name?: string; message?: string };
        described.error.dispose();
        info = {
          name: raw?.name ?? 'Error',
          message: raw?.message ?? 'the code failed',
          stack: '',
        };
      } else {
        info = JSON.parse(this.context.getString(described.value));
        described.value.dispose();
      }
    } catch (err) {
      this.usable = false;
      info = {
        name: 'InternalError',
        message: err instanceof Error ? err.message : String(err),
        stack: '',
      };
    } finally {
      error.dispose();
    }
    const kind = this.memoryTripped ? 'memory' : classify(info);
    if (kind !== 'error') this.usable = false;
    return {
      kind,
      name: info.name,
      message: info.message,
      ...position(info.stack, this.lineOffset),
    };
  }
}
