import type { Embedder } from "../ports";
import { createComputedCache } from "./computed-cache";

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
  const cache = createComputedCache<Float32Array | null>({ max: capacity });
  return {
    get size() {
      return cache.size;
    },
    embed: (text) => cache.get(`${embedder.model}\u0000${text}`, async () => (await embedder.embed([text]))[0] ?? null),
  };
}
