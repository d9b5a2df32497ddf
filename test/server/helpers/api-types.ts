// The API's JSON answers as the server tests read them (srv.api<T>): the shapes the editor
// reads come from wire/ (the zod schemas both the server and the editor use), the others from
// the server's own types, so a test that reads a field the API does not have fails to compile.
import type { Workflow as WorkflowDocument } from '../../../engine/index.js';
import type { ValidationProblem } from '../../../engine/index.js';
import type { ApiErrorCode, Issue } from '../../../server/errors.js';
import type { DebugRecord, StoredFields, User } from '../../../wire/index.js';

export type {
  Authentication,
  AuthenticationRow,
  ChoicesAnswer,
  ConnectorDescription,
  DebugRecord,
  Run,
  StepStart,
  User,
  WorkflowSummary,
} from '../../../wire/index.js';

/** API.md's error envelope. */
export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; issues?: Issue[] };
}

/** An error answer that names its issues (a 400 VALIDATION, a 403 naming the step). */
export interface InvalidBody {
  error: { code: ApiErrorCode; message: string; issues: Issue[] };
}

/** 202: the run was queued. */
export interface Queued {
  runId: string;
}

/** POST /api/auth/setup, /api/auth/login. */
export interface Session {
  token: string;
  user: User;
}

/** A stored workflow: the document and the server's fields; a webhook workflow has its URL. */
export type Workflow = WorkflowDocument & StoredFields;

/** GET /api/runs/:id/steps: a page of debug records. */
export interface RecordsPage {
  records: DebugRecord[];
  nextAfter: number | null;
}

/** GET /api/auth/me. */
export interface Me {
  user: User;
}

/** GET /api/auth/tokens (the token itself is shown once, when created). */
export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** POST /api/workflows/:id/validate. */
export interface Problems {
  problems: ValidationProblem[];
}
