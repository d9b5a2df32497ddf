// The editor's only way to the server: the HTTP API of API.md. Errors come back as
// ApiError with the server's code, message and per-field issues.
import type { DebugRecord, RunError, RunStatus } from '../../../engine/model/record.js';
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

export interface User {
  id?: string;
  email: string;
  role?: string;
}

export interface WorkflowSummary {
  id: string;
  name: string;
  version: number;
  trigger: Workflow['trigger'];
  updatedAt: string;
}

/** A stored workflow: the document plus what the server adds. */
export type StoredWorkflow = Workflow & {
  id: string;
  version: number;
  createdAt?: string;
  updatedAt?: string;
  webhookUrl?: string;
};

export interface Run {
  id: string;
  workflowId: string;
  workflowVersion: number;
  /** How the run started and the trigger's output (`$.trigger`). */
  trigger: { type: string; output: unknown } | null;
  status: RunStatus;
  startedAt: string | null;
  finishedAt: string | null;
  error: RunError | null;
  stepCount?: number;
  recordsOmitted?: number;
  /** A `waiting` run parked by a delay: when it resumes. */
  resumeAt?: string | null;
  /** A `waiting` run parked by a call step: the run it waits for. */
  waitingFor?: string | null;
  /** The call step that started this run. */
  calledBy?: { runId: string; workflowId: string; stepId: string } | null;
}

export interface OperationInfo {
  name: string;
  title: string;
  description?: string;
  input: JsonSchema;
  output: JsonSchema;
  /** An operation that talks to several services names one authentication per service. */
  services?: { name: string; kind: string; fields: JsonSchema }[];
}

export interface ConnectorInfo {
  name: string;
  title: string;
  auth: { kind: string; fields: JsonSchema } | null;
  operations: OperationInfo[];
}

export interface Authentication {
  id: string;
  name: string;
  connector: string;
  scope: 'personal' | 'organisational';
  createdBy?: string;
}

export type { DebugRecord };

/** Keep only the document's own fields (the server adds id, version, timestamps, webhookUrl). */
export function documentOf(stored: Partial<StoredWorkflow>): Workflow {
  const { name, description, trigger, config, steps, notifications } = stored as Workflow;
  const doc: Record<string, unknown> = { name, trigger, config: config ?? {}, steps: steps ?? [] };
  if (description !== undefined) doc.description = description;
  if (notifications !== undefined) doc.notifications = notifications;
  return doc as unknown as Workflow;
}

export const api = {
  setupNeeded: () => request<{ needsSetup: boolean }>('GET', '/api/auth/setup'),
  me: () => request<{ user: User }>('GET', '/api/auth/me'),
  login: (email: string, password: string) =>
    request<{ user: User; token: string }>('POST', '/api/auth/login', { email, password }),
  setup: (email: string, password: string) =>
    request<{ user: User; token: string }>('POST', '/api/auth/setup', { email, password }),
  logout: () => request<unknown>('POST', '/api/auth/logout'),

  workflows: () => request<WorkflowSummary[]>('GET', '/api/workflows'),
  workflow: (id: string) =>
    request<StoredWorkflow>('GET', `/api/workflows/${encodeURIComponent(id)}`),
  createWorkflow: (doc: Workflow) => request<StoredWorkflow>('POST', '/api/workflows', doc),
  saveWorkflow: (id: string, doc: Workflow, baseVersion: number) =>
    request<StoredWorkflow>('PUT', `/api/workflows/${encodeURIComponent(id)}`, {
      ...doc,
      baseVersion,
    }),
  deleteWorkflow: (id: string) =>
    request<unknown>('DELETE', `/api/workflows/${encodeURIComponent(id)}`),
  validate: (id: string) =>
    request<{ problems: ApiIssue[] }>('POST', `/api/workflows/${encodeURIComponent(id)}/validate`),
  exportWorkflow: (id: string) =>
    request<Workflow>('GET', `/api/workflows/export/${encodeURIComponent(id)}`),
  importWorkflow: (doc: unknown) => request<StoredWorkflow>('POST', '/api/workflows/import', doc),
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
    request<Run[]>('GET', `/api/workflows/${encodeURIComponent(workflowId)}/runs?limit=50`),
  run: (runId: string) => request<Run>('GET', `/api/runs/${encodeURIComponent(runId)}`),
  records: async (runId: string): Promise<DebugRecord[]> => {
    const all: DebugRecord[] = [];
    let after = 0;
    // Page through every record (API.md: nextAfter is null on the last page).
    for (;;) {
      const page = await request<{ records: DebugRecord[]; nextAfter: number | null }>(
        'GET',
        `/api/runs/${encodeURIComponent(runId)}/steps?after=${after}&limit=1000`,
      );
      all.push(...page.records);
      if (page.nextAfter === null || page.nextAfter === undefined || page.records.length === 0)
        return all;
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
    request<DebugRecord>(
      'POST',
      `/api/runs/${encodeURIComponent(runId)}/steps/${encodeURIComponent(stepId)}/replay`,
      place ? { place } : {},
    ),

  connectors: () => request<ConnectorInfo[]>('GET', '/api/connectors'),
  authentications: (connector: string) =>
    request<Authentication[]>(
      'GET',
      `/api/authentications?connector=${encodeURIComponent(connector)}`,
    ),
  createAuthentication: (body: {
    name: string;
    connector: string;
    scope: 'personal' | 'organisational';
    fields: Record<string, unknown>;
  }) => request<Authentication>('POST', '/api/authentications', body),
  testAuthentication: (id: string) =>
    request<{ ok: boolean; message: string }>(
      'POST',
      `/api/authentications/${encodeURIComponent(id)}/test`,
    ),

  previewSchedule: (schedule: unknown) =>
    request<{ times: string[] }>('POST', '/api/schedules/preview', { schedule }),
};
