// A run shown on the version it ran: when that is not the latest, the canvas shows the old
// version read-only (marks and records then sit on the steps that actually ran), and the
// latest version, with any unsaved changes, waits aside until "Back to the latest version".
import { api, documentOf } from '../api/client.js';
import { shellApi } from '../api/shell-api.js';
import type { Workflow } from '../graph/types.js';
import { type EditorState, editorStore, showRun } from './editor-store.js';

type Aside = Pick<
  EditorState,
  'doc' | 'savedDoc' | 'past' | 'future' | 'stepIssues' | 'workflowProblems'
>;

/** The latest version's editing state while an older version is shown. */
let aside: Aside | null = null;

function putAside(): void {
  const s = editorStore.get();
  aside = {
    doc: s.doc,
    savedDoc: s.savedDoc,
    past: s.past,
    future: s.future,
    stepIssues: s.stepIssues,
    workflowProblems: s.workflowProblems,
  };
}

/**
 * Show the latest version again (with its unsaved changes). The run's marks go too, as they
 * belong to the older version, unless `keepRun` (a retry about to show its new run).
 */
export function backToLatest(keepRun = false): void {
  if (!aside) return;
  editorStore.set({
    ...aside,
    viewing: null,
    notice: null,
    // Forms keep what they show while their step stays selected: start them afresh.
    selected: null,
    ...(keepRun ? {} : { run: null, records: [], stepStates: new Map() }),
  });
  aside = null;
}

/**
 * Open a run on the version it ran: the old version read-only if it is not the latest, else
 * the latest (leaving a read-only view first). `open` opens the debug panel.
 */
export async function showRunAsRan(runId: string, open = true): Promise<void> {
  const { workflowId, version, viewing } = editorStore.get();
  const run = await api.run(runId);
  if (!workflowId || run.workflowId !== workflowId) return showRun(runId, open);
  if (run.workflowVersion === version) {
    if (viewing) backToLatest();
    return showRun(runId, open);
  }
  if (viewing?.version !== run.workflowVersion) {
    const stored = await shellApi.workflowVersion(workflowId, run.workflowVersion);
    const old: Workflow = documentOf(stored);
    // Read again after the wait: another call may have put the latest aside meanwhile.
    if (!editorStore.get().viewing) putAside();
    const latestDirty = !!aside && aside.doc !== aside.savedDoc;
    editorStore.set({
      doc: old,
      savedDoc: old,
      past: [],
      future: [],
      // The latest version's problems say nothing about this one.
      stepIssues: new Map(),
      workflowProblems: [],
      selected: null,
      viewing: { version: run.workflowVersion, latestDirty },
    });
  }
  return showRun(runId, open);
}

/** The latest version's document (unsaved changes included), whatever is shown now. */
export function latestDoc(): Workflow | null {
  return aside ? aside.doc : editorStore.get().doc;
}

/** Whether the latest version has changes not saved yet, whatever is shown now. */
export function latestDirty(): boolean {
  const s = editorStore.get();
  return aside ? aside.doc !== aside.savedDoc : s.doc !== s.savedDoc;
}

/** Forget what was put aside (another workflow is loaded). */
export function resetRunVersion(): void {
  aside = null;
}
