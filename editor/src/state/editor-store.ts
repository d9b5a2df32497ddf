// The builder's state. The workflow DOCUMENT is the single source of truth: the canvas
// derives its nodes from it, every edit replaces it, and undo is a stack of documents.
import {
  ApiError,
  api,
  documentOf,
  parseAnswer,
  type ApiIssue,
  type ConnectorInfo,
  type DebugRecord,
  type Run,
} from '../api/client.js';
import type { z } from 'zod';
import { runEventSchemas, type RunEventName } from '../../../wire/index.js';
import { stepForPath } from '../graph/document.js';
import type { Workflow } from '../graph/types.js';
import { createStore, useStore } from './store.js';

export interface StepState {
  status: 'ok' | 'error' | 'skipped' | 'running';
  message?: string;
}

export interface StepIssue {
  /** The path inside the step: `input.text`, `auth`, or '' for the step itself. */
  field: string;
  message: string;
}

export interface EditorState {
  workflowId: string | null;
  version: number;
  doc: Workflow | null;
  /** The document as last saved or loaded (for "unsaved changes"). */
  savedDoc: Workflow | null;
  webhookUrl: string | null;
  past: Workflow[];
  future: Workflow[];
  /** A step id, the trigger ('__trigger') or nothing. */
  selected: string | null;
  /** Validation problems of each step, tied to the step id when checked (so moving steps keeps them right). */
  stepIssues: Map<string, StepIssue[]>;
  workflowProblems: string[];
  conflict: boolean;
  saving: boolean;
  notice: { kind: 'info' | 'error'; text: string } | null;
  connectors: ConnectorInfo[];
  runs: Run[];
  run: Run | null;
  records: DebugRecord[];
  stepStates: Map<string, StepState>;
  debugOpen: boolean;
  /**
   * Set while the canvas shows an older version, as a run ran it (read-only; state/run-version.ts).
   * `latestDirty`: the latest version, put aside meanwhile, has unsaved changes.
   */
  viewing: { version: number; latestDirty: boolean } | null;
}

const initial: EditorState = {
  workflowId: null,
  version: 0,
  doc: null,
  savedDoc: null,
  webhookUrl: null,
  past: [],
  future: [],
  selected: null,
  stepIssues: new Map(),
  workflowProblems: [],
  conflict: false,
  saving: false,
  notice: null,
  connectors: [],
  runs: [],
  run: null,
  records: [],
  stepStates: new Map(),
  debugOpen: false,
  viewing: null,
};

export const editorStore = createStore<EditorState>(initial);

export function useEditor<T>(select: (state: EditorState) => T): T {
  return useStore(editorStore, select);
}

const UNDO_LIMIT = 100;

let lastEdit = { key: '', at: 0 };

/**
 * Apply an edit to the document (kept for undo). Edits with the same `coalesce` key within
 * a second (typing in one field) are one undo step. A thrown Error becomes a notice.
 */
export function edit(change: (doc: Workflow) => Workflow, coalesce?: string): boolean {
  const { doc, past, viewing } = editorStore.get();
  if (!doc) return false;
  if (viewing) {
    editorStore.set({ notice: { kind: 'error', text: readOnlyText(viewing.version) } });
    return false;
  }
  try {
    const next = change(doc);
    if (next === doc) return false;
    const now = Date.now();
    const merge =
      !!coalesce && coalesce === lastEdit.key && now - lastEdit.at < 1000 && past.length > 0;
    lastEdit = { key: coalesce ?? '', at: now };
    editorStore.set({
      doc: next,
      past: merge ? past : [...past.slice(-UNDO_LIMIT + 1), doc],
      future: [],
      notice: null,
    });
    return true;
  } catch (err) {
    editorStore.set({ notice: { kind: 'error', text: (err as Error).message } });
    return false;
  }
}

/** Why an edit is refused while an older version is shown. */
export const readOnlyText = (version: number) =>
  `This is version ${version} as the run ran it, shown read-only. Press "Back to the latest version" to edit.`;

export function undo(): void {
  const { doc, past, future } = editorStore.get();
  if (!doc || past.length === 0) return;
  editorStore.set({
    doc: past[past.length - 1],
    past: past.slice(0, -1),
    future: [doc, ...future],
  });
}

export function redo(): void {
  const { doc, past, future } = editorStore.get();
  if (!doc || future.length === 0) return;
  editorStore.set({ doc: future[0], past: [...past, doc], future: future.slice(1) });
}

