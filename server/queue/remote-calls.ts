// Call steps on a worker: starting a called run needs the store, which only the API process
// has. The worker asks through Redis (a request list every API process serves) and hears the
// answer on its own channel. Both questions are safe to ask twice: a call is started once per
// call key, and where a called run is can be asked any number of times.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isStepError, StepError, type StepErrorCode } from '../../engine/index.js';
import type { CallPort } from '../runs/call-port.js';

const ANSWER_TIMEOUT_MS = 30_000;

type Kind = 'startCall' | 'callOutcome';
interface CallRequestMessage {
  id: string;
  replyTo: string;
  kind: Kind;
  arg: unknown;
}
type CallAnswer =
  | { id: string; ok: true; value: unknown }
  | {
      id: string;
      ok: false;
      error: { code: StepErrorCode; message: string; details: Record<string, unknown> };
    };

export const callRequestsKey = (prefix: string) => `${prefix}:sw:call-requests`;
export const callAnswersChannel = (prefix: string, workerId: string) =>
  `${prefix}:sw:call-answers:${workerId}`;

/** The worker's CallPort. `subscriber` is a connection in subscriber mode this module may use. */
export async function remoteCallPort(deps: {
  redis: Redis;
  subscriber: Redis;
  prefix: string;
  workerId: string;
}): Promise<CallPort> {
  const channel = callAnswersChannel(deps.prefix, deps.workerId);
  const waiting = new Map<string, (answer: CallAnswer) => void>();
  deps.subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    const answer = JSON.parse(text) as CallAnswer;
    waiting.get(answer.id)?.(answer);
  });
  await deps.subscriber.subscribe(channel);

  async function ask(kind: Kind, arg: unknown): Promise<unknown> {
    const id = randomUUID();
    const answered = new Promise<CallAnswer | null>((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        resolve(null);
      }, ANSWER_TIMEOUT_MS);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(answer);
      });
    });
    const message: CallRequestMessage = { id, replyTo: channel, kind, arg };
    await deps.redis.lpush(callRequestsKey(deps.prefix), JSON.stringify(message));
    const answer = await answered;
    if (!answer)
      throw new StepError(
        'NETWORK',
        `The Stepwise server did not answer this worker's call step within ${ANSWER_TIMEOUT_MS / 1000} s (is the server running?)`,
        { retryable: true },
      );
    if (!answer.ok)
      throw new StepError(answer.error.code, answer.error.message, {
        details: answer.error.details,
      });
    return answer.value;
  }

  return {
    startCall: (request) => ask('startCall', request) as ReturnType<CallPort['startCall']>,
    callOutcome: (runId) => ask('callOutcome', runId) as ReturnType<CallPort['callOutcome']>,
  };
}

/** The API process answers workers' call requests with its own CallPort. */
export function serveCalls(deps: {
  /** A connection of its own: this blocks on it. */
  redis: Redis;
  prefix: string;
  port: CallPort;
  log: (message: string) => void;
}): { stop(): Promise<void> } {
  const { redis, port } = deps;
  let stopped = false;
  const publisher = redis.duplicate();
  publisher.on('error', () => {});

  async function answer(message: CallRequestMessage): Promise<void> {
    let reply: CallAnswer;
    try {
      const value =
        message.kind === 'startCall'
          ? await port.startCall(message.arg as Parameters<CallPort['startCall']>[0])
          : await port.callOutcome(String(message.arg));
      reply = { id: message.id, ok: true, value };
    } catch (err) {
      const e = isStepError(err)
        ? err
        : new StepError('INTERNAL', err instanceof Error ? err.message : String(err));
      reply = { id: message.id, ok: false, error: e.toJSON() };
    }
    await publisher.publish(message.replyTo, JSON.stringify(reply));
  }

  const running = (async () => {
    while (!stopped) {
      try {
        const got = await redis.blpop(callRequestsKey(deps.prefix), 1);
        if (!got) continue;
        void answer(JSON.parse(got[1]) as CallRequestMessage).catch((err: unknown) =>
          deps.log(`call request: ${err instanceof Error ? err.message : String(err)}`),
        );
      } catch {
        if (stopped) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      redis.disconnect();
      publisher.disconnect();
      await running;
    },
  };
}
