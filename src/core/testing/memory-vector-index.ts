import { AppError } from "../errors";
import type {
  VectorIndex,
  VectorMatch,
  VectorMetadata,
  VectorQueryOptions,
  VectorQueryResult,
  VectorRecord,
} from "../ports/vector-index";
import { utf8Length } from "./ordering";

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

const MAX_ID_BYTES = 64;
const MAX_METADATA_BYTES = 10 * 1024;
const MAX_TOP_K = 100;

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
    if (values.length !== dimensions) {
      throw new AppError("bad_request", `${what} has ${values.length} dimensions, the index has ${dimensions}`);
    }
    const vector = Float32Array.from(values);
    let sum = 0;
    for (const x of vector) {
      if (!Number.isFinite(x)) throw new AppError("bad_request", `${what} holds a value that is not finite`);
      sum += x * x;
    }
    if (sum === 0) throw new AppError("bad_request", `${what} is a zero vector, which has no direction`);
    return { values: vector, norm: Math.sqrt(sum) };
  };
  const mutation = () => ({ mutationId: crypto.randomUUID() });

  return {
    get size() {
      return entries.size;
    },
    async upsert(vectors: VectorRecord[]) {
      const staged = vectors.map((record): [string, Entry] => {
        checkId(record.id);
        const metadata = record.metadata === undefined ? undefined : checkMetadata(record.id, record.metadata);
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

function checkId(id: string): void {
  if (typeof id !== "string" || id.length === 0 || utf8Length(id) > MAX_ID_BYTES) {
    throw new AppError("bad_request", `vector ids are 1-${MAX_ID_BYTES} bytes of UTF-8`, { id });
  }
}

function checkMetadata(id: string, metadata: VectorMetadata): VectorMetadata {
  const json = JSON.stringify(metadata);
  if (utf8Length(json) > MAX_METADATA_BYTES) {
    throw new AppError("bad_request", `metadata of vector ${id} exceeds ${MAX_METADATA_BYTES} bytes`);
  }
  for (const value of Object.values(metadata)) {
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new AppError("bad_request", `metadata of vector ${id} holds a number that is not finite`);
    }
  }
  return JSON.parse(json) as VectorMetadata;
}

function checkTopK(topK: number | undefined): number {
  const k = topK ?? 5;
  if (!Number.isInteger(k) || k < 1 || k > MAX_TOP_K) {
    throw new AppError("bad_request", `topK must be an integer from 1 to ${MAX_TOP_K}, got ${topK}`);
  }
  return k;
}

function wantsMetadata(option: VectorQueryOptions["returnMetadata"]): boolean {
  return option === true || option === "all" || option === "indexed";
}
