-- Schedule triggers (server/schedules). Times are integers: milliseconds since the Unix
-- epoch, UTC, so a slot compares and is unique exactly.

-- One row per workflow whose latest version has a schedule trigger. The schedule is kept
-- while the workflow is switched off, so switching it on again needs nothing re-entered.
CREATE TABLE schedule_state (
  workflow_id   TEXT PRIMARY KEY,
  schedule_json TEXT NOT NULL,
  enabled       INTEGER NOT NULL DEFAULT 1,
  -- the next slot to fire; NULL while switched off or when the schedule cannot fire
  next_due_at   INTEGER,
  -- why the schedule cannot fire (an unknown timezone, an invalid cron pattern), else NULL
  problem       TEXT,
  updated_at    INTEGER NOT NULL
);

-- One row per fired slot. The UNIQUE pair is the claim: whichever process inserts it first
-- starts the run, so a slot fires once however many API processes share this file.
CREATE TABLE schedule_fires (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow_id TEXT NOT NULL,
  due_at      INTEGER NOT NULL,
  claimed_at  INTEGER NOT NULL,
  started_at  INTEGER,
  run_id      TEXT,
  -- set when the run could not be started
  error       TEXT,
  UNIQUE (workflow_id, due_at)
);

CREATE INDEX schedule_fires_by_workflow ON schedule_fires (workflow_id, due_at DESC);
