-- Legislation as tables: bills, their versions, actions and roll-call votes, and sponsorships, derived from the
-- documents (a document's rows go with it: ON DELETE CASCADE) and filled here for documents already stored.
-- src/core/legislation-rows.ts writes the same rows when a document is processed, and recomputes `bills` rows.

-- For cosponsors: when they joined the bill, whether as original cosponsors, whether they withdrew.
ALTER TABLE document_people ADD COLUMN date TEXT;
ALTER TABLE document_people ADD COLUMN original INTEGER;
ALTER TABLE document_people ADD COLUMN withdrawn INTEGER;

-- One row per bill any document belongs to, each field from the best source present: the newest bill status
-- first, then the newest text version, then anything else. `public_law` is `116-136`.
CREATE TABLE bills (
  bill_id TEXT PRIMARY KEY,
  congress INTEGER NOT NULL,
  bill_type TEXT NOT NULL,
  number INTEGER NOT NULL,
  title TEXT,
  policy_area TEXT,
  introduced_date TEXT,
  latest_action_date TEXT,
  latest_action_text TEXT,
  public_law TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX bills_congress ON bills (congress, bill_type, number);
CREATE INDEX bills_latest_action ON bills (latest_action_date);

-- A bill's text documents: one row per rendering (USLM, DTD XML, HTML, PDF…) of each version.
CREATE TABLE bill_versions (
  document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  bill_id TEXT NOT NULL,
  version_code TEXT,
  version_name TEXT,
  date TEXT,
  format TEXT NOT NULL,
  parser TEXT
);
CREATE INDEX bill_versions_bill ON bill_versions (bill_id, date);

-- Actions as each document lists them; `ord` is chronological (a source listing newest first is reversed).
CREATE TABLE bill_actions (
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  bill_id TEXT NOT NULL,
  ord INTEGER NOT NULL,
  date TEXT NOT NULL,
  chamber TEXT,
  code TEXT,
  text TEXT NOT NULL,
  PRIMARY KEY (document_id, ord)
);
CREATE INDEX bill_actions_bill ON bill_actions (bill_id, date);

-- Roll-call votes, on a bill or not (nominations); members' positions are in document_people (role `voter`).
CREATE TABLE votes (
  document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  bill_id TEXT,
  congress INTEGER NOT NULL,
  session INTEGER,
  chamber TEXT NOT NULL,
  roll_number INTEGER NOT NULL,
  date TEXT,
  question TEXT,
  result TEXT,
  yea INTEGER NOT NULL,
  nay INTEGER NOT NULL,
  present INTEGER NOT NULL,
  not_voting INTEGER NOT NULL
);
CREATE INDEX votes_bill ON votes (bill_id, date);
CREATE INDEX votes_roll ON votes (congress, chamber, session, roll_number);

CREATE INDEX documents_bill_type ON documents (bill_id, document_type);

-- Sponsors and cosponsors of each bill: a view over the documents' people rather than a table, so that deleting or
-- re-processing a document and merging a name-only person into their id's record need no second copy kept in
-- step. Only the bill's status documents count when it has one (they know of later cosponsors and withdrawals);
-- otherwise every document of the bill does. One row per bill, person and role, from the best document.
CREATE VIEW sponsorships AS
SELECT bill_id, person_id, role, date, original, withdrawn, name, bioguide_id, lis_id, party, state, document_id, ord
FROM (
  SELECT d.bill_id, p.person_id, p.role, p.date, p.original, p.withdrawn, p.name, p.bioguide_id, p.lis_id, p.party,
    p.state, p.document_id, p.ord,
    row_number() OVER (
      PARTITION BY d.bill_id, p.person_id, p.role
      ORDER BY d.document_type = 'bill-status' DESC, d.document_date DESC, d.updated_at DESC, d.id
    ) AS pick
  FROM document_people p JOIN documents d ON d.id = p.document_id
  WHERE p.role IN ('sponsor', 'cosponsor') AND d.bill_id IS NOT NULL
    AND (d.document_type = 'bill-status' OR NOT EXISTS (
      SELECT 1 FROM documents s WHERE s.bill_id = d.bill_id AND s.document_type = 'bill-status'))
)
WHERE pick = 1;

-- No `bills` row outlives the last document of its bill, whatever deletes it (the services also recompute it).
CREATE TRIGGER documents_bill_ad AFTER DELETE ON documents WHEN old.bill_id IS NOT NULL BEGIN
  DELETE FROM bills WHERE bill_id = old.bill_id
    AND NOT EXISTS (SELECT 1 FROM documents WHERE bill_id = old.bill_id);
END;
CREATE TRIGGER documents_bill_au AFTER UPDATE OF bill_id ON documents
WHEN old.bill_id IS NOT NULL AND old.bill_id IS NOT new.bill_id BEGIN
  DELETE FROM bills WHERE bill_id = old.bill_id
    AND NOT EXISTS (SELECT 1 FROM documents WHERE bill_id = old.bill_id);
END;

-- The documents already stored.
UPDATE document_people SET date = p.value ->> 'date', original = p.value ->> 'original',
  withdrawn = p.value ->> 'withdrawn'
FROM document_metadata m, json_each(m.metadata, '$.people') p
WHERE m.document_id = document_people.document_id AND p.key = document_people.ord;

INSERT INTO bill_versions (document_id, bill_id, version_code, version_name, date, format, parser)
SELECT d.id, d.bill_id, d.version_code, m.metadata ->> '$.version.name', d.document_date, d.format, d.parser
FROM documents d LEFT JOIN document_metadata m ON m.document_id = d.id
WHERE d.bill_id IS NOT NULL
  AND d.document_type IN ('bill', 'resolution', 'public-law', 'statute-compilation', 'amendment');

INSERT INTO bill_actions (document_id, bill_id, ord, date, chamber, code, text)
SELECT d.id, d.bill_id,
  CASE WHEN (m.metadata ->> '$.actions[0].date')
      > (m.metadata ->> ('$.actions[' || (json_array_length(m.metadata, '$.actions') - 1) || '].date'))
    THEN json_array_length(m.metadata, '$.actions') - 1 - a.key ELSE a.key END,
  a.value ->> 'date', a.value ->> 'chamber', a.value ->> 'code', a.value ->> 'text'
FROM documents d JOIN document_metadata m ON m.document_id = d.id, json_each(m.metadata, '$.actions') a
WHERE d.bill_id IS NOT NULL;

INSERT INTO votes (document_id, bill_id, congress, session, chamber, roll_number, date, question, result, yea, nay,
  present, not_voting)
SELECT d.id, d.bill_id, m.metadata ->> '$.vote.congress', m.metadata ->> '$.vote.session',
  m.metadata ->> '$.vote.chamber', m.metadata ->> '$.vote.rollNumber', d.document_date,
  m.metadata ->> '$.vote.question', m.metadata ->> '$.vote.result', m.metadata ->> '$.vote.counts.yea',
  m.metadata ->> '$.vote.counts.nay', m.metadata ->> '$.vote.counts.present', m.metadata ->> '$.vote.counts.notVoting'
FROM documents d JOIN document_metadata m ON m.document_id = d.id
WHERE m.metadata ->> '$.vote.rollNumber' IS NOT NULL;

-- Every bill: a copy of billRefreshSql (src/core/legislation-rows.ts) as it is at this migration.
WITH src AS (
  SELECT d.id, d.bill_id, d.title, d.document_date, d.updated_at, m.metadata,
    CASE WHEN d.document_type = 'bill-status' THEN 0 WHEN d.document_type IN ('bill', 'resolution', 'public-law', 'statute-compilation', 'amendment') THEN 1 ELSE 2 END
      AS rank
  FROM documents d LEFT JOIN document_metadata m ON m.document_id = d.id
  WHERE d.bill_id IN (SELECT bill_id FROM documents) AND true
), b AS (
  SELECT bill_id, substr(bill_id, instr(bill_id, '-') + 1) AS rest FROM src GROUP BY bill_id
), f AS (
  SELECT b.bill_id,
    CAST(substr(b.bill_id, 1, instr(b.bill_id, '-') - 1) AS INTEGER) AS congress,
    substr(b.rest, 1, instr(b.rest, '-') - 1) AS bill_type,
    CAST(substr(b.rest, instr(b.rest, '-') + 1) AS INTEGER) AS number,
    coalesce(
      (SELECT t.value ->> 'text' FROM src s, json_each(s.metadata, '$.titles') t
       WHERE s.bill_id = b.bill_id AND s.rank = 0 AND t.value ->> 'type' = 'display' ORDER BY s.rank, s.document_date DESC, s.updated_at DESC, s.id, t.key LIMIT 1),
      (SELECT trim(s.title) FROM src s WHERE s.bill_id = b.bill_id AND s.rank <= 1 AND trim(s.title) != ''
       ORDER BY s.rank, s.document_date DESC, s.updated_at DESC, s.id LIMIT 1)) AS title,
    (SELECT s.metadata ->> 'policyArea' FROM src s
     WHERE s.bill_id = b.bill_id AND s.metadata ->> 'policyArea' IS NOT NULL ORDER BY s.rank, s.document_date DESC, s.updated_at DESC, s.id LIMIT 1) AS policy_area,
    coalesce(
      (SELECT s.document_date FROM src s
       WHERE s.bill_id = b.bill_id AND s.metadata ->> 'dateKind' = 'introduced' AND s.document_date IS NOT NULL
       ORDER BY s.rank, s.document_date LIMIT 1),
      (SELECT min(a.date) FROM bill_actions a JOIN src s ON s.id = a.document_id WHERE s.bill_id = b.bill_id))
      AS introduced_date,
    (SELECT json_array(a.date, a.text) FROM bill_actions a JOIN src s ON s.id = a.document_id
     WHERE s.bill_id = b.bill_id ORDER BY s.rank, s.document_date DESC, s.updated_at DESC, s.id, a.date DESC, a.ord DESC
     LIMIT 1) AS latest,
    coalesce(
      (SELECT s.metadata ->> 'publicLaw' FROM src s
       WHERE s.bill_id = b.bill_id AND s.metadata ->> 'publicLaw' IS NOT NULL ORDER BY s.rank, s.document_date DESC, s.updated_at DESC, s.id LIMIT 1),
      (SELECT replace(substr(c.value ->> 'target', 4), '/', '-') FROM src s, json_each(s.metadata, '$.citations') c
       WHERE s.bill_id = b.bill_id AND s.rank = 0 AND c.value ->> 'kind' = 'public-law' AND c.value ->> 'start' IS NULL
       ORDER BY s.rank, s.document_date DESC, s.updated_at DESC, s.id, c.key LIMIT 1)) AS public_law
  FROM b
)
INSERT OR REPLACE INTO bills (bill_id, congress, bill_type, number, title, policy_area, introduced_date,
  latest_action_date, latest_action_text, public_law, updated_at)
SELECT bill_id, congress, bill_type, number, title, policy_area, introduced_date, latest ->> 0, latest ->> 1,
  public_law, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM f WHERE congress IS NOT NULL AND bill_type != '' AND number IS NOT NULL;
