import { chunkFilterClause, type FilterSql } from "../document-filters";
import type { SqlDatabase, SqlValue } from "../ports";
import { blendDocumentHits, documentHits, type ScoredGroup } from "./document-rank";
import { togetherUnderTitle, withFrequentWords } from "./document-words";
import { frequentHits } from "./frequent-words";
import { ftsExpression, groupExpression } from "./fts-expression";
import type { KnownCounts, KnownIndex } from "./known-index";
import { withPrefixTerms } from "./prefixes";
import { type Alternative, groupText, type ParsedQuery, type QueryGroup } from "./query-parser";

export interface KeywordHit {
  chunkId: number;
  documentId: string;
  score: number;
}

export interface KeywordRanking {
  hits: KeywordHit[];
  /** The query as ranked: acronyms the index lacks read as words, rarely cited citations widened (see `asRanked`). */
  parsed: ParsedQuery;
  /**
   * Groups of words no passage holds (`insulin` in `insulin prices`), as typed in the query language: the hits are for
   * the others, if any. Empty when every group matched. Citations are left out.
   */
  unmatched: string[];
}

/** Chunks ranked per query: enough for several pages of documents once collapsed to one hit each. */
export const KEYWORD_CANDIDATES = 400;
/**
 * A group matching at least this many chunks is frequent. bm25 reads the whole posting list of every phrase it
 * scores (for its IDF), so frequent groups are matched but not scored, which keeps the cost of a query bounded by
 * its rare words whatever the corpus size.
 */
export const FREQUENT = 1000;
/**
 * Groups probed for their frequency; in a longer query the others only narrow the AND (a very long AND is empty).
 * 24 rather than 16 lifted nDCG@10 on 80-word bill summaries from 0.72 to 0.81 in `npm run eval`; 32 did no better.
 * Document ranking binds three parameters per group, and D1 at most 100 per statement: mind the filters' share.
 */
const PROBED_GROUPS = 24;
/**
 * Queries of at least this many groups rank whole documents (see `documentHits`), any of their rare words counting;
 * a one-word query ranks its passages. From two: `veterans telehealth` found only the one passage holding both words,
 * not the documents holding them in different sections (three of them in the eval corpus); none of the gold queries
 * moved, and short queries of the benchmark mix took 0.6 ms more in process (2.7-3.1 → 3.4-3.6 ms).
 */
const DOCUMENT_RANKED_GROUPS = 2;
/**
 * Queries of at most this many groups rank only the documents that have all their rare words, when there are some;
 * their frequent words are checked in the first ranked of them (see `withFrequentWords`).
 */
const CONJUNCTIVE_GROUPS = 4;
/**
 * Matches document ranking reads at most beyond its rarest group, the rarest groups first: each is looked up for its
 * document. Twice `FREQUENT` ranked as well as no bound in `npm run eval` at two thirds of the cost.
 */
const DOCUMENT_ROWS = 2 * FREQUENT;
/** Groups beyond which a query is ranked by its rarest words alone, without trying them all together first. */
const MAX_AND_GROUPS = 12;
/** Groups the OR fallback ranks: the rarest ones, which carry nearly all of bm25's weight anyway. */
const FALLBACK_GROUPS = 8;
/**
 * Matches the OR fallback scores at most, beyond its rarest group. Fewer (400) made long queries faster but cost
 * 0.06 nDCG@10 on titles quoted from bill text in `npm run eval`; so did probing fewer groups (12).
 */
const FALLBACK_ROWS = FREQUENT;
/**
 * A citation found in fewer passages than this also finds the sections numbered under it: fewer than a page of
 * results, where those sections are what a reader of the code means (`42 U.S.C. 1395` is Medicare's first section,
 * cited as such in one passage of the corpus, and `1395x` in dozens).
 */
const FEW_CITING = 10;
/** Column weights: a document's title (and bill number) above section headings above the body; citations high. */
const BM25 = "bm25(chunks_fts, 8.0, 3.0, 1.0, 4.0)";

/**
 * Keyword ranking done elsewhere than the search that asks for it (on Node, worker threads with connections of their
 * own, so that concurrent searches rank on every core while the event loop serves requests): the same answer as
 * `keywordHits` over the same index. `generation` is the index generation the search reads at, null when it keeps no
 * caches: the ranker keeps its own match counts for it. Rejects with `unavailable` when it cannot rank (a thread that
 * stopped); the search then ranks in process.
 */