export function select(id: string | null): void {
  if (editorStore.get().selected !== id) editorStore.set({ selected: id });
}

function applyProblems(doc: Workflow, problems: ApiIssue[]): Partial<EditorState> {
  const stepIssues = new Map<string, StepIssue[]>();
  const workflowProblems: string[] = [];
  for (const problem of problems) {
    const target = stepForPath(doc, problem.path);
    if (!target) {
      workflowProblems.push(`${problem.path}: ${problem.message}`);
      continue;
    }
    stepIssues.set(target.stepId, [
      ...(stepIssues.get(target.stepId) ?? []),
      { field: target.field, message: problem.message },
    ]);
  }
  return { stepIssues, workflowProblems };
}

export async function loadWorkflow(id: string): Promise<void> {
  editorStore.set({ ...initial, connectors: editorStore.get().connectors, workflowId: id });
  const [stored, connectors] = await Promise.all([
    api.workflow(id),
    editorStore.get().connectors.length
      ? Promise.resolve(editorStore.get().connectors)
      : api.connectors(),
  ]);
  const doc = documentOf(stored);
  editorStore.set({
    workflowId: id,
    version: stored.version,
    doc,
    savedDoc: doc,
    webhookUrl: stored.webhookUrl ?? null,
    connectors,
  });
  void validate();
  // Awaited: the builder shows the last run's marks and samples right after loading.
  await refreshRuns();
}

export async function validate(): Promise<void> {
  const { workflowId, doc } = editorStore.get();
  if (!workflowId || !doc) return;
  try {
    const { problems } = await api.validate(workflowId);
    const current = editorStore.get().doc;
    if (current) editorStore.set(applyProblems(current, problems ?? []));
  } catch (err) {
    // Shown with the problems, so it does not hide the "Saved" notice.
    editorStore.set({
      stepIssues: new Map(),
      workflowProblems: [`The server could not check the workflow (${(err as Error).message})`],
    });
  }
}

/** Save a new version; a 409 means someone saved after we loaded: say so and offer a reload. */
export async function save(): Promise<boolean> {
  const { workflowId, doc, version, viewing } = editorStore.get();
  if (!workflowId || !doc || viewing) return false;
  editorStore.set({ saving: true });
  try {
    const stored = await api.saveWorkflow(workflowId, doc, version);
    // The answer carries the webhook URL once a webhook trigger is saved.
    editorStore.set({
      version: stored.version,
      savedDoc: doc,
      webhookUrl: stored.webhookUrl ?? null,
      saving: false,
      conflict: false,
      notice: { kind: 'info', text: `Saved version ${stored.version}` },
    });
    await validate();
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) {
      editorStore.set({ saving: false, conflict: true });
      return false;
    }
    const issues = err instanceof ApiError ? err.issues : [];
    editorStore.set({
      saving: false,
      notice: { kind: 'error', text: `Not saved: ${(err as Error).message}` },
      ...(issues.length ? applyProblems(doc, issues) : {}),
    });
    return false;
  }
}

/** Runs that may still change (the runs list follows them until they end). */
export const ACTIVE_STATUSES: ReadonlySet<string> = new Set(['queued', 'running', 'waiting']);

export async function refreshRuns(): Promise<void> {
  const { workflowId } = editorStore.get();
  if (!workflowId) return;
  try {
    editorStore.set({ runs: await api.runs(workflowId) });
  } catch {
    // The runs list is a convenience; the builder works without it.
  }
}

function statesFrom(records: DebugRecord[], run: Run | null): Map<string, StepState> {
  const states = new Map<string, StepState>();
  for (const record of records) {
    const previous = states.get(record.stepId);
    // A step that failed in any iteration stays marked as failed.
    if (previous?.status === 'error') continue;
    states.set(record.stepId, { status: record.status, message: record.error?.message });
  }
  if (run?.error?.stepId && !states.has(run.error.stepId)) {
    states.set(run.error.stepId, { status: 'error', message: run.error.message });
  }
  return states;
}

let events: EventSource | null = null;

/** An event's data, parsed with its wire schema; one that does not fit is said, not used. */
function eventData<N extends RunEventName>(
  event: Event,
  name: N,
): z.output<(typeof runEventSchemas)[N]> | null {
  try {
    return parseAnswer(
      runEventSchemas[name],
      JSON.parse((event as MessageEvent<string>).data),
      `the run's "${name}" event`,
    ) as z.output<(typeof runEventSchemas)[N]>;
  } catch (err) {
    editorStore.set({ notice: { kind: 'error', text: (err as Error).message } });
    return null;
  }
}

