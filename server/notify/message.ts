// What a run notification says: the JSON a URL receives and the Slack message text.
import { childLists, type Step } from '../../engine/index.js';
import type { RunJson } from '../services/run-json.js';

export interface NotificationPayload {
  workflow: { id: string; name: string };
  run: { id: string; status: RunJson['status']; url: string };
  /** The step that failed (null on success, or when the run failed before any step). */
  step: { id: string; name: string | null } | null;
  error: { code: string; message: string } | null;
  /** One-line summary, so chat webhooks (Slack, Teams) that read `text` show something useful. */
  text: string;
}

/** A step's `name`, searched through loop bodies, branches and error branches. */
function stepName(steps: unknown, id: string): string | null {
  if (!Array.isArray(steps)) return null;
  for (const step of steps as Step[]) {
    if (!step || typeof step !== 'object') continue;
    if (step.id === id) return typeof step.name === 'string' ? step.name : null;
    for (const child of childLists(step)) {
      const found = stepName(child.steps, id);
      if (found) return found;
    }
  }
  return null;
}

function runUrl(publicUrl: string, runId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/#/runs/${encodeURIComponent(runId)}`;
}

export function buildPayload(
  run: RunJson,
  workflow: { id: string; name: string; document: unknown },
  publicUrl: string,
): NotificationPayload {
  const url = runUrl(publicUrl, run.id);
  const stepId = run.error?.stepId ?? null;
  const step = stepId
    ? {
        id: stepId,
        name: stepName((workflow.document as { steps?: unknown } | null)?.steps, stepId),
      }
    : null;
  const error =
    run.status === 'failed' && run.error
      ? { code: run.error.code, message: run.error.message }
      : null;
  const where = step ? ` at step "${step.name ?? step.id}"` : '';
  const text =
    run.status === 'failed'
      ? `Workflow "${workflow.name}" failed${where}: ${error ? `${error.code}: ${error.message}` : 'no error recorded'}. ${url}`
      : `Workflow "${workflow.name}" ${run.status}. ${url}`;
  return {
    workflow: { id: workflow.id, name: workflow.name },
    run: { id: run.id, status: run.status, url },
    step,
    error,
    text,
  };
}

/** Slack mrkdwn treats &, < and > as markup. */
const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackText(p: NotificationPayload): string {
  const link = `<${p.run.url}|Open the run>`;
  if (p.run.status !== 'failed')
    return `:white_check_mark: Workflow *${escape(p.workflow.name)}* ${p.run.status}. ${link}`;
  const where = p.step ? ` at step *${escape(p.step.name ?? p.step.id)}*` : '';
  const why = p.error
    ? `\n>${escape(p.error.code)}: ${escape(p.error.message).replace(/\n/g, '\n>')}`
    : '';
  return `:red_circle: Workflow *${escape(p.workflow.name)}* failed${where}.${why}\n${link}`;
}
