// Run Totango operations through the real catalog against the fake: one call = one step
// execution, with a stepping clock so retries and pacing never make a test wait.
import { createCatalog } from '../../../connectors/index.js';
import { steppingClock } from '../../../connectors/sdk/clock.js';
import { resetPacing } from '../../../connectors/sdk/pacer.js';
import type { ConnectorEnv } from '../../../connectors/sdk/types.js';
import type { LogLevel } from '../../../engine/run/catalog.js';
import { createMemoryStorage } from '../../../engine/run/storage.js';
import { callOperation } from '../../helpers/call-operation.js';
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
  /** The storage every call shares (account values outlive a call, as on the server). */
  storage: ReturnType<typeof createMemoryStorage>;
  call(operation: string, input: unknown, fields?: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

let authCounter = 0;

export async function totangoHarness(
  opts: FakeTotangoOptions & { env?: Partial<ConnectorEnv> } = {},
): Promise<TotangoHarness> {
  // Pacing is per token and every harness uses the fake's one token: start each harness (and
  // its own clock) with an empty window, so earlier calls in this test process do not count.
  resetPacing();
  const clock = steppingClock();
  const fake = await startFakeTotango({ now: clock.now, ...opts });
  const env: ConnectorEnv = { filesDir: '/nowhere', clock, ...opts.env };
  const catalog = createCatalog(env);
  const logs: LogLine[] = [];
  const fields = {
    token: fake.token,
    baseUrl: fake.url,
    collectorUrl: fake.url,
    serviceId: fake.state.serviceId,
  };
  const authId = `auth_totango_${++authCounter}`;
  const storage = createMemoryStorage();
  let runs = 0;
  return {
    fake,
    env,
    clock,
    logs,
    fields,
    storage,
    call: (operation, input, override) => {
      // Each call is a step of its own run, so run values do not carry over; account ones do.
      const runId = `run_${++runs}`;
      return callOperation(catalog, 'totango', operation, input, {
        auth: { id: authId, connector: 'totango', fields: override ?? fields },
        log: (level, message, data) => logs.push({ level, message, data }),
        runId,
        storage: storage.forRun({ runId, workflowId: 'wf_1' }),
      });
    },
    close: () => fake.close(),
  };
}
