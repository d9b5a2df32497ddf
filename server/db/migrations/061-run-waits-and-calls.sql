-- Helper steps (issue 16): what a waiting run waits for, who called a run, and its answer.
-- A delay: when the run resumes (ISO time). A call that waits: the called run.
ALTER TABLE runs ADD COLUMN resume_at TEXT;
ALTER TABLE runs ADD COLUMN waiting_for TEXT;
-- A run started by a call step: { runId, workflowId, stepId } of the caller, as JSON.
ALTER TABLE runs ADD COLUMN called_by TEXT;
-- The calling step execution (`<runId>:<place>#<attempt>`): a call step run again after a
-- crash finds the run it already started instead of starting a second one.
ALTER TABLE runs ADD COLUMN call_key TEXT;
-- How deep the run is in a chain of calls (a chain deeper than 10 is a step error).
ALTER TABLE runs ADD COLUMN call_depth INTEGER NOT NULL DEFAULT 0;
-- The first respond step's answer, as JSON { status, headers, body, stepId }.
ALTER TABLE runs ADD COLUMN response TEXT;

CREATE UNIQUE INDEX runs_by_call_key ON runs (call_key) WHERE call_key IS NOT NULL;
-- The parking lot: waiting runs by the time they resume, and callers by the run they wait for.
CREATE INDEX runs_waiting ON runs (resume_at) WHERE status = 'waiting';
CREATE INDEX runs_waiting_for ON runs (waiting_for) WHERE waiting_for IS NOT NULL;
