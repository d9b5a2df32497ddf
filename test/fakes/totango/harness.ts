// Run Totango operations through the real catalog against the fake: one call = one step
// execution, with a stepping clock so retries and pacing never make a test wait.
import { createCatalog } from '../../../connectors/index.js';
import { steppingClock } from '../../../connectors/sdk/clock.js';
import type { ConnectorEnv } from '../../../connectors/sdk/types.js';
import type { LogLevel } from '../../../engine/run/catalog.js';
import { startFakeTotango, type FakeTotango, type FakeTotangoOptions } from '../totango.js';

export interface LogLine {
  level: LogLevel;
  message: string;
  data?: Record<string, unknown>;
}

export interface TotangoHarness {
  fake: FakeTotango;
  env: ConnectorEnv;
  clock: ReturnType<typeof steppingClock>;
  logs: LogLine[];
  /** The authentication fields the calls use (token, baseUrl and collectorUrl of the fake, serviceId). */
  fields: Record<string, unknown>;
  call(operation: string, input: unknown, fields?: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

let authCounter = 0;

export async function totangoHarness(opts: FakeTotangoOptions & { env?: Partial<ConnectorEnv> } = {}): Promise<TotangoHarness> {
  const clock = steppingClock();
  const fake = await startFakeTotango({ now: clock.now, ...opts });
  const env: ConnectorEnv = { filesDir: '/nowhere', clock, ...opts.env };
  const catalog = createCatalog(env);
  const logs: LogLine[] = [];
  const fields = { token: fake.token, baseUrl: fake.url, collectorUrl: fake.url, serviceId: fake.state.serviceId };
  // A fresh authentication id per harness keeps the process-wide pacing windows apart.
  const authId = `auth_totango_${++authCounter}`;
  return {
    fake,
    env,
    clock,
    logs,
    fields,
    async call(operation, input, override) {
      const op = catalog.get('totango', operation);
      if (!op) throw new Error(`no totango operation ${operation}`);
      const parsed = op.input.safeParse(input);
      if (!parsed.success) throw parsed.error;
      return op.execute({
        input: parsed.data,
        auth: { id: authId, connector: 'totango', fields: override ?? fields },
        signal: new AbortController().signal,
        runId: 'run_t',
        workflowId: 'wf_t',
        stepId: 'totango-1',
        idempotencyKey: 'run_t:totango-1',
        log: (level, message, data) => logs.push({ level, message, data }),
        state: { get: async () => undefined, set: async () => undefined },
      });
    },
    close: () => fake.close(),
  };
}
