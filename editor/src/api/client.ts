// The editor's only way to the server: the HTTP API of API.md. Errors come back as
// ApiError with the server's code, message and per-field issues.
import type { z } from 'zod';
import {
  authenticationSchema,
  authTestSchema,
  choicesAnswerSchema,
  connectorDescriptionSchema,
  debugRecordSchema,
  meSchema,
  recordsPageSchema,
  runSchema,
  sessionSchema,
  storedFieldsSchema,
  workflowSummarySchema,
  type Authentication,
  type ChoicesAnswer,
  type ConnectorDescription,
  type DebugRecord,
  type OperationDescription,
  type Run,
  type StoredFields,
  type User,
  type WorkflowSummary,
} from '../../../wire/index.js';
import type { Workflow } from '../graph/types.js';
import type { JsonSchema } from '../graph/scope-tree.js';

export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** An error for a person: the server's message and each problem with where it is. */
export function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof ApiError) || err.issues.length === 0) return message;
  return `${message}: ${err.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`;
}

/** Set while this browser has a session (so a first visit does not call /me and log a 401). */
export const SIGNED_IN_KEY = 'stepwise:signed-in';

/**
 * Sent on every call: the server refuses a state-changing request that rides on the session
 * cookie without it (or a same-origin Origin), so a foreign page cannot act through the cookie.
 */
const REQUEST_HEADER = { 'x-stepwise-request': '1' };

export async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  return (await exchange<T>(method, url, body)).data;
}

/**
 * A call whose answer is parsed with its wire schema (wire/): an answer that does not have
 * the shape both sides agreed on fails here, naming the call and the field, instead of
 * showing up later as an `undefined` somewhere on screen.
 */
export async function requestAs<S extends z.ZodType>(
  schema: S,
  method: string,
  url: string,
  body?: unknown,
): Promise<z.output<S>> {
  return parseAnswer(schema, await request<unknown>(method, url, body), `${method} ${url}`);
}

export function parseAnswer<S extends z.ZodType>(
  schema: S,
  data: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ApiError(
    0,
    'UNEXPECTED_ANSWER',
    `The server's answer to ${what.split('?')[0]} has an unexpected shape (${issue.path.join('.') || 'the answer'}: ${issue.message}). Is the editor up to date? Reload the page.`,
  );
}

/** A call whose answer headers matter too (a list's `X-Next-Before` cursor). */
export async function exchange<T>(
  method: string,
  url: string,
  body?: unknown,
): Promise<{ data: T; headers: Headers }> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers:
      body === undefined
        ? REQUEST_HEADER
        : { ...REQUEST_HEADER, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (res.status === 401 && !url.startsWith('/api/auth/')) {
    // The session ended (logout elsewhere, 30 days): sign in again, then come back here.
    localStorage.removeItem(SIGNED_IN_KEY);
    sessionStorage.setItem('stepwise:after-login', window.location.hash);
    window.location.hash = '#/login';
  }
  if (!res.ok) {
    const error = (
      data as { error?: { code?: string; message?: string; issues?: ApiIssue[] } } | null
    )?.error;
    throw new ApiError(
      res.status,
      error?.code ?? `HTTP_${res.status}`,
      error?.message ?? `The server answered ${res.status}`,
      error?.issues ?? [],
    );
  }
  return { data: data as T, headers: res.headers };
}

export type { Authentication, ChoicesAnswer, DebugRecord, Run, User, WorkflowSummary };

/** A stored workflow: the document plus what the server adds (wire/workflow.ts). */
export type StoredWorkflow = Workflow & StoredFields;

/**
 * A stored workflow's answer: the server's fields are checked (the document itself was
 * checked by the server when it was saved, and is kept as it is, without defaults added).
 */
async function stored(method: string, url: string, body?: unknown): Promise<StoredWorkflow> {
  return (await requestAs(storedFieldsSchema.loose(), method, url, body)) as StoredWorkflow;
}

/** An operation of GET /api/connectors (wire/connector.ts), its JSON Schemas typed for the forms. */
export type OperationInfo = Omit<OperationDescription, 'input' | 'output' | 'services'> & {
  input: JsonSchema;
  output: JsonSchema;
  services?: { name: string; kind: string; fields: JsonSchema }[];
};

/** A connector of GET /api/connectors (wire/connector.ts), its JSON Schemas typed for the forms. */
export type ConnectorInfo = Omit<ConnectorDescription, 'auth' | 'operations'> & {
  auth: (Omit<NonNullable<ConnectorDescription['auth']>, 'fields'> & { fields: JsonSchema }) | null;
  operations: OperationInfo[];
};

/** Keep only the document's own fields (the server adds id, version, timestamps, webhookUrl). */
export function documentOf(stored: Partial<StoredWorkflow>): Workflow {
  const { name, description, trigger, config, steps, notifications, settings, sample } =
    stored as Workflow;
  const doc: Record<string, unknown> = { name, trigger, config: config ?? {}, steps: steps ?? [] };
  if (description !== undefined) doc.description = description;
  if (notifications !== undefined) doc.notifications = notifications;
  if (settings !== undefined) doc.settings = settings;
  if (sample !== undefined) doc.sample = sample;
  return doc as unknown as Workflow;
}

