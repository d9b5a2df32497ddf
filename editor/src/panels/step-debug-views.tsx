// What the debug panel says about a step of each kind, above its Input and Output: the branch
// taken, when a delay resumed, the called run as a link, how a terminate ended the run, what a
// respond answered. A Record by StepKind: a new kind must say what its debug view shows. Also
// the run's own line while it waits (a delay's resume time with a live countdown, or the run
// a call waits for) and the run that called this one.
import { type ReactElement, useEffect, useState } from 'react';
import type { StepKind } from '../../../engine/model/step-kinds.js';
import type { DebugRecord, Run } from '../api/client.js';

type Output = Record<string, unknown> | null;

/** `#/runs/<id>` opens a run in its workflow's builder, on the version it ran. */
function RunLink({ runId, testId }: { runId: string; testId?: string }) {
  return (
    <a href={`#/runs/${encodeURIComponent(runId)}`} data-testid={testId}>
      {runId}
    </a>
  );
}

function inWords(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [d && `${d} d`, h && `${h} h`, m && `${m} min`, `${s % 60} s`].filter(Boolean);
  return parts.slice(0, 3).join(' ');
}

/** A resume time and how long until it, ticking every second. */
export function Countdown({ until }: { until: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Date.parse(until) - now;
  return (
    <span data-testid="delay-countdown">
      resumes at {new Date(until).toLocaleString()} (
      {left > 0 ? `in ${inWords(left)}` : 'any moment now'})
    </span>
  );
}

type View = (record: DebugRecord) => ReactElement | null;

const KIND_VIEWS: Record<StepKind, View | null> = {
  connector: null,
  loop: null,
  boolean: (record) => {
    const out = record.output as Output;
    return out ? <p>Took the {out.result ? 'True' : 'False'} branch.</p> : null;
  },
  break: null,
  branch: (record) => {
    const out = record.output as Output;
    if (!out) return null;
    return (
      <p data-testid="branch-taken">
        {out.index === null ? (
          <>
            No case matched: took <strong>Default</strong>.
          </>
        ) : (
          <>
            Took <strong>{String(out.case)}</strong> (case {Number(out.index) + 1}).
          </>
        )}
      </p>
    );
  },
  delay: (record) => {
    const out = record.output as Output;
    const resumeAt = (record.input as Output)?.resumeAt;
    if (!out) return null;
    return (
      <p data-testid="delay-resumed">
        Waited {inWords(Number(out.waitedMs))}
        {typeof resumeAt === 'string' ? `, until ${new Date(resumeAt).toLocaleString()}` : ''}.
      </p>
    );
  },
  terminate: (record) => {
    const out = record.output as Output;
    const message = out?.message ?? record.error?.message;
    return (
      <p data-testid="terminate-message">
        Ended the run as {record.status === 'error' ? 'failed' : 'succeeded'}
        {message ? `: ${String(message)}` : '.'}
      </p>
    );
  },
  call: (record) => {
    const out = record.output as Output;
    const runId = (out?.runId ?? record.error?.details?.runId) as string | undefined;
    if (!runId) return null;
    return (
      <p>
        Called run <RunLink runId={runId} testId="called-run" />
        {out?.status ? ` (${String(out.status)})` : record.error ? ' (failed)' : ''}.
      </p>
    );
  },
  respond: (record) => {
    const input = record.input as Output;
    return record.status === 'ok' ? (
      <p>Answered with status {String(input?.status ?? 200)}.</p>
    ) : null;
  },
};

/** The kind's line for a record, if it has one. */
export function KindDebugView({ record, kind }: { record: DebugRecord; kind: StepKind }) {
  const view = KIND_VIEWS[kind];
  const shown = view ? view(record) : null;
  return shown ? <div className="kind-view">{shown}</div> : null;
}

/** A waiting run: until when, or for which run; a called run: who called it. */
export function RunWaitLine({ run }: { run: Run }) {
  return (
    <>
      {run.status === 'waiting' && run.resumeAt && (
        <p className="run-wait">
          Waiting: <Countdown until={run.resumeAt} />
        </p>
      )}
      {run.status === 'waiting' && run.waitingFor && (
        <p className="run-wait">
          Waiting for the called run <RunLink runId={run.waitingFor} testId="waiting-for" /> to end.
        </p>
      )}
      {run.calledBy && (
        <p className="run-called-by">
          Called by step <code>{run.calledBy.stepId}</code> of run{' '}
          <RunLink runId={run.calledBy.runId} testId="called-by" />.
        </p>
      )}
    </>
  );
}
