// Runs the ready-made sync workflows (examples/sync-*.json) through the real engine, with the
// real catalog, between the fake Totango and the fake Salesforce. Each workflow keeps its
// step state across runs, as the server's SQLite-backed state does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCatalog } from '../../connectors/index.js';
import { clearSalesforceTokens } from '../../connectors/salesforce/session.js';
import {
  parseWorkflow,
  runWorkflow,
  type DebugRecord,
  type ResolvedAuth,
  type RunResult,
  type StepStateStore,
} from '../../engine/index.js';
import { startFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce.js';
import { sfFields } from '../fakes/salesforce/call.js';
import { startFakeTotango, type FakeTotango } from '../fakes/totango.js';

export interface SyncOutputShape {
  created: number;
  updated: number;
  deleted: number;
  skipped: number;
  failed: number;
  skippedUnmatched: number;
  preview: boolean;
  fullSync: boolean;
  items: {
    action: string;
    sourceId: string;
    targetId: string | null;
    reason?: string;
    fields?: string[];
    values?: Record<string, unknown>;
  }[];
  unmatched: { sourceId: string; accountId: string | null; reason: string }[];
}

export type Example =
  | 'sync-tasks-inbound'
  | 'sync-tasks-outbound'
  | 'sync-touchpoints-inbound'
  | 'sync-touchpoints-outbound'
  | 'sync-campaign-touches-outbound';

export interface SyncHarness {
  sf: FakeSalesforce;
  tt: FakeTotango;
  /** Run an example workflow (optionally with input overrides); its sync step's output. */
  run(
    example: Example | 'campaign',
    input?: Record<string, unknown>,
  ): Promise<SyncOutputShape & { result: RunResult; records: DebugRecord[] }>;
  /** Run and return the engine's result whatever its status (for failing runs). */
  runResult(
    example: Example | 'campaign',
    input?: Record<string, unknown>,
  ): Promise<{ result: RunResult; records: DebugRecord[] }>;
  close(): Promise<void>;
}

const root = join(import.meta.dirname, '..', '..');

function loadExample(name: Example | 'campaign'): Record<string, unknown> {
  const file = name === 'campaign' ? 'sync-campaign-touches-outbound' : name;
  return JSON.parse(readFileSync(join(root, 'examples', `${file}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

export async function startSyncHarness(): Promise<SyncHarness> {
  clearSalesforceTokens();
  const sf = await startFakeSalesforce({ pageSize: 2 });
  const tt = await startFakeTotango({ perMinute: Number.POSITIVE_INFINITY });
  const catalog = createCatalog({
    SALESFORCE_LOGIN_URL: sf.loginUrl,
    TOTANGO_BASE_URL: tt.url,
    filesDir: '/nonexistent',
    pacing: false,
  });
  const auths: Record<string, ResolvedAuth> = {
    'salesforce-main': { id: 'salesforce-main', connector: 'salesforce', fields: sfFields(sf) },
    'totango-main': { id: 'totango-main', connector: 'totango', fields: { token: tt.token } },
  };
  const states = new Map<string, Map<string, unknown>>();
  const stateFor = (key: string): StepStateStore => {
    let m = states.get(key);
    if (!m) {
      m = new Map();
      states.set(key, m);
    }
    const store = m;
    return {
      get: async (k) => structuredClone(store.get(k)),
      set: async (k, v) => {
        store.set(k, structuredClone(v));
      },
    };
  };
  let runs = 0;

  const harness: SyncHarness = {
    sf,
    tt,
    async run(example, input = {}) {
      const { result, records } = await harness.runResult(example, input);
      if (result.status !== 'succeeded')
        throw new Error(`run of ${example} ${result.status}: ${JSON.stringify(result.error)}`);
      return { ...(result.outputs['salesforce-1'] as SyncOutputShape), result, records };
    },
    async runResult(example, input = {}) {
      const doc = loadExample(example) as { steps: { input: Record<string, unknown> }[] };
      doc.steps[0].input = { ...doc.steps[0].input, ...input };
      const parsed = parseWorkflow(doc);
      if (!parsed.ok)
        throw new Error(`example ${example} does not parse: ${JSON.stringify(parsed.problems)}`);
      const records: DebugRecord[] = [];
      const result = await runWorkflow({
        workflow: parsed.workflow,
        runId: `run-${++runs}`,
        workflowId: example,
        catalog,
        resolveAuth: async (id) => {
          const auth = auths[id];
          if (!auth) throw new Error(`no auth ${id}`);
          return auth;
        },
        stateFor: (stepId) => stateFor(`${example}:${stepId}`),
        onRecord: (r) => {
          records.push(r);
        },
      });
      return { result, records };
    },
    async close() {
      await Promise.all([sf.close(), tt.close()]);
    },
  };
  return harness;
}

/**
 * What every sync test starts from: the accounts sync ran before (the Totango account id is
 * the Salesforce account id), and a rep who owns the synced records in Salesforce.
 */
export function seedAccountAndRep(h: SyncHarness): { account: string; rep: string } {
  const account = h.sf.store.insert('Account', { Name: 'Acme' }).Id as string;
  h.tt.addAccount({ id: account, display_name: 'Acme' });
  const rep = h.sf.store.insert('User', {
    Username: 'rep@acme.test',
    Email: 'rep@acme.test',
    Name: 'Rep',
  }).Id as string;
  return { account, rep };
}
