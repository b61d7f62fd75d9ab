/**
 * Passages for queries whose every word is frequent (in `FREQUENT` passages or more), which bm25 cannot rank at a
 * bounded cost: see `frequentHits`.
 */
import { chunkFilterClause, type FilterSql } from "../document-filters";
import type { SqlDatabase } from "../ports";
import { ftsExpression } from "./fts-expression";
import type { KeywordHit } from "./keyword";
import type { ParsedQuery, QueryGroup } from "./query-parser";

/** Matches read, in index order, for a query of frequent words only (see `frequentHits`). */
const FREQUENT_ROWS = 1000;
/**
 * Matches read for a query with a phrase: FTS5 reads each word's positions in every passage holding them all, so a
 * match costs several times a word's (1,000 matches of `"the death of"` took 12.8 ms at 1M chunks, 400 took 5.9).
 */
const PHRASE_ROWS = 400;

/**
 * Whether a query of frequent words only is also looked up in titles and headings across the whole index: a word or
 * two, not a phrase. Words rarely met together there, or a phrase of common words (`"is a reason"`), are looked up
 * by reading every match of the words (`the secretary shall`: 20 ms at 1M chunks; phrases took twice as long).
 */
function namesInTitles(groups: QueryGroup[]): boolean {
  return groups.length <= 2 && groups.every((g) => g.alternatives.every((a) => a.kind !== "phrase"));
}

/**
 * Chunks for a query of frequent words only (`health`, `appropriations`), which bm25 cannot rank (it reads the whole
 * posting list of each word for its IDF: 4-21 ms per word at 1M chunks, even to score a few hundred matches): the
 * passages holding all of `groups` (`join` AND) or any. For all of a word or two (see `namesInTitles`), the passages
 * whose title or heading has them come first, wherever they are in the index (the first `candidates`): those whose
 * title has them, shortest title first ("Water Quality Act" before a long official title that mentions water), then
 * by heading likewise (scores 2-2.5 and 1-1.5; 0.3-1.7 ms at 1M chunks, 5 ms for `shall`, which titles and headings
 * seldom hold). Then one passage of each further document among the first `FREQUENT_ROWS` matches (`PHRASE_ROWS`
 * with a phrase) in index order, unranked (score 0.5). Before, 200 matches in index order, unranked:
 * `appropriations` listed 19 of the 259 documents holding it, in no order, and `section` 4.
 */
export async function frequentHits(
  db: SqlDatabase,
  input: { parsed: ParsedQuery; groups: QueryGroup[]; join: "AND" | "OR"; filter: FilterSql; candidates: number },
): Promise<KeywordHit[]> {
  const { parsed, groups, join: joined } = input;
  const expression = ftsExpression(parsed, groups, joined) as string;
  const { join, where } = chunkFilterClause(input.filter);
  const matches = (score: string, match: string, limit: number) =>
    db
      .prepare(
        `SELECT c.id AS chunkId, c.document_id AS documentId, ${score} AS score
         FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid ${join}
         WHERE chunks_fts MATCH ? ${where} LIMIT ${limit}`,
      )
      .bind(match, ...input.filter.params)
      .all<KeywordHit>();
  const words = (column: string) => `(length(c.${column}) - length(replace(c.${column}, ' ', '')) + 1)`;
  // `highlight` tells a match in the title from one in the heading. Sorted here: ordered in SQL, the statement lost
  // its LIMIT to the query flattener and scored every match (0.5 s for `the` at 1M chunks).
  const named =
    joined === "AND" && namesInTitles(groups)
      ? (
          await matches(
            `CASE WHEN instr(highlight(chunks_fts, 0, char(1), ''), char(1)) > 0 THEN 2.0 + 1.0 / ${words("title")}
                  ELSE 1.0 + 1.0 / ${words("heading")} END`,
            `{title heading} : (${expression})`,
            input.candidates,
          )
        ).results.sort((a, b) => b.score - a.score || a.chunkId - b.chunkId)
      : [];
  const phrase = groups.some((g) => g.alternatives.some((a) => a.kind === "phrase"));
  const { results: text } = await matches("0.5", expression, phrase ? PHRASE_ROWS : FREQUENT_ROWS);
  const seen = new Set<string>();
  return [...named, ...text]
    .filter((h) => !seen.has(h.documentId) && seen.add(h.documentId))
    .slice(0, input.candidates);
}
