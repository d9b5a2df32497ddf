-- Failed sign-ins, per account and per client address, in SQLite: they survive a restart, are
-- shared by every process on the file, and a flood of other names cannot push a lock out (an
-- in-memory map with a size bound could). Rows whose window and lock are over are pruned.
CREATE TABLE login_limits (
  key          TEXT PRIMARY KEY,           -- 'account:<email, lower case>' or 'address:<ip or IPv6 /64>'
  failures     INTEGER NOT NULL,
  window_start INTEGER NOT NULL,           -- ms since the epoch
  locked_until INTEGER NOT NULL DEFAULT 0  -- ms since the epoch; 0: not locked
) WITHOUT ROWID;

-- API tokens may end: new ones last 90 days unless asked otherwise; NULL never ends (tokens
-- made before this migration keep working as they did).
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
