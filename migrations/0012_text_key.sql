-- A key of what a document says: the SHA-256 of its extracted text with its type, bill, version and date. Documents
-- with the same key are one text stored twice (a Record page as GPO's HTML and as the scraper's JSON), and search
-- shows them as one result. Processing writes it; documents stored before have none (and stand alone) until
-- `opendiscourse reprocess`.
ALTER TABLE documents ADD COLUMN text_key TEXT;
