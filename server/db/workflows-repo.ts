// Workflows and their immutable versions. The document is stored as JSON text.
import type { Db } from './open-db.js';

export interface WorkflowRow {
  id: string;
  name: string;
  ownerId: string;
  latestVersion: number;
  triggerType: string;
  enabled: boolean;
  webhookTokenHash: string | null;
  webhookTokenEnc: Buffer | null;
  createdAt: string;
  updatedAt: string;
}

export interface VersionRow {
  workflowId: string;
  version: number;
  document: string;
  createdBy: string;
  createdAt: string;
}

const wfColumns = `id, name, owner_id AS ownerId, latest_version AS latestVersion, trigger_type AS triggerType,
  enabled, webhook_token_hash AS webhookTokenHash, webhook_token_enc AS webhookTokenEnc,
  created_at AS createdAt, updated_at AS updatedAt`;
const versionColumns =
  'workflow_id AS workflowId, version, document, created_by AS createdBy, created_at AS createdAt';

type RawWorkflowRow = Omit<WorkflowRow, 'enabled'> & { enabled: number };
const toRow = (r: RawWorkflowRow | undefined): WorkflowRow | undefined =>
  r ? { ...r, enabled: r.enabled === 1 } : undefined;

export function createWorkflowsRepo(db: Db) {
  const s = {
    insert:
      db.prepare(`INSERT INTO workflows (id, name, owner_id, latest_version, trigger_type, enabled, created_at, updated_at)
      VALUES (@id, @name, @ownerId, @latestVersion, @triggerType, @enabled, @createdAt, @updatedAt)`),
    insertVersion: db.prepare(
      'INSERT INTO workflow_versions (workflow_id, version, document, created_by, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    byId: db.prepare(`SELECT ${wfColumns} FROM workflows WHERE id = ?`),
    list: db.prepare(`SELECT ${wfColumns} FROM workflows ORDER BY updated_at DESC`),
    bumpVersion:
      db.prepare(`UPDATE workflows SET name = ?, latest_version = ?, trigger_type = ?, updated_at = ?
      WHERE id = ? AND latest_version = ?`),
    setEnabled: db.prepare('UPDATE workflows SET enabled = ?, updated_at = ? WHERE id = ?'),
    setOwner: db.prepare('UPDATE workflows SET owner_id = ?, updated_at = ? WHERE id = ?'),
    setWebhook: db.prepare(
      'UPDATE workflows SET webhook_token_hash = ?, webhook_token_enc = ? WHERE id = ?',
    ),
    delete: db.prepare('DELETE FROM workflows WHERE id = ?'),
    deleteState: db.prepare('DELETE FROM step_state WHERE workflow_id = ?'),
    // The storage connector's workflow values go with their workflow.
    deleteStorage: db.prepare("DELETE FROM storage WHERE scope = 'workflow' AND owner = ?"),
    version: db.prepare(
      `SELECT ${versionColumns} FROM workflow_versions WHERE workflow_id = ? AND version = ?`,
    ),
    versions:
      db.prepare(`SELECT workflow_id AS workflowId, version, created_by AS createdBy, created_at AS createdAt
      FROM workflow_versions WHERE workflow_id = ? ORDER BY version DESC`),
  };

  // Every run reads its workflow's row; only this repo writes it, so a cache kept here stays
  // true (one process per database file in embedded mode).
  const rows = new Map<string, WorkflowRow>();
  const forget = (id: string) => rows.delete(id);

  return {
    /** Create the workflow row and its version 1 in one transaction. */
    create: db.transaction(
      (
        row: Omit<WorkflowRow, 'enabled' | 'webhookTokenHash' | 'webhookTokenEnc'> & {
          enabled?: boolean;
        },
        document: string,
      ) => {
        s.insert.run({ ...row, enabled: row.enabled === false ? 0 : 1 });
        s.insertVersion.run(row.id, 1, document, row.ownerId, row.createdAt);
      },
    ),
    /**
     * Save a new version when `baseVersion` is still the latest; false when someone saved first.
     * The check and the write are one statement, so two racing saves cannot both win.
     */
    addVersion: db.transaction(
      (
        id: string,
        baseVersion: number,
        name: string,
        triggerType: string,
        document: string,
        userId: string,
        at: string,
      ): boolean => {
        forget(id);
        const changed = s.bumpVersion.run(
          name,
          baseVersion + 1,
          triggerType,
          at,
          id,
          baseVersion,
        ).changes;
        if (changed === 0) return false;
        s.insertVersion.run(id, baseVersion + 1, document, userId, at);
        return true;
      },
    ),
    byId(id: string): WorkflowRow | undefined {
      const cached = rows.get(id);
      if (cached) return cached;
      const row = toRow(s.byId.get(id) as RawWorkflowRow | undefined);
      if (row) {
        if (rows.size >= 1000) rows.clear();
        rows.set(id, row);
      }
      return row;
    },
    list: () => (s.list.all() as RawWorkflowRow[]).map((r) => toRow(r)!),
    setEnabled(id: string, enabled: boolean, at: string): void {
      forget(id);
      s.setEnabled.run(enabled ? 1 : 0, at, id);
    },
    setOwner(id: string, ownerId: string, at: string): void {
      forget(id);
      s.setOwner.run(ownerId, at, id);
    },
    setWebhookToken(id: string, hash: string | null, enc: Buffer | null): void {
      forget(id);
      s.setWebhook.run(hash, enc, id);
    },
    delete: db.transaction((id: string): boolean => {
      forget(id);
      s.deleteState.run(id);
      s.deleteStorage.run(id);
      return s.delete.run(id).changes > 0;
    }),
    version: (id: string, version: number) => s.version.get(id, version) as VersionRow | undefined,
    versions: (id: string) => s.versions.all(id) as Omit<VersionRow, 'document'>[],
  };
}
export type WorkflowsRepo = ReturnType<typeof createWorkflowsRepo>;
