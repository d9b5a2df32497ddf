// The debug panel's run actions: Stop a run that is still going; retry a failed run from the
// failed step "with my changes" (the latest version, saved and checked first) or "as it ran"
// (the version that failed). The default is the latest when the failed step changed since.
import { useEffect, useState } from 'react';
import { errorText, type Run } from '../api/client.js';
import { shellApi } from '../api/shell-api.js';
import { findStep } from '../graph/document.js';
import type { Workflow } from '../graph/types.js';
import {
  editorStore,
  refreshRuns,
  save,
  showRun,
  useEditor,
  validate,
} from '../state/editor-store.js';
import { backToLatest, latestDirty, latestDoc, showRunAsRan } from '../state/run-version.js';

const STOPPABLE = new Set(['queued', 'running', 'waiting']);

/** JSON with sorted keys, so two equal steps compare equal whatever their key order. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** Whether the failed step (or, with no step named, the document) differs between the two. */
function failedStepChanged(ran: Workflow, latest: Workflow, stepId: string | null): boolean {
  if (!stepId)
    return (
      stable(ran.steps) !== stable(latest.steps) || stable(ran.config) !== stable(latest.config)
    );
  return (
    stable(findStep(ran, stepId)) !== stable(findStep(latest, stepId)) ||
    stable(ran.config) !== stable(latest.config)
  );
}

function StopButton({ run }: { run: Run }) {
  const [stopping, setStopping] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stop = async () => {
    setStopping(true);
    setError(null);
    try {
      await shellApi.cancelRun(run.id);
      if (editorStore.get().run?.id === run.id) await showRun(run.id);
      void refreshRuns();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setStopping(false);
    }
  };
  return (
    <>
      <button type="button" className="danger" disabled={stopping} onClick={() => void stop()}>
        {stopping ? 'Stopping…' : 'Stop'}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

function RetryChoices({ run }: { run: Run }) {
  const latestVersion = useEditor((s) => s.version);
  const workflowId = useEditor((s) => s.workflowId);
  // Re-read when the document changes: an edit can change the default.
  useEditor((s) => s.doc);
  const [open, setOpen] = useState(false);
  const [ranDoc, setRanDoc] = useState<Workflow | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dirty = latestDirty();
  const sameAsLatest = run.workflowVersion === latestVersion && !dirty;

  useEffect(() => {
    setRanDoc(null);
    if (!workflowId || run.workflowId !== workflowId) return;
    shellApi.workflowVersion(workflowId, run.workflowVersion).then(
      (stored) => setRanDoc(stored),
      () => setRanDoc(null),
    );
  }, [workflowId, run.workflowId, run.workflowVersion]);

  const latest = latestDoc();
  const changed =
    ranDoc && latest ? failedStepChanged(ranDoc, latest, run.error?.stepId ?? null) : false;

  const retry = async (version: 'same' | 'latest') => {
    setBusy(true);
    setError(null);
    try {
      if (version === 'latest') {
        // The latest version is what runs: bring it back, save it, and check it first.
        backToLatest(true);
        if (latestDirty() && !(await save())) {
          setError('Your changes could not be saved, so the run was not retried (see above).');
          return;
        }
        await validate();
        const { stepIssues, workflowProblems } = editorStore.get();
        if (stepIssues.size > 0 || workflowProblems.length > 0) {
          setError(
            'The latest version has problems (marked ⚠ on the canvas): fix them, or retry as it ran.',
          );
          return;
        }
      }
      const { runId } = await shellApi.retryRun(run.id, 'failed-step', version);
      setOpen(false);
      await refreshRuns();
      await showRunAsRan(runId);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (sameAsLatest)
    return (
      <>
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void retry('same')}
        >
          Retry from failed step
        </button>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </>
    );

  const withChanges = (
    <button
      key="latest"
      type="button"
      className={changed ? 'primary' : ''}
      disabled={busy}
      onClick={() => void retry('latest')}
    >
      With my changes ({dirty ? 'saved first as ' : ''}version{' '}
      {dirty ? latestVersion + 1 : latestVersion})
    </button>
  );
  const asItRan = (
    <button
      key="same"
      type="button"
      className={changed ? '' : 'primary'}
      disabled={busy}
      onClick={() => void retry('same')}
    >
      As it ran (version {run.workflowVersion})
    </button>
  );
  return (
    <span className="retry-choices">
      <button
        type="button"
        className="primary"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
      >
        Retry from failed step…
      </button>
      {open && (
        <div className="retry-menu" role="group" aria-label="Retry from failed step">
          <p className="muted">
            {changed
              ? `${run.error?.stepId ? `Step ${run.error.stepId}` : 'The workflow'} changed since version ${run.workflowVersion} ran: retry with your changes?`
              : `The failed step is the same as when version ${run.workflowVersion} ran.`}
          </p>
          {changed ? [withChanges, asItRan] : [asItRan, withChanges]}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </span>
  );
}

/** Stop while the run goes on; retry choices once it failed. */
export function RunActions({ run }: { run: Run }) {
  if (STOPPABLE.has(run.status)) return <StopButton run={run} />;
  if (run.status === 'failed') return <RetryChoices run={run} />;
  return null;
}
