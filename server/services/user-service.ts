// Users: owner setup, login, sessions, API tokens, and the admin's "add a user".
import type { Store } from '../db/store.js';
import type { NewUserRow, Role, UserRow } from '../db/users-repo.js';
import { newId } from '../db/ids.js';
import { ApiError } from '../errors.js';
import { hashPassword, verifyPassword, newToken, hashToken } from './passwords.js';
import { createLoginLimits, type LoginLimitOptions } from './login-limits.js';
import { assertPasswordAllowed } from './password-policy.js';
import type { User as WireUser } from '../../wire/index.js';

export const SESSION_DAYS = 30;
/** A new API token lasts this long unless its maker asks for another time or none. */
export const TOKEN_DAYS = 90;
const AUTH_CACHE_MS = 30_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** As the API shows a user (wire/user.ts): never a password or token. */
export type User = WireUser;

export const toUser = (row: Omit<UserRow, 'disabled'> & { disabled?: boolean }): User => ({
  id: row.id,
  email: row.email,
  role: row.role,
  createdAt: row.createdAt,
  disabled: row.disabled ?? false,
});

export interface UserServiceOptions {
  now?: () => number;
  /** `max`: failures per account before a short lock (services/login-limits.ts has the rest). */
  loginLimit?: { max: number; windowMs: number } & LoginLimitOptions;
}

export function createUserService(store: Store, options: UserServiceOptions = {}) {
  const now = options.now ?? Date.now;
  const limits = createLoginLimits(store.loginLimits, now, {
    ...options.loginLimit,
    accountMax: options.loginLimit?.accountMax ?? options.loginLimit?.max,
  });
  const iso = () => new Date(now()).toISOString();
  // Who a token belongs to, for a few seconds: spares a hash lookup in SQLite on every request.
  // Logout and revoke drop entries at once, so the cache never outlives a session.
  const recent = new Map<string, { who: { user: User; tokenId?: string }; until: number }>();

  function startSession(userId: string): string {
    const token = newToken();
    store.users.insertSession(
      hashToken(token),
      userId,
      iso(),
      new Date(now() + SESSION_DAYS * DAY_MS).toISOString(),
    );
    return token;
  }

  return {
    needsSetup: () => store.users.count() === 0,

    async setup(email: string, password: string): Promise<{ user: User; token: string }> {
      if (store.users.count() > 0)
        throw new ApiError('CONFLICT', 'Setup is already done: log in instead');
      assertPasswordAllowed(password, { context: [email] });
      const row: NewUserRow = {
        id: newId('usr'),
        email,
        passwordHash: await hashPassword(password),
        role: 'admin',
        createdAt: iso(),
      };
      if (!store.users.insertFirst(row))
        throw new ApiError('CONFLICT', 'Setup is already done: log in instead');
      return { user: toUser(row), token: startSession(row.id) };
    },

    async login(
      email: string,
      password: string,
      ip: string,
    ): Promise<{ user: User; token: string }> {
      limits.check(email, ip);
      const row = store.users.byEmail(email);
      // Verify against a dummy hash for unknown emails too, so timing does not reveal who has an account.
      const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
      if (!row || !ok) {
        limits.failed(email, ip);
        throw new ApiError('UNAUTHENTICATED', 'Wrong email or password');
      }
      limits.succeeded(email);
      if (row.disabled)
        throw new ApiError(
          'FORBIDDEN',
          'This account is switched off: ask an admin to switch it on',
        );
      // Logins are rare enough to tidy up expired sessions here instead of on a timer.
      store.users.deleteExpiredSessions(iso());
      return { user: toUser(row), token: startSession(row.id) };
    },

    logout(token: string): void {
      const hash = hashToken(token);
      recent.delete(hash);
      store.users.deleteSession(hash);
    },

    /** The user a session token or API token belongs to, or undefined. */
    authenticate(token: string): { user: User; tokenId?: string } | undefined {
      const hash = hashToken(token);
      const cached = recent.get(hash);
      if (cached && cached.until > now()) return cached.who;
      const session = store.users.sessionUser(hash, iso());
      let who: { user: User; tokenId?: string } | undefined;
      let until = now() + AUTH_CACHE_MS;
      if (session) who = { user: toUser(session) };
      else {
        const api = store.users.tokenUser(hash, iso());
        if (!api) return undefined;
        // At most one write per token per cache period, not one per request.
        store.users.touchToken(api.tokenId, iso());
        who = { user: toUser(api), tokenId: api.tokenId };
        // A token about to expire is not kept in the cache past its end.
        if (api.tokenExpiresAt) until = Math.min(until, Date.parse(api.tokenExpiresAt));
      }
      if (recent.size >= 10_000) recent.clear();
      recent.set(hash, { who, until });
      return who;
    },

    async createUser(email: string, password: string, role: Role): Promise<User> {
      if (store.users.byEmail(email))
        throw new ApiError('CONFLICT', `A user with the email "${email}" already exists`);
      assertPasswordAllowed(password, { context: [email] });
      const row: NewUserRow = {
        id: newId('usr'),
        email,
        passwordHash: await hashPassword(password),
        role,
        createdAt: iso(),
      };
      store.users.insert(row);
      return toUser(row);
    },

    listUsers: () => store.users.list().map(toUser),

    /**
     * Forget every cached token → user answer. Called after a user's role, password or
     * switch changes, so the change holds from the next request, not 30 seconds later.
     */
    forgetCachedLogins(): void {
      recent.clear();
    },

    /** `expiresInDays`: default TOKEN_DAYS; null for a token that never ends. */
    createToken(
      userId: string,
      name: string,
      expiresInDays: number | null = TOKEN_DAYS,
    ): { id: string; name: string; token: string; createdAt: string; expiresAt: string | null } {
      const token = newToken();
      const id = newId('tok');
      const createdAt = iso();
      const expiresAt =
        expiresInDays === null ? null : new Date(now() + expiresInDays * DAY_MS).toISOString();
      store.users.insertToken(id, hashToken(token), userId, name, createdAt, expiresAt);
      return { id, name, token, createdAt, expiresAt };
    },
    listTokens: (userId: string) => store.users.listTokens(userId),
    revokeToken(userId: string, id: string): void {
      if (!store.users.deleteToken(id, userId))
        throw new ApiError('NOT_FOUND', `API token "${id}" does not exist`);
      // The cache is keyed by token hash, which is not at hand here: drop it all (revokes are rare).
      recent.clear();
    },
  };
}
export type UserService = ReturnType<typeof createUserService>;

// A real scrypt hash of a random password, used only to spend the same time on unknown emails.
const DUMMY_HASH = 'scrypt$16384$8$1$c3RlcHdpc2UtZHVtbXk=$' + Buffer.alloc(64).toString('base64');
