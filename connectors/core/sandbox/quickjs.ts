// The QuickJS engine compiled to WebAssembly (quickjs-emscripten): the isolation boundary for
// script steps and for regular expressions written in a workflow. Code inside it has only what
// QuickJS itself defines (no process, require, import, network, files or host objects), and
// its memory is the wasm module's own linear memory, not Node's: unlike node:vm, whose
// documentation says it is not a security mechanism, nothing inside can reach a Node object.
//
// Memory: QuickJS's per-runtime limit (setMemoryLimit) does not count large strings and typed
// arrays in the prebuilt wasm (quickjs-emscripten issues #255 and #271: a runtime limited to
// 64 MiB reaches 2 GiB), so each module gets its own WebAssembly.Memory with a hard maximum.
// A script that allocates past it gets QuickJS's "out of memory", and the process's memory
// stays bounded whatever the script does.
//
// One module per memory limit (a server has one setting; tests use several), loaded on first
// use. A separate small module is loaded at import (about 20 ms) for validate's syntax check,
// which is synchronous. If a call ever fails on the host side inside the wasm (V8's own stack
// running out in deep native recursion, a trap), that module's memory may be inconsistent: it
// is dropped and the next call loads a fresh one.
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  RELEASE_SYNC,
  type QuickJSWASMModule,
} from 'quickjs-emscripten';

const PAGE = 64 * 1024;
/** Room for the warm sandboxes (about 0.5 MiB each) besides the one running. */
const HEADROOM_BYTES = 32 * 1024 * 1024;

/** A module whose whole memory is at most `maxBytes`. */
function load(maxBytes: number): Promise<QuickJSWASMModule> {
  const maximum = Math.ceil(maxBytes / PAGE);
  const wasmMemory = new WebAssembly.Memory({ initial: Math.min(256, maximum), maximum });
  return newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory }));
}

/** For compiling only (validate): nothing runs in it, so it stays small. */
const syntaxModule = await load(64 * 1024 * 1024);
export function quickjsForSyntax(): QuickJSWASMModule {
  return syntaxModule;
}

export interface LoadedModule {
  module: QuickJSWASMModule;
  /** The cap on all its memory: the sandboxes' runtime limit plus headroom. */
  maxBytes: number;
}

const modules = new Map<number, Promise<LoadedModule>>();

/** The module for sandboxes whose runtime memory limit is `memoryBytes`. */
export function quickjsFor(memoryBytes: number): Promise<LoadedModule> {
  let loaded = modules.get(memoryBytes);
  if (!loaded) {
    // Strings and byte arrays are only bounded here (see the top), so the cap is close to the limit.
    const maxBytes = memoryBytes + HEADROOM_BYTES;
    loaded = load(maxBytes).then((module) => ({ module, maxBytes }));
    modules.set(memoryBytes, loaded);
  }
  return loaded;
}

/** Forget the module for this limit after a host-side failure; the next call loads a fresh one. */
export function dropQuickJS(memoryBytes: number): void {
  modules.delete(memoryBytes);
}
