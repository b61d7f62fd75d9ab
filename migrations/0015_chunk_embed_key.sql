-- A key of what the embedder reads of a chunk (the SHA-256 of its heading and text as given to the model), so a
-- passage already embedded in another document (the same section in a bill's next version, a page stored twice)
-- takes that vector instead of being embedded again. Processing writes it; chunks stored before have none.
ALTER TABLE chunks ADD COLUMN embed_key TEXT;
CREATE INDEX chunks_embed_key ON chunks (embed_key) WHERE embed_key IS NOT NULL;
