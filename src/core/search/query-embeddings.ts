import type { Embedder } from "../ports";

/**
 * Query vectors by text, least recently used first out, so a repeated query (paging through results, a refreshed
 * page, a popular search) does not pay for the embedding again, and identical queries arriving together share one
 * embedding call. Entries are keyed by model too, so a re-embed with another model never serves a stale vector.
 */
export interface QueryEmbeddings {
  /** The query's vector, or null when the embedder returns none. Failures are not cached. */
  embed(text: string): Promise<Float32Array | null>;
  readonly size: number;
}

/** 1,000 vectors of 512 floats is about 4 MB of numbers. */
export const DEFAULT_QUERY_EMBEDDINGS = 1000;

export function createQueryEmbeddings(embedder: Embedder, capacity = DEFAULT_QUERY_EMBEDDINGS): QueryEmbeddings {
  // A Map iterates in insertion order: deleting and re-inserting on use keeps the least recent first.
  const entries = new Map<string, Promise<Float32Array | null>>();
  return {
    get size() {
      return entries.size;
    },
    embed(text) {
      const key = `${embedder.model}\u0000${text}`;
      const cached = entries.get(key);
      if (cached) {
        entries.delete(key);
        entries.set(key, cached);
        return cached;
      }
      const pending = embedder.embed([text]).then((vectors) => vectors[0] ?? null);
      entries.set(key, pending);
      pending.catch(() => {
        if (entries.get(key) === pending) entries.delete(key);
      });
      if (entries.size > capacity) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      return pending;
    },
  };
}
