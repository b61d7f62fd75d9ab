/**
 * The rankings the evaluation scores: the product's search in each mode, and a naive baseline (one FTS5 row per
 * document holding its whole extracted text, default bm25, any of the query's words) in the evaluation's own
 * in-memory database. Both return corpus paths, best first.
 */
import Database from "better-sqlite3";
import type { Services } from "../../src/core/services";

export const DEPTH = 100;

export type Mode = "keyword" | "semantic" | "hybrid";

type SearchCall = (query: { q: string; mode: Mode; limit: number; cursor?: string }) => Promise<{
  results: { documentId: string; collapsed?: string[] }[];
  nextCursor?: string | null;
}>;

/**
 * `services.search` as a function, or as an object with a `search` method: only that call, `documentId` and
 * `collapsed` are used.
 */
function searchCall(services: Services): SearchCall {
  const search = services.search as unknown as SearchCall | { search: SearchCall };
  return typeof search === "function" ? search : search.search.bind(search);
}

/**
 * Document id → corpus paths, parts of a container (a Federal Register issue's documents) answering for the
 * container's file.
 */
export async function pathsById(
  services: Services,
  documents: Record<string, string[]>,
): Promise<Map<string, string[]>> {
  const map = new Map(Object.entries(documents));
  const { results } = await services.deps.db
    .prepare("SELECT id, parent_id FROM documents WHERE parent_id IS NOT NULL")
    .all<{ id: string; parent_id: string }>();
  for (const r of results) {
    const paths = map.get(r.parent_id);
    if (paths) map.set(r.id, paths);
  }
  return map;
}

export interface ProductRanker {
  /** Corpus paths, best first, at most `DEPTH` documents; empty with an error message when the search refused. */
  rank(q: string, mode: Mode): Promise<{ paths: string[]; error?: string; warning?: string }>;
}

export function productRanker(services: Services, paths: Map<string, string[]>): ProductRanker {
  const search = searchCall(services);
  return {
    async rank(q, mode) {
      const ids: string[] = [];
      let warning: string | undefined;
      let cursor: string | undefined;
      try {
        // Pages until DEPTH documents, should the service cap a page below the limit asked.
        do {
          const page = await search({ q, mode, limit: DEPTH - ids.length, ...(cursor ? { cursor } : {}) });
          // A result standing for documents of the same text ranks each of them in turn, as identical files do.
          ids.push(...page.results.flatMap((r) => [r.documentId, ...(r.collapsed ?? [])]));
          warning ??= (page as { warning?: string }).warning;
          cursor = page.nextCursor ?? undefined;
        } while (cursor && ids.length < DEPTH);
      } catch (error) {
        return { paths: [], error: error instanceof Error ? error.message : String(error) };
      }
      return { paths: toPaths(ids, paths), ...(warning ? { warning } : {}) };
    },
  };
}

/** Ranked ids to ranked paths: a document stored once for several identical files ranks each of them in turn. */
function toPaths(ids: string[], paths: Map<string, string[]>): string[] {
  return [...new Set(ids.flatMap((id) => paths.get(id) ?? []))].slice(0, DEPTH);
}

/**
 * The baseline: every top-level document's whole extracted text (as the product stored it, after stripping) in a
 * plain FTS5 table, ranked by FTS5's default bm25 for any of the query's words. No chunks, no fields, no fusion.
 */
export async function naiveBm25(
  services: Services,
  paths: Map<string, string[]>,
): Promise<{ rank(q: string): string[]; close(): void; documents: number }> {
  const { results } = await services.deps.db
    .prepare(
      `SELECT d.id, t.text FROM documents d JOIN document_texts t ON t.document_id = d.id
       WHERE d.parent_id IS NULL`,
    )
    .all<{ id: string; text: string }>();
  const db = new Database(":memory:");
  db.exec("CREATE VIRTUAL TABLE docs USING fts5 (text)");
  const ids: string[] = [];
  const insert = db.prepare("INSERT INTO docs (rowid, text) VALUES (?, ?)");
  db.transaction(() => {
    for (const r of results) {
      ids.push(r.id);
      insert.run(ids.length, r.text);
    }
  })();
  const search = db.prepare("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?").pluck();
  return {
    documents: ids.length,
    rank(q) {
      const words = [...new Set(q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
      if (words.length === 0) return [];
      const expression = words.map((w) => `"${w}"`).join(" OR ");
      const rows = search.all(expression, DEPTH) as number[];
      return toPaths(
        rows.map((rowid) => ids[rowid - 1] ?? ""),
        paths,
      );
    },
    close: () => db.close(),
  };
}
