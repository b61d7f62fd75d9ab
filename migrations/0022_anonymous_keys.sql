-- The key a mention with an id would have had without it (`name:` its name as written, state and party; see
-- src/core/people/person-id.ts), so that a mention stored without an id joins the one person whose mentions were
-- written that way, whether it is stored before them or after. NULL for mentions without an id, for those a related
-- document identified, and for those stored before this migration until their document is read again
-- (`opendiscourse reprocess`).
ALTER TABLE document_people ADD COLUMN anonymous_key TEXT;
CREATE INDEX document_people_anonymous ON document_people (anonymous_key) WHERE anonymous_key IS NOT NULL;
