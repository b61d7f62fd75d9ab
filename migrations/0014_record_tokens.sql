-- Congressional Record pages as search units (see src/core/search/units.ts, which must agree): a page
-- `crec/151/H6110` is `crec151ph6110`. Otherwise as in 0013_regulation_tokens.sql.
DROP VIEW citation_tokens;
CREATE VIEW citation_tokens AS
SELECT document_id, start_offset, CASE
    WHEN kind = 'bill' OR target LIKE 'bill/%' THEN replace(
      CASE WHEN substr(target, 6, 1) GLOB '[0-9]' THEN substr(substr(target, 6), instr(substr(target, 6), '-') + 1)
        ELSE substr(target, 6) END, '-', '')
    WHEN target LIKE 'usc/%' THEN 'usc' || lower(replace(replace(substr(target, 5), '/', 's'), '-', ''))
      || CASE WHEN target GLOB '*[a-zA-Z]' THEN '0' ELSE '' END
    WHEN target LIKE 'pl/%' THEN 'pl' || replace(substr(target, 4), '/', 'n')
    WHEN target LIKE 'cfr/%' THEN 'cfr' || lower(replace(replace(replace(substr(target, 5), '/', 'p'), '.', 'n'), '-', ''))
      || CASE WHEN target GLOB '*[a-zA-Z]' THEN '0' ELSE '' END
    WHEN target LIKE 'fr/%' THEN 'fr' || replace(substr(target, 4), '/', 'p')
    WHEN target LIKE 'crec/%' THEN 'crec' || lower(replace(substr(target, 6), '/', 'p'))
  END AS token
FROM citations
WHERE target LIKE 'bill/%' OR target LIKE 'usc/%' OR target LIKE 'pl/%' OR target LIKE 'cfr/%' OR target LIKE 'fr/%'
  OR target LIKE 'crec/%';

-- Each chunk's units again, as src/core/search/index-statements.ts writes them, in documents citing Record pages
-- (read from documents processed from now on, or by `opendiscourse reprocess`).
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
  WHERE c.document_id IN (SELECT document_id FROM citations WHERE target LIKE 'crec/%')
) AS fresh
WHERE chunks.id = fresh.id AND chunks.units <> fresh.units;
