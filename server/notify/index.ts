// Run notifications: a workflow's `notifications` field asks to be told when a run fails (and,
// if wanted, when it succeeds), by a Slack message through the Slack connector with a stored
// authentication, or by a JSON POST to a URL. A notification that cannot be sent is logged;
// it never changes the run.
import { notificationsSchema, isStepError } from '../../engine/index.js';
import { createHttpClient, type ConnectorEnv } from '../../connectors/index.js';
import type { FinishedEvent } from '../services/run-events.js';
import type { Services } from '../services/index.js';
import { buildPayload, slackText, type NotificationPayload } from './message.js';

export interface NotificationOptions {
  services: Pick<Services, 'events' | 'auths' | 'connectors'>;
  /** Where people open Stepwise: STEPWISE_PUBLIC_URL, else the server's own http://HOST:PORT. */
  publicUrl: string;
  /** For the POST's HTTP client (clock, pacing); the files folder is not used. */
  env?: ConnectorEnv;
  log: (message: string) => void;
}

/** `STEPWISE_PUBLIC_URL`, else the URL the server listens on. */
export function publicUrlFrom(env: NodeJS.ProcessEnv, listeningUrl: string): string {
  const configured = env.STEPWISE_PUBLIC_URL?.trim();
  return (configured || listeningUrl).replace(/\/+$/, '');
}

const describe = (err: unknown) =>
  isStepError(err)
    ? `${err.code}: ${err.message}`
    : err instanceof Error
      ? err.message
      : String(err);

async function sendSlack(
  opts: NotificationOptions,
  event: FinishedEvent,
  slack: { auth: string; channel: string },
  payload: NotificationPayload,
): Promise<void> {
  const runtime = opts.services.connectors.catalog.get('slack', 'send_message');
  if (!runtime) throw new Error('the Slack connector is not installed');
  // The workflow's owner is who the notification acts for, as with scheduled runs.
  const auth = opts.services.auths.resolve(
    slack.auth,
    { connector: 'slack', stepId: 'notifications', service: null },
    event.workflow.ownerId,
  );
  await runtime.execute({
    input: runtime.input.parse({
      channel: slack.channel,
      text: slackText(payload),
      unfurl_links: false,
    }),
    auth,
    signal: AbortSignal.timeout(60_000),
    runId: event.run.id,
    workflowId: event.workflow.id,
    stepId: 'notifications',
    idempotencyKey: `${event.run.id}:notification`,
    log: () => {},
    state: { get: async () => undefined, set: async () => {} },
  });
}

async function sendPost(
  opts: NotificationOptions,
  url: string,
  payload: NotificationPayload,
): Promise<void> {
  const http = createHttpClient({
    baseUrl: undefined,
    env: opts.env ?? { filesDir: '' },
    service: 'The notification URL',
    signal: AbortSignal.timeout(60_000),
  });
  try {
    await http.request({ method: 'POST', url, json: payload, withoutCredentials: true });
  } catch (err) {
    // The message names the path; keep it out of the log in case it holds a secret.
    const { pathname } = new URL(url);
    throw new Error(describe(err).split(pathname).join('/[path]'));
  }
}

async function notify(opts: NotificationOptions, event: FinishedEvent): Promise<void> {
  const doc = event.workflow.document as { notifications?: unknown } | null;
  if (!doc?.notifications) return;
  const parsed = notificationsSchema.safeParse(doc.notifications);
  if (!parsed.success) {
    opts.log(
      `notifications: workflow ${event.workflow.id} has an invalid "notifications" field; nothing sent`,
    );
    return;
  }
  const wanted = parsed.data;
  const status = event.run.status;
  if (!((status === 'failed' && wanted.onFailure) || (status === 'succeeded' && wanted.onSuccess)))
    return;
  const payload = buildPayload(event.run, event.workflow, opts.publicUrl);
  const sends: [string, Promise<void>][] = [];
  if (wanted.slack)
    sends.push([`Slack ${wanted.slack.channel}`, sendSlack(opts, event, wanted.slack, payload)]);
  // Only the origin is logged: a URL's path often holds its secret (webhook URLs).
  if (wanted.url)
    sends.push([`POST to ${new URL(wanted.url).origin}`, sendPost(opts, wanted.url, payload)]);
  const results = await Promise.allSettled(sends.map(([, p]) => p));
  results.forEach((result, i) => {
    if (result.status === 'rejected')
      opts.log(
        `notifications: run ${event.run.id} of workflow ${event.workflow.id}: the ${sends[i][0]} notification failed: ${describe(result.reason)}`,
      );
  });
}

/** Listen for finished runs; answers a function that stops listening. */
export function startNotifications(opts: NotificationOptions): () => void {
  const listener = (event: FinishedEvent) => {
    notify(opts, event).catch((err: unknown) =>
      opts.log(`notifications: run ${event.run.id}: ${describe(err)}`),
    );
  };
  opts.services.events.on('finished', listener);
  return () => opts.services.events.off('finished', listener);
}
