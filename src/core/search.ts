import { LRUCache } from "lru-cache";
import { type Deps, nowIso } from "./deps";
import { type DocumentFilters, FILTER_NAMES, type FilterSql, filterSql } from "./document-filters";
import { chunkOfVectorId } from "./documents";
import type { SearchMode } from "./domain";
import { AppError, isAppError } from "./errors";
import { readEmbeddingIdentity } from "./pipeline";
import { createComputedCache } from "./search/computed-cache";
import { excludedDocuments } from "./search/document-words";
import { countFacets, type Facets, type MatchedDocument, readMatchedDocuments } from "./search/facets";
import { generationState } from "./search/generation-state";
import { bestPerDocument, byDate, byRank, collapseBy, fuse, type Hit } from "./search/hits";
import { type KeywordRanking, keywordHits } from "./search/keyword";
import { type KnownIndex, knownIndex } from "./search/known-index";
import { billDocumentsFirst, markNamedBills, namedBills } from "./search/named-bills";
import {
  decodeSearchCursor,
  encodeSearchCursor,
  queryFingerprint,
  resultsAfter,
  type SearchPosition,
} from "./search/page-cursor";
import { createQueryEmbeddings } from "./search/query-embeddings";
import {
  onlyUnits,
  type ParsedQuery,
  parseQuery,
  quotesPhrase,
  tooShortWarning,
  withoutExclusions,
} from "./search/query-parser";
import { presentHits, type SearchResult } from "./search/results";
import { spellingSuggestions } from "./search/spelling";

export type { DocumentFilters } from "./document-filters";
export type { Facets } from "./search/facets";
export type { MatchSource, SearchResult } from "./search/results";

export const MAX_QUERY_CHARS = 4000;
const VECTOR_CANDIDATES = 100;
/**
 * How long a cached page is served at most. The index generation retires pages when documents change; this bounds
 * what it cannot see: vectors an eventually consistent index (Vectorize) makes visible a little after their job.
 */
const PAGE_TTL_MS = 60_000;
/** Matched documents' rows kept (facet values, bill, text key), for the index generation they were read at. */
const KNOWN_DOCUMENTS = 100_000;
/**
 * The keywords' share of a hybrid score; the meaning's is the rest. Tuned on the gold queries (`npm run eval`): 0.8
 * keeps hybrid at or above keywords on every query type once long queries are cut (below); 0.76 loses to keywords on
 * summaries, 0.78-0.84 does not.
 */
const KEYWORD_WEIGHT = 0.8;
/**
 * Hybrid embeds a query's first 48 words: a pasted summary's opening sentences (its title, "This bill…") say what it is
 * about, and its later lists of provisions blur the model's reading of it while the keywords match them anyway. On the
 * gold summaries it ranks better than the whole text (nDCG@10 0.881 against 0.853 at the same weight; any cut from 40
 * to 64 words, 0.875-0.881; 24 or 32 words, 0.866), and it embeds in about 0.6 of the time (6.9 ms against 10.9 at
 * the median for the 266 gold summaries, 71 words on average).
 * Semantic mode, where the model is all there is, embeds the whole query (a 48-word cut cost it 0.04 on summaries).
 */
const HYBRID_EMBED_WORDS = 48;

export type SearchSort = "relevance" | "newest" | "oldest";

export interface SearchQuery extends DocumentFilters {
  q: string;
  mode?: SearchMode;
  limit?: number;
  cursor?: string;
  /** `bill` collapses the renderings and versions of one bill into its best result. */
  group?: "document" | "bill";
  /** `newest` or `oldest` orders the matching documents by their date (undated ones last); default `relevance`. */
  sort?: SearchSort;
  /** Facet counts are computed unless this is false. */
  facets?: boolean;
  /**
   * Unless false, a query none of whose words any document holds (`veteranz`) is searched as its first suggestion
   * when that is likely what was meant (`veterans`); see `SearchPage.searchedFor`.
   */
  correct?: boolean;
}

export interface SearchPage {
  mode: SearchMode;
  results: SearchResult[];
  nextCursor: string | null;
  /** Set when hybrid search fell back to keywords (the model could not answer), or a letter was typed as a prefix. */
  warning?: string;
  /**
   * Words of the query that no document holds (`insulin` in `insulin prices`), in keyword and hybrid mode: the
   * keyword matches are for the others; when no word matched (`tiktok`), hybrid's results are the model's alone.
   * Absent when none.
   */
  unmatched?: string[];
  /**
   * Queries to try instead, when words of this one are in no document: each such word replaced by one a letter away
   * that documents hold (`helth care` → `health care`), the likeliest first, at most three. Absent when none.
   */
  suggestions?: string[];
  /**
   * The query the results are for, when no document holds any word of the one asked and its first suggestion puts in
   * common words (`veterans` for `veteranz`; not `crypt` for `crypto`, a rare word: that is only suggested):
   * `unmatched` names the words typed, `suggestions` the other corrections. Absent otherwise, and when the search
   * asked not to be corrected.
   */
  searchedFor?: string;
  /** Counts over the matching documents (at most a few hundred: the candidates search ranks). */
  facets?: Facets;
}

