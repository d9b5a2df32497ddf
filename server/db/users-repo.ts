// Users, sessions and API tokens. Session and API tokens are looked up by their SHA-256 hash.
import type { Db } from './open-db.js';

export type Role = 'admin' | 'builder';

export interface UserRow {
  id: string;
  email: string;
  passwordHash: string;
  role: Role;
  createdAt: string;
}

export interface ApiTokenRow {
  id: string;
  name: string;
  userId: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const userColumns = 'id, email, password_hash AS passwordHash, role, created_at AS createdAt';
const tokenColumns =
  'id, name, user_id AS userId, created_at AS createdAt, last_used_at AS lastUsedAt';

export function createUsersRepo(db: Db) {
  const s = {
    count: db.prepare('SELECT COUNT(*) FROM users').pluck(),
    insert: db.prepare(
      'INSERT INTO users (id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    byId: db.prepare(`SELECT ${userColumns} FROM users WHERE id = ?`),
    byEmail: db.prepare(`SELECT ${userColumns} FROM users WHERE email = ?`),
    list: db.prepare(`SELECT ${userColumns} FROM users ORDER BY created_at`),
    insertSession: db.prepare(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    sessionUser:
      db.prepare(`SELECT u.id, u.email, u.password_hash AS passwordHash, u.role, u.created_at AS createdAt
      FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?`),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    insertToken: db.prepare(
      'INSERT INTO api_tokens (id, token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    tokenUser:
      db.prepare(`SELECT u.id, u.email, u.password_hash AS passwordHash, u.role, u.created_at AS createdAt, t.id AS tokenId
      FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`),
    touchToken: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    listTokens: db.prepare(
      `SELECT ${tokenColumns} FROM api_tokens WHERE user_id = ? ORDER BY created_at`,
    ),
    deleteToken: db.prepare('DELETE FROM api_tokens WHERE id = ? AND user_id = ?'),
  };
  return {
    count: () => s.count.get() as number,
    insert(user: UserRow): void {
      s.insert.run(user.id, user.email, user.passwordHash, user.role, user.createdAt);
    },
    /** Insert only while no user exists, atomically (two racing setups cannot both win). */
    insertFirst: db.transaction((user: UserRow): boolean => {
      if ((s.count.get() as number) > 0) return false;
      s.insert.run(user.id, user.email, user.passwordHash, user.role, user.createdAt);
      return true;
    }),
    byId: (id: string) => s.byId.get(id) as UserRow | undefined,
    byEmail: (email: string) => s.byEmail.get(email) as UserRow | undefined,
    list: () => s.list.all() as UserRow[],
    insertSession(tokenHash: string, userId: string, createdAt: string, expiresAt: string): void {
      s.insertSession.run(tokenHash, userId, createdAt, expiresAt);
    },
    sessionUser: (tokenHash: string, now: string) =>
      s.sessionUser.get(tokenHash, now) as UserRow | undefined,
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
    ): void {
      s.insertToken.run(id, tokenHash, userId, name, createdAt);
    },
    tokenUser: (tokenHash: string) =>
      s.tokenUser.get(tokenHash) as (UserRow & { tokenId: string }) | undefined,
    touchToken(id: string, at: string): void {
      s.touchToken.run(at, id);
    },
    listTokens: (userId: string) => s.listTokens.all(userId) as ApiTokenRow[],
    deleteToken: (id: string, userId: string) => s.deleteToken.run(id, userId).changes > 0,
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
