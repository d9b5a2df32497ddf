// Which workflows use which authentication (their latest versions): the authentications page
// lists them, and warns with them before a delete.
import type { Store } from '../db/store.js';
import { collectAuthRefs } from './workflow-doc.js';
import type { WorkflowService } from './workflow-service.js';

export interface AuthUse {
  id: string;
  name: string;
}

export function authenticationUsage(
  store: Store,
  workflows: WorkflowService,
): Map<string, AuthUse[]> {
  const uses = new Map<string, AuthUse[]>();
  for (const row of store.workflows.list()) {
    const workflow = workflows.document(row.id, row.latestVersion);
    if (!workflow) continue;
    const ids = new Set(collectAuthRefs(workflow).map((ref) => ref.authId));
    // Failure notifications post with an authentication too.
    if (workflow.notifications?.slack) ids.add(workflow.notifications.slack.auth);
    for (const authId of ids) {
      const list = uses.get(authId) ?? [];
      list.push({ id: row.id, name: row.name });
      uses.set(authId, list);
    }
  }
  return uses;
}
