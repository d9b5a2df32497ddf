// One Slack Web API call through the connector's HTTP client (which already retries a 429
// after Retry-After): JSON POST for writes, GET with query for reads, and `ok: false`
// turned into a SLACK_<ERROR> step error.
import { StepError } from '../../engine/errors/step-error.js';
import type { HttpClient } from '../sdk/types.js';
import { slackError, type SlackErrorContext } from './errors.js';

export type SlackAnswer = { ok: true; [key: string]: unknown };

type Context = Omit<SlackErrorContext, 'method' | 'needed' | 'provided'>;

function check(method: string, body: unknown, context: Context): SlackAnswer {
  if (!body || typeof body !== 'object' || typeof (body as { ok?: unknown }).ok !== 'boolean') {
    throw new StepError('CONNECTOR_ERROR', `Slack's ${method} answered something that is not a Slack API answer. Check the authentication's base URL (it should end in /api, e.g. https://slack.com/api).`, { details: { method } });
  }
  const answer = body as { ok: boolean; error?: unknown; needed?: unknown; provided?: unknown };
  if (answer.ok) return answer as SlackAnswer;
  const error = typeof answer.error === 'string' && answer.error !== '' ? answer.error : 'unknown_error';
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  throw slackError(error, { ...context, method, needed: str(answer.needed), provided: str(answer.provided) });
}

/** A write method: `POST <base>/<method>` with a JSON body (Slack wants the charset named). */
export async function slackPost(http: HttpClient, method: string, body: Record<string, unknown>, context: Context = {}): Promise<SlackAnswer> {
  const res = await http.request({ method: 'POST', url: `/${method}`, json: body, headers: { 'content-type': 'application/json; charset=utf-8' } });
  return check(method, res.body, context);
}

/** A read method: `GET <base>/<method>?…` (some read methods do not take JSON bodies). */
export async function slackGet(http: HttpClient, method: string, query: Record<string, string | number | boolean | undefined>, context: Context = {}): Promise<SlackAnswer> {
  const res = await http.request({ method: 'GET', url: `/${method}`, query });
  return check(method, res.body, context);
}

/**
 * The connector lets a step leave the authentication out (only the webhook operation works
 * without one); every Web API operation calls this first.
 */
export function requireToken(auth: { token?: string }): void {
  if (!auth.token) {
    throw new StepError('AUTH_MISSING', 'This step needs a Slack authentication (a bot token). Add one in the step\'s authentication field.');
  }
}