export interface KeywordRanker {
  /**
   * With `callerIdle` (the search has nothing else to do until its ranking comes back: a keyword search, not hybrid's,
   * whose model answers meanwhile) the ranker may answer null, for the caller to rank itself: handing a ranking to an
   * idle thread and back costs more than it gives when no other search is waiting.
   */
  rank(
    input: { parsed: ParsedQuery; filter: FilterSql; generation: number | null },
    options?: { callerIdle?: boolean },
  ): Promise<KeywordRanking | null>;
}

/**
 * Keyword hits for a parsed query, best first, at most `KEYWORD_CANDIDATES` chunks, and the query as ranked. A query
 * of one group ranks the chunks that match it. A longer one ranks documents (any of its rare words counting, passages
 * holding many of them together first) and gives one hit per document; up to `CONJUNCTIVE_GROUPS`, only documents
 * holding all its rare words when some do (unless it is a question), those with a passage holding every word first.
 * Never throws on user input: the expression is built from the parse. Filters apply before the candidate bound, so a
 * selective filter still finds its documents.
 */
export async function keywordHits(
  db: SqlDatabase,
  typed: ParsedQuery,
  filter: FilterSql,
  known?: KnownIndex,
): Promise<KeywordRanking> {
  if (typed.groups.length === 0) return { hits: [], parsed: typed, unmatched: [] };
  const counted = known?.counts;
  const query = await withPrefixTerms(db, typed, known?.prefixes);
  const only = query.groups.length === 1 ? (query.groups[0] as QueryGroup).alternatives : [];
  if (only.length === 1 && only[0]?.kind === "phrase") {
    const hits = await rarePhraseHits(db, { parsed: query, words: only[0].words, filter, known: counted });
    // No match may come of the filter: the phrase is named only if no passage at all has it.
    const absent = hits?.length === 0 && (await groupCounts(db, query.groups, counted))[0] === 0;
    if (hits) return { hits, parsed: query, unmatched: absent ? query.groups.flatMap(groupText) : [] };
  }
  const first = await groupCounts(db, query.groups, counted);
  const { parsed, counts } = (await asRanked(db, query, first, counted)) ?? { parsed: query, counts: first };
  const unmatched = parsed.groups.filter((_, i) => counts[i] === 0).flatMap(groupText);
  return { hits: await rankGroups(db, { parsed, counts, filter }), parsed, unmatched };
}

async function rankGroups(
  db: SqlDatabase,
  input: { parsed: ParsedQuery; counts: number[]; filter: FilterSql },
): Promise<KeywordHit[]> {
  const { parsed, counts, filter } = input;
  const { groups } = parsed;
  const { hits: passages, together } = await passageHits(db, { parsed, counts, filter });
  if (groups.length < DOCUMENT_RANKED_GROUPS) return passages;
  const rarest = groups
    .flatMap((group, i) => {
      const matches = counts[i] ?? 0;
      return matches > 0 && matches < FREQUENT ? [{ group, matches }] : [];
    })
    .sort((a, b) => a.matches - b.matches);
  const scored: ScoredGroup[] = [];
  let rows = 0;
  for (const g of rarest) {
    if (scored.length > 0 && rows + g.matches > DOCUMENT_ROWS) break;
    scored.push(g);
    rows += g.matches;
  }
  const rank = (match: "all" | "most" | "any") =>
    documentHits(db, { parsed, scored, filter, limit: FREQUENT, candidates: KEYWORD_CANDIDATES, match });
  // A short query is a conjunction, as users mean it; only where no document has every word do some of them do, those
  // with more of them first. A question is not: `which bills expanded telehealth for veterans` asks about telehealth
  // for veterans, and the bills saying "expanded" as well come first, not alone. Either way a document with a passage
  // holding every word comes first (the sponsor line of `who is the sponsor of the PROMESA bill`).
  const short = groups.length <= CONJUNCTIVE_GROUPS;
  const frequent = groups.filter((_, i) => (counts[i] ?? 0) >= FREQUENT);
  let documents = short && !parsed.question ? await withFrequentWords(db, await rank("all"), frequent) : [];
  if (documents.length === 0) documents = await rank(short || parsed.question ? "most" : "any");
  if (documents.length === 0) return passages;
  const joint = new Set(together && short ? passages.map((p) => p.documentId) : []);
  if (short) {
    const titled = await togetherUnderTitle(db, {
      parsed,
      scored: scored.map((s) => s.group),
      documents,
      together: joint,
    });
    for (const id of titled) joint.add(id);
  }
  return blendDocumentHits(documents, passages, joint);
}

