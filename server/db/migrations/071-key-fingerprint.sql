-- Issue 12: which key this database's encrypted data (authentications, webhook URLs, secret
-- inputs, sensitive checkpoints) was written with: a fingerprint (HMAC of the key, never the
-- key itself), where the key came from, and when. A start with another key, or none, is
-- refused instead of a new key being made silently.
CREATE TABLE key_fingerprint (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT NOT NULL,
  source      TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
