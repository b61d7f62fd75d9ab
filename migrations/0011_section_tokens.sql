-- A U.S. Code section ending in a letter ends its search token with `0` (see src/core/search/units.ts, which must
-- agree): the index's stemmer dropped a final `e` or `s` and turned a final `y` into `i`, so `42 U.S.C. 1395y` found
-- the passages citing 1395i, and `15 U.S.C. 78s` those citing 78. Otherwise as in 0004_search.sql.
DROP VIEW citation_tokens;
CREATE VIEW citation_tokens AS
SELECT document_id, start_offset, CASE
    WHEN kind = 'bill' OR target LIKE 'bill/%' THEN replace(
      CASE WHEN substr(target, 6, 1) GLOB '[0-9]' THEN substr(substr(target, 6), instr(substr(target, 6), '-') + 1)
        ELSE substr(target, 6) END, '-', '')
    WHEN target LIKE 'usc/%' THEN 'usc' || lower(replace(replace(substr(target, 5), '/', 's'), '-', ''))
      || CASE WHEN target GLOB '*[a-zA-Z]' THEN '0' ELSE '' END
    WHEN target LIKE 'pl/%' THEN 'pl' || replace(substr(target, 4), '/', 'n')
  END AS token
FROM citations
WHERE target LIKE 'bill/%' OR target LIKE 'usc/%' OR target LIKE 'pl/%';

-- Each chunk's units again, as src/core/search/index-statements.ts writes them, where they change: in documents
-- citing such a section. Only those chunks are indexed again.
UPDATE chunks SET units = fresh.units
FROM (
  SELECT c.id, trim(coalesce(c.acronyms, '') || ' ' || coalesce((
    SELECT group_concat(DISTINCT token) FROM (
      SELECT t.token FROM citation_tokens t WHERE t.document_id = c.document_id
        AND t.start_offset >= c.start_offset AND t.start_offset < c.end_offset
      UNION ALL
      SELECT t.token FROM citation_tokens t WHERE c.ord = 0 AND t.document_id = c.document_id
        AND t.start_offset IS NULL)), '')) AS units
  FROM chunks c
  WHERE c.document_id IN (SELECT document_id FROM citations WHERE target LIKE 'usc/%' AND target GLOB '*[a-zA-Z]')
) AS fresh
WHERE chunks.id = fresh.id AND chunks.units <> fresh.units;
