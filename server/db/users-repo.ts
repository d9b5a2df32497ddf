// Users, sessions and API tokens. Session and API tokens are looked up by their SHA-256 hash.
import type { Db } from './open-db.js';

export type Role = 'admin' | 'builder';

export interface UserRow {
  id: string;
  email: string;
  passwordHash: string;
  role: Role;
  createdAt: string;
  /** Switched off by an admin: cannot sign in, sessions and API tokens stop working. */
  disabled: boolean;
}

export type NewUserRow = Omit<UserRow, 'disabled'>;

export interface ApiTokenRow {
  id: string;
  name: string;
  userId: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** null: never ends (tokens made before expiry existed, or asked for without one). */
  expiresAt: string | null;
}

const userColumns =
  'id, email, password_hash AS passwordHash, role, created_at AS createdAt, disabled';
// A removed user keeps its row (workflows and runs name it) but is nobody: not listed, no login.
const present = 'removed_at IS NULL';
const active = `u.disabled = 0 AND u.${present}`;
type RawUserRow = Omit<UserRow, 'disabled'> & { disabled: number };
const toRow = <R extends RawUserRow>(r: R | undefined) =>
  r ? ({ ...r, disabled: r.disabled === 1 } as Omit<R, 'disabled'> & UserRow) : undefined;
const tokenColumns =
  'id, name, user_id AS userId, created_at AS createdAt, last_used_at AS lastUsedAt, expires_at AS expiresAt';