/** Show a run in the debug panel and on the canvas, following it live while it is not finished. */
export async function showRun(runId: string, open = true): Promise<void> {
  events?.close();
  events = null;
  editorStore.set({ ...(open ? { debugOpen: true } : {}), records: [], stepStates: new Map() });
  const [run, records] = await Promise.all([api.run(runId), api.records(runId)]);
  editorStore.set({ run, records, stepStates: statesFrom(records, run) });
  if (run.status === 'queued' || run.status === 'running' || run.status === 'waiting')
    follow(runId);
}

function follow(runId: string): void {
  const source = api.runEvents(runId);
  events = source;
  const finished = async () => {
    source.close();
    if (events === source) events = null;
    const [run, records] = await Promise.all([api.run(runId), api.records(runId)]);
    if (editorStore.get().run?.id !== runId) return;
    editorStore.set({ run, records, stepStates: statesFrom(records, run) });
    void refreshRuns();
  };
  source.addEventListener('step', (event) => {
    // API.md: a `step` event carries one debug record, a `run` event the run.
    const record = eventData(event, 'step');
    if (!record || editorStore.get().run?.id !== runId) return;
    editorStore.set((s) => {
      if (s.records.some((r) => r.seq === record.seq)) return {};
      const records = [...s.records, record];
      const stepStates = new Map(s.stepStates);
      if (stepStates.get(record.stepId)?.status !== 'error') {
        stepStates.set(record.stepId, { status: record.status, message: record.error?.message });
      }
      return { records, stepStates };
    });
  });
  // A step started: show it running until its record (same step id) says how it ended.
  // A loop gets its own start before its first iteration and its record after the last,
  // so it shows running while any iteration runs.
  source.addEventListener('step-start', (event) => {
    const start = eventData(event, 'step-start');
    if (!start || editorStore.get().run?.id !== runId) return;
    const { stepId } = start;
    editorStore.set((s) => {
      const current = s.stepStates.get(stepId)?.status;
      // A step that failed in an earlier iteration stays marked as failed.
      if (current === 'error' || current === 'running') return {};
      const stepStates = new Map(s.stepStates);
      stepStates.set(stepId, { status: 'running' });
      return { stepStates };
    });
  });
  source.addEventListener('run', (event) => {
    const run = eventData(event, 'run');
    if (!run) return;
    if (editorStore.get().run?.id === runId) editorStore.set({ run });
    // The runs list shows the same run: it changes with it, not at the next refresh.
    editorStore.set((s) =>
      s.runs.some((r) => r.id === run.id)
        ? { runs: s.runs.map((r) => (r.id === run.id ? run : r)) }
        : {},
    );
    if (['succeeded', 'failed', 'cancelled'].includes(run.status)) void finished();
  });
  source.onerror = () => {
    // The stream ended or broke: read the final state once instead of reconnecting forever.
    const status = editorStore.get().run?.status;
    if (source.readyState === EventSource.CLOSED || (status !== 'running' && status !== 'waiting'))
      void finished();
  };
}

export async function startRun(): Promise<void> {
  const { workflowId, doc, savedDoc, viewing } = editorStore.get();
  if (!workflowId || viewing) return;
  if (doc !== savedDoc && !(await save())) return;
  try {
    // The test payload kept with the workflow is the run's `$.trigger` (none: an empty one).
    const { runId } = await api.startRun(workflowId, editorStore.get().doc?.sample?.trigger);
    // Shown (and the Run button disabled) until the server's copy arrives: the saved version is the one that runs.
    const queued: Run = {
      id: runId,
      workflowId,
      workflowVersion: editorStore.get().version,
      trigger: { type: 'manual', output: editorStore.get().doc?.sample?.trigger ?? {} },
      status: 'queued',
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      error: null,
      stepCount: 0,
      recordsOmitted: 0,
      retryOf: null,
      startedBy: null,
      resumeAt: null,
      waitingFor: null,
      calledBy: null,
    };
    editorStore.set({ run: queued, debugOpen: true });
    void refreshRuns();
    await showRun(runId);
  } catch (err) {
    editorStore.set({
      notice: { kind: 'error', text: `Could not start the run: ${(err as Error).message}` },
    });
  }
}

export function stopFollowing(): void {
  events?.close();
  events = null;
}