/**
 * The query as it is ranked, and its counts; null when it is the query as parsed. An acronym no passage has (`NASA`
 * written in capitals where the text never is) is searched as the word. A citation that fewer than `FEW_CITING`
 * passages cite is widened to the sections numbered under it as well (`42 U.S.C. 1395` to `1395x` and
 * `1395w-111`: see `Unit.family`); the section itself stays the rarest alternative, so the passages citing it
 * still rank first.
 */
async function asRanked(
  db: SqlDatabase,
  parsed: ParsedQuery,
  counts: number[],
  known: KnownCounts | undefined,
): Promise<{ parsed: ParsedQuery; counts: number[] } | null> {
  let changed = false;
  const groups = parsed.groups.map((group, i): QueryGroup => {
    const [only, ...others] = group.alternatives;
    const count = counts[i] ?? 0;
    if (others.length > 0 || !only) return group;
    if (only.kind === "acronym" && count === 0) {
      changed = true;
      return { alternatives: [{ kind: "term", term: only.term }] };
    }
    if (only.kind === "unit" && only.unit.family && count < FEW_CITING) {
      changed = true;
      return { alternatives: [{ ...only, family: true }] };
    }
    return group;
  });
  return changed ? { parsed: { ...parsed, groups }, counts: await groupCounts(db, groups, known) } : null;
}

/**
 * All groups together in one chunk (`together`), or, failing that, the rarest ones in any, ranked by the chunks' bm25.
 */
async function passageHits(
  db: SqlDatabase,
  input: { parsed: ParsedQuery; counts: number[]; filter: FilterSql },
): Promise<{ hits: KeywordHit[]; together: boolean }> {
  const { parsed, counts, filter } = input;
  const { groups } = parsed;
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
        : await frequentHits(db, { parsed, groups, join: "AND", filter, candidates: KEYWORD_CANDIDATES });
    if (hits.length > 0 || groups.length === 1) return { hits, together: true };
  }

  const byRarity = groups.map((g, i) => ({ g, n: counts[i] ?? 0 })).filter((x) => x.n > 0);
  byRarity.sort((a, b) => a.n - b.n);
  const rarest = byRarity.filter((x) => x.n < FREQUENT);
  if (rarest.length === 0) {
    const any = byRarity.slice(0, FALLBACK_GROUPS).map((x) => x.g);
    return {
      hits:
        any.length > 0
          ? await frequentHits(db, { parsed, groups: any, join: "OR", filter, candidates: KEYWORD_CANDIDATES })
          : [],
      together: false,
    };
  }
  const chosen: QueryGroup[] = [];
  let total = 0;
  for (const { g, n } of rarest) {
    if (chosen.length >= FALLBACK_GROUPS || (chosen.length > 0 && total + n > FALLBACK_ROWS)) break;
    chosen.push(g);
    total += n;
  }
  return {
    hits: await ranked(db, { expression: ftsExpression(parsed, chosen, "OR") as string, within: null, filter }),
    together: false,
  };
}

/**
 * A query that is one phrase with a rare word: its matches (fewer than that word's) are found unscored, in one pass
 * over its words' posting lists, then ranked by bm25 of its rarest word among them. bm25 of the phrase itself would
 * read every list twice more (it counts the phrase's matches over the whole index for its IDF, which cannot change
 * the order of a one-phrase query), and the rarest word occurs wherever the phrase does, so it ranks the same
 * passages at the cost of its own short list. Null when every word is frequent: scoring by any one of them would
 * cost as much as scoring the phrase, so the general path decides.
 */
