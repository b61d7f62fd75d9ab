-- Keyword search with field weights and legal citations as single tokens.
-- `chunks.title` holds, on a document's first chunk only, its title and its bill designation (`hr2000`), so a title
-- match counts once per document and weighs more than the body. `chunks.units` holds the normalised tokens of the
-- citations that fall in the chunk (`hr2000`, `usc42s1395`, `pl116n136`), so `H.R. 2000`, `HR 2000` and `hr2000` find
-- the same passages. Both are derived data, refreshed whenever a document is processed.

ALTER TABLE chunks ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE chunks ADD COLUMN units TEXT NOT NULL DEFAULT '';

DROP TRIGGER chunks_ai;
DROP TRIGGER chunks_ad;
DROP TRIGGER chunks_au;
DROP TABLE chunks_fts;

-- The search token of a citation target (see src/core/search/units.ts, which must agree):
-- `bill/116-hr-2000` and `bill/hr-2000` → `hr2000`; `usc/42/1395w-4` → `usc42s1395w4`; `pl/116/136` → `pl116n136`.
CREATE VIEW citation_tokens AS
SELECT document_id, start_offset, CASE
    WHEN kind = 'bill' OR target LIKE 'bill/%' THEN replace(
      CASE WHEN substr(target, 6, 1) GLOB '[0-9]' THEN substr(substr(target, 6), instr(substr(target, 6), '-') + 1)
        ELSE substr(target, 6) END, '-', '')
    WHEN target LIKE 'usc/%' THEN 'usc' || replace(replace(substr(target, 5), '/', 's'), '-', '')
    WHEN target LIKE 'pl/%' THEN 'pl' || replace(substr(target, 4), '/', 'n')
  END AS token
FROM citations
WHERE target LIKE 'bill/%' OR target LIKE 'usc/%' OR target LIKE 'pl/%';

-- What a document's first chunk holds in `chunks.title`: its title and its bill designation.
CREATE VIEW document_search_titles AS
SELECT id AS document_id, trim(coalesce(title, '') || ' ' || CASE
    WHEN bill_id GLOB '*-*-*' THEN replace(substr(bill_id, instr(bill_id, '-') + 1), '-', '')
    ELSE '' END) AS title
FROM documents;

-- The same two statements run for each document as it is processed (src/core/search/index-statements.ts).
-- Citations without offsets (stated by the markup) belong to the first chunk.
UPDATE chunks SET units = coalesce((
  SELECT group_concat(DISTINCT t.token) FROM citation_tokens t
  WHERE t.document_id = chunks.document_id AND ((t.start_offset >= chunks.start_offset
    AND t.start_offset < chunks.end_offset) OR (t.start_offset IS NULL AND chunks.ord = 0))), '');
UPDATE chunks SET title = coalesce((SELECT title FROM document_search_titles WHERE document_id = chunks.document_id), '')
WHERE ord = 0;

CREATE VIRTUAL TABLE chunks_fts USING fts5 (
  title,
  heading,
  text,
  units,
  content = 'chunks',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
  INSERT INTO chunks_fts (rowid, title, heading, text, units) VALUES (new.id, new.title, new.heading, new.text, new.units);
END;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
  INSERT INTO chunks_fts (chunks_fts, rowid, title, heading, text, units)
  VALUES ('delete', old.id, old.title, old.heading, old.text, old.units);
END;
CREATE TRIGGER chunks_au AFTER UPDATE ON chunks BEGIN
  INSERT INTO chunks_fts (chunks_fts, rowid, title, heading, text, units)
  VALUES ('delete', old.id, old.title, old.heading, old.text, old.units);
  INSERT INTO chunks_fts (rowid, title, heading, text, units) VALUES (new.id, new.title, new.heading, new.text, new.units);
END;

-- The index is rebuilt from the content, existing documents included.
INSERT INTO chunks_fts (chunks_fts) VALUES ('rebuild');
