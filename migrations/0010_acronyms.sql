-- Acronyms as written, beside the stemmed text (src/core/search/acronyms.ts): `the CARES Act` gives the chunk the
-- unit token `acrcares0`, since the stemmer makes `CARES` into `care`. `chunks.acronyms` holds a chunk's acronym
-- tokens, which processing writes and `units` starts with. It is NULL for chunks stored before this migration: the
-- service fills them in the background, a batch at a time, from the index below (`fillAcronyms`).
ALTER TABLE chunks ADD COLUMN acronyms TEXT;
CREATE INDEX chunks_acronyms_pending ON chunks (id) WHERE acronyms IS NULL;

-- The keyword index is written again only when an indexed column changes, not when `acronyms` alone is filled.
DROP TRIGGER chunks_au;
CREATE TRIGGER chunks_au AFTER UPDATE OF title, heading, text, units ON chunks BEGIN
  INSERT INTO chunks_fts (chunks_fts, rowid, title, heading, text, units)
  VALUES ('delete', old.id, old.title, old.heading, old.text, old.units);
  INSERT INTO chunks_fts (rowid, title, heading, text, units) VALUES (new.id, new.title, new.heading, new.text, new.units);
END;
