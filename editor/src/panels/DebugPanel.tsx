import { useEffect, useMemo, useState } from 'react';
import { api, type DebugRecord, type Run } from '../api/client.js';
import { editorStore, refreshRuns, select, useEditor } from '../state/editor-store.js';
import { JsonTree } from '../ui/JsonTree.js';
import { showRunAsRan } from '../state/run-version.js';
import { RunActions } from './RunActions.js';
import { KindDebugView, RunWaitLine } from './step-debug-views.js';
import { findStep, stepKind } from '../graph/document.js';

function duration(run: Run): string {
  if (!run.startedAt) return '';
  const end = run.finishedAt ? new Date(run.finishedAt).getTime() : Date.now();
  return `${((end - new Date(run.startedAt).getTime()) / 1000).toFixed(2)} s`;
}

function RunList() {
  const runs = useEditor((s) => s.runs);
  const current = useEditor((s) => s.run?.id);
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

function RecordView({ record, run }: { record: DebugRecord; run: Run }) {
  const doc = useEditor((s) => s.doc);
  const step = doc ? findStep(doc, record.stepId) : null;
  const [replayed, setReplayed] = useState<DebugRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setReplayed(null);
    setError(null);
  }, [record.seq]);
  const shown = replayed ?? record;
  const replay = async () => {
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
        <button type="button" disabled={busy} onClick={() => void replay()}>
          Replay this step
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
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
