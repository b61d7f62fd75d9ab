-- A log of document and job state changes in commit order, for `GET /v1/jobs/events`: a stream polls it by `seq`,
-- so a change made by any process (a CLI ingesting into the server's folder, a queue consumer on Workers) reaches
-- every open stream, and a client resumes from the last `seq` it saw. Time stamps cannot do this: they are taken
-- before a write commits, so a later poll could miss a change committed late with an earlier time.
-- Filled by triggers, so no writer has to remember it; the newest 10,000 changes are kept.

CREATE TABLE changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('document', 'job')),
  entity_id TEXT NOT NULL,
  document_id TEXT,
  -- A document's or a job's state; `deleted` when the document is gone.
  state TEXT NOT NULL,
  error TEXT,
  -- The document's file name, or the job's type.
  name TEXT,
  document_type TEXT,
  attempts INTEGER,
  changed_at TEXT NOT NULL
);
CREATE INDEX changes_document ON changes (document_id, seq);

CREATE TRIGGER changes_document_ai AFTER INSERT ON documents BEGIN
  INSERT INTO changes (kind, entity_id, document_id, state, error, name, document_type, changed_at)
  VALUES ('document', new.id, new.id, new.state, new.error, new.filename, new.document_type, new.updated_at);
  DELETE FROM changes WHERE seq <= (SELECT max(seq) FROM changes) - 10000;
END;

CREATE TRIGGER changes_document_au AFTER UPDATE OF state, error, document_type ON documents
WHEN old.state IS NOT new.state OR old.error IS NOT new.error OR old.document_type IS NOT new.document_type BEGIN
  INSERT INTO changes (kind, entity_id, document_id, state, error, name, document_type, changed_at)
  VALUES ('document', new.id, new.id, new.state, new.error, new.filename, new.document_type, new.updated_at);
  DELETE FROM changes WHERE seq <= (SELECT max(seq) FROM changes) - 10000;
END;

CREATE TRIGGER changes_document_ad AFTER DELETE ON documents BEGIN
  INSERT INTO changes (kind, entity_id, document_id, state, name, document_type, changed_at)
  VALUES ('document', old.id, old.id, 'deleted', old.filename, old.document_type,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
  DELETE FROM changes WHERE seq <= (SELECT max(seq) FROM changes) - 10000;
END;

CREATE TRIGGER changes_job_ai AFTER INSERT ON jobs BEGIN
  INSERT INTO changes (kind, entity_id, document_id, state, error, name, attempts, changed_at)
  VALUES ('job', new.id, new.document_id, new.state, new.error, new.type, new.attempts, new.updated_at);
  DELETE FROM changes WHERE seq <= (SELECT max(seq) FROM changes) - 10000;
END;

CREATE TRIGGER changes_job_au AFTER UPDATE OF state ON jobs WHEN old.state IS NOT new.state BEGIN
  INSERT INTO changes (kind, entity_id, document_id, state, error, name, attempts, changed_at)
  VALUES ('job', new.id, new.document_id, new.state, new.error, new.type, new.attempts, new.updated_at);
  DELETE FROM changes WHERE seq <= (SELECT max(seq) FROM changes) - 10000;
END;
