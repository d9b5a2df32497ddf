// Managing accounts after they exist: an admin changes a user's role, switches them off,
// resets their password or removes them; everyone changes their own password. The last
// active admin can be neither demoted, switched off nor removed (API.md, second round).
import type { Store } from '../db/store.js';
import { LastAdmin, type Role } from '../db/users-repo.js';
import { ApiError, notFound } from '../errors.js';
import { hashPassword, hashToken, verifyPassword } from './passwords.js';
import { assertPasswordAllowed } from './password-policy.js';
import { toUser, type User, type UserService } from './user-service.js';
import { createRateLimiter } from './rate-limit.js';

export interface UserChange {
  role?: Role;
  disabled?: boolean;
  password?: string;
}

const LAST_ADMIN =
  'This is the last admin who can sign in: make another user an admin first, so someone can still manage users';

export function createAccountService(
  store: Store,
  users: UserService,
  now: () => number = Date.now,
) {
  // Guessing the current password through a stolen session is as slow as guessing a login.
  const limiter = createRateLimiter(10, 15 * 60 * 1000, now);
  const keepsAnAdmin = () => store.users.activeAdminCount() > 0;

  function target(id: string): User {
    const row = store.users.byId(id);
    if (!row) throw notFound('User', id);
    return toUser(row);
  }

  return {
    async update(actor: User, id: string, change: UserChange, callerToken?: string): Promise<User> {
      const before = target(id);
      if (id === actor.id && change.disabled === true)
        throw new ApiError('CONFLICT', 'You cannot switch off your own account');
      if (change.password !== undefined)
        assertPasswordAllowed(change.password, { context: [before.email] });
      const passwordHash =
        change.password === undefined ? undefined : await hashPassword(change.password);
      try {
        store.users.update(
          id,
          { role: change.role, disabled: change.disabled, passwordHash },
          keepsAnAdmin,
        );
      } catch (err) {
        if (err instanceof LastAdmin) throw new ApiError('CONFLICT', LAST_ADMIN);
        throw err;
      }
      // A new password, or a switched-off account, ends the user's sessions; an admin resetting
      // their own password through this route keeps the session they are using.
      if (passwordHash !== undefined || change.disabled === true)
        store.users.endSessions(
          id,
          id === actor.id && callerToken ? hashToken(callerToken) : undefined,
        );
      users.forgetCachedLogins();
      return { ...before, ...target(id) };
    },

    remove(actor: User, id: string): void {
      target(id);
      if (id === actor.id)
        throw new ApiError('CONFLICT', 'You cannot remove yourself: ask another admin');
      try {
        store.users.remove(id, new Date(now()).toISOString(), keepsAnAdmin);
      } catch (err) {
        if (err instanceof LastAdmin) throw new ApiError('CONFLICT', LAST_ADMIN);
        throw err;
      }
      users.forgetCachedLogins();
    },

    /** POST /api/auth/password: the current password proves it is the user; other sessions end. */
    async changeOwnPassword(
      user: User,
      currentPassword: string,
      newPassword: string,
      callerToken: string | undefined,
    ): Promise<void> {
      const key = `password|${user.id}`;
      const wait = limiter.blockedFor(key);
      if (wait > 0)
        throw new ApiError(
          'RATE_LIMITED',
          `Too many wrong current passwords: try again in ${Math.ceil(wait / 60_000)} minute(s)`,
          undefined,
          { 'Retry-After': String(Math.ceil(wait / 1000)) },
        );
      const row = store.users.byId(user.id);
      if (!row || !(await verifyPassword(currentPassword, row.passwordHash))) {
        limiter.hit(key);
        throw new ApiError('VALIDATION', 'The current password is not right', [
          { path: 'currentPassword', message: 'This is not your current password' },
        ]);
      }
      limiter.reset(key);
      if (currentPassword === newPassword)
        throw new ApiError('VALIDATION', 'The new password is the same as the current one', [
          { path: 'newPassword', message: 'Choose a password different from the current one' },
        ]);
      assertPasswordAllowed(newPassword, { path: 'newPassword', context: [user.email] });
      store.users.update(user.id, { passwordHash: await hashPassword(newPassword) }, () => true);
      store.users.endSessions(user.id, callerToken ? hashToken(callerToken) : undefined);
      users.forgetCachedLogins();
    },

    /** Who owns what, for lists that show an owner: email by user id (null for a removed user). */
    emails: () => store.users.emails(),
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
