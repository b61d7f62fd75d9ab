import type { FilterSql } from "../document-filters";
import type { SqlDatabase, SqlValue } from "../ports";
import { type Alternative, ftsExpression, groupExpression, type ParsedQuery, type QueryGroup } from "./query-parser";

export interface KeywordHit {
  chunkId: number;
  documentId: string;
  score: number;
}

/** Chunks ranked per query: enough for several pages of documents once collapsed to one hit each. */
export const KEYWORD_CANDIDATES = 400;
/**
 * A group matching at least this many chunks is frequent. bm25 reads the whole posting list of every phrase it
 * scores (for its IDF), so frequent groups are matched but not scored, which keeps the cost of a query bounded by
 * its rare words whatever the corpus size.
 */
export const FREQUENT = 1000;
/** Groups probed for their frequency; in a longer query the others only narrow the AND (a very long AND is empty). */
const PROBED_GROUPS = 16;
/** Groups beyond which a query is ranked by its rarest words alone, without trying them all together first. */
const MAX_AND_GROUPS = 12;
/** Chunks taken, unranked, when every word of the query is frequent. */
const UNRANKED_CANDIDATES = 200;
/** Groups the OR fallback ranks: the rarest ones, which carry nearly all of bm25's weight anyway. */
const FALLBACK_GROUPS = 8;
/** Column weights: a document's title (and bill number) above section headings above the body; citations high. */
const BM25 = "bm25(chunks_fts, 8.0, 3.0, 1.0, 4.0)";

/**
 * Keyword hits for a parsed query, best first, at most `KEYWORD_CANDIDATES` chunks. All groups must match; when
 * nothing does, the rarest groups are ranked with OR instead. Never throws on user input: the expression is built
 * from the parse. Filters apply before the candidate bound, so a selective filter still finds its documents.
 */
export async function keywordHits(db: SqlDatabase, parsed: ParsedQuery, filter: FilterSql): Promise<KeywordHit[]> {
  const { groups } = parsed;
  if (groups.length === 0) return [];
  const counts = await groupCounts(db, groups);
  const rare = groups.filter((_, i) => (counts[i] ?? 0) < FREQUENT);
  const frequent = groups.filter((_, i) => (counts[i] ?? 0) >= FREQUENT);

  // A group that matches nothing cannot be satisfied, and a long query (a pasted paragraph) practically never has
  // all its words in one passage: both go straight to the fallback.
  if (counts.every((c) => c > 0) && groups.length <= MAX_AND_GROUPS) {
    const all = ftsExpression(parsed, groups, "AND");
    const hits =
      rare.length > 0
        ? await ranked(db, {
            expression: ftsExpression(parsed, rare, "AND") as string,
            within: frequent.length > 0 ? all : null,
            filter,
          })
        : await unranked(db, all as string, filter);
    if (hits.length > 0 || groups.length === 1) return hits;
  }

  const byRarity = groups.map((g, i) => ({ g, n: counts[i] ?? 0 })).filter((x) => x.n > 0);
  byRarity.sort((a, b) => a.n - b.n);
  const rarest = byRarity.filter((x) => x.n < FREQUENT);
  if (rarest.length === 0) {
    const any = byRarity.slice(0, FALLBACK_GROUPS).map((x) => x.g);
    return any.length > 0 ? unranked(db, ftsExpression(parsed, any, "OR") as string, filter) : [];
  }
  const chosen: QueryGroup[] = [];
  let total = 0;
  for (const { g, n } of rarest) {
    if (chosen.length >= FALLBACK_GROUPS || (chosen.length > 0 && total + n > FREQUENT)) break;
    chosen.push(g);
    total += n;
  }
  return ranked(db, { expression: ftsExpression(parsed, chosen, "OR") as string, within: null, filter });
}

/** How many chunks each group matches, counted up to `FREQUENT`: one statement, cheap even for frequent words. */
async function groupCounts(db: SqlDatabase, groups: QueryGroup[]): Promise<number[]> {
  // Longer words are rarer, so they are the ones worth probing when a query has more groups than that.
  const probed = groups
    .map((g, i) => ({ i, length: Math.max(...g.alternatives.map(alternativeLength)) }))
    .sort((a, b) => b.length - a.length)
    .slice(0, PROBED_GROUPS)
    .map((x) => x.i);
  const columns = probed.map(
    (i) => `(SELECT count(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ${FREQUENT})) AS c${i}`,
  );
  const row = await db
    .prepare(`SELECT ${columns.join(", ")}`)
    .bind(...probed.map((i) => probeExpression(groups[i] as QueryGroup)))
    .first<Record<string, number>>();
  return groups.map((_, i) => (probed.includes(i) ? (row?.[`c${i}`] ?? 0) : FREQUENT));
}

function alternativeLength(a: Alternative): number {
  return a.kind === "phrase" ? Math.max(...a.words.map((w) => w.length)) : a.kind === "unit" ? 10 : a.term.length;
}

/** A phrase is probed as its words, which bounds its count without reading positions. */
function probeExpression(group: QueryGroup): string {
  const loose = group.alternatives.map((a) =>
    a.kind === "phrase"
      ? `(${a.words.map((w) => `"${w.replaceAll('"', '""')}"`).join(" AND ")})`
      : groupExpression({ alternatives: [a] }),
  );
  return loose.length === 1 ? (loose[0] as string) : `(${loose.join(" OR ")})`;
}

function filterClause(filter: FilterSql): { join: string; where: string } {
  if (filter.where.length === 0) return { join: "", where: "" };
  return {
    join: "JOIN documents d ON d.id = c.document_id",
    where: `AND ${filter.where.join(" AND ")}`,
  };
}

/** bm25-ranked chunks matching `expression` (and `within`, unscored, when given). */
async function ranked(
  db: SqlDatabase,
  input: { expression: string; within: string | null; filter: FilterSql },
): Promise<KeywordHit[]> {
  const { join, where } = filterClause(input.filter);
  const params: SqlValue[] = [input.expression];
  let within = "";
  if (input.within) {
    within = "AND chunks_fts.rowid IN (SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?)";
    params.push(input.within);
  }
  const { results } = await db
    .prepare(
      `SELECT chunkId, documentId, score FROM (
         SELECT c.id AS chunkId, c.document_id AS documentId, -${BM25} AS score
         FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid ${join}
         WHERE chunks_fts MATCH ? ${within} ${where} LIMIT ${KEYWORD_CANDIDATES * 2})
       ORDER BY score DESC, chunkId LIMIT ${KEYWORD_CANDIDATES}`,
    )
    .bind(...params, ...input.filter.params)
    .all<KeywordHit>();
  return results;
}

/** Matching chunks without scores, for queries of frequent words only, where bm25 would read the whole index. */
async function unranked(db: SqlDatabase, expression: string, filter: FilterSql): Promise<KeywordHit[]> {
  const { join, where } = filterClause(filter);
  const { results } = await db
    .prepare(
      `SELECT c.id AS chunkId, c.document_id AS documentId, 0 AS score
       FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid ${join}
       WHERE chunks_fts MATCH ? ${where} LIMIT ${UNRANKED_CANDIDATES}`,
    )
    .bind(expression, ...filter.params)
    .all<KeywordHit>();
  return results;
}
