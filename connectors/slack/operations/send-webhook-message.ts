import { z } from 'zod';
import { isStepError, StepError } from '../../../engine/errors/step-error.js';
import { realClock } from '../../sdk/clock.js';
import { createHttpClient } from '../../sdk/http-client.js';
import { slackAuth } from '../auth.js';
import { defineOperation } from '../../sdk/types.js';
import { LONG_WAIT_MAX_MS, LONG_WAITS } from '../call.js';
import { slackError } from '../errors.js';
import { blocksField, needsTextOrBlocks, textField } from '../schemas.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const input = z
  .object({
    webhookUrl: z.string().min(1, 'Give the webhook URL').meta({
      title: 'Webhook URL',
      secret: true,
      description:
        'The incoming webhook URL from the Slack app settings (https://hooks.slack.com/services/…). Treated as a secret: it never appears in run records.',
    }),
    text: textField,
    blocks: blocksField,
  })
  .superRefine(needsTextOrBlocks);

/** https anywhere; plain http only to this machine (a local stand-in such as the test fake). */
function checkWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new StepError(
      'INPUT_INVALID',
      'The webhook URL is not a URL. Paste the whole incoming webhook URL, e.g. https://hooks.slack.com/services/T…/B…/….',
      { details: { field: 'webhookUrl' } },
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new StepError('INPUT_INVALID', 'The webhook URL must start with https://.', {
      details: { field: 'webhookUrl' },
    });
  }
  return url;
}

/** The URL is the secret: no error or log may show more than its host. */
function hideUrl(err: unknown, url: URL): unknown {
  if (!isStepError(err)) return err;
  const message = err.message
    .split(url.toString())
    .join('[webhook URL]')
    .split(url.pathname)
    .join('/[webhook path]');
  return new StepError(err.code, message, {
    retryable: err.retryable,
    retryAfterMs: err.retryAfterMs,
  });
}

export const sendWebhookMessage = defineOperation({
  auth: slackAuth,
  // The webhook URL is the credential: the step needs no Slack authentication.
  authOptional: true,
  id: 'send_webhook_message',
  title: 'Send message with a webhook',
  description:
    'Post to the channel of a Slack incoming webhook. Needs no authentication: the webhook URL is the secret.',
  input,
  output: z.object({ ok: z.boolean() }),
  secretInputs: ['webhookUrl'],
  async execute({ input, env, signal, log }) {
    const url = checkWebhookUrl(input.webhookUrl);
    // The shared client (retries on 429 after Retry-After), unbound to any authentication,
    // logging only the host because the path is the webhook's secret.
    const http = createHttpClient({
      baseUrl: undefined,
      env,
      signal,
      service: 'Slack',
      capture: (ex) =>
        log(
          'debug',
          `Slack webhook: POST ${url.origin}/[webhook path] → ${ex.response?.status ?? 'no answer'}`,
        ),
    });
    for (let waits = 0; ; waits++) {
      let res;
      try {
        res = await http.request({
          method: 'POST',
          url: url.toString(),
          json: { text: input.text, blocks: input.blocks },
          headers: { 'content-type': 'application/json; charset=utf-8' },
          acceptAnyStatus: true,
          withoutCredentials: true,
        });
      } catch (err) {
        throw hideUrl(err, url);
      }
      if (res.status >= 200 && res.status < 300) return { ok: true };
      const retryAfterMs = Number(res.headers['retry-after']) * 1000;
      // As for the Web API (call.ts): wait out a long Retry-After the client left to us.
      if (
        res.status === 429 &&
        Number.isFinite(retryAfterMs) &&
        retryAfterMs <= LONG_WAIT_MAX_MS &&
        waits < LONG_WAITS
      ) {
        await (env.clock ?? realClock).sleep(retryAfterMs, signal);
        continue;
      }
      // Webhooks answer errors as plain text with a real status (invalid_payload, no_service, …).
      const word = res.text.trim();
      const error = /^[a-z_]{2,64}$/.test(word)
        ? word
        : res.status === 429
          ? 'ratelimited'
          : `http_${res.status}`;
      throw slackError(
        error,
        { method: 'incoming webhook' },
        Number.isFinite(retryAfterMs) ? retryAfterMs : undefined,
      );
    }
  },
});
