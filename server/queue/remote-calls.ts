// What a worker must ask the API process, which alone has the store: starting a called run and
// where it is (call steps), and the storage connector's values. The worker pushes a request on
// a list every API process serves and hears the answer on its own channel; both are sealed with
// the shared key (a payload or a stored value may hold anything a step produced). Every
// question is safe to ask twice except a storage write, which the API applies atomically in
// SQLite, so two workers incrementing one key never lose an increment.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  isStepError,
  StepError,
  type StepErrorCode,
  type StepStorage,
} from '../../engine/index.js';
import type { CallPort } from '../runs/call-port.js';
import type { Sealer } from './sealed.js';
import type { Logger } from '../log/logger.js';

const ANSWER_TIMEOUT_MS = 30_000;
const AAD = 'api-request';

type StorageMethod = keyof StepStorage;
const STORAGE_METHODS: readonly StorageMethod[] = [
  'get',
  'set',
  'append',
  'increment',
  'delete',
  'listKeys',
];

type Question =
  | { kind: 'startCall'; arg: Parameters<CallPort['startCall']>[0] }
  | { kind: 'callOutcome'; arg: string }
  | {
      kind: 'storage';
      ids: { runId: string; workflowId: string | undefined };
      method: StorageMethod;
      args: unknown[];
    };
interface Request {
  id: string;
  replyTo: string;
  /** The sealed Question. */
  sealed: string;
}
type Answer =
  | { id: string; ok: true; value: unknown }
  | {
      id: string;
      ok: false;
      error: { code: StepErrorCode; message: string; details: Record<string, unknown> };
    };

export const apiRequestsKey = (prefix: string) => `${prefix}:sw:api-requests`;
const answersChannel = (prefix: string, workerId: string) => `${prefix}:sw:api-answers:${workerId}`;

export interface RemoteApi {
  calls: CallPort;
  storageFor(ids: { runId: string; workflowId: string | undefined }): StepStorage;
}

/** The worker's side. `subscriber` is a connection in subscriber mode this module may share. */
export async function remoteApi(deps: {
  redis: Redis;
  subscriber: Redis;
  prefix: string;
  workerId: string;
  sealer: Sealer;
}): Promise<RemoteApi> {
  const { sealer } = deps;
  const channel = answersChannel(deps.prefix, deps.workerId);
  const waiting = new Map<string, (answer: Answer) => void>();
  deps.subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    const answer = sealer.open<Answer>(text, AAD);
    waiting.get(answer.id)?.(answer);
  });
  await deps.subscriber.subscribe(channel);

  async function ask(question: Question): Promise<unknown> {
    const id = randomUUID();
    const answered = new Promise<Answer | null>((resolve) => {
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
    const request: Request = { id, replyTo: channel, sealed: sealer.seal(question, AAD) };
    await deps.redis.lpush(apiRequestsKey(deps.prefix), JSON.stringify(request));
    const answer = await answered;
    if (!answer)
      throw new StepError(
        'NETWORK',
        `The Stepwise server did not answer this worker within ${ANSWER_TIMEOUT_MS / 1000} s (is the server running?)`,
        { retryable: true },
      );
    if (!answer.ok)
      throw new StepError(answer.error.code, answer.error.message, {
        details: answer.error.details,
      });
    return answer.value;
  }

  return {
    calls: {
      startCall: (arg) => ask({ kind: 'startCall', arg }) as ReturnType<CallPort['startCall']>,
      callOutcome: (arg) =>
        ask({ kind: 'callOutcome', arg }) as ReturnType<CallPort['callOutcome']>,
    },
    storageFor(ids) {
      const method =
        (name: StorageMethod) =>
        (...args: unknown[]) =>
          ask({ kind: 'storage', ids, method: name, args });
      return Object.fromEntries(
        STORAGE_METHODS.map((name) => [name, method(name)]),
      ) as unknown as StepStorage;
    },
  };
}

/** The API process answers workers' requests with its own CallPort and storage. */
export function serveApiRequests(deps: {
  /** A connection of its own: this blocks on it. */
  redis: Redis;
  prefix: string;
  sealer: Sealer;
  calls: CallPort;
  storageFor(ids: { runId: string; workflowId: string | undefined }): StepStorage;
  log: Logger;
}): { stop(): Promise<void> } {
  const { redis, sealer } = deps;
  let stopped = false;
  const publisher = redis.duplicate();
  publisher.on('error', () => {});

  async function answer(request: Request): Promise<void> {
    let reply: Answer;
    try {
      const question = sealer.open<Question>(request.sealed, AAD);
      let value: unknown;
      if (question.kind === 'startCall') value = await deps.calls.startCall(question.arg);
      else if (question.kind === 'callOutcome') value = await deps.calls.callOutcome(question.arg);
      else {
        if (!STORAGE_METHODS.includes(question.method))
          throw new StepError('INTERNAL', `Unknown storage method "${question.method}"`);
        const storage = deps.storageFor(question.ids) as unknown as Record<
          StorageMethod,
          (...args: unknown[]) => Promise<unknown>
        >;
        value = await storage[question.method](...question.args);
      }
      reply = { id: request.id, ok: true, value: value ?? null };
    } catch (err) {
      const e = isStepError(err)
        ? err
        : new StepError('INTERNAL', err instanceof Error ? err.message : String(err));
      reply = { id: request.id, ok: false, error: e.toJSON() };
    }
    await publisher.publish(request.replyTo, sealer.seal(reply, AAD));
  }

  const running = (async () => {
    while (!stopped) {
      try {
        const got = await redis.blpop(apiRequestsKey(deps.prefix), 1);
        if (!got) continue;
        void answer(JSON.parse(got[1]) as Request).catch((err: unknown) =>
          deps.log.error(`worker request: ${err instanceof Error ? err.message : String(err)}`),
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
