// POST /api/choices: the values a field with dynamic choices offers (a Slack channel, a
// Salesforce object or field, a Totango activity type). The field's declaration says which
// operation lists them; it runs here with the step's authentication, which the CALLER must be
// allowed to use (their own personal ones, or organisational ones: never another person's
// personal one, whoever owns the workflow). Only operations a declaration names can run this
// way, so the endpoint cannot be used to call a service's writing operations.
import {
  isStepError,
  type Catalog,
  type OperationRuntime,
  type ResolvedAuth,
} from '../../engine/index.js';
import type { DynamicChoices } from '../../connectors/index.js';
import type { ChoicesAnswer } from '../../wire/index.js';
import type { Store } from '../db/store.js';
import { ApiError, invalid, notFound } from '../errors.js';
import type { AuthenticationService } from '../services/authentication-service.js';
import type { ConnectorDirectory } from '../services/connector-directory.js';
import { createSecretScrubber } from '../services/scrub.js';
import type { User } from '../services/user-service.js';
import { createTtlCache } from './cache.js';
import { choiceDeclarations, isMapped, valueAt } from './declarations.js';

/** What the editor sends: the step as it stands (its literal input) and the field it shows. */
export interface ChoicesRequest {
  connector: string;
  operation: string;
  /** The field's path in the input (`channel`, `fields`, `fields[]`). */
  field: string;
  /** The step's `auth`: one id, or one per service. */
  auth?: string | Record<string, string>;
  /** The step's input (only literal values count; a mapped one cannot be listed from). */
  input?: Record<string, unknown>;
  /** Skip the cache (the editor's "Reload the list"). */
  refresh?: boolean;
}

export interface ChoicesOptions {
  /** How long an answer is reused. Default 60 s. */
  ttlMs?: number;
  /** How long the listing call may take. Default 20 s. */
  timeoutMs?: number;
  /** The most choices answered (the rest is cut, `truncated: true`). Default 2000. */
  maxChoices?: number;
  now?: () => number;
}

export interface ChoicesDeps {
  store: Store;
  auths: AuthenticationService;
  connectors: ConnectorDirectory;
}

