import { AppError } from "../../core/errors";
import type { VectorMetadata, VectorQueryOptions, VectorRecord } from "../../core/ports/vector-index";

const MAX_ID_BYTES = 64;
const MAX_METADATA_BYTES = 10 * 1024;
const MAX_TOP_K = 100;

/** A record checked and converted for storage: float32 values, metadata as JSON, filterable fields encoded. */
export interface PreparedRecord {
  id: string;
  values: Float32Array;
  metadataJson: string | null;
  /** `[field, encoded value]` for every string, number and boolean field: what an equality filter can match. */
  filterable: [string, string][];
}

/**
 * Float32 copy of a vector, refusing other dimensions, non-finite values and the zero vector (which has no
 * direction, so no cosine). Throws `bad_request`.
 */
export function toFloat32(values: ArrayLike<number>, dimensions: number, what: string): Float32Array {
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
  return vector;
}

/**
 * Checks a batch of records as Vectorize would (ids 1-64 bytes, metadata at most 10 KiB) before anything is
 * written. When an id appears twice the last record wins, as if they had been upserted in order.
 */
export function prepareRecords(records: VectorRecord[], dimensions: number): PreparedRecord[] {
  const byId = new Map<string, PreparedRecord>();
  for (const record of records) {
    const { id } = record;
    if (typeof id !== "string" || id.length === 0 || Buffer.byteLength(id, "utf8") > MAX_ID_BYTES) {
      throw new AppError("bad_request", `vector ids are 1-${MAX_ID_BYTES} bytes of UTF-8`, { id });
    }
    const values = toFloat32(record.values, dimensions, `vector ${id}`);
    const metadataJson = record.metadata === undefined ? null : JSON.stringify(record.metadata);
    if (metadataJson !== null && Buffer.byteLength(metadataJson, "utf8") > MAX_METADATA_BYTES) {
      throw new AppError("bad_request", `metadata of vector ${id} exceeds ${MAX_METADATA_BYTES} bytes`);
    }
    const filterable: [string, string][] = [];
    for (const [key, value] of Object.entries(record.metadata ?? {})) {
      if (typeof value === "number" && !Number.isFinite(value)) {
        throw new AppError("bad_request", `metadata of vector ${id} holds a number that is not finite`);
      }
      if (isScalar(value)) filterable.push([key, JSON.stringify(value)]);
    }
    byId.delete(id);
    byId.set(id, { id, values, metadataJson, filterable });
  }
  return [...byId.values()];
}

/** The filter as `[field, encoded value]` pairs, encoded as `prepareRecords` encodes stored fields. */
export function encodeFilter(filter: VectorQueryOptions["filter"]): [string, string][] {
  return Object.entries(filter ?? {}).map(([key, value]) => {
    if (!isScalar(value)) throw new AppError("bad_request", `filter field ${key} must be a string, number or boolean`);
    return [key, JSON.stringify(value)];
  });
}

/** Whether stored metadata passes an encoded filter: the same strict equality the SQL filter applies. */
export function matchesFilter(metadata: VectorMetadata | null, filter: [string, string][]): boolean {
  return filter.every(([key, encoded]) => {
    const value = metadata?.[key];
    return isScalar(value) && JSON.stringify(value) === encoded;
  });
}

export function checkTopK(topK: number | undefined): number {
  const k = topK ?? 5;
  if (!Number.isInteger(k) || k < 1 || k > MAX_TOP_K) {
    throw new AppError("bad_request", `topK must be an integer from 1 to ${MAX_TOP_K}, got ${topK}`);
  }
  return k;
}

export function wantsMetadata(option: VectorQueryOptions["returnMetadata"]): boolean {
  return option === true || option === "all" || option === "indexed";
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}
