import { useEffect, useMemo, useState } from 'react';
import { api, type ConnectorInfo, type DebugRecord, type Run } from '../api/client.js';
import type { Step } from '../graph/types.js';
import { KIND_TITLES } from './step-forms.js';
import {
  ACTIVE_STATUSES,
  editorStore,
  refreshRuns,
  select,
  useEditor,
} from '../state/editor-store.js';
import { JsonTree } from '../ui/JsonTree.js';
import { showRunAsRan } from '../state/run-version.js';
import { RunActions } from './RunActions.js';
import { DebugResizer } from './DebugResizer.js';
import './debug-panel.css';
import { KindDebugView, RunWaitLine } from './step-debug-views.js';
import { findStep, stepKind } from '../graph/document.js';
import { ErrorAlert } from '../ui/PageMessages.js';

function duration(run: Run): string {
  if (!run.startedAt) return '';
  const end = run.finishedAt ? new Date(run.finishedAt).getTime() : Date.now();
  return `${((end - new Date(run.startedAt).getTime()) / 1000).toFixed(2)} s`;
}

/** How often the runs list is read again: while one of its runs may still change, and else. */
const LIVE_REFRESH_MS = 2000;
const IDLE_REFRESH_MS = 10_000;

function RunList() {
  const runs = useEditor((s) => s.runs);
  const current = useEditor((s) => s.run?.id);
  // The shown run changes the list as its events arrive; the others (a retry's source, a
  // scheduled or webhook run, one started elsewhere) are read again: often while any listed
  // run is queued, running or waiting, now and then otherwise. No Refresh needed.
  const anyActive = useEditor((s) => s.runs.some((r) => ACTIVE_STATUSES.has(r.status)));
  useEffect(() => {
    const timer = setInterval(
      () => void refreshRuns(),
      anyActive ? LIVE_REFRESH_MS : IDLE_REFRESH_MS,
    );
    return () => clearInterval(timer);
  }, [anyActive]);
  return (
    <nav className="run-list" aria-label="Runs">
      <header>
        <strong>Runs</strong>
        <button type="button" onClick={() => void refreshRuns()}>
          Refresh
        </button>
      </header>
      {runs.length === 0 && <p className="muted">No runs yet. Press Run.</p>}
      <ul>
        {runs.map((r) => (
          <li key={r.id}>
            <button
              type="button"
              className={`run-item${r.id === current ? ' current' : ''}`}
              onClick={() => void showRunAsRan(r.id)}
            >
              <span className={`badge badge-${r.status}`}>{r.status}</span>
              <span>{r.startedAt ? new Date(r.startedAt).toLocaleString() : 'queued'}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Steps that compute only: replaying them changes nothing outside the run. */
const PURE_KINDS = new Set(['loop', 'boolean', 'branch', 'break']);

/**
 * What replaying `step` may change, for the confirmation, or null when it only reads: a
 * connector operation that is not `readOnly`, or a step kind that acts (call, delay…).
 */
function replayWrites(step: Step | null, connectors: ConnectorInfo[]): string | null {
  if (!step) return 'This step is not in the version shown, so what it does is unknown.';
  if ('connector' in step) {
    const connector = connectors.find((c) => c.name === step.connector);
    const operation = connector?.operations.find((o) => o.name === step.operation);
    if (operation?.readOnly) return null;
    return `Replaying sends this step to ${connector?.title ?? step.connector} again: "${operation?.title ?? step.operation}" may post, create, change or delete something there, a second time.`;
  }
  if (PURE_KINDS.has(stepKind(step))) return null;
  return `Replaying runs this ${KIND_TITLES[stepKind(step)].toLowerCase()} step again, with its effects.`;
}

function RecordView({ record, run }: { record: DebugRecord; run: Run }) {
  const doc = useEditor((s) => s.doc);
  const connectors = useEditor((s) => s.connectors);
  const step = doc ? findStep(doc, record.stepId) : null;
  const [replayed, setReplayed] = useState<DebugRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    setReplayed(null);
    setError(null);
    setConfirming(false);
  }, [record.seq]);
  const shown = replayed ?? record;
  const writes = replayWrites(step, connectors);
  const replay = async () => {
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      setReplayed(await api.replay(run.id, record.stepId, record.place));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="record">
      <div className="record-meta">
        <span className={`badge badge-${shown.status}`}>{shown.status}</span>
        <span>{shown.place}</span>
        <span>attempt {shown.attempt}</span>
        <span>started {new Date(shown.startedAt).toLocaleTimeString()}</span>
        <span>took {shown.durationMs} ms</span>
        {replayed && <strong>(replayed just now)</strong>}
        <button
          type="button"
          disabled={busy || confirming}
          onClick={() => (writes ? setConfirming(true) : void replay())}
        >
          Replay this step
        </button>
      </div>
      {confirming && writes && (
        <div className="replay-confirm" role="alertdialog" aria-label="Replay this step?">
          <span>{writes} Replay it?</span>
          <button type="button" className="danger" onClick={() => void replay()}>
            Replay anyway
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <ErrorAlert error={error} />
      {step && <KindDebugView record={shown} kind={stepKind(step)} />}
      <div className="io">
        <JsonTree title="Input" value={shown.input} />
        <JsonTree title="Output" value={shown.output} />
        {shown.error && <JsonTree title="Error" value={shown.error} />}
      </div>
    </div>
  );
}

/** Runs of this workflow; for the chosen run and step its Input, Output and Error, iteration by iteration. */
export function DebugPanel() {
  const run = useEditor((s) => s.run);
  const records = useEditor((s) => s.records);
  const selected = useEditor((s) => s.selected);
  const [place, setPlace] = useState<string | null>(null);

  const stepIds = useMemo(() => [...new Set(records.map((r) => r.stepId))], [records]);
  const forStep = useMemo(() => records.filter((r) => r.stepId === selected), [records, selected]);
  const chosen = forStep.find((r) => r.place === place) ?? forStep[0];

  return (
    <section className="debug-panel" aria-label="Debug panel">
      <DebugResizer />
      <RunList />
      <div className="debug-main">
        {!run ? (
          <p className="muted">Choose a run on the left.</p>
        ) : (
          <>
            <header className="run-summary">
              <span className={`badge badge-${run.status}`} data-testid="run-status">
                {run.status}
              </span>
              <code>{run.id}</code>
              <span>version {run.workflowVersion}</span>
              <span>{duration(run)}</span>
              <span>
                {records.length} records
                {run.recordsOmitted ? ` (${run.recordsOmitted} left out)` : ''}
              </span>
              <RunActions run={run} />
              <button type="button" onClick={() => editorStore.set({ debugOpen: false })}>
                Close
              </button>
            </header>
            <RunWaitLine run={run} />
            {run.error && (
              <p className="error" role="alert">
                {run.error.stepId && (
                  <button
                    type="button"
                    className="link"
                    onClick={() => select(run.error?.stepId ?? null)}
                  >
                    {run.error.stepId}
                  </button>
                )}{' '}
                {run.error.code}: {run.error.message}
              </p>
            )}
            <div className="step-tabs" role="tablist" aria-label="Steps in this run">
              {stepIds.map((id) => {
                const failed = records.some((r) => r.stepId === id && r.status === 'error');
                return (
                  <button
                    key={id}
                    type="button"
                    role="tab"
                    aria-selected={id === selected}
                    className={failed ? 'failed' : ''}
                    onClick={() => {
                      select(id);
                      setPlace(null);
                    }}
                  >
                    {id}
                  </button>
                );
              })}
            </div>
            {!selected || forStep.length === 0 ? (
              <p className="muted">
                {selected
                  ? `Step ${selected} did not run in this run.`
                  : 'Select a step on the canvas or above.'}
              </p>
            ) : (
              <>
                {forStep.length > 1 && (
                  <label className="iteration">
                    Iteration
                    <select
                      aria-label="Iteration"
                      value={chosen?.place ?? ''}
                      onChange={(e) => setPlace(e.target.value)}
                    >
                      {forStep.map((r) => (
                        <option key={r.seq} value={r.place}>
                          {r.place}
                          {r.status === 'error' ? ' (failed)' : ''}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
                {chosen && <RecordView record={chosen} run={run} />}
              </>
            )}
          </>
        )}
      </div>
    </section>
  );
}
