// Stored connector credentials. `fields_enc` is ciphertext; this repo never sees plain fields.
import type { Db } from './open-db.js';

export interface AuthenticationRow {
  id: string;
  name: string;
  connector: string;
  scope: 'personal' | 'organisational';
  createdBy: string;
  fieldsEnc: Buffer;
  createdAt: string;
}

const columns =
  'id, name, connector, scope, created_by AS createdBy, fields_enc AS fieldsEnc, created_at AS createdAt';

export function createAuthenticationsRepo(db: Db) {
  const s = {
    insert:
      db.prepare(`INSERT INTO authentications (id, name, connector, scope, created_by, fields_enc, created_at)
      VALUES (@id, @name, @connector, @scope, @createdBy, @fieldsEnc, @createdAt)`),
    byId: db.prepare(`SELECT ${columns} FROM authentications WHERE id = ?`),
    visible: db.prepare(
      `SELECT ${columns} FROM authentications WHERE scope = 'organisational' OR created_by = ? ORDER BY created_at`,
    ),
    delete: db.prepare('DELETE FROM authentications WHERE id = ?'),
    update: db.prepare('UPDATE authentications SET name = ?, fields_enc = ? WHERE id = ?'),
  };
  return {
    insert(row: AuthenticationRow): void {
      s.insert.run(row);
    },
    byId: (id: string) => s.byId.get(id) as AuthenticationRow | undefined,
    visibleTo: (userId: string) => s.visible.all(userId) as AuthenticationRow[],
    delete: (id: string) => s.delete.run(id).changes > 0,
    update(id: string, name: string, fieldsEnc: Buffer): void {
      s.update.run(name, fieldsEnc, id);
    },
  };
}
export type AuthenticationsRepo = ReturnType<typeof createAuthenticationsRepo>;
