import { decodeCursor, encodeCursor } from "./cursor";
import type { Deps } from "./deps";
import type { SearchMode } from "./domain";
import { AppError, isAppError } from "./errors";
import { readEmbeddingIdentity } from "./pipeline";
import { ftsExpression, highlightRanges, queryTerms } from "./query-text";

export const MAX_QUERY_CHARS = 4000;
const CANDIDATE_CHUNKS = 400;
const VECTOR_CANDIDATES = 100;
const RRF_K = 60;
const SNIPPET_CHARS = 240;

export interface SearchQuery {
  q: string;
  mode?: SearchMode;
  limit?: number;
  cursor?: string;
}

export interface SearchResult {
  documentId: string;
  filename: string;
  title: string | null;
  format: string;
  state: string;
  score: number;
  /** Plain text; never HTML, so document text cannot inject markup. */
  snippet: string;
  /** `[start, end)` ranges of matched words within `snippet`. */
  highlights: [number, number][];
  /** Where the snippet lies in the document's text (`GET /v1/documents/{id}/text`), and its section. */
  passage: { start: number; end: number; heading: string };
}

export interface SearchPage {
  mode: SearchMode;
  results: SearchResult[];
  nextCursor: string | null;
  /** Set when hybrid search fell back to keywords alone because the model could not answer. */
  warning?: string;
}

interface Hit {
  chunkId: number;
  documentId: string;
  score: number;
}

interface ChunkRow {
  id: number;
  document_id: string;
  start_offset: number;
  end_offset: number;
  heading: string;
  text: string;
  filename: string;
  title: string | null;
  format: string;
  state: string;
}

/** Keeps the best hit per document, in rank order. */
function bestPerDocument(hits: Hit[]): Hit[] {
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.documentId) && seen.add(h.documentId));
}

