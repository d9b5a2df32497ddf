// Workflows: every save is a new immutable version; saving over a newer version is a conflict.
import {
  parseWorkflow,
  refusedProblems,
  type Schedule,
  type Workflow,
} from '../../engine/index.js';
import type { Store } from '../db/store.js';
import type { WorkflowRow } from '../db/workflows-repo.js';
import { newId } from '../db/ids.js';
import { ApiError, invalid, notFound } from '../errors.js';
import type { AuthenticationService } from './authentication-service.js';
import type { Cipher } from './cipher.js';
import { newToken, hashToken } from './passwords.js';
import { collectAuthUses, stripServerFields } from './workflow-doc.js';
import type { User } from './user-service.js';
import type { SecretInputs } from './secret-inputs.js';
import type { WorkflowSummary } from '../../wire/index.js';

export interface WorkflowJson extends Record<string, unknown> {
  id: string;
  version: number;
  ownerId: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** `/hooks/<id>/<token>` for a webhook workflow (the route makes it absolute). */
  webhookPath?: string;
}

export interface WorkflowServiceDeps {
  store: Store;
  cipher: Cipher;
  auths: AuthenticationService;
  /** Told after every change (the scheduler re-reads the workflow). */
  onChange?: (workflowId: string) => void;
  /** Seals secret inputs (a webhook URL typed into a step) in stored documents. */
  secretInputs?: SecretInputs;
  now?: () => number;
}

