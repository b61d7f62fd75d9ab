-- Documents, their extracted text, chunks with a keyword index, jobs, and the embedding index's identity.
-- Shared by the Node runtime (better-sqlite3) and D1 (`wrangler d1 migrations apply`).

CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,
  format TEXT NOT NULL,
  size INTEGER NOT NULL,
  blob_key TEXT NOT NULL,
  title TEXT,
  state TEXT NOT NULL CHECK (state IN ('queued', 'processing', 'indexed', 'ready', 'failed')),
  error TEXT,
  chunk_count INTEGER NOT NULL DEFAULT 0,
  embedding_model TEXT,
  uploaded_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX documents_created ON documents (created_at, id);
CREATE INDEX documents_state ON documents (state);

CREATE TABLE document_texts (
  document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  sections TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE chunks (
  id INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  heading TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  UNIQUE (document_id, ord)
);

CREATE VIRTUAL TABLE chunks_fts USING fts5 (
  heading,
  text,
  content = 'chunks',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
  INSERT INTO chunks_fts (rowid, heading, text) VALUES (new.id, new.heading, new.text);
END;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
  INSERT INTO chunks_fts (chunks_fts, rowid, heading, text) VALUES ('delete', old.id, old.heading, old.text);
END;
CREATE TRIGGER chunks_au AFTER UPDATE ON chunks BEGIN
  INSERT INTO chunks_fts (chunks_fts, rowid, heading, text) VALUES ('delete', old.id, old.heading, old.text);
  INSERT INTO chunks_fts (rowid, heading, text) VALUES (new.id, new.heading, new.text);
END;

-- Jobs are the outbox and the visible state of asynchronous work; the queue only carries their ids.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  document_id TEXT REFERENCES documents (id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('queued', 'processing', 'retrying', 'done', 'failed', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  dispatched_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX jobs_state ON jobs (state, updated_at);
CREATE INDEX jobs_undispatched ON jobs (dispatched_at) WHERE dispatched_at IS NULL;
CREATE INDEX jobs_document ON jobs (document_id);

CREATE TABLE index_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