export const api = {
  setupNeeded: () => request<{ needsSetup: boolean }>('GET', '/api/auth/setup'),
  me: () => requestAs(meSchema, 'GET', '/api/auth/me'),
  login: (email: string, password: string) =>
    requestAs(sessionSchema, 'POST', '/api/auth/login', { email, password }),
  setup: (email: string, password: string) =>
    requestAs(sessionSchema, 'POST', '/api/auth/setup', { email, password }),
  logout: () => request<unknown>('POST', '/api/auth/logout'),

  workflows: () => requestAs(workflowSummarySchema.array(), 'GET', '/api/workflows'),
  workflow: (id: string) => stored('GET', `/api/workflows/${encodeURIComponent(id)}`),
  createWorkflow: (doc: Workflow) => stored('POST', '/api/workflows', doc),
  saveWorkflow: (id: string, doc: Workflow, baseVersion: number) =>
    stored('PUT', `/api/workflows/${encodeURIComponent(id)}`, { ...doc, baseVersion }),
  deleteWorkflow: (id: string) =>
    request<unknown>('DELETE', `/api/workflows/${encodeURIComponent(id)}`),
  validate: (id: string) =>
    request<{ problems: ApiIssue[] }>('POST', `/api/workflows/${encodeURIComponent(id)}/validate`),
  exportWorkflow: (id: string) =>
    request<Workflow>('GET', `/api/workflows/export/${encodeURIComponent(id)}`),
  importWorkflow: (doc: unknown) => stored('POST', '/api/workflows/import', doc),
  rotateWebhook: (id: string) =>
    request<{ webhookUrl: string }>(
      'POST',
      `/api/workflows/${encodeURIComponent(id)}/webhook-token`,
    ),

  startRun: (id: string, payload?: unknown) =>
    request<{ runId: string }>(
      'POST',
      `/api/workflows/${encodeURIComponent(id)}/runs`,
      payload === undefined ? {} : { payload },
    ),
  runs: (workflowId: string) =>
    requestAs(
      runSchema.array(),
      'GET',
      `/api/workflows/${encodeURIComponent(workflowId)}/runs?limit=50`,
    ),
  run: (runId: string) => requestAs(runSchema, 'GET', `/api/runs/${encodeURIComponent(runId)}`),
  records: async (runId: string): Promise<DebugRecord[]> => {
    const all: DebugRecord[] = [];
    let after = 0;
    // Page through every record (API.md: nextAfter is null on the last page).
    for (;;) {
      const page = await requestAs(
        recordsPageSchema,
        'GET',
        `/api/runs/${encodeURIComponent(runId)}/steps?after=${after}&limit=1000`,
      );
      all.push(...page.records);
      if (page.nextAfter === null || page.records.length === 0) return all;
      after = page.nextAfter;
    }
  },
  retry: (runId: string) =>
    request<{ runId: string }>('POST', `/api/runs/${encodeURIComponent(runId)}/retry`, {
      from: 'failed-step',
      version: 'same',
    }),
  /** The run's live stream (API.md: `step`, `step-start` and `run` events). */
  runEvents: (runId: string) => new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`),
  /** `place` names the iteration (API.md has no field for it yet; a server that ignores it replays its own choice). */
  replay: (runId: string, stepId: string, place?: string) =>
    requestAs(
      debugRecordSchema,
      'POST',
      `/api/runs/${encodeURIComponent(runId)}/steps/${encodeURIComponent(stepId)}/replay`,
      place ? { place } : {},
    ),

  connectors: async () =>
    (await requestAs(
      connectorDescriptionSchema.array(),
      'GET',
      '/api/connectors',
    )) as ConnectorInfo[],
  authentications: (connector: string) =>
    requestAs(
      authenticationSchema.array(),
      'GET',
      `/api/authentications?connector=${encodeURIComponent(connector)}`,
    ),
  createAuthentication: (body: {
    name: string;
    connector: string;
    scope: 'personal' | 'organisational';
    fields: Record<string, unknown>;
  }) => requestAs(authenticationSchema, 'POST', '/api/authentications', body),
  testAuthentication: (id: string) =>
    requestAs(authTestSchema, 'POST', `/api/authentications/${encodeURIComponent(id)}/test`),

  /** The choices of a field that declares them (wire/connector.ts; docs/api.md "Dynamic choices"). */
  choices: (query: {
    connector: string;
    operation: string;
    field: string;
    auth?: string | Record<string, string>;
    input: Record<string, unknown>;
    refresh?: boolean;
  }) => requestAs(choicesAnswerSchema, 'POST', '/api/choices', query),

  previewSchedule: (schedule: unknown) =>
    request<{ times: string[] }>('POST', '/api/schedules/preview', { schedule }),
};
