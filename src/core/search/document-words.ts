/**
 * Words checked in whole documents, apart from ranking: what a query excludes, and a short query's frequent words,
 * which ranking reads no matches of.
 */
import type { SqlDatabase } from "../ports";
import type { DocumentHit } from "./document-rank";
import { ftsExpression, groupExpression, titleExpression } from "./fts-expression";
import type { KeywordHit } from "./keyword";
import { type KnownPrefixes, withPrefixTerms } from "./prefixes";
import type { Alternative, ParsedQuery, PrefixTerm, QueryGroup } from "./query-parser";

/**
 * Ranked documents checked for a short query's frequent words, which ranking reads no matches of: five pages of
 * results. `surprise billing` listed Record tributes saying "surprise" and never "bill" above the two speeches saying
 * both. Each check seeks the word in one document's passages: short queries took 0.1-0.4 ms more in process, at 100k
 * chunks and at 1M.
 */
const CHECKED_DOCUMENTS = 50;

/**
 * Costs in matches read (1.2-1.7 µs a match at 100k and 1M chunks): seeking a word in one document's passages
 * (2.3 µs); a match of an OR of n words, 1 + n / `OR_WORDS` (FTS5 steps through every word for each: the first 1,000
 * matches of 2,116 words took 13 ms, of 4,615 words 34 ms); a posting of a prefix FTS5 merges, which it reads twice.
 */
const SEEK = 2;
const OR_WORDS = 160;
const MERGED = 1.5;
/**
 * Which of `documentIds` hold any of the query's excluded words or phrases, in any passage or their title: a query's
 * exclusions apply to whole documents, as results are documents (`broadband -rural` lists no "Rural Broadband Act"
 * whose passages about permits never say rural, nor a document the model found that says it). Each document's
 * passages are looked up by their range of ids, which FTS5 seeks to in each posting list, so a frequent excluded word
 * costs no more than a rare one (300 documents at 1M chunks: 2-8 ms, where joining the word's 400,000 matches took
 * 350 ms). A frequent prefix's words are sought a few at a time, the most frequent first, in the documents not yet
 * found to hold one: each lookup seeks every word of its expression, and most documents hold one of the first
 * (`tax -con*`, 166 words: 400 documents in 19 ms against 155 as one expression; 1.7 s as the prefix), until reading
 * the matches of the words left costs less (see `documentsUnderPrefix`). A prefix left to FTS5 is read once for all the
 * documents (see `documentsMatching`).
 */
export async function excludedDocuments(
  db: SqlDatabase,
  parsed: ParsedQuery,
  documentIds: string[],
  known?: KnownPrefixes,
): Promise<Set<string>> {
  if (parsed.excluded.length === 0) return new Set<string>();
  const { excluded } = await withPrefixTerms(db, { groups: [], excluded: parsed.excluded }, known);
  return documentsWithAny(
    db,
    excluded.flatMap((g) => g.alternatives),
    documentIds,
  );
}

/**
 * Which of `documentIds` hold any of `alternatives` in a passage: words, phrases and citations sought in each document,
 * a frequent prefix's words a few at a time (see `documentsUnderPrefix`), a prefix left to FTS5 read once.
 */
async function documentsWithAny(
  db: SqlDatabase,
  alternatives: Alternative[],
  documentIds: string[],
): Promise<Set<string>> {
  const expanded = alternatives.flatMap((a) =>
    a.kind === "prefix" && a.terms ? [{ prefix: a.term, terms: a.terms }] : [],
  );
  const prefixes = alternatives.filter((a) => a.kind === "prefix" && !a.terms);
  const others = alternatives.filter((a) => a.kind !== "prefix");
  const found =
    others.length > 0
      ? await documentsHolding(db, groupExpression({ alternatives: others }), documentIds)
      : new Set<string>();
  if (prefixes.length > 0) {
    for (const id of await documentsMatching(db, groupExpression({ alternatives: prefixes }), documentIds))
      found.add(id);
  }
  for (const { prefix, terms } of expanded) {
    const rest = documentIds.filter((id) => !found.has(id));
    for (const id of await documentsUnderPrefix(db, prefix, terms, rest)) found.add(id);
  }
  return found;
}

/**
 * Which of `documentIds` hold a word under a frequent prefix, given its `terms`, the most frequent first: the words
 * are sought in the documents not yet found to hold one, a few more at a time, while that costs less than reading the
 * matches of all the words left, as their OR or as the prefix, whichever costs less (see `SEEK`). Most documents hold
 * one of the first words, and the last are rare: `-cfr*`, a thousand rare citation tokens, in 7 ms where seeking them
 * all took 340.
 */
async function documentsUnderPrefix(
  db: SqlDatabase,
  prefix: string,
  terms: PrefixTerm[],
  documentIds: string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  const postings = (list: PrefixTerm[]) => list.reduce((sum, t) => sum + t.passages, 0);
  const words = (list: PrefixTerm[]) =>
    groupExpression({ alternatives: list.map((t): Alternative => ({ kind: "term", term: t.word })) });
  const merged = postings(terms) * MERGED;
  for (let at = 0, size = 1; at < terms.length; size *= 4) {
    const rest = documentIds.filter((id) => !found.has(id));
    if (rest.length === 0) break;
    const left = terms.slice(at);
    const asWords = postings(left) * (1 + left.length / OR_WORDS);
    if (Math.min(asWords, merged) <= rest.length * Math.min(size, left.length) * SEEK) {
      const expression =
        asWords <= merged ? words(left) : groupExpression({ alternatives: [{ kind: "prefix", term: prefix }] });
      for (const id of await documentsMatching(db, expression, rest)) found.add(id);
      break;
    }
    const batch = terms.slice(at, at + size);
    for (const id of await documentsHolding(db, words(batch), rest)) found.add(id);
    at += batch.length;
  }
  return found;
}

