-- Security: API keys, local users, and the hash-chained audit log. Shared by SQLite and D1 (no transactions here
-- beyond what the migration runner gives; everything the services write atomically goes through one batch).

-- An API key is `od_<prefix>_<secret>`: the prefix is public and finds the row, the key itself is kept only as its
-- SHA-256 (the secret has 256 bits of entropy, so a slow hash adds nothing).
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  prefix TEXT NOT NULL UNIQUE,
  key_hash TEXT NOT NULL,
  name TEXT,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  last_used_at TEXT,
  last_used_ip TEXT
);

-- Local users of the Node runtime. `password_hash` records its own scrypt parameters (`scrypt$N$r$p$salt$hash`),
-- so they can be raised later without invalidating existing passwords.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
  password_hash TEXT NOT NULL,
  disabled_at TEXT,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  last_login_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Each entry's `hash` is SHA-256 over its canonical serialisation, which includes `prev_hash`, the hash of the entry
-- before it. `seq` is the primary key: two writers that read the same head both try to insert the same seq, and
-- the loser's batch fails and is retried, so the chain can never fork.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  ip TEXT,
  action TEXT NOT NULL,
  target TEXT,
  before TEXT,
  after TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_target ON audit_log (target, seq);

-- The last entry's seq and hash, updated in the same batch as each insert: deleting entries at the tail leaves the
-- head pointing past the end, which verification reports.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only through the product; verification still catches edits made by anyone who drops these triggers.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