export function createUsersRepo(db: Db) {
  const s = {
    count: db.prepare('SELECT COUNT(*) FROM users').pluck(),
    activeAdmins: db
      .prepare(`SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND ${present}`)
      .pluck(),
    insert: db.prepare(
      'INSERT INTO users (id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    byId: db.prepare(`SELECT ${userColumns} FROM users WHERE id = ? AND ${present}`),
    byEmail: db.prepare(`SELECT ${userColumns} FROM users WHERE email = ? AND ${present}`),
    list: db.prepare(`SELECT ${userColumns} FROM users WHERE ${present} ORDER BY created_at`),
    emails: db.prepare('SELECT id, email, removed_at AS removedAt FROM users'),
    setRole: db.prepare('UPDATE users SET role = ? WHERE id = ?'),
    setDisabled: db.prepare('UPDATE users SET disabled = ? WHERE id = ?'),
    setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
    remove: db.prepare(
      "UPDATE users SET email = 'removed:' || id, password_hash = '', disabled = 1, removed_at = ? WHERE id = ?",
    ),
    deleteSessionsOf: db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?'),
    deleteTokensOf: db.prepare('DELETE FROM api_tokens WHERE user_id = ?'),
    deletePersonalAuths: db.prepare(
      "DELETE FROM authentications WHERE created_by = ? AND scope = 'personal'",
    ),
    insertSession: db.prepare(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    sessionUser:
      db.prepare(`SELECT u.id, u.email, u.password_hash AS passwordHash, u.role, u.created_at AS createdAt, u.disabled
      FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND ${active}`),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    insertToken: db.prepare(
      'INSERT INTO api_tokens (id, token_hash, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    tokenUser:
      db.prepare(`SELECT u.id, u.email, u.password_hash AS passwordHash, u.role, u.created_at AS createdAt, u.disabled, t.id AS tokenId, t.expires_at AS tokenExpiresAt
      FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = ? AND (t.expires_at IS NULL OR t.expires_at > ?) AND ${active}`),
    touchToken: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    listTokens: db.prepare(
      `SELECT ${tokenColumns} FROM api_tokens WHERE user_id = ? ORDER BY created_at`,
    ),
    deleteToken: db.prepare('DELETE FROM api_tokens WHERE id = ? AND user_id = ?'),
  };
  return {
    count: () => s.count.get() as number,
    insert(user: NewUserRow): void {
      s.insert.run(user.id, user.email, user.passwordHash, user.role, user.createdAt);
    },
    /** Insert only while no user exists, atomically (two racing setups cannot both win). */
    insertFirst: db.transaction((user: NewUserRow): boolean => {
      if ((s.count.get() as number) > 0) return false;
      s.insert.run(user.id, user.email, user.passwordHash, user.role, user.createdAt);
      return true;
    }),
    byId: (id: string) => toRow(s.byId.get(id) as RawUserRow | undefined),
    byEmail: (email: string) => toRow(s.byEmail.get(email) as RawUserRow | undefined),
    list: () => (s.list.all() as RawUserRow[]).map((r) => toRow(r)!),
    /** Every user's email by id, removed ones included (null): for showing who owns what. */
    emails(): Map<string, string | null> {
      const rows = s.emails.all() as { id: string; email: string; removedAt: string | null }[];
      return new Map(rows.map((r) => [r.id, r.removedAt ? null : r.email]));
    },
    activeAdminCount: () => s.activeAdmins.get() as number,
    /**
     * Change a user; `keepsAnAdmin` runs inside the same transaction after the change, so two
     * admins demoting each other at once cannot leave nobody in charge (false: rolled back).
     */
    update: db.transaction(
      (
        id: string,
        change: { role?: Role; disabled?: boolean; passwordHash?: string },
        keepsAnAdmin: () => boolean,
      ): boolean => {
        if (change.role !== undefined) s.setRole.run(change.role, id);
        if (change.disabled !== undefined) s.setDisabled.run(change.disabled ? 1 : 0, id);
        if (change.passwordHash !== undefined) s.setPassword.run(change.passwordHash, id);
        if (!keepsAnAdmin()) throw new LastAdmin();
        return true;
      },
    ),
    /** Remove a user: no login, no sessions or tokens, their personal authentications deleted. */
    remove: db.transaction((id: string, at: string, keepsAnAdmin: () => boolean): void => {
      s.remove.run(at, id);
      s.deleteSessionsOf.run(id, '');
      s.deleteTokensOf.run(id);
      s.deletePersonalAuths.run(id);
      if (!keepsAnAdmin()) throw new LastAdmin();
    }),
    /** End a user's sessions, except the one with `keepTokenHash` (the caller's own). */
    endSessions(userId: string, keepTokenHash = ''): void {
      s.deleteSessionsOf.run(userId, keepTokenHash);
    },
    insertSession(tokenHash: string, userId: string, createdAt: string, expiresAt: string): void {
      s.insertSession.run(tokenHash, userId, createdAt, expiresAt);
    },
    sessionUser: (tokenHash: string, now: string) =>
      toRow(s.sessionUser.get(tokenHash, now) as RawUserRow | undefined),
    deleteSession(tokenHash: string): void {
      s.deleteSession.run(tokenHash);
    },
    deleteExpiredSessions(now: string): void {
      s.deleteExpired.run(now);
    },
    insertToken(
      id: string,
      tokenHash: string,
      userId: string,
      name: string,
      createdAt: string,
      expiresAt: string | null = null,
    ): void {
      s.insertToken.run(id, tokenHash, userId, name, createdAt, expiresAt);
    },
    /** The user of an API token that has not expired at `now` (ISO). */
    tokenUser: (tokenHash: string, now: string) =>
      toRow(
        s.tokenUser.get(tokenHash, now) as
          | (RawUserRow & { tokenId: string; tokenExpiresAt: string | null })
          | undefined,
      ),
    touchToken(id: string, at: string): void {
      s.touchToken.run(at, id);
    },
    listTokens: (userId: string) => s.listTokens.all(userId) as ApiTokenRow[],
    deleteToken: (id: string, userId: string) => s.deleteToken.run(id, userId).changes > 0,
  };
}
/** Thrown inside a users transaction to roll it back: the change would leave no active admin. */
export class LastAdmin extends Error {
  constructor() {
    super('No active admin would be left');
  }
}

export type UsersRepo = ReturnType<typeof createUsersRepo>;