/** A search with its defaults filled in: what ranking needs, and (with the generation) what a cached page is keyed by. */
interface SearchRequest {
  q: string;
  mode: SearchMode;
  limit: number;
  group: "document" | "bill";
  sort: SearchSort;
  filters: DocumentFilters;
  facets: boolean;
  cursor: string | null;
  correct: boolean;
}

export function createSearch(deps: Deps) {
  const { db } = deps;
  const queryEmbeddings = deps.embedder ? createQueryEmbeddings(deps.embedder) : null;
  // A page with a warning is not kept: one that fell back to keywords, as the model may be back for the next request,
  // and one of a letter typed as a prefix, which is rare and cheap.
  const pages = createComputedCache<SearchPage>({
    max: deps.config.searchCacheEntries,
    ttlMs: PAGE_TTL_MS,
    keep: (page) => page.warning === undefined,
    counted: (hit) => deps.metrics.searchCached(hit),
  });

  /**
   * The index's generation: the newest entry of the `changes` log, which triggers advance on every document and job
   * state change (upload, each processing step, re-embedding, deletion, retention) from any process or isolate. Pages
   * are cached under it, so a change retires every page ranked before it, for one indexed read per search.
   */
  async function generation(): Promise<number> {
    return (await db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM changes").first<number>("seq")) ?? 0;
  }

  // What searches read about the index, kept for the newest generation seen: how many chunks each probed word
  // matches, the terms under frequent prefixes, and matched documents' rows.
  const knownFor = generationState(() => ({
    ...knownIndex(),
    documents: new LRUCache<string, MatchedDocument>({ max: KNOWN_DOCUMENTS }),
  }));

  /** Why the runtime's keyword ranker could not rank, each logged once. */
  const fallbacks = new Set<string>();

  /** Keyword ranking by the runtime's ranker, else (none, it cannot, or it leaves an idle caller to) in process. */
  async function rankKeywords(
    parsed: ParsedQuery,
    filter: FilterSql,
    generation: number | null,
    known: KnownIndex | undefined,
    callerIdle: boolean,
  ): Promise<KeywordRanking> {
    if (deps.keywordRanker) {
      try {
        const ranking = await deps.keywordRanker.rank({ parsed, filter, generation }, { callerIdle });
        if (ranking) return ranking;
      } catch (error) {
        if (!isAppError(error) || error.code !== "unavailable") throw error;
        deps.metrics.searchFellBack("keyword_ranking");
        // Logged once per reason (counted every time): a pool that cannot start refuses every search alike.
        if (!fallbacks.has(error.message)) {
          fallbacks.add(error.message);
          deps.logger.warn({ err: error.message }, "keyword ranking thread unavailable; ranking in process");
        }
      }
    }
    return keywordHits(db, parsed, filter, known);
  }

  async function semanticHits(q: string, filter: FilterSql): Promise<Hit[]> {
    const { embedder, vectors } = deps;
    if (!embedder || !vectors || !queryEmbeddings)
      throw new AppError("unavailable", "semantic search needs an embedder; none is configured");
    // A query of exclusions only (`-rural`) asks for nothing the model could read.
    if (q === "") return [];
    // The embedding is asked for before anything is awaited: in hybrid mode the keyword ranking takes this thread at
    // the first await, and a long query's first statements would hold the model's thread idle for a millisecond or more.
    const embedding = queryEmbeddings.embed(q);
    const identity = await readEmbeddingIdentity(deps);
    if (identity && identity.model !== embedder.model) {
      embedding.catch(() => {});
      throw new AppError(
        "unavailable",
        `the index holds ${identity.model}; run \`opendiscourse reembed\` (or POST /v1/reembed) first`,
      );
    }
    const vector = await embedding;
    if (!vector) return [];
    // Ids alone: Vectorize caps topK at 20 when metadata is returned, and the id already names the chunk.
    const { matches } = await vectors.query(vector, { topK: VECTOR_CANDIDATES, returnMetadata: "none" });
    const passages = matches.map((m) => ({ ...chunkOfVectorId(m.id), score: m.score }));
    const kept = await passagesWithin(passages, filter);
    return bestPerDocument(
      kept.map(
        (p): Hit => ({ chunkId: null, ord: p.ord, documentId: p.documentId, score: p.score, matchedBy: ["meaning"] }),
      ),
    );
  }

  /**
   * The passages whose documents pass the filter, in their order. Without a filter all of them: their chunks are
   * looked up only for the results shown (after a long embedding, looking up a hundred took 2 ms), and the documents
   * of vectors that outlived them are dropped with the documents search reads anyway.
   */
  async function passagesWithin<P extends { documentId: string }>(passages: P[], filter: FilterSql): Promise<P[]> {
    if (passages.length === 0 || filter.where.length === 0) return passages;
    const { results } = await db
      .prepare(
        `SELECT d.id FROM documents d WHERE d.id IN (SELECT value FROM json_each(?)) AND ${filter.where.join(" AND ")}`,
      )
      .bind(JSON.stringify([...new Set(passages.map((p) => p.documentId))]), ...filter.params)
      .all<{ id: string }>();
    const within = new Set(results.map((r) => r.id));
    return passages.filter((p) => within.has(p.documentId));
  }

  async function search(query: SearchQuery): Promise<SearchPage> {
    const q = query.q.trim();
    if (q.length === 0) throw new AppError("bad_request", "the query is empty");
    if (q.length > MAX_QUERY_CHARS) {
      throw new AppError("bad_request", `the query is longer than ${MAX_QUERY_CHARS} characters`);
    }
    const request: SearchRequest = {
      q,
      mode: query.mode ?? (deps.embedder ? "hybrid" : "keyword"),
      limit: Math.min(Math.max(query.limit ?? 10, 1), 100),
      group: query.group ?? "document",
      sort: query.sort ?? "relevance",
      filters: Object.fromEntries(
        FILTER_NAMES.flatMap((name) => (query[name] === undefined ? [] : [[name, query[name]]])),
      ),
      facets: query.facets !== false,
      cursor: query.cursor ?? null,
      correct: query.correct !== false,
    };
    const fingerprint = queryFingerprint([
      q,
      request.mode,
      request.group,
      request.sort,
      request.filters,
      // Named only when off, so that cursors issued before the option existed still decode.
      ...(request.correct ? [] : ["as typed"]),
    ]);
    // A forged or foreign cursor is refused before the cache is consulted.
    const after = request.cursor ? decodeSearchCursor(request.cursor, fingerprint) : null;
    // Without caches there is nothing to key by the generation: no read for it, and every search is a miss.
    if (deps.config.searchCacheEntries === 0) {
      deps.metrics.searchCached(false);
      return rank(request, fingerprint, after, null);
    }
    const at = await generation();
    const key = JSON.stringify([at, fingerprint, request.limit, request.facets, request.cursor]);
    return pages.get(key, () => rank(request, fingerprint, after, at));
  }

  async function rank(
    request: SearchRequest,
    fingerprint: string,
    after: SearchPosition | null,
    at: number | null,
  ): Promise<SearchPage> {
    const { q, mode, limit, group } = request;
    let parsed = parseQuery(q);
    const asOf = after?.asOf ?? nowIso(deps);
    const filter = filterSql(request.filters);
    if (after) {
      filter.where.push("d.created_at <= ?");
      filter.params.push(asOf);
    }

    let hits: Hit[];
    // Semantic mode searches no words: the model reads `c*` as typed.
    let warning = mode === "semantic" ? undefined : tooShortWarning(parsed);
    let unmatched: string[] = [];
    const keep = knownFor(at);
    // A query of citations and bill numbers only (`42 U.S.C. 1395`, `H.R. 2000`) names what it wants; the model
    // reads no meaning into such tokens, and its nearest passages only pushed unrelated ones between the matches.
    const byKeywords = mode === "keyword" || (mode === "hybrid" && onlyUnits(parsed));
    const keyword = async () => {
      // By keywords alone, the search waits for its ranking with nothing else to do (hybrid's model embeds meanwhile).
      const ranking = await rankKeywords(parsed, filter, at, keep, byKeywords);
      parsed = ranking.parsed; // what matched, for the highlights
      unmatched = ranking.unmatched;
      return bestPerDocument(ranking.hits.map((hit): Hit => ({ ...hit, matchedBy: ["keywords"] })));
    };
    if (byKeywords) hits = await keyword();
    else if (mode === "semantic") hits = await semanticHits(withoutExclusions(q), filter);
    else {
      // Hybrid degrades to keywords when the model is down rather than failing the search. The meaning's search
      // starts first: its embedding runs on the model's thread while the keywords rank on this one.
      const semantic = semanticHits(hybridEmbeddingText(withoutExclusions(q)), filter).catch((error: unknown) => {
        if (!isAppError(error) || error.code !== "unavailable") throw error;
        warning = [warning, `keyword results only: ${error.message}`].filter(Boolean).join("; ");
        deps.metrics.searchFellBack("meaning");
        deps.logger.warn({ err: error.message }, "semantic search unavailable; hybrid fell back to keywords");
        return [];
      });
      const words = keyword();
      // While the model embeds the query, the rows of the documents the keywords matched are read (and kept for this
      // index generation), so that only the meaning's are left to read once it answers: 1-1.5 ms less after it.
      const early =
        keep &&
        words.then((k) =>
          readMatchedDocuments(
            db,
            k.map((h) => h.documentId),
            keep.documents,
          ),
        );
      const [k, s] = await Promise.all([words, semantic, early]);
      hits = fuse(k, s, KEYWORD_WEIGHT);
      // By date, hybrid lists what the keywords matched: the meaning's nearest passages are there whatever the
      // query, and by date the weakest of them would lead the page as readily as the strongest. So does a query that
      // quotes a phrase, which asks for those words in that order (the meaning's passages lacked them), unless no
      // document has it.
      if ((request.sort !== "relevance" || quotesPhrase(parsed)) && k.length > 0) {
        hits = hits.filter((h) => h.matchedBy.includes("keywords"));
      }
    }
    hits.sort(byRank);
    const { suggestions, likely } =
      unmatched.length > 0 ? await spellingSuggestions(db, q, unmatched) : { suggestions: [], likely: false };
    const [likeliest, ...others] = suggestions;
    if (request.correct && likely && likeliest && !hits.some((h) => h.matchedBy.includes("keywords"))) {
      // No document holds any word of the query (a typo) and a common word is one letter away: the results are for
      // the correction rather than the model's reading of a misspelt word. Cursors are the asked query's, and lead
      // to this again.
      const page = await rank({ ...request, q: likeliest, correct: false }, fingerprint, after, at);
      return { ...page, searchedFor: likeliest, unmatched, ...(others.length > 0 ? { suggestions: others } : {}) };
    }
    const excluded = await excludedDocuments(
      db,
      parsed,
      hits.map((h) => h.documentId),
      keep?.prefixes,
    );
    if (excluded.size > 0) hits = hits.filter((h) => !excluded.has(h.documentId));
    const documents = await readMatchedDocuments(
      db,
      hits.map((h) => h.documentId),
      keep?.documents,
    );
    // A document deleted since the model's index was queried (its vectors go with it, a moment later) is no result.
    hits = hits.filter((h) => documents.has(h.documentId));
    const named = byKeywords ? namedBills(parsed) : null;
    if (named) hits = billDocumentsFirst(hits, documents, named);
    // One text stored twice (a page as GPO's HTML and as the scraper's JSON), or one version of a bill in several
    // renderings, is one result, and counts once; with group=bill, a bill is one result, its versions counted each.
    hits = collapseBy(hits, (h) => documents.get(h.documentId)?.resultKey);
    const facets = request.facets
      ? countFacets(
          hits.map((h) => [h.documentId, ...(h.collapsed ?? [])]),
          documents,
        )
      : undefined;
    if (group === "bill") hits = collapseBy(hits, (h) => documents.get(h.documentId)?.billId);
    if (request.sort !== "relevance") hits = byDate(hits, (h) => documents.get(h.documentId)?.date, request.sort);

    // The cursor holds the last result's sort key: its score, or its date.
    const sortKey = (h: Hit) => h.key ?? h.score;
    const remaining = after ? resultsAfter(hits, after, sortKey) : hits;
    const page = remaining.slice(0, limit);
    const last = page.at(-1);
    return {
      mode,
      results: markNamedBills(await presentHits(db, page, parsed), documents, named),
      nextCursor:
        remaining.length > limit && last
          ? encodeSearchCursor(fingerprint, { score: sortKey(last), documentId: last.documentId, asOf })
          : null,
      ...(warning ? { warning } : {}),
      ...(unmatched.length > 0 ? { unmatched } : {}),
      ...(suggestions.length > 0 ? { suggestions } : {}),
      ...(facets ? { facets } : {}),
    };
  }

  // Callable directly (`services.search(query)`) and as `services.search.search(query)`.
  return Object.assign(search, { search });
}

export type SearchService = ReturnType<typeof createSearch>;

/** What hybrid search embeds of a query: its first `HYBRID_EMBED_WORDS` words. */
export function hybridEmbeddingText(q: string): string {
  const words = q.split(/\s+/);
  return words.length <= HYBRID_EMBED_WORDS ? q : words.slice(0, HYBRID_EMBED_WORDS).join(" ");
}
