/**
 * Words checked in whole documents, apart from ranking: what a query excludes, and a short query's frequent words,
 * which ranking reads no matches of.
 */
import type { SqlDatabase } from "../ports";
import type { KeywordHit } from "./keyword";
import { groupExpression, type ParsedQuery, type QueryGroup } from "./query-parser";

/**
 * Ranked documents checked for a short query's frequent words, which ranking reads no matches of: five pages of
 * results. `surprise billing` listed Record tributes saying "surprise" and never "bill" above the two speeches saying
 * both. Each check seeks the word in one document's passages: short queries took 0.1-0.4 ms more in process, at 100k
 * chunks and at 1M.
 */
const CHECKED_DOCUMENTS = 50;

/**
 * Which of `documentIds` hold any of the query's excluded words or phrases, in any passage or their title: a query's
 * exclusions apply to whole documents, as results are documents (`broadband -rural` lists no "Rural Broadband Act"
 * whose passages about permits never say rural, nor a document the model found that says it). Each document's
 * passages are looked up by their range of ids, which FTS5 seeks to in each posting list, so a frequent excluded word
 * costs no more than a rare one (300 documents at 1M chunks: 2-8 ms, where joining the word's 400,000 matches took
 * 350 ms).
 */
export async function excludedDocuments(db: SqlDatabase, parsed: ParsedQuery, documentIds: string[]) {
  if (parsed.excluded.length === 0) return new Set<string>();
  return documentsHolding(db, parsed.excluded.map(groupExpression).join(" OR "), documentIds);
}

/** Which of `documentIds` match the FTS5 `expression` in one of their passages (see `excludedDocuments`). */
async function documentsHolding(db: SqlDatabase, expression: string, documentIds: string[]): Promise<Set<string>> {
  if (documentIds.length === 0) return new Set();
  const { results } = await db
    .prepare(
      `WITH r AS (SELECT document_id AS id, min(id) AS lo, max(id) AS hi FROM chunks
         WHERE document_id IN (SELECT value FROM json_each(?)) GROUP BY document_id)
       SELECT r.id FROM r WHERE EXISTS (SELECT 1 FROM chunks_fts f CROSS JOIN chunks c ON c.id = f.rowid
         WHERE chunks_fts MATCH ? AND f.rowid BETWEEN r.lo AND r.hi AND c.document_id = r.id)`,
    )
    .bind(JSON.stringify([...new Set(documentIds)]), expression)
    .all<{ id: string }>();
  return new Set(results.map((r) => r.id));
}

/**
 * The ranked documents without those of the first `CHECKED_DOCUMENTS` that lack one of the `frequent` groups, when
 * some of those have them all; as they are otherwise (none does, or the query has no frequent word).
 */
export async function withFrequentWords(db: SqlDatabase, documents: KeywordHit[], frequent: QueryGroup[]) {
  if (frequent.length === 0) return documents;
  let holding = new Set(documents.slice(0, CHECKED_DOCUMENTS).map((d) => d.documentId));
  for (const group of frequent) holding = await documentsHolding(db, groupExpression(group), [...holding]);
  if (holding.size === 0) return documents;
  return documents.filter((d, i) => i >= CHECKED_DOCUMENTS || holding.has(d.documentId));
}
