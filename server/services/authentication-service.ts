// Stored connector credentials: encrypted at rest, never returned, personal ones private to
// their creator and usable only in workflows their creator owns.
import type { Store } from '../db/store.js';
import type { AuthenticationRow } from '../db/authentications-repo.js';
import { type ResolvedAuth, StepError } from '../../engine/index.js';
import { newId } from '../db/ids.js';
import { ApiError, invalid, notFound } from '../errors.js';
import type { Cipher } from './cipher.js';
import type { ConnectorDirectory } from './connector-directory.js';
import type { User } from './user-service.js';
import type { Authentication as WireAuthentication } from '../../wire/index.js';
import { logSecrets } from '../log/log-secrets.js';

/** As the API shows it (wire/authentication.ts): never its fields. */
export type Authentication = WireAuthentication;

const toJson = (row: AuthenticationRow): Authentication => ({
  id: row.id,
  name: row.name,
  connector: row.connector,
  scope: row.scope,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
});

const visibleTo = (row: AuthenticationRow, userId: string) =>
  row.scope === 'organisational' || row.createdBy === userId;

export function createAuthenticationService(
  store: Store,
  cipher: Cipher,
  connectors: ConnectorDirectory,
  now: () => number = Date.now,
) {
  const decrypt = (row: AuthenticationRow) =>
    JSON.parse(cipher.decrypt(row.fieldsEnc, row.id)) as Record<string, unknown>;

  /** The row if `user` may see it; a personal one of someone else is "not found", not "forbidden". */
  function getVisible(id: string, user: User): AuthenticationRow {
    const row = store.authentications.byId(id);
    if (!row || !visibleTo(row, user.id)) throw notFound('Authentication', id);
    return row;
  }

  return {
    create(
      input: {
        name: string;
        connector: string;
        scope: 'personal' | 'organisational';
        fields: Record<string, unknown>;
      },
      user: User,
    ): Authentication {
      if (!connectors.catalog.connectors().includes(input.connector)) {
        throw invalid('Unknown connector', [
          {
            path: 'connector',
            message: `There is no connector "${input.connector}"; known: ${connectors.catalog.connectors().join(', ')}`,
          },
        ]);
      }
      const checked = connectors.checkAuthFields(input.connector, input.fields);
      if (!checked.ok)
        throw invalid(
          'The authentication fields are not valid',
          checked.issues.map((i) => ({ ...i, path: `fields${i.path ? '.' + i.path : ''}` })),
        );
      const id = newId('auth');
      const row: AuthenticationRow = {
        id,
        name: input.name,
        connector: input.connector,
        scope: input.scope,
        createdBy: user.id,
        fieldsEnc: cipher.encrypt(JSON.stringify(checked.fields), id),
        createdAt: new Date(now()).toISOString(),
      };
      store.authentications.insert(row);
      return toJson(row);
    },

    list(user: User, connector?: string): Authentication[] {
      return store.authentications
        .visibleTo(user.id)
        .filter((r) => !connector || r.connector === connector)
        .map(toJson);
    },

    /**
     * Rename, or replace some fields (a new token) keeping the others. Runs read the
     * authentication at each step, so every workflow using it picks the change up at its next
     * step. Who may: the creator, or an admin for an organisational one (as for delete).
     */
    update(
      id: string,
      change: { name?: string; fields?: Record<string, unknown> },
      user: User,
    ): Authentication {
      const row = getVisible(id, user);
      if (row.createdBy !== user.id && user.role !== 'admin')
        throw new ApiError(
          'FORBIDDEN',
          'Only the person who created this organisational authentication, or an admin, can change it',
        );
      let fieldsEnc = row.fieldsEnc;
      if (change.fields) {
        const merged = { ...decrypt(row), ...change.fields };
        // A field sent as null is taken out (an optional base URL, say).
        for (const [key, value] of Object.entries(change.fields))
          if (value === null) delete merged[key];
        const checked = connectors.checkAuthFields(row.connector, merged);
        if (!checked.ok)
          throw invalid(
            'The authentication fields are not valid',
            checked.issues.map((i) => ({ ...i, path: `fields${i.path ? '.' + i.path : ''}` })),
          );
        fieldsEnc = cipher.encrypt(JSON.stringify(checked.fields), id);
      }
      const name = change.name ?? row.name;
      store.authentications.update(id, name, fieldsEnc);
      return toJson({ ...row, name, fieldsEnc });
    },

    delete(id: string, user: User): void {
      const row = getVisible(id, user);
      if (row.createdBy !== user.id && user.role !== 'admin') {
        throw new ApiError(
          'FORBIDDEN',
          'Only the person who created this organisational authentication, or an admin, can delete it',
        );
      }
      store.authentications.delete(id);
    },

    async test(id: string, user: User): Promise<{ ok: boolean; message: string }> {
      const row = getVisible(id, user);
      const fields = decrypt(row);
      // Whatever the test call logs (a failure's text), its secrets are scrubbed from it.
      for (const name of connectors.catalog.secretAuthFields(row.connector))
        if (typeof fields[name] === 'string') logSecrets.add(fields[name]);
      return connectors.testAuth(row.connector, fields, row.id);
    },

    /**
     * Problems with the authentications a workflow names: a personal one of someone other
     * than the workflow's owner may not be used (API.md). For saving and for a new owner.
     */
    foreignPersonal(
      refs: { path: string; authId: string }[],
      ownerId: string,
    ): { path: string; message: string }[] {
      const issues: { path: string; message: string }[] = [];
      for (const ref of refs) {
        const row = store.authentications.byId(ref.authId);
        if (row && row.scope === 'personal' && row.createdBy !== ownerId) {
          issues.push({
            path: ref.path,
            message: `Authentication "${ref.authId}" is personal to another user; use one of your own or an organisational one`,
          });
        }
      }
      return issues;
    },

    /**
     * A personal authentication acts only for its owner: only they may save a version in
     * which a step (or the Slack notification) that uses it is added or changed. Anyone else
     * editing such a step must pick an authentication of their own or an organisational one.
     * Steps left exactly as they were may be saved by anyone who may edit the workflow.
     */
    assertMayUse(
      uses: { path: string; authId: string; stepId: string | null; changed: boolean }[],
      saver: User,
    ): void {
      const issues: { path: string; message: string }[] = [];
      const where: string[] = [];
      for (const use of uses) {
        if (!use.changed) continue;
        const row = store.authentications.byId(use.authId);
        if (!row || row.scope !== 'personal' || row.createdBy === saver.id) continue;
        const what = use.stepId === null ? 'The Slack notification' : `Step "${use.stepId}"`;
        where.push(use.stepId === null ? 'the Slack notification' : `step "${use.stepId}"`);
        issues.push({
          path: use.path,
          message: `${what} uses an authentication that is personal to another user: only they can add it to a step or change a step that uses it. Pick an authentication of your own or an organisational one.`,
        });
      }
      if (issues.length)
        throw new ApiError(
          'FORBIDDEN',
          `You cannot save ${where.join(', ')} with an authentication that is personal to another user: pick one of your own or an organisational one`,
          issues,
        );
    },

    /** For the engine: decrypt, after checking the connector and who may use it. */
    resolve(
      authId: string,
      ctx: { connector: string; stepId: string; service: string | null },
      ownerId: string,
    ): ResolvedAuth {
      const row = store.authentications.byId(authId);
      const expected = ctx.service ?? ctx.connector;
      if (!row)
        throw new StepError(
          'AUTH_MISSING',
          `Step "${ctx.stepId}" names authentication "${authId}", which does not exist (it may have been deleted)`,
          { details: { authId } },
        );
      if (row.scope === 'personal' && row.createdBy !== ownerId) {
        throw new StepError(
          'FORBIDDEN',
          `Step "${ctx.stepId}" uses authentication "${row.name}", which is personal to another user; only workflows they own can use it`,
          { details: { authId } },
        );
      }
      if (row.connector !== expected) {
        throw new StepError(
          'AUTH_MISSING',
          `Step "${ctx.stepId}" needs a ${expected} authentication, but "${row.name}" is for ${row.connector}`,
          { details: { authId } },
        );
      }
      return { id: row.id, connector: row.connector, fields: decrypt(row) };
    },
  };
}
export type AuthenticationService = ReturnType<typeof createAuthenticationService>;
