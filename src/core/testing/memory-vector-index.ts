import { AppError } from "../errors";
import type {
  VectorIndex,
  VectorMatch,
  VectorMetadata,
  VectorQueryOptions,
  VectorQueryResult,
  VectorRecord,
} from "../ports/vector-index";
import { checkTopK, checkVectorId, toFloat32, vectorMetadataJson, wantsMetadata } from "../storage-rules/vector-rules";

export interface MemoryVectorIndexOptions {
  dimensions: number;
}

export interface MemoryVectorIndex extends VectorIndex {
  readonly size: number;
}

interface Entry {
  values: Float32Array;
  norm: number;
  metadata?: VectorMetadata;
}

/**
 * A brute-force `VectorIndex` in a Map, for core tests. It follows the same rules as the Node index: values are
 * kept as float32 (as Vectorize stores them), ids are 1-64 bytes, metadata at most 10 KiB of JSON, zero or
 * non-finite vectors are refused, and a filter matches string, number and boolean fields by strict equality
 * (arrays are never matched, as Vectorize cannot index them). Writes are visible as soon as the promise resolves.
 */
export function createMemoryVectorIndex(options: MemoryVectorIndexOptions): MemoryVectorIndex {
  const { dimensions } = options;
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new AppError("bad_request", `dimensions must be a positive integer, got ${dimensions}`);
  }
  const entries = new Map<string, Entry>();
  const toVector = (values: ArrayLike<number>, what: string): { values: Float32Array; norm: number } => {
    const vector = toFloat32(values, dimensions, what);
    let sum = 0;
    for (const x of vector) sum += x * x;
    return { values: vector, norm: Math.sqrt(sum) };
  };
  const mutation = () => ({ mutationId: crypto.randomUUID() });

  return {
    get size() {
      return entries.size;
    },
    async upsert(vectors: VectorRecord[]) {
      const staged = vectors.map((record): [string, Entry] => {
        checkVectorId(record.id);
        const metadata =
          record.metadata === undefined
            ? undefined
            : (JSON.parse(vectorMetadataJson(record.id, record.metadata)) as VectorMetadata);
        return [record.id, { ...toVector(record.values, `vector ${record.id}`), metadata }];
      });
      for (const [id, entry] of staged) entries.set(id, entry);
      return mutation();
    },
    async query(vector, queryOptions: VectorQueryOptions = {}): Promise<VectorQueryResult> {
      const topK = checkTopK(queryOptions.topK);
      const query = toVector(vector, "query vector");
      const filter = Object.entries(queryOptions.filter ?? {});
      const scored: { id: string; entry: Entry; score: number }[] = [];
      for (const [id, entry] of entries) {
        if (!filter.every(([key, value]) => entry.metadata?.[key] === value)) continue;
        let dot = 0;
        for (let i = 0; i < dimensions; i++) dot += (entry.values[i] ?? 0) * (query.values[i] ?? 0);
        scored.push({ id, entry, score: dot / (entry.norm * query.norm) });
      }
      scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
      const withMetadata = wantsMetadata(queryOptions.returnMetadata);
      const matches = scored.slice(0, topK).map(({ id, entry, score }) => {
        const match: VectorMatch = { id, score };
        if (queryOptions.returnValues) match.values = Array.from(entry.values);
        if (withMetadata && entry.metadata) match.metadata = structuredClone(entry.metadata);
        return match;
      });
      return { matches, count: matches.length };
    },
    async getByIds(ids: string[]) {
      const found: VectorRecord[] = [];
      for (const id of new Set(ids)) {
        const entry = entries.get(id);
        if (!entry) continue;
        const record: VectorRecord = { id, values: Array.from(entry.values) };
        if (entry.metadata) record.metadata = structuredClone(entry.metadata);
        found.push(record);
      }
      return found;
    },
    async deleteByIds(ids: string[]) {
      for (const id of ids) entries.delete(id);
      return mutation();
    },
    async describe() {
      return { dimensions, vectorCount: entries.size };
    },
  };
}
