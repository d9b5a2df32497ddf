-- Users, their sessions and API tokens. Tokens are stored as SHA-256 hashes only.
CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'builder')),
  created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_used_at TEXT
);

-- A workflow is a row plus one immutable document per saved version.
CREATE TABLE workflows (
  id                 TEXT PRIMARY KEY,
  name               TEXT NOT NULL,
  owner_id           TEXT NOT NULL REFERENCES users(id),
  latest_version     INTEGER NOT NULL,
  trigger_type       TEXT NOT NULL,
  enabled            INTEGER NOT NULL DEFAULT 1,
  webhook_token_hash TEXT,
  webhook_token_enc  BLOB,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);

CREATE TABLE workflow_versions (
  workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  document    TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (workflow_id, version)
) WITHOUT ROWID;

-- Runs keep the version they ran and the trigger output. A status change rewrites only this
-- row (no index holds the status), so it stays a small write on every run's path.
CREATE TABLE runs (
  id               TEXT PRIMARY KEY,
  workflow_id      TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  workflow_version INTEGER NOT NULL,
  trigger_type     TEXT NOT NULL,
  trigger_output   TEXT,
  started_by       TEXT,
  retry_of         TEXT,
  status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  created_at       TEXT NOT NULL,
  started_at       TEXT,
  finished_at      TEXT,
  error            TEXT,
  step_count       INTEGER NOT NULL DEFAULT 0,
  records_omitted  INTEGER NOT NULL DEFAULT 0
);
-- Entries are (workflow_id, rowid): history pages come newest first straight from the index.
CREATE INDEX runs_by_workflow ON runs (workflow_id);

-- The last committed checkpoint of a run (for resume; a retry from the failed step starts
-- with its source's). Apart from runs so that saving one after every step writes only itself.
CREATE TABLE run_checkpoints (
  run_id     TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  checkpoint TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE run_records (
  run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  step_id     TEXT NOT NULL,
  place       TEXT NOT NULL,
  status      TEXT NOT NULL,
  attempt     INTEGER NOT NULL,
  input       TEXT,
  output      TEXT,
  error       TEXT,
  started_at  TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

-- Connector credentials: the fields are AES-256-GCM ciphertext (iv + tag + data).
CREATE TABLE authentications (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  connector  TEXT NOT NULL,
  scope      TEXT NOT NULL CHECK (scope IN ('personal', 'organisational')),
  created_by TEXT NOT NULL REFERENCES users(id),
  fields_enc BLOB NOT NULL,
  created_at TEXT NOT NULL
);

-- Connectors' persistent per-step state (sync cursors).
CREATE TABLE step_state (
  workflow_id TEXT NOT NULL,
  step_id     TEXT NOT NULL,
  key         TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (workflow_id, step_id, key)
) WITHOUT ROWID;
