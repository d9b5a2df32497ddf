// How many wrong passwords a sign-in may take, counted in SQLite (db/login-limits-repo.ts):
//
// - per account: after `accountMax` failures within the window the account's sign-in is locked
//   for a short time that doubles with each further failure (1 minute, 2, 4 … at most 15).
//   Anyone can lock an account by guessing wrong, so the lock stays short, and it never
//   touches the paths its owner controls: sessions already open and API tokens keep working.
// - per client address: after `addressMax` failures within the window, across all emails,
//   that address may not try again until the window ends. IPv6 addresses count per /64, as
//   one machine usually holds a whole /64.
//
// A success clears the account's counter, not the address's: otherwise an attacker with an
// account of their own could clear their address's count between guesses.
import { isIP } from 'node:net';
import type { LoginLimitsRepo } from '../db/login-limits-repo.js';
import { ApiError } from '../errors.js';

export interface LoginLimitOptions {
  /** Failures per account before a lock. Default 10. */
  accountMax?: number;
  /** Failures per address (all accounts) before the address must wait. Default 50. */
  addressMax?: number;
  /** The counting window. Default 15 minutes. */
  windowMs?: number;
  /** First account lock; doubles per further failure. Default 1 minute. */
  lockMs?: number;
  /** Longest account lock. Default 15 minutes. */
  maxLockMs?: number;
}

const MINUTE = 60_000;

/** The key an address counts under: IPv4 as is, IPv6 by its /64. */
export function addressKey(ip: string): string {
  const plain = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  if (isIP(plain) !== 6) return `address:${plain}`;
  const [head, tail = ''] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = plain.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `address:${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export function createLoginLimits(
  repo: LoginLimitsRepo,
  now: () => number,
  options: LoginLimitOptions = {},
) {
  const accountMax = options.accountMax ?? 10;
  const addressMax = options.addressMax ?? 50;
  const windowMs = options.windowMs ?? 15 * MINUTE;
  const lockMs = options.lockMs ?? MINUTE;
  const maxLockMs = options.maxLockMs ?? 15 * MINUTE;
  let lastPrune = 0;

  const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;

  function current(key: string, at: number) {
    const row = repo.get(key);
    if (!row) return undefined;
    // A window that is over starts again from nothing (a lock still running is kept).
    if (row.windowStart + windowMs <= at && row.lockedUntil <= at) return undefined;
    return row;
  }

  function limited(message: string, waitMs: number): ApiError {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const minutes = Math.ceil(seconds / 60);
    return new ApiError(
      'RATE_LIMITED',
      `${message}: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      undefined,
      { 'Retry-After': String(seconds) },
    );
  }

  return {
    /** Throws 429 when this address or this account may not try now. */
    check(email: string, ip: string): void {
      const at = now();
      const address = current(addressKey(ip), at);
      if (address && address.lockedUntil > at)
        throw limited('Too many failed sign-ins from your address', address.lockedUntil - at);
      const account = current(accountKey(email), at);
      if (account && account.lockedUntil > at)
        throw limited(
          'Too many failed sign-ins for this email; sessions already open and API tokens still work',
          account.lockedUntil - at,
        );
    },

    /** Count a wrong email or password against the address and the account. */
    failed(email: string, ip: string): void {
      const at = now();
      const addrKey = addressKey(ip);
      const address = current(addrKey, at) ?? {
        key: addrKey,
        failures: 0,
        windowStart: at,
        lockedUntil: 0,
      };
      address.failures += 1;
      if (address.failures >= addressMax) address.lockedUntil = address.windowStart + windowMs;
      repo.put(address);

      const accKey = accountKey(email);
      const account = current(accKey, at) ?? {
        key: accKey,
        failures: 0,
        windowStart: at,
        lockedUntil: 0,
      };
      account.failures += 1;
      if (account.failures >= accountMax) {
        const extra = account.failures - accountMax;
        account.lockedUntil = at + Math.min(lockMs * 2 ** Math.min(extra, 20), maxLockMs);
        // The count lives on for a window after the lock, so a guess right after it locks longer.
        account.windowStart = Math.max(account.windowStart, account.lockedUntil);
      }
      repo.put(account);

      // Counters of windows long over are dropped now and then, not on every request.
      if (at - lastPrune > MINUTE) {
        lastPrune = at;
        repo.prune(at - windowMs, at);
      }
    },

    /** A right password: the account starts afresh. */
    succeeded(email: string): void {
      repo.remove(accountKey(email));
    },
  };
}
export type LoginLimits = ReturnType<typeof createLoginLimits>;
