-- The committees a document names, one row each (as document_people holds its people): the committee filter and
-- facet read these small rows instead of each matching document's whole metadata JSON (a bill status record's runs to
-- tens of kilobytes). Processing writes them; existing documents get theirs from their metadata here.
CREATE TABLE document_committees (
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  code TEXT,
  name TEXT NOT NULL,
  chamber TEXT,
  PRIMARY KEY (document_id, ord)
);
CREATE INDEX document_committees_code ON document_committees (code);
INSERT INTO document_committees (document_id, ord, code, name, chamber)
SELECT m.document_id, c.key, lower(c.value ->> 'code'), c.value ->> 'name', c.value ->> 'chamber'
FROM document_metadata m, json_each(m.metadata, '$.committees') c
WHERE c.value ->> 'name' IS NOT NULL;
