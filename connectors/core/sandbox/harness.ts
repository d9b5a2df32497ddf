// The JavaScript that prepares a sandbox context, evaluated inside QuickJS once per context.
// It adds `console` (lines kept in the sandbox, bounded, read back by the host after each
// call), freezes the global object (so a script cannot leave a global behind for the next call
// of the same step), and answers three functions the host calls through handles: `call` runs
// the step's function on its input and checks that the result is JSON, `logs` hands over the
// call's console lines, `describe` turns a thrown value into { name, message, stack } without
// trusting it. Nothing of the host is passed in: only texts go in and come out.
export const HARNESS_SOURCE = String.raw`(() => {
  'use strict';
  const MAX_LINES = 100;
  const MAX_LINE = 1000;
  const MAX_CHARS = 10000;
  let lines = [];
  let chars = 0;
  let dropped = 0;
  const show = (value) => {
    if (typeof value === 'string') return value;
    try {
      const text = JSON.stringify(value);
      return text === undefined ? String(value) : text;
    } catch {
      return String(value);
    }
  };
  const log = (...args) => {
    let line = args.map(show).join(' ');
    if (line.length > MAX_LINE) line = line.slice(0, MAX_LINE) + '…';
    if (lines.length >= MAX_LINES || chars + line.length > MAX_CHARS) {
      dropped++;
      return;
    }
    lines.push(line);
    chars += line.length;
  };
  Object.defineProperty(globalThis, 'console', {
    value: Object.freeze({ log, info: log, warn: log, error: log, debug: log }),
  });
  const kind = (v) =>
    v === undefined ? 'undefined' : typeof v === 'function' ? 'a function' : typeof v === 'symbol' ? 'a symbol' : typeof v === 'bigint' ? 'a BigInt' : typeof v === 'number' ? String(v) : 'a ' + (Object.getPrototypeOf(v)?.constructor?.name ?? 'special object');
  const problem = (v, path, depth) => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return null;
    if (typeof v === 'number') return Number.isFinite(v) ? null : path + ' is ' + kind(v);
    if (depth > 200) return path + ' is nested more than 200 levels deep';
    if (typeof v !== 'object') return path + ' is ' + kind(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const p = problem(v[i], path + '[' + i + ']', depth + 1);
        if (p) return p;
      }
      return null;
    }
    if (v instanceof Date) return null;
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return path + ' is ' + kind(v);
    for (const key of Object.keys(v)) {
      const p = problem(v[key], path + '.' + key, depth + 1);
      if (p) return p;
    }
    return null;
  };
  Object.freeze(globalThis);
  return {
    call(fn, inputJson) {
      lines = [];
      chars = 0;
      dropped = 0;
      const result = fn(JSON.parse(inputJson));
      const bad = problem(result, 'result', 0);
      // The console lines come back with the result: one trip out of the sandbox per call.
      const out = bad ? { notJson: bad, lines, dropped } : { result, lines, dropped };
      lines = [];
      return JSON.stringify(out);
    },
    logs() {
      const out = JSON.stringify({ lines, dropped });
      lines = [];
      chars = 0;
      dropped = 0;
      return out;
    },
    describe(e) {
      const text = (v) => {
        try {
          return typeof v === 'string' ? v : v === undefined ? '' : String(v);
        } catch {
          return '';
        }
      };
      if (e !== null && typeof e === 'object') {
        let name = '', message = '', stack = '';
        try { name = text(e.name); } catch {}
        try { message = text(e.message); } catch {}
        try { stack = text(e.stack); } catch {}
        if (name || message) return JSON.stringify({ name, message, stack });
      }
      return JSON.stringify({ name: 'Error', message: show(e), stack: '' });
    },
  };
})()`;
