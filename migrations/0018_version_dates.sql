-- Renderings of one bill version share its date (src/core/legislation-rows.ts, versionDateStatements): a rendering
-- stored without one (USLM converted from GPO's bill XML leaves `dc:date` empty) takes the date another rendering or
-- the MODS record of the same version gives, so that date filters, year facets and date sorting include it.
UPDATE documents SET document_date = (
  SELECT max(s.document_date) FROM documents s
  WHERE s.bill_id = documents.bill_id AND s.version_code = documents.version_code AND s.id <> documents.id
    AND s.document_type IN ('bill', 'resolution', 'public-law', 'statute-compilation', 'amendment', 'bill-mods'))
WHERE document_date IS NULL AND bill_id IS NOT NULL AND version_code IS NOT NULL
  AND document_type IN ('bill', 'resolution', 'public-law', 'statute-compilation', 'amendment');
UPDATE bill_versions SET date = (SELECT d.document_date FROM documents d WHERE d.id = bill_versions.document_id)
WHERE date IS NULL;
