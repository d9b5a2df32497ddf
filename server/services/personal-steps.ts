// Which steps of a workflow version act with a personal authentication, and for whom. A
// personal authentication acts only for its owner (docs/server.md, "Who may do what"), so:
// only they may replay or retry such a step, and only they and admins may read what it sent
// and received; everyone else sees that it ran, not its data.
import type { DebugRecord, RunError, Workflow } from '../../engine/index.js';
import type { Store } from '../db/store.js';
import { ApiError } from '../errors.js';
import type { RunJson } from './run-json.js';
import type { User } from './user-service.js';
import { collectAuthUses } from './workflow-doc.js';

/** Step id → the users whose personal authentications the step uses. */
export type PersonalSteps = Map<string, Set<string>>;

export function personalSteps(store: Store, workflow: Workflow | undefined): PersonalSteps {
  const out: PersonalSteps = new Map();
  if (!workflow) return out;
  for (const use of collectAuthUses(workflow)) {
    if (use.stepId === null) continue;
    const row = store.authentications.byId(use.authId);
    if (!row || row.scope !== 'personal') continue;
    const owners = out.get(use.stepId) ?? new Set<string>();
    owners.add(row.createdBy);
    out.set(use.stepId, owners);
  }
  return out;
}

/** The steps whose personal authentications belong to someone other than `userId`. */
export function stepsOfOthers(steps: PersonalSteps, userId: string): string[] {
  return [...steps].filter(([, owners]) => [...owners].some((o) => o !== userId)).map(([id]) => id);
}

export const HIDDEN_MESSAGE =
  'This step used a personal authentication of another user: only they and admins can see what it sent and received';

/** May `user` read the data of step `stepId`? Its authentications' owner, or an admin. */
function mayRead(steps: PersonalSteps, stepId: string | null | undefined, user: User): boolean {
  if (user.role === 'admin' || !stepId) return true;
  const owners = steps.get(stepId);
  return !owners || [...owners].every((o) => o === user.id);
}

/** A record as `user` may see it: the step ran (status, times, place), its data only for its owner. */
export function recordFor(
  steps: PersonalSteps,
  user: User,
): (record: DebugRecord) => DebugRecord & { hidden?: true } {
  return (record) =>
    mayRead(steps, record.stepId, user)
      ? record
      : {
          ...record,
          input: null,
          output: null,
          error: record.error
            ? { code: record.error.code, message: HIDDEN_MESSAGE, details: {} }
            : null,
          hidden: true,
        };
}

/** A run as `user` may see it: the error of such a step keeps its code and step, not its text. */
export function runFor(steps: PersonalSteps, user: User): (run: RunJson) => RunJson {
  return (run) =>
    !run.error || mayRead(steps, run.error.stepId, user)
      ? run
      : { ...run, error: { ...run.error, message: HIDDEN_MESSAGE } as RunError };
}

/** Replays and retries act again with the authentication: only its owner may ask for that. */
export function assertMayActAgain(
  steps: PersonalSteps,
  stepIds: string[],
  user: User,
  what: 'replay' | 'retry',
): void {
  const foreign = stepIds.filter((id) => {
    const owners = steps.get(id);
    return owners && [...owners].some((o) => o !== user.id);
  });
  if (foreign.length === 0) return;
  const names = foreign.map((id) => `"${id}"`).join(', ');
  throw new ApiError(
    'FORBIDDEN',
    what === 'replay'
      ? `Step ${names} uses an authentication that is personal to another user: only they can replay it`
      : `This run's workflow has steps that use an authentication personal to another user (${names}): only they can retry the run`,
  );
}
