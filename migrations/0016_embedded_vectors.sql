-- What each stored vector embeds: its chunk's embedding key (see chunks.embed_key), the model, and a fingerprint of
-- its values, written once the vector is stored, removed before it is replaced or deleted. A document read again
-- (reprocess) gets new chunks; a passage reading as a stored vector does (its own former chunk's, or any other
-- document's) takes that vector instead of being embedded again, once the values read back match the fingerprint
-- (an index that shows a replaced vector late, as Vectorize may, gives the old values for a while).
CREATE TABLE embedded_vectors (
  vector_id TEXT PRIMARY KEY,
  embed_key TEXT NOT NULL,
  model TEXT NOT NULL,
  fingerprint TEXT
);
CREATE INDEX embedded_vectors_key ON embedded_vectors (embed_key, model);
-- The vectors of ready documents embed their chunks as they are (their values unknown here: no fingerprint).
INSERT INTO embedded_vectors (vector_id, embed_key, model)
SELECT c.document_id || ':' || c.ord, c.embed_key, d.embedding_model
FROM chunks c JOIN documents d ON d.id = c.document_id
WHERE d.state = 'ready' AND d.embedding_model IS NOT NULL AND c.embed_key IS NOT NULL;
-- Passages are looked up by what they read in embedded_vectors now, no longer among chunks.
DROP INDEX chunks_embed_key;
