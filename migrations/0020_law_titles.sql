-- A bill that became law is found by its law's number: the first chunk of each of its documents (its texts, its
-- status, the roll calls on it) holds `pl116n136` beside its title and bill designation, as a passage citing
-- "Pub. L. 116-136" holds it in `units`, so `Pub. L. 116-136` finds the enrolled bill and its record as it finds the
-- law's own text. `bills.public_law` comes from the bill's best source (src/core/legislation-rows.ts), which also
-- rewrites these titles whenever it recomputes a bill.
DROP VIEW IF EXISTS document_search_titles;
CREATE VIEW document_search_titles AS
SELECT d.id AS document_id, trim(coalesce(d.title, '') || ' ' || CASE
    WHEN d.bill_id GLOB '*-*-*' THEN replace(substr(d.bill_id, instr(d.bill_id, '-') + 1), '-', '')
    ELSE '' END || coalesce(' pl' || replace(b.public_law, '-', 'n'), '')) AS title
FROM documents d LEFT JOIN bills b ON b.bill_id = d.bill_id;

UPDATE chunks SET title = coalesce((SELECT title FROM document_search_titles WHERE document_id = chunks.document_id), '')
WHERE ord = 0 AND document_id IN (
  SELECT d.id FROM documents d JOIN bills b ON b.bill_id = d.bill_id WHERE b.public_law IS NOT NULL);
