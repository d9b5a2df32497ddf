// One Slack Web API call through the connector's HTTP client (which already retries a 429
// after Retry-After): JSON POST for writes, GET with query for reads, and `ok: false`
// turned into a SLACK_<ERROR> step error.
import { isStepError, StepError } from '../../engine/errors/step-error.js';
import { realClock } from '../sdk/clock.js';
import type { ConnectorEnv, HttpClient, HttpRequest, HttpResponse } from '../sdk/types.js';
import { slackError, type SlackErrorContext } from './errors.js';

export type SlackAnswer = { ok: true; [key: string]: unknown };

type Context = Omit<SlackErrorContext, 'method' | 'needed' | 'provided'>;

function check(method: string, body: unknown, context: Context): SlackAnswer {
  if (!body || typeof body !== 'object' || typeof (body as { ok?: unknown }).ok !== 'boolean') {
    throw new StepError(
      'CONNECTOR_ERROR',
      `Slack's ${method} answered something that is not a Slack API answer. Check the authentication's base URL (it should end in /api, e.g. https://slack.com/api).`,
      { details: { method } },
    );
  }
  const answer = body as { ok: boolean; error?: unknown; needed?: unknown; provided?: unknown };
  if (answer.ok) return answer as SlackAnswer;
  const error =
    typeof answer.error === 'string' && answer.error !== '' ? answer.error : 'unknown_error';
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  throw slackError(error, {
    ...context,
    method,
    needed: str(answer.needed),
    provided: str(answer.provided),
  });
}

/** What a call needs from the operation's context. */
export interface SlackCtx {
  http: HttpClient;
  env: ConnectorEnv;
  signal: AbortSignal;
}

/**
 * The HTTP client waits out a 429 itself when Slack asks for up to 30 s. Slack's posting
 * limits often ask for longer; a step has minutes, so wait up to 2 minutes, twice, before
 * leaving it to the step's retry policy.
 */
export const LONG_WAIT_MAX_MS = 120_000;
export const LONG_WAITS = 2;

/**
 * Slack's own error word in a failed HTTP answer's body. Slack answers application errors with
 * HTTP 200, but a proxy or a stand-in may give them a 4xx/5xx status; `ok: false` still names
 * the error, and the step's code should carry it (SLACK_CHANNEL_NOT_FOUND), not only the status.
 */
function slackWordIn(err: unknown): string | undefined {
  if (!isStepError(err) || !(err.code.startsWith('CONNECTOR_HTTP_') || err.code === 'AUTH_FAILED'))
    return undefined;
  const text = (err.details.response as { body?: unknown } | undefined)?.body;
  if (typeof text !== 'string') return undefined;
  try {
    const body = JSON.parse(text) as { ok?: unknown; error?: unknown };
    return body.ok === false && typeof body.error === 'string' && body.error !== ''
      ? body.error
      : undefined;
  } catch {
    return undefined;
  }
}

async function send(
  ctx: SlackCtx,
  req: HttpRequest,
  method: string,
  context: Context,
): Promise<HttpResponse> {
  for (let waits = 0; ; waits++) {
    try {
      return await ctx.http.request(req);
    } catch (err) {
      const word = slackWordIn(err);
      if (word) throw slackError(word, { ...context, method });
      const wait = isStepError(err) && err.code === 'RATE_LIMITED' ? err.retryAfterMs : undefined;
      if (wait === undefined || wait > LONG_WAIT_MAX_MS || waits >= LONG_WAITS) throw err;
      await (ctx.env.clock ?? realClock).sleep(wait, ctx.signal);
    }
  }
}

/** A write method: `POST <base>/<method>` with a JSON body (Slack wants the charset named). */
export async function slackPost(
  ctx: SlackCtx,
  method: string,
  body: Record<string, unknown>,
  context: Context = {},
): Promise<SlackAnswer> {
  const res = await send(
    ctx,
    {
      method: 'POST',
      url: `/${method}`,
      json: body,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    },
    method,
    context,
  );
  return check(method, res.body, context);
}

/** A read method: `GET <base>/<method>?…` (some read methods do not take JSON bodies). */
export async function slackGet(
  ctx: SlackCtx,
  method: string,
  query: Record<string, string | number | boolean | undefined>,
  context: Context = {},
): Promise<SlackAnswer> {
  const res = await send(ctx, { method: 'GET', url: `/${method}`, query }, method, context);
  return check(method, res.body, context);
}

/**
 * The connector lets a step leave the authentication out (only the webhook operation works
 * without one); every Web API operation calls this first.
 */
export function requireToken(auth: { token?: string } | undefined): void {
  if (!auth?.token) {
    throw new StepError(
      'AUTH_MISSING',
      "This step needs a Slack authentication (a bot token). Add one in the step's authentication field.",
    );
  }
}