/**
 * Which of `documentIds` match the FTS5 `expression` in one of their passages, reading every match once: for a prefix
 * left to FTS5, which merges every posting list under it in each lookup (a prefix of 76,684 matches at 100k chunks:
 * 92 ms, where one lookup per document took 8.5 s; of 820,745 at 1M, 1.4 s against 83 s).
 */
async function documentsMatching(db: SqlDatabase, expression: string, documentIds: string[]): Promise<Set<string>> {
  if (documentIds.length === 0) return new Set();
  const { results } = await db
    .prepare(
      `SELECT DISTINCT c.document_id AS id FROM chunks_fts f CROSS JOIN chunks c ON c.id = f.rowid
       WHERE chunks_fts MATCH ? AND c.document_id IN (SELECT value FROM json_each(?))`,
    )
    .bind(expression, JSON.stringify([...new Set(documentIds)]))
    .all<{ id: string }>();
  return new Set(results.map((r) => r.id));
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
 * some of those have them all; as they are otherwise (none does, or the query has no frequent word). A group's
 * prefixes are looked up as an exclusion's are: `onward co*` sought 458 words in each document (380 ms at 1M chunks),
 * where the first few find nearly all of them (30 ms).
 */
export async function withFrequentWords<H extends KeywordHit>(
  db: SqlDatabase,
  documents: H[],
  frequent: QueryGroup[],
): Promise<H[]> {
  if (frequent.length === 0) return documents;
  let holding = new Set(documents.slice(0, CHECKED_DOCUMENTS).map((d) => d.documentId));
  for (const group of frequent) holding = await documentsWithAny(db, group.alternatives, [...holding]);
  if (holding.size === 0) return documents;
  return documents.filter((d, i) => i >= CHECKED_DOCUMENTS || holding.has(d.documentId));
}

/**
 * Of the first `CHECKED_DOCUMENTS` ranked documents of a short query, besides those already `together`, the ones whose
 * title holds at least half of its words and one passage the others: a title is the whole document's. For `who
 * sponsored the VA MISSION Act`, a notice mentioning the act in a passage that also says "sponsored" ranked far above
 * the act's status, whose title names it and whose sponsors' passage says "Sponsor"; both now hold the words together,
 * and bm25 orders them. Only documents whose title holds a scored group are candidates; the query's other groups
 * (frequent words, which ranking reads no matches of) are looked up in their titles, then the words left in their
 * passages, one statement per group or set of words.
 */
export async function togetherUnderTitle(
  db: SqlDatabase,
  input: { parsed: ParsedQuery; scored: QueryGroup[]; documents: DocumentHit[]; together: Set<string> },
): Promise<string[]> {
  const { parsed } = input;
  // A prefix names no title, and each lookup of one merges every term under it (at 100k chunks, `program grant*
  // state` took 4 ms more).
  if (parsed.groups.some((g) => g.alternatives.some((a) => a.kind === "prefix"))) return [];
  const candidates = input.documents
    .slice(0, CHECKED_DOCUMENTS)
    .filter((d) => d.titled.length > 0 && !input.together.has(d.documentId));
  if (candidates.length === 0) return [];
  const ids = candidates.map((d) => d.documentId);
  const titled = new Map(candidates.map((d) => [d.documentId, new Set(d.titled)]));
  for (const group of parsed.groups.filter((g) => !input.scored.includes(g))) {
    for (const id of await titlesHolding(db, titleExpression(parsed, group), ids)) titled.get(id)?.add(group);
  }
  const found: string[] = [];
  const byRest = new Map<string, { rest: QueryGroup[]; ids: string[] }>();
  for (const [id, inTitle] of titled) {
    // A title that holds one word of several says little of what the document is about ("Statements on introduced
    // bills" for `to enact into law a bill by reference`).
    if (inTitle.size * 2 < parsed.groups.length) continue;
    const rest = parsed.groups.filter((g) => !inTitle.has(g));
    if (rest.length === 0) {
      found.push(id);
      continue;
    }
    const key = rest.map((g) => parsed.groups.indexOf(g)).join(",");
    const entry = byRest.get(key) ?? { rest, ids: [] };
    entry.ids.push(id);
    byRest.set(key, entry);
  }
  for (const { rest, ids } of byRest.values()) {
    found.push(...(await documentsHolding(db, ftsExpression(parsed, rest, "AND") as string, ids)));
  }
  return found;
}

/** Which of `documentIds` have a title matching the FTS5 `expression`: their first chunk holds it. */
async function titlesHolding(db: SqlDatabase, expression: string, documentIds: string[]): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT c.document_id AS id FROM json_each(?) j JOIN chunks c ON c.document_id = j.value AND c.ord = 0
       WHERE EXISTS (SELECT 1 FROM chunks_fts f WHERE chunks_fts MATCH ? AND f.rowid = c.id)`,
    )
    .bind(JSON.stringify(documentIds), expression)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}
