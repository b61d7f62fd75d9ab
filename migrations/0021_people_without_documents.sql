-- A person's record exists for the documents that name them: when the last mention of it goes (its document deleted,
-- read again without it, a part dropped from its container) or is pointed at another record (a name-only mention
-- joined to the member a related document identifies, or merged into an id's record), the record goes too, with the
-- name and affiliation it took from those mentions. Records left over from before are removed here.
CREATE TRIGGER document_people_ad AFTER DELETE ON document_people
WHEN NOT EXISTS (SELECT 1 FROM document_people WHERE person_id = old.person_id)
BEGIN
  DELETE FROM people WHERE id = old.person_id;
END;

CREATE TRIGGER document_people_au AFTER UPDATE OF person_id ON document_people
WHEN new.person_id IS NOT old.person_id AND NOT EXISTS (SELECT 1 FROM document_people WHERE person_id = old.person_id)
BEGIN
  DELETE FROM people WHERE id = old.person_id;
END;

DELETE FROM people WHERE NOT EXISTS (SELECT 1 FROM document_people WHERE person_id = people.id);
