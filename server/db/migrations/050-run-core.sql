-- The run core at volume (issue 14).

-- The outputs a run's checkpoint refers to, each written once: `step:<id>` is a step's output
-- while it is in scope, `results:<loop id>:<first index>` a chunk of a collecting loop's
-- results. A value is JSON text, or (once the run has used an authentication) an encrypted
-- blob. run_checkpoints then holds only the small position that names them.
CREATE TABLE run_outputs (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  value  BLOB NOT NULL,
  PRIMARY KEY (run_id, key)
);

-- One owner per run: the process that queued or resumed it and executes it. The claim lasts
-- while that process's heartbeat (stepwise_processes) is fresh; another process takes the run
-- over only once it is not (or its owner is known dead). Cleared when the run ends, so the
-- index holds the unfinished runs only.
ALTER TABLE runs ADD COLUMN lease_owner TEXT;
CREATE INDEX runs_by_lease_owner ON runs (lease_owner) WHERE lease_owner IS NOT NULL;

-- Retention walks finished runs oldest first; an unfinished run is not in this index.
CREATE INDEX runs_by_finished ON runs (finished_at) WHERE finished_at IS NOT NULL;

-- The processes using this data folder and their heartbeats (ms since the epoch), so a second
-- one can tell whether the first is alive, and whether the runs it owns are still its.
CREATE TABLE stepwise_processes (
  owner        TEXT PRIMARY KEY,
  pid          INTEGER NOT NULL,
  host         TEXT NOT NULL,
  started_at   INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL,
  -- 1: started in queue mode, where API processes may share the folder
  shared       INTEGER NOT NULL DEFAULT 0
);