export function createSearch(deps: Deps) {
  const { db } = deps;

  async function keywordHits(terms: string[]): Promise<Hit[]> {
    if (terms.length === 0) return [];
    const run = async (expression: string) => {
      const { results } = await db
        .prepare(
          `SELECT c.id AS chunkId, c.document_id AS documentId, -bm25(chunks_fts, 2.0, 1.0) AS score
           FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
           WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts, 2.0, 1.0) LIMIT ?`,
        )
        .bind(expression, CANDIDATE_CHUNKS)
        .all<Hit>();
      return results;
    };
    // All terms first (precise and cheap); any term when that finds nothing.
    const all = await run(ftsExpression(terms, "AND"));
    if (all.length > 0 || terms.length === 1) return bestPerDocument(all);
    return bestPerDocument(await run(ftsExpression(terms, "OR")));
  }

  async function semanticHits(q: string): Promise<Hit[]> {
    const { embedder, vectors } = deps;
    if (!embedder || !vectors)
      throw new AppError("unavailable", "semantic search needs an embedder; none is configured");
    const identity = await readEmbeddingIdentity(deps);
    if (identity && identity.model !== embedder.model) {
      throw new AppError("unavailable", `the index holds ${identity.model}; run \`opendiscourse reembed\` first`);
    }
    const [vector] = await embedder.embed([q]);
    if (!vector) return [];
    // Ids alone: Vectorize caps topK at 20 when metadata is returned, and the id already names the chunk.
    const { matches } = await vectors.query(vector, { topK: VECTOR_CANDIDATES, returnMetadata: "none" });
    const chunks = await chunksFor(matches.map((m) => m.id));
    return bestPerDocument(
      matches.flatMap((m) => {
        const chunk = chunks.get(m.id);
        return chunk ? [{ chunkId: chunk.id, documentId: chunk.documentId, score: m.score }] : [];
      }),
    );
  }

  /** Vector ids are `documentId:ord`; vectors of deleted documents are skipped. */
  async function chunksFor(vectorIds: string[]): Promise<Map<string, { id: number; documentId: string }>> {
    if (vectorIds.length === 0) return new Map();
    const pairs = vectorIds.map((id) => {
      const at = id.lastIndexOf(":");
      return [id.slice(0, at), Number(id.slice(at + 1))];
    });
    const { results } = await db
      .prepare(
        `SELECT c.id, c.document_id AS documentId, c.document_id || ':' || c.ord AS vid FROM json_each(?) j
         JOIN chunks c ON c.document_id = j.value ->> 0 AND c.ord = j.value ->> 1`,
      )
      .bind(JSON.stringify(pairs))
      .all<{ id: number; documentId: string; vid: string }>();
    return new Map(results.map((r) => [r.vid, r]));
  }

  function fuse(lists: Hit[][]): Hit[] {
    const fused = new Map<string, Hit>();
    for (const list of lists) {
      list.forEach((hit, rank) => {
        const score = 1 / (RRF_K + rank + 1);
        const prior = fused.get(hit.documentId);
        if (prior) prior.score += score;
        else fused.set(hit.documentId, { ...hit, score });
      });
    }
    return [...fused.values()].sort((a, b) => b.score - a.score);
  }

  async function present(hits: Hit[], terms: string[]): Promise<SearchResult[]> {
    if (hits.length === 0) return [];
    const { results } = await db
      .prepare(
        `SELECT c.id, c.document_id, c.start_offset, c.end_offset, c.heading, c.text,
                d.filename, d.title, d.format, d.state
         FROM json_each(?) j JOIN chunks c ON c.id = j.value JOIN documents d ON d.id = c.document_id`,
      )
      .bind(JSON.stringify(hits.map((h) => h.chunkId)))
      .all<ChunkRow>();
    const rows = new Map(results.map((r) => [r.id, r]));
    return hits.flatMap((hit) => {
      const row = rows.get(hit.chunkId);
      if (!row) return [];
      const { snippet, highlights, start, end } = makeSnippet(row.text, terms);
      return [
        {
          documentId: row.document_id,
          filename: row.filename,
          title: row.title,
          format: row.format,
          state: row.state,
          score: hit.score,
          snippet,
          highlights,
          passage: { start: row.start_offset + start, end: row.start_offset + end, heading: row.heading },
        },
      ];
    });
  }

  return async function search(query: SearchQuery): Promise<SearchPage> {
    const q = query.q.trim();
    if (q.length === 0) throw new AppError("bad_request", "the query is empty");
    if (q.length > MAX_QUERY_CHARS) {
      throw new AppError("bad_request", `the query is longer than ${MAX_QUERY_CHARS} characters`);
    }
    const mode: SearchMode = query.mode ?? (deps.embedder ? "hybrid" : "keyword");
    const limit = Math.min(Math.max(query.limit ?? 10, 1), 100);
    const offset = query.cursor ? Number(decodeCursor(query.cursor, 1)[0]) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new AppError("bad_request", "invalid cursor");
    const terms = queryTerms(q);

    let hits: Hit[];
    let warning: string | undefined;
    if (mode === "keyword") hits = await keywordHits(terms);
    else if (mode === "semantic") hits = await semanticHits(q);
    else {
      // Hybrid degrades to keywords when the model is down rather than failing the search.
      const [keyword, semantic] = await Promise.all([
        keywordHits(terms),
        semanticHits(q).catch((error: unknown) => {
          if (!isAppError(error) || error.code !== "unavailable") throw error;
          warning = `keyword results only: ${error.message}`;
          deps.logger.warn({ err: error.message }, "semantic search unavailable; hybrid fell back to keywords");
          return [];
        }),
      ]);
      hits = fuse([keyword, semantic]);
    }

    const page = hits.slice(offset, offset + limit);
    return {
      mode,
      results: await present(page, terms),
      nextCursor: offset + limit < hits.length ? encodeCursor([offset + limit]) : null,
      ...(warning ? { warning } : {}),
    };
  };
}

export type SearchService = ReturnType<typeof createSearch>;

/** A window of the passage around its first highlighted word, cut at word boundaries. */
export function makeSnippet(
  text: string,
  terms: string[],
): { snippet: string; highlights: [number, number][]; start: number; end: number } {
  const ranges = highlightRanges(text, terms);
  const first = ranges[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(SNIPPET_CHARS / 3));
  if (start > 0) {
    const space = text.indexOf(" ", start);
    start = space >= 0 && space < first ? space + 1 : start;
  }
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    end = space > start ? space : end;
  }
  const snippet = text.slice(start, end).replace(/\s+/g, " ");
  // Highlights are recomputed on the collapsed snippet so their offsets index it exactly.
  return { snippet, highlights: highlightRanges(snippet, terms), start, end };
}
