// The engine's only view of connectors. The engine never imports connectors/: the server,
// the worker and the CLI hand it a Catalog built by connectors/index.ts (createCatalog).
import type { z } from 'zod';
import type { StepStorage } from './storage.js';

/** A stored authentication, decrypted, as the server (or the CLI's auths.json) resolves it. */
export interface ResolvedAuth {
  id: string;
  connector: string;
  fields: Record<string, unknown>;
}

/** Per-workflow, per-step persistent key/value state (e.g. a sync job's cursor). */
export interface StepStateStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type StepLogger = (level: LogLevel, message: string, data?: Record<string, unknown>) => void;

export interface OperationCall {
  /** Parsed with the operation's input schema (defaults applied). */
  input: unknown;
  /**
   * The step's authentication: one ResolvedAuth, or one per service for an operation that
   * names several (`{ salesforce: …, totango: … }`), or undefined when the step has none.
   */
  auth: ResolvedAuth | Record<string, ResolvedAuth> | undefined;
  signal: AbortSignal;
  runId: string;
  workflowId: string | undefined;
  stepId: string;
  /**
   * Stable across re-runs of the same step execution (`<runId>:<place>`): a step re-run after a
   * crash sends the same key, so services that honour an Idempotency-Key apply it once.
   */
  idempotencyKey: string;
  log: StepLogger;
  state: StepStateStore;
  /**
   * Report a credential obtained during the call (an OAuth access or refresh token, a session
   * id): from that moment it is redacted, in all its encoded forms, from the run's records,
   * errors, checkpoints and events, like the authentication's own secret fields.
   */
  secret?(value: string): void;
  /** Values kept per run, workflow or account (the storage connector); the host's, else memory. */
  storage?: StepStorage;
}

export interface OperationRuntime {
  connector: string;
  operation: string;
  title: string;
  /** zod schema for the input: the engine parses the resolved input with it (INPUT_INVALID). */
  input: z.ZodType;
  output: z.ZodType;
  /**
   * What authentication the step must name: none; one (required or optional); or one per
   * service (`['salesforce', 'totango']`) for an operation that talks to two services.
   */
  auth:
    | { mode: 'none' }
    | { mode: 'one'; required: boolean }
    | { mode: 'services'; services: string[] };
  /** Input field names whose values never appear in a record (e.g. a webhook URL). */
  secretInputs: readonly string[];
  /**
   * Problems validate can see before a run in the fields written as literals (mapped fields are
   * left out), beyond the schema: e.g. a script that does not parse. Optional.
   */
  checkInput?(literal: Record<string, unknown>): { field: string; message: string }[];
  /**
   * Running it again with the same idempotency key repeats nothing (a read, an HTTP write with
   * an Idempotency-Key, an upsert). A queue worker that stopped in the middle of such a step
   * runs it again; any other step with side effects fails the run instead (it may or may not
   * have happened).
   */
  idempotent?: boolean;
  /**
   * `false` when running the operation changes nothing anywhere (reads a file, reshapes data):
   * a host need not make earlier steps durable before it runs. Left out: it may have effects.
   */
  sideEffects?: false;
  /**
   * Problems only the service can tell before a run (a Salesforce field that does not exist), in
   * the input fields written as literals. Optional; validate calls it when the step's
   * authentications resolve (engine/validate/check-with-services.ts).
   */
  checkWithService?(call: ServiceCheckCall): Promise<{ field: string; message: string }[]>;
  execute(call: OperationCall): Promise<unknown>;
}

/** What validate hands `checkWithService`: the literal input fields and the step's authentications. */
export interface ServiceCheckCall
  extends Pick<OperationCall, 'auth' | 'signal' | 'log' | 'secret'> {
  literal: Record<string, unknown>;
  /** The input fields whose values are mapped (known only in a run). */
  mapped: string[];
}

export interface Catalog {
  get(connector: string, operation: string): OperationRuntime | undefined;
  /** Connector ids known to the catalog (for "unknown connector" messages). */
  connectors(): string[];
  /** Names of the secret fields of a connector's authentication (their values are redacted). */
  secretAuthFields(connector: string): readonly string[];
}
