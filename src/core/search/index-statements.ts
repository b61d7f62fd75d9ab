import type { SqlDatabase, SqlStatement } from "../ports";

/**
 * What a chunk's `title` holds when it is its document's first (else it is empty): the document's title, bill
 * designation and the number of the law the bill became (`document_search_titles`, migrations 0004 and 0020).
 */
export const SEARCH_TITLE_SQL =
  "coalesce((SELECT title FROM document_search_titles WHERE document_id = chunks.document_id), '')";

/**
 * The statements that bring a document's search fields up to date once its chunks, title and citations are
 * written: the first chunk's `title` (title and bill designation, weighted above the body) and each chunk's `units`
 * (its acronyms, written with the chunk, then the normalised tokens of its citations: see acronyms.ts, units.ts).
 * Append them to the batch that writes the document; they only touch chunks whose value changes, so the keyword
 * index re-indexes a handful of rows, not the whole document.
 * Idempotent. The views they read are defined in migrations/0004_search.sql.
 */
export function searchIndexStatements(db: SqlDatabase, documentId: string): SqlStatement[] {
  // Two lookups rather than one OR, which kept SQLite from using the citations' offset index (0009): the document's
  // every citation was read for every chunk.
  const units = `trim(coalesce(chunks.acronyms, '') || ' ' || coalesce((
    SELECT group_concat(DISTINCT token) FROM (
      SELECT t.token FROM citation_tokens t WHERE t.document_id = chunks.document_id
        AND t.start_offset >= chunks.start_offset AND t.start_offset < chunks.end_offset
      UNION ALL
      SELECT t.token FROM citation_tokens t WHERE chunks.ord = 0 AND t.document_id = chunks.document_id
        AND t.start_offset IS NULL)), ''))`;
  const title = SEARCH_TITLE_SQL;
  return [
    db.prepare(`UPDATE chunks SET units = ${units} WHERE document_id = ? AND units <> ${units}`).bind(documentId),
    db
      .prepare(`UPDATE chunks SET title = ${title} WHERE document_id = ? AND ord = 0 AND title <> ${title}`)
      .bind(documentId),
  ];
}