async function rarePhraseHits(
  db: SqlDatabase,
  input: { parsed: ParsedQuery; words: string[]; filter: FilterSql; known: KnownCounts | undefined },
): Promise<KeywordHit[] | null> {
  const words = [...new Set(input.words)];
  const counts = await boundedCounts(db, words.map(termExpression), input.known);
  if (counts.some((n) => n === 0)) return [];
  const least = Math.min(...counts);
  if (least >= FREQUENT) return null;
  const { join, where } = chunkFilterClause(input.filter);
  const { results: matches } = await db
    .prepare(
      `SELECT c.id AS chunkId FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid ${join}
       WHERE chunks_fts MATCH ? ${where} LIMIT ${FREQUENT}`,
    )
    .bind(ftsExpression(input.parsed, input.parsed.groups, "AND") as string, ...input.filter.params)
    .all<{ chunkId: number }>();
  if (matches.length === 0) return [];
  // `+ 0`: see `ranked`.
  const { results } = await db
    .prepare(
      `SELECT c.id AS chunkId, c.document_id AS documentId, -${BM25} AS score
       FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
       WHERE chunks_fts MATCH ? AND chunks_fts.rowid + 0 IN (SELECT value FROM json_each(?))
       ORDER BY score DESC, chunkId LIMIT ${KEYWORD_CANDIDATES}`,
    )
    .bind(termExpression(words[counts.indexOf(least)] as string), JSON.stringify(matches.map((m) => m.chunkId)))
    .all<KeywordHit>();
  return results;
}

/**
 * How many chunks each expression matches, counted up to `FREQUENT`: those not already known, in one statement, cheap
 * even for frequent words.
 */
async function boundedCounts(db: SqlDatabase, expressions: string[], known?: KnownCounts): Promise<number[]> {
  const counts = new Map<string, number>();
  for (const expression of expressions) {
    const count = known?.get(expression);
    if (count !== undefined) counts.set(expression, count);
  }
  const unknown = [...new Set(expressions.filter((e) => !counts.has(e)))];
  if (unknown.length > 0) {
    const columns = unknown.map(
      (_, i) => `(SELECT count(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ${FREQUENT})) AS c${i}`,
    );
    const row = await db
      .prepare(`SELECT ${columns.join(", ")}`)
      .bind(...unknown)
      .first<Record<string, number>>();
    unknown.forEach((expression, i) => {
      const count = row?.[`c${i}`] ?? 0;
      counts.set(expression, count);
      known?.set(expression, count);
    });
  }
  return expressions.map((e) => counts.get(e) ?? 0);
}

function termExpression(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** How many chunks each group matches, counted up to `FREQUENT`. */
async function groupCounts(db: SqlDatabase, groups: QueryGroup[], known?: KnownCounts): Promise<number[]> {
  // Longer words are rarer, so they are the ones worth probing when a query has more groups than that.
  const probed = groups
    .map((g, i) => ({ i, length: Math.max(...g.alternatives.map(alternativeLength)) }))
    .sort((a, b) => b.length - a.length)
    .slice(0, PROBED_GROUPS)
    .map((x) => x.i);
  const counts = await boundedCounts(
    db,
    probed.map((i) => probeExpression(groups[i] as QueryGroup)),
    known,
  );
  return groups.map((_, i) => {
    const at = probed.indexOf(i);
    return at >= 0 ? (counts[at] ?? 0) : FREQUENT;
  });
}

function alternativeLength(a: Alternative): number {
  if (a.kind === "phrase") return Math.max(...a.words.map((w) => w.length));
  return a.kind === "unit" || a.kind === "acronym" ? 10 : a.term.length;
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

/** bm25-ranked chunks matching `expression` (and `within`, unscored, when given). */
async function ranked(
  db: SqlDatabase,
  input: { expression: string; within: string | null; filter: FilterSql },
): Promise<KeywordHit[]> {
  const { join, where } = chunkFilterClause(input.filter);
  const params: SqlValue[] = [input.expression];
  let within = "";
  if (input.within) {
    // `+ 0`: as a plain rowid constraint, the list would drive the scan, and FTS5 would restart the query (its IDF
    // included) for every rowid, ten times slower; this way the list is built once and checked per match.
    within = "AND chunks_fts.rowid + 0 IN (SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?)";
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
