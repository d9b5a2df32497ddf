-- The storage connector's values (HELPERS.md "storage"). A value belongs to a run (owner: the
-- run id; deleted when the run ends), a workflow (owner: the workflow id) or the account
-- (owner: ''). `value` is JSON text of at most 1 MiB; `bytes` is its size, for the admin list.
CREATE TABLE storage (
  scope      TEXT NOT NULL CHECK (scope IN ('run', 'workflow', 'account')),
  owner      TEXT NOT NULL,
  key        TEXT NOT NULL,
  value      TEXT NOT NULL,
  bytes      INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (scope, owner, key)
) WITHOUT ROWID;
