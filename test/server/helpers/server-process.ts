// A real Stepwise server in a child process (`server/main.ts`, as `npm start` runs it), for
// tests where the process itself is the subject: does it stay up, exit, refuse to start.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  /** Set once the server says it is running. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal's name) when it exits. */
  exited: Promise<number | string>;
  /** SIGKILL if still running. */
  kill(): void;
}

/**
 * Start `server/main.ts` with `env` on top of the test's environment (PORT 0 and 127.0.0.1
 * unless given). Resolves once it prints "running at <url>"; rejects with its output if it
 * exits first. `waitForUrl: false` resolves at once (for a server expected not to start).
 */
export function startServerProcess(
  env: Record<string, string | undefined>,
  options: { waitForUrl?: boolean; args?: string[] } = {},
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [...(options.args ?? []), '--import', 'tsx', 'server/main.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const proc: ServerProcess = {
    child,
    url: '',
    output: () => output,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  const append = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  if (options.waitForUrl === false) return Promise.resolve(proc);
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        proc.url = match[1];
        resolve(proc);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`the server exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

/**
 * One request to a server process: `token` as a bearer token, `body` as JSON (a string is sent
 * as it is: a file's content). Resolves with the parsed answer whatever the status (the tests
 * read the answer, not the status); with `{ ok: true }` a status of 300 or more throws, naming
 * the request and the answer.
 */
export async function callServer<T>(
  url: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  options: { ok?: boolean } = {},
): Promise<T> {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(typeof body === 'string' ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (options.ok && res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Set up the owner on a fresh server process; answers their token. */
export async function processOwner(url: string): Promise<string> {
  const { token } = await callServer<{ token: string }>(url, 'POST', '/api/auth/setup', undefined, {
    email: 'owner@example.com',
    password: 'a long password 123 xyz',
  });
  return token;
}
