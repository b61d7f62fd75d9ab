import type {
  Vectorize,
  VectorizeAsyncMutation,
  VectorizeIndexInfo,
  VectorizeMatch,
  VectorizeMatches,
  VectorizeQueryOptions,
  VectorizeVector,
  VectorizeVectorMetadataFilter,
} from "@cloudflare/workers-types/2023-07-01";
import { matchesFilter } from "./fake-vectorize-filter";

export interface FakeVectorizeOptions {
  /** The index's dimensions (768 for bge-base). */
  dimensions: number;
  /**
   * `eventual` holds every mutation back until `settle()`, as Vectorize applies them seconds later; `immediate`
   * (the default) applies them before the promise resolves.
   */
  consistency?: "immediate" | "eventual";
  /**
   * Metadata properties with a metadata index. Vectorize filters only on indexed properties: a filter on any
   * other property matches nothing. Default: every property counts as indexed.
   */
  metadataIndexes?: string[];
}

/** A `Vectorize` binding plus a way to apply pending mutations. */
export interface FakeVectorize extends Vectorize {
  /** Applies every pending mutation (a no-op with immediate consistency). */
  settle(): Promise<void>;
}

interface Stored {
  id: string;
  values: number[];
  norm: number;
  namespace?: string;
  metadata?: VectorizeVector["metadata"];
}

const MAX_ID_BYTES = 64;

/**
 * A Vectorize (V2) index in memory with the cosine metric, searched by brute force, for tests: Vectorize has no
 * local mode. It keeps the binding's limits that callers can trip over: ids of at most 64 bytes, vectors of
 * exactly the index's dimensions (a bad vector fails the whole call and writes nothing), topK at most 100, or 20
 * when values or all metadata are returned, and filters only on indexed metadata.
 */
export function createFakeVectorize(options: FakeVectorizeOptions): FakeVectorize {
  const { dimensions } = options;
  const stored = new Map<string, Stored>();
  const pending: Array<() => void> = [];
  let mutations = 0;
  let processedUpToMutation = 0;
  let processedUpToDatetime = Date.now();

  const mutate = (apply: () => void): VectorizeAsyncMutation => {
    mutations += 1;
    const id = mutations;
    const run = () => {
      apply();
      processedUpToMutation = id;
      processedUpToDatetime = Date.now();
    };
    if (options.consistency === "eventual") pending.push(run);
    else run();
    return { mutationId: crypto.randomUUID() };
  };

  const validate = (vectors: VectorizeVector[], op: string): Stored[] =>
    vectors.map((v) => {
      if (new TextEncoder().encode(v.id).byteLength > MAX_ID_BYTES || v.id.length === 0) {
        throw new Error(`VECTOR_${op}_ERROR (code = 40008): invalid vector id "${v.id}", ids are 1 to 64 bytes`);
      }
      // Vectorize stores float32.
      const values = Array.from(v.values, Math.fround);
      if (values.length !== dimensions || !values.every(Number.isFinite)) {
        throw new Error(
          `VECTOR_${op}_ERROR (code = 40012): invalid vector for id="${v.id}", expected ${dimensions} dimensions, and got ${values.length} dimensions`,
        );
      }
      return { id: v.id, values, norm: norm(values), namespace: v.namespace, metadata: v.metadata };
    });

  const write = async (vectors: VectorizeVector[], replace: boolean): Promise<VectorizeAsyncMutation> => {
    const records = validate(vectors, replace ? "UPSERT" : "INSERT");
    return mutate(() => {
      for (const r of records) if (replace || !stored.has(r.id)) stored.set(r.id, r);
    });
  };

  const search = (values: number[], query: VectorizeQueryOptions = {}): VectorizeMatches => {
    const topK = query.topK ?? 5;
    const returnMetadata = query.returnMetadata === true ? "all" : query.returnMetadata || "none";
    const limit = query.returnValues || returnMetadata === "all" ? 20 : 100;
    if (!Number.isInteger(topK) || topK < 1 || topK > limit) {
      throw new Error(`VECTOR_QUERY_ERROR (code = 40025): topK must be between 1 and ${limit} for this query`);
    }
    if (values.length !== dimensions) {
      throw new Error(`VECTOR_QUERY_ERROR (code = 40006): query vector has ${values.length} dimensions`);
    }
    const queryNorm = norm(values);
    const scored: VectorizeMatch[] = [];
    for (const record of stored.values()) {
      if (query.namespace !== undefined && record.namespace !== query.namespace) continue;
      if (query.filter && !matchesFilter(record.metadata, query.filter as VectorizeVectorMetadataFilter, options)) {
        continue;
      }
      const match: VectorizeMatch = { id: record.id, score: cosine(values, queryNorm, record) };
      if (record.namespace !== undefined) match.namespace = record.namespace;
      if (query.returnValues) match.values = [...record.values];
      if (returnMetadata !== "none" && record.metadata) {
        match.metadata = pickMetadata(record.metadata, returnMetadata, options.metadataIndexes);
      }
      scored.push(match);
    }
    scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    const matches = scored.slice(0, topK);
    return { matches, count: matches.length };
  };

  return {
    async describe(): Promise<VectorizeIndexInfo> {
      return { dimensions, vectorCount: stored.size, processedUpToDatetime, processedUpToMutation };
    },
    async query(vector, query) {
      return search(Array.from(vector, Number), query);
    },
    async queryById(vectorId, query) {
      const record = stored.get(vectorId);
      return record ? search(record.values, query) : { matches: [], count: 0 };
    },
    insert: (vectors) => write(vectors, false),
    upsert: (vectors) => write(vectors, true),
    async deleteByIds(ids) {
      return mutate(() => {
        for (const id of ids) stored.delete(id);
      });
    },
    async getByIds(ids) {
      return ids.flatMap((id) => {
        const r = stored.get(id);
        if (!r) return [];
        const vector: VectorizeVector = { id: r.id, values: [...r.values] };
        if (r.namespace !== undefined) vector.namespace = r.namespace;
        if (r.metadata) vector.metadata = structuredClone(r.metadata);
        return [vector];
      });
    },
    async settle() {
      for (const run of pending.splice(0)) run();
    },
  };
}

function pickMetadata(
  metadata: NonNullable<Stored["metadata"]>,
  level: "all" | "indexed",
  indexes: string[] | undefined,
): Stored["metadata"] {
  const copy = structuredClone(metadata);
  if (level === "all" || !indexes) return copy;
  return Object.fromEntries(Object.entries(copy).filter(([key]) => indexes.includes(key)));
}

function norm(values: number[]): number {
  return Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
}

function cosine(query: number[], queryNorm: number, record: Stored): number {
  if (queryNorm === 0 || record.norm === 0) return 0;
  let dot = 0;
  for (let i = 0; i < query.length; i++) dot += (query[i] ?? 0) * (record.values[i] ?? 0);
  return dot / (queryNorm * record.norm);
}
