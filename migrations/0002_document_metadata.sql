-- Structured metadata from the format-specific parsers: the fields documents are filtered by, as columns, and the
-- whole record as JSON. A Federal Register issue's rules and notices are documents of their own with a parent.

ALTER TABLE documents ADD COLUMN parent_id TEXT REFERENCES documents (id) ON DELETE CASCADE;
ALTER TABLE documents ADD COLUMN parser TEXT;
ALTER TABLE documents ADD COLUMN document_type TEXT;
ALTER TABLE documents ADD COLUMN bill_id TEXT;
ALTER TABLE documents ADD COLUMN congress INTEGER;
ALTER TABLE documents ADD COLUMN bill_type TEXT;
ALTER TABLE documents ADD COLUMN version_code TEXT;
ALTER TABLE documents ADD COLUMN document_date TEXT;

CREATE INDEX documents_parent ON documents (parent_id);
CREATE INDEX documents_bill ON documents (bill_id);
CREATE INDEX documents_type_date ON documents (document_type, document_date);
CREATE INDEX documents_congress ON documents (congress, bill_type);

CREATE TABLE document_metadata (
  document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  metadata TEXT NOT NULL
);

-- Everyone documents name. A person's id is the bioguide id, else the LIS id, else `name:` with the name as written,
-- state and party: someone known only by name still has a record, merged into the id's record once one appears.
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  bioguide_id TEXT UNIQUE,
  lis_id TEXT,
  name TEXT NOT NULL,
  party TEXT,
  state TEXT,
  updated_at TEXT NOT NULL
);

-- Who a document names, in what role: sponsorships, speeches, vote positions.
CREATE TABLE document_people (
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  person_id TEXT NOT NULL,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  bioguide_id TEXT,
  lis_id TEXT,
  party TEXT,
  state TEXT,
  position TEXT,
  PRIMARY KEY (document_id, ord)
);
CREATE INDEX document_people_person ON document_people (person_id, role);
CREATE INDEX document_people_bioguide ON document_people (bioguide_id, role);
CREATE INDEX document_people_lis ON document_people (lis_id, role);

-- References to law and bills: `usc/42/1395`, `pl/116/136`, `stat/134/281`, `bill/116-hr-2000`.
CREATE TABLE citations (
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  text TEXT NOT NULL,
  start_offset INTEGER,
  end_offset INTEGER,
  PRIMARY KEY (document_id, ord)
);
CREATE INDEX citations_target ON citations (target);