export function createWorkflowService(deps: WorkflowServiceDeps) {
  const { store, cipher, auths } = deps;
  const now = deps.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const changed = (id: string) => deps.onChange?.(id);
  const parsedVersions = new Map<string, Workflow>();
  const sealing = deps.secretInputs;
  /** A stored (or sent) document with its secret inputs in plain text, for checks and runs. */
  const opened = (doc: Record<string, unknown>, workflowId: string) =>
    sealing ? sealing.open(doc, workflowId) : doc;

  /**
   * Check structure and who may use the named authentications; answers the document to store.
   * `previous`: the version being edited, whose unchanged steps anyone may save again.
   */
  function check(
    body: Record<string, unknown>,
    workflowId: string,
    ownerId: string,
    saver: User,
    previous?: Workflow,
  ): { doc: Record<string, unknown>; workflow: Workflow } {
    // A sealed secret sent back as the API gave it counts as its plain value (unchanged).
    const doc = opened(stripServerFields(body), workflowId);
    const parsed = parseWorkflow(doc);
    if (!parsed.ok) throw invalid('The workflow document is not valid', parsed.problems);
    // What no workflow may hold (a filter calling a method, a loop past the iteration limit):
    // refused here, so it never reaches a run. Other problems are validate's to list.
    const refused = refusedProblems(parsed.workflow);
    if (refused.length) throw invalid('The workflow uses something workflows may not use', refused);
    const before = previous ? collectAuthUses(previous) : [];
    const uses = collectAuthUses(parsed.workflow).map((use) => {
      // Kept: the same step (by id) naming the same authentication, with nothing else changed.
      const kept = before.some(
        (u) =>
          u.stepId === use.stepId && u.authId === use.authId && u.fingerprint === use.fingerprint,
      );
      return { ...use, changed: !kept };
    });
    auths.assertMayUse(uses, saver);
    const issues = auths.foreignPersonal(uses, ownerId);
    if (issues.length) throw invalid('The workflow uses an authentication it may not use', issues);
    return { doc: sealing ? sealing.seal(doc, workflowId) : doc, workflow: parsed.workflow };
  }

  function get(id: string): WorkflowRow {
    const row = store.workflows.byId(id);
    if (!row) throw notFound('Workflow', id);
    return row;
  }

  /** A webhook workflow gets a token the first time it needs one; the token survives edits. */
  function ensureWebhookToken(row: WorkflowRow, triggerType: string): void {
    if (triggerType === 'webhook' && !row.webhookTokenHash) rotateToken(row.id);
  }

  function rotateToken(id: string): string {
    const token = newToken();
    store.workflows.setWebhookToken(id, hashToken(token), cipher.encrypt(token, `webhook:${id}`));
    return token;
  }

  function toJson(row: WorkflowRow, version = row.latestVersion): WorkflowJson {
    const stored = store.workflows.version(row.id, version);
    if (!stored) throw notFound(`Version ${version} of workflow`, row.id);
    const document = JSON.parse(stored.document) as Record<string, unknown>;
    const json: WorkflowJson = {
      id: row.id,
      version,
      ...document,
      ownerId: row.ownerId,
      enabled: row.enabled,
      createdAt: row.createdAt,
      updatedAt: version === row.latestVersion ? row.updatedAt : stored.createdAt,
    };
    if (row.triggerType === 'webhook' && row.webhookTokenEnc) {
      json.webhookPath = `/hooks/${row.id}/${cipher.decrypt(row.webhookTokenEnc, `webhook:${row.id}`)}`;
    }
    return json;
  }

  const service = {
    /**
     * `enabled: false` creates it switched off (an imported copy of a scheduled workflow must
     * not become a second live schedule unless asked).
     */
    create(
      body: Record<string, unknown>,
      user: User,
      options: { enabled?: boolean } = {},
    ): WorkflowJson {
      const id = newId('wf');
      const { doc, workflow } = check(body, id, user.id, user);
      const at = iso();
      const row = {
        id,
        name: workflow.name,
        ownerId: user.id,
        latestVersion: 1,
        triggerType: workflow.trigger.type,
        enabled: options.enabled ?? true,
        createdAt: at,
        updatedAt: at,
      };
      store.workflows.create(row, JSON.stringify(doc));
      ensureWebhookToken(get(row.id), workflow.trigger.type);
      changed(row.id);
      return toJson(get(row.id));
    },

    update(
      id: string,
      body: Record<string, unknown>,
      baseVersion: number,
      user: User,
    ): WorkflowJson {
      const row = get(id);
      if (baseVersion !== row.latestVersion) {
        throw new ApiError(
          'CONFLICT',
          `This workflow was saved by someone else in the meantime: you edited version ${baseVersion}, the latest is ${row.latestVersion}. Reload it and apply your change again.`,
        );
      }
      const { doc, workflow } = check(
        body,
        id,
        row.ownerId,
        user,
        service.document(id, row.latestVersion),
      );
      if (
        !store.workflows.addVersion(
          id,
          baseVersion,
          workflow.name,
          workflow.trigger.type,
          JSON.stringify(doc),
          user.id,
          iso(),
        )
      ) {
        throw new ApiError(
          'CONFLICT',
          `This workflow was saved by someone else in the meantime: version ${baseVersion} is no longer the latest. Reload it and apply your change again.`,
        );
      }
      ensureWebhookToken(get(id), workflow.trigger.type);
      changed(id);
      return toJson(get(id));
    },

    /** The list: each workflow's trigger, switch, owner (email; null once removed) and newest run. */
    list(): WorkflowSummary[] {
      const emails = store.users.emails();
      const lastRuns = store.runs.lastPerWorkflow();
      return store.workflows.list().map((row) => {
        const { trigger } = JSON.parse(
          store.workflows.version(row.id, row.latestVersion)!.document,
        ) as { trigger: WorkflowSummary['trigger'] };
        const last = lastRuns.get(row.id);
        return {
          id: row.id,
          name: row.name,
          version: row.latestVersion,
          trigger,
          enabled: row.enabled,
          ownerId: row.ownerId,
          ownerEmail: emails.get(row.ownerId) ?? null,
          updatedAt: row.updatedAt,
          lastRun: last
            ? {
                id: last.id,
                status: last.status,
                startedAt: last.startedAt ?? last.createdAt,
                finishedAt: last.finishedAt,
              }
            : null,
        };
      });
    },

    get: (id: string) => toJson(get(id)),
    row: get,

    versions(id: string) {
      get(id);
      return store.workflows.versions(id);
    },

    version(id: string, version: number): WorkflowJson {
      return toJson(get(id), version);
    },

    /** The stored document of a version, parsed (for runs). Versions never change, so parses are cached. */
    document(id: string, version: number): Workflow | undefined {
      const key = `${id}@${version}`;
      const cached = parsedVersions.get(key);
      if (cached) return cached;
      const stored = store.workflows.version(id, version);
      if (!stored) return undefined;
      const parsed = parseWorkflow(opened(JSON.parse(stored.document), id));
      if (!parsed.ok) return undefined;
      if (parsedVersions.size >= 500)
        parsedVersions.delete(parsedVersions.keys().next().value as string);
      parsedVersions.set(key, parsed.workflow);
      return parsed.workflow;
    },

    /** A version's stored document with its secret inputs in plain text (validation), or undefined. */
    plainDocument(id: string, version: number): Record<string, unknown> | undefined {
      const stored = store.workflows.version(id, version);
      return stored ? opened(JSON.parse(stored.document), id) : undefined;
    },

    /** The plain document, as a user keeps it in git: secret inputs become a placeholder. */
    export(id: string): Record<string, unknown> {
      const row = get(id);
      const doc = JSON.parse(store.workflows.version(id, row.latestVersion)!.document) as Record<
        string,
        unknown
      >;
      return sealing ? sealing.forExport(doc) : doc;
    },

    delete(id: string): void {
      get(id);
      // Its runs' records would have nowhere to go: the caller cancels them first. A waiting
      // run counts too: deleting it would leave a run that called it waiting forever.
      if (store.runs.activeCount(id) > 0)
        throw new ApiError(
          'CONFLICT',
          'This workflow has runs queued, running or waiting: cancel them (or wait for them to end) before deleting it',
        );
      if (!store.workflows.delete(id)) throw notFound('Workflow', id);
      for (const key of parsedVersions.keys())
        if (key.startsWith(`${id}@`)) parsedVersions.delete(key);
      changed(id);
    },

    setEnabled(id: string, enabled: boolean): WorkflowJson {
      get(id);
      store.workflows.setEnabled(id, enabled, iso());
      changed(id);
      return toJson(get(id));
    },

    /**
     * Give a workflow to another user (an admin's job, e.g. after its owner was removed). Like
     * saving, refused while it names a personal authentication the new owner may not use.
     */
    setOwner(id: string, ownerId: string): WorkflowJson {
      const row = get(id);
      if (!store.users.byId(ownerId))
        throw invalid('There is no such user', [
          { path: 'ownerId', message: `There is no user "${ownerId}"` },
        ]);
      const workflow = service.document(id, row.latestVersion);
      if (workflow) {
        const issues = auths.foreignPersonal(collectAuthUses(workflow), ownerId);
        if (issues.length)
          throw invalid(
            'The workflow uses a personal authentication of its current owner: pick another one in those steps first',
            issues,
          );
      }
      store.workflows.setOwner(id, ownerId, iso());
      changed(id);
      return toJson(get(id));
    },

    rotateWebhookToken(id: string): string {
      const row = get(id);
      if (row.triggerType !== 'webhook')
        throw invalid('This workflow has no webhook trigger', [
          { path: 'trigger.type', message: 'Set the trigger to "webhook" first' },
        ]);
      return `/hooks/${id}/${rotateToken(id)}`;
    },

    /** Workflows whose latest version has a schedule trigger (the scheduler's view). */
    scheduled(id?: string): {
      workflowId: string;
      name: string;
      ownerId: string;
      schedule: Schedule;
      enabled: boolean;
    }[] {
      const rows = id
        ? [store.workflows.byId(id)].filter((r): r is WorkflowRow => r !== undefined)
        : store.workflows.list();
      const out = [];
      for (const row of rows) {
        if (row.triggerType !== 'schedule') continue;
        const workflow = service.document(row.id, row.latestVersion);
        if (workflow?.trigger.type !== 'schedule') continue;
        out.push({
          workflowId: row.id,
          name: row.name,
          ownerId: row.ownerId,
          schedule: workflow.trigger.schedule,
          enabled: row.enabled,
        });
      }
      return out;
    },

    /** Compare a webhook token with the stored hash (constant-time by hashing both sides). */
    webhookTokenMatches(row: WorkflowRow, token: string): boolean {
      return (
        row.webhookTokenHash !== null && timingSafeHexEqual(row.webhookTokenHash, hashToken(token))
      );
    },
  };
  return service;
}
export type WorkflowService = ReturnType<typeof createWorkflowService>;

function timingSafeHexEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
