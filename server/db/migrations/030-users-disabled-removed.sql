-- Users can be switched off (disabled: no sign-in, their sessions and API tokens stop working)
-- and removed. A removed user stays as a row with no email or password, so the workflows they
-- owned and the runs and authentications naming them keep a valid reference; the email is
-- freed for a new account.
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN removed_at TEXT;
