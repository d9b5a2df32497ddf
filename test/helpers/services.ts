// Redis and Chromium are real parts in our tests. On a developer's machine without them
// those suites are skipped, loudly; in CI (CI=true) a missing one is a failure, never a skip.
import { existsSync } from 'node:fs';
import net from 'node:net';

export const inCI = process.env.CI === 'true' || process.env.CI === '1';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function redisAnswers(url = REDIS_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Decide whether a suite that needs `what` runs. Returns true to run. Throws in CI when it
 * is missing; prints a loud warning and returns false elsewhere.
 */
export function requireService(what: string, available: boolean): boolean {
  if (available) return true;
  if (inCI) throw new Error(`${what} is required in CI (CI=true) but is not available`);
  console.warn(`\n*** SKIPPING tests that need ${what}: it is not available on this machine ***\n`);
  return false;
}