export function createChoices(deps: ChoicesDeps, options: ChoicesOptions = {}) {
  const { store, auths, connectors } = deps;
  const now = options.now ?? Date.now;
  const maxChoices = options.maxChoices ?? 2000;
  const cache = createTtlCache<ChoicesAnswer>(options.ttlMs ?? 60_000, 500, now);
  let declarations: ReturnType<typeof choiceDeclarations> | undefined;

  function declarationOf(req: ChoicesRequest): DynamicChoices {
    declarations ??= choiceDeclarations(connectors.describe());
    const found = declarations.get(`${req.connector}.${req.operation}`)?.get(req.field);
    if (!found)
      throw invalid('This field has no list of choices', [
        {
          path: 'field',
          message: `"${req.field}" of ${req.connector}.${req.operation} does not declare where its choices come from`,
        },
      ]);
    return found;
  }

  /** The authentication the listing operation runs with, checked for the caller. */
  function authFor(
    req: ChoicesRequest,
    runtime: OperationRuntime,
    connector: string,
    user: User,
  ): ResolvedAuth | undefined {
    if (runtime.auth.mode === 'none') return undefined;
    const id =
      typeof req.auth === 'string'
        ? req.auth
        : req.auth && typeof req.auth === 'object'
          ? req.auth[connector]
          : undefined;
    if (!id) {
      if (runtime.auth.mode === 'one' && !runtime.auth.required) return undefined;
      throw invalid('Pick an authentication for this step first: the list comes from the service', [
        { path: 'auth', message: `The choices need a ${connector} authentication` },
      ]);
    }
    const row = store.authentications.byId(id);
    // Another person's personal authentication acts only for them, even to list choices.
    if (row && row.scope === 'personal' && row.createdBy !== user.id)
      throw new ApiError(
        'FORBIDDEN',
        `Authentication "${row.name}" is personal to another user: only they can list choices with it. Pick one of your own or an organisational one, or type the value.`,
      );
    if (!row) throw notFound('Authentication', id);
    if (row.connector !== connector)
      throw invalid(`Authentication "${row.name}" is for ${row.connector}, not ${connector}`, [
        { path: 'auth', message: `The choices need a ${connector} authentication` },
      ]);
    return auths.resolve(id, { connector, stepId: 'choices', service: null }, user.id);
  }

  /** The listing operation's input: literals, and the step's fields it names. */
  function listingInput(req: ChoicesRequest, declaration: DynamicChoices): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    for (const [key, source] of Object.entries(declaration.input ?? {})) {
      if (source === null || typeof source !== 'object') {
        input[key] = source;
        continue;
      }
      const value = valueAt(req.input ?? {}, source.field);
      if (value === undefined || value === null || value === '' || isMapped(value))
        throw invalid(`Fill in "${source.field}" first: the choices depend on it`, [
          {
            path: `input.${source.field}`,
            message: isMapped(value)
              ? 'It is mapped, so its value is known only when the workflow runs'
              : 'It is empty',
          },
        ]);
      input[key] = value;
    }
    return input;
  }

  async function run(
    runtime: OperationRuntime,
    input: Record<string, unknown>,
    auth: ResolvedAuth | undefined,
    catalog: Catalog,
  ): Promise<unknown> {
    const parsed = runtime.input.safeParse(input);
    if (!parsed.success)
      throw invalid(
        'The choices cannot be listed with this input',
        parsed.error.issues.map((i) => ({ path: `input.${i.path.join('.')}`, message: i.message })),
      );
    const signal = AbortSignal.timeout(options.timeoutMs ?? 20_000);
    const scrubber = createSecretScrubber();
    if (auth) scrubber.add(auth, catalog.secretAuthFields(auth.connector));
    try {
      const output = await runtime.execute({
        input: parsed.data,
        auth,
        signal,
        runId: 'choices',
        workflowId: undefined,
        stepId: 'choices',
        idempotencyKey: `choices:${runtime.connector}.${runtime.operation}`,
        log: () => {},
        state: { get: async () => undefined, set: async () => {} },
        secret: (value) => scrubber.addValue(value),
      });
      return scrubber.scrubValue(output);
    } catch (err) {
      if (!isStepError(err)) throw err;
      throw new ApiError(
        'SERVICE_FAILED',
        `Could not list the choices from ${runtime.title}: ${scrubber.scrubText(err.message)}`,
      );
    }
  }

  function pick(output: unknown, declaration: DynamicChoices): ChoicesAnswer {
    const items = valueAt(output, declaration.items);
    if (!Array.isArray(items)) return { choices: [], truncated: false };
    const where = Object.entries(declaration.where ?? {});
    const choices: ChoicesAnswer['choices'] = [];
    const seen = new Set<string>();
    for (const item of items) {
      if (!item || typeof item !== 'object') continue;
      const fields = item as Record<string, unknown>;
      if (!where.every(([key, value]) => fields[key] === value)) continue;
      const value = fields[declaration.value];
      if (value === undefined || value === null || value === '') continue;
      const key = JSON.stringify(value);
      if (seen.has(key)) continue;
      seen.add(key);
      const label = fields[declaration.label];
      choices.push({
        value,
        label: label === undefined || label === null ? String(value) : String(label),
      });
    }
    return { choices: choices.slice(0, maxChoices), truncated: choices.length > maxChoices };
  }

  return {
    async list(req: ChoicesRequest, user: User): Promise<ChoicesAnswer> {
      const declaration = declarationOf(req);
      const connector = declaration.connector ?? req.connector;
      const runtime = connectors.catalog.get(connector, declaration.operation);
      if (!runtime) throw notFound('Operation', `${connector}.${declaration.operation}`);
      const auth = authFor(req, runtime, connector, user);
      const input = listingInput(req, declaration);
      // Per authentication (never shared across credentials) and listing input; the caller's
      // right to the authentication is checked above, before the cache is read.
      const key = JSON.stringify([auth?.id ?? null, connector, input, declaration]);
      const cached = req.refresh ? undefined : cache.get(key);
      if (cached) return cached;
      const answer = pick(await run(runtime, input, auth, connectors.catalog), declaration);
      cache.set(key, answer);
      return answer;
    },
  };
}
export type Choices = ReturnType<typeof createChoices>;
