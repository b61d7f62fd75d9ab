-- Encryption at rest: one row per encrypted object version, holding its data key wrapped by a master key. The data
-- key id is written in the object's own header, so a reader finds the row that opens it; rows live here rather than
-- in the object's metadata because R2 cannot change metadata in place, and a master key rotation must rewrap every
-- data key without rewriting any data. A row is written before its object and completed after it
-- (`plaintext_size` set), so an object is never stored without a way to read it.
CREATE TABLE encrypted_objects (
  data_key_id TEXT PRIMARY KEY,
  object_key TEXT NOT NULL,
  master_key_id TEXT NOT NULL,
  wrapped_key TEXT NOT NULL,
  segment_size INTEGER NOT NULL,
  plaintext_size INTEGER,
  etag TEXT,
  created_at TEXT NOT NULL,
  completed_at TEXT
);

CREATE INDEX encrypted_objects_object_key ON encrypted_objects (object_key);
CREATE INDEX encrypted_objects_master_key ON encrypted_objects (master_key_id);
