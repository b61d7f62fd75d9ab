/**
 * Nearest-neighbour search over embeddings, shaped as a subset of Cloudflare Vectorize (V2).
 * Writes may be eventually consistent: on Vectorize an upsert is visible to queries some seconds later; on Node
 * it is visible as soon as the promise resolves. Callers must not assume read-after-write.
 */
export type VectorMetadataValue = string | number | boolean | string[];
/** Values may be one level of nested object, as on Vectorize; filters only look at top-level scalars. */
export type VectorMetadata = Record<string, VectorMetadataValue | Record<string, VectorMetadataValue>>;

export interface VectorRecord {
  /** At most 64 bytes. Upserting an existing id replaces its values and metadata. */
  id: string;
  values: number[] | Float32Array | Float64Array;
  metadata?: VectorMetadata;
}

export interface VectorMatch {
  id: string;
  /** Cosine similarity: higher is closer. */
  score: number;
  values?: number[] | Float32Array | Float64Array;
  metadata?: VectorMetadata;
}

export interface VectorQueryOptions {
  /** Number of matches, default 5 (Vectorize allows up to 100, but only 20 when values or all metadata are returned). */
  topK?: number;
  returnValues?: boolean;
  returnMetadata?: boolean | "all" | "indexed" | "none";
  /** Equality filter on metadata fields (`{documentId: "…"}`), as Vectorize's implicit `$eq`. */
  filter?: Record<string, string | number | boolean>;
}

export interface VectorQueryResult {
  matches: VectorMatch[];
  count: number;
}

export interface VectorMutation {
  mutationId: string;
}

export interface VectorIndexInfo {
  dimensions: number;
  vectorCount: number;
}

export interface VectorIndex {
  /** Inserts or replaces vectors; all must have the index's dimensions, else the call throws and nothing is written. */
  upsert(vectors: VectorRecord[]): Promise<VectorMutation>;
  /** The `topK` nearest vectors by cosine similarity, best first. */
  query(vector: number[] | Float32Array | Float64Array, options?: VectorQueryOptions): Promise<VectorQueryResult>;
  /** The stored vectors for the ids that exist (missing ids are skipped, order not guaranteed). */
  getByIds(ids: string[]): Promise<VectorRecord[]>;
  /** Deletes the ids; missing ids are ignored (idempotent). */
  deleteByIds(ids: string[]): Promise<VectorMutation>;
  describe(): Promise<VectorIndexInfo>;
}
