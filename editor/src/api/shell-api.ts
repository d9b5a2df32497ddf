// The API calls of the pages around the builder (workflows list, runs, data files,
// authentications, users, account), through client.ts's request: same errors, same headers.
import {
  authenticationRowSchema,
  authenticationSchema,
  runSchema,
  serverStatusSchema,
  userSchema,
  workflowSummarySchema,
  type AuthenticationRow,
  type User,
  type WorkflowSummary,
} from '../../../wire/index.js';
import type { Workflow } from '../graph/types.js';
import { type Run, exchange, parseAnswer, request, requestAs } from './client.js';

const enc = encodeURIComponent;

/** A row of GET /api/workflows (wire/workflow.ts). */
export type WorkflowRow = WorkflowSummary;
export type LastRun = NonNullable<WorkflowSummary['lastRun']>;

export interface ScheduleFire {
  dueAt: string;
  startedAt: string | null;
  runId: string | null;
  status: string;
  error?: string;
}

export interface ScheduleItem {
  workflowId: string;
  name: string;
  enabled: boolean;
  nextRunAt: string | null;
  problem: string | null;
  fires: ScheduleFire[];
}

export interface RunFilter {
  status?: string;
  workflowId?: string;
  from?: string;
  to?: string;
  before?: string;
  limit?: number;
}

export interface FileInfo {
  path: string;
  bytes: number;
  modifiedAt: string;
}

/** A row of GET /api/authentications (wire/authentication.ts). */
export type { AuthenticationRow };

/** A row of GET /api/users (wire/user.ts). */
export type UserRow = User;

export interface ApiTokenRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** null: never ends. */
  expiresAt: string | null;
}

function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${enc(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export const shellApi = {
  workflows: () => requestAs(workflowSummarySchema.array(), 'GET', '/api/workflows'),
  setEnabled: (id: string, enabled: boolean) =>
    request<unknown>('PATCH', `/api/workflows/${enc(id)}`, { enabled }),
  /** Import a document; `enabled: false` keeps the copy's schedule or webhook switched off. */
  importWorkflow: (doc: unknown, enabled: boolean) =>
    request<{ id: string }>('POST', `/api/workflows/import?enabled=${enabled ? 1 : 0}`, doc),
  createWorkflow: (doc: Workflow, enabled: boolean) =>
    request<{ id: string }>('POST', `/api/workflows?enabled=${enabled ? 1 : 0}`, doc),
  schedules: () => request<ScheduleItem[]>('GET', '/api/schedules'),

  /** One page of runs across workflows, and the cursor of the next page (null on the last). */
  runs: async (filter: RunFilter): Promise<{ runs: Run[]; next: string | null }> => {
    const url = `/api/runs${query({ ...filter } as Record<string, string | number | undefined>)}`;
    const { data, headers } = await exchange<unknown>('GET', url);
    return {
      runs: parseAnswer(runSchema.array(), data, `GET ${url}`),
      next: headers.get('x-next-before'),
    };
  },
  cancelRun: (id: string): Promise<Run> =>
    requestAs(runSchema, 'POST', `/api/runs/${enc(id)}/cancel`),
  retryRun: (id: string, from: 'start' | 'failed-step', version: 'same' | 'latest') =>
    request<{ runId: string }>('POST', `/api/runs/${enc(id)}/retry`, { from, version }),
  workflowVersion: (id: string, version: number) =>
    request<Workflow & { id: string; version: number }>(
      'GET',
      `/api/workflows/${enc(id)}/versions/${version}`,
    ),

  files: () => request<FileInfo[]>('GET', '/api/files'),
  deleteFile: (path: string) => request<unknown>('DELETE', `/api/files?path=${enc(path)}`),
  fileUrl: (path: string) => `/api/files/content?path=${enc(path)}`,
  /**
   * Upload with progress (fetch cannot report upload progress): the raw bytes as the body,
   * named by `?path=`, as API.md's files section allows.
   */
  uploadFile: (file: File, onProgress: (fraction: number) => void): Promise<FileInfo> =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/files?path=${enc(file.name)}`);
      xhr.setRequestHeader('x-stepwise-request', '1');
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        let body: { error?: { message?: string } } & Partial<FileInfo> = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // Not JSON: the status says enough.
        }
        if (xhr.status >= 200 && xhr.status < 300)
          resolve({ path: body.path ?? file.name, bytes: body.bytes ?? file.size, modifiedAt: '' });
        else reject(new Error(body.error?.message ?? `The server answered ${xhr.status}`));
      };
      xhr.onerror = () => reject(new Error('The upload was interrupted'));
      xhr.send(file);
    }),

  authentications: () => requestAs(authenticationRowSchema.array(), 'GET', '/api/authentications'),
  updateAuthentication: (id: string, change: { name?: string; fields?: Record<string, unknown> }) =>
    requestAs(authenticationSchema, 'PATCH', `/api/authentications/${enc(id)}`, change),
  deleteAuthentication: (id: string) =>
    request<unknown>('DELETE', `/api/authentications/${enc(id)}`),

  users: () => requestAs(userSchema.array(), 'GET', '/api/users'),
  /** Admins: how the server is doing (the Status page). */
  status: () => requestAs(serverStatusSchema, 'GET', '/api/status'),
  addUser: (email: string, password: string, role: 'admin' | 'builder') =>
    requestAs(userSchema, 'POST', '/api/users', { email, password, role }),
  updateUser: (id: string, change: { role?: string; disabled?: boolean; password?: string }) =>
    requestAs(userSchema, 'PATCH', `/api/users/${enc(id)}`, change),
  removeUser: (id: string) => request<unknown>('DELETE', `/api/users/${enc(id)}`),

  changePassword: (currentPassword: string, newPassword: string) =>
    request<unknown>('POST', '/api/auth/password', { currentPassword, newPassword }),
  tokens: () => request<ApiTokenRow[]>('GET', '/api/auth/tokens'),
  createToken: (name: string) =>
    request<ApiTokenRow & { token: string }>('POST', '/api/auth/tokens', { name }),
  revokeToken: (id: string) => request<unknown>('DELETE', `/api/auth/tokens/${enc(id)}`),
};
