import { AppError } from "../../core/errors";
import type { VectorMetadata, VectorQueryOptions, VectorRecord } from "../../core/ports/vector-index";
import { checkVectorId, toFloat32, vectorMetadataJson } from "../../core/storage-rules/vector-rules";

/** A record checked and converted for storage: float32 values, metadata as JSON, filterable fields encoded. */
export interface PreparedRecord {
  id: string;
  values: Float32Array;
  metadataJson: string | null;
  /** `[field, encoded value]` for every string, number and boolean field: what an equality filter can match. */
  filterable: [string, string][];
}

/**
 * Checks a batch of records as Vectorize would (ids 1-64 bytes, metadata at most 10 KiB) before anything is
 * written. When an id appears twice the last record wins, as if they had been upserted in order.
 */
export function prepareRecords(records: VectorRecord[], dimensions: number): PreparedRecord[] {
  const byId = new Map<string, PreparedRecord>();
  for (const record of records) {
    const { id } = record;
    checkVectorId(id);
    const values = toFloat32(record.values, dimensions, `vector ${id}`);
    const metadataJson = record.metadata === undefined ? null : vectorMetadataJson(id, record.metadata);
    const filterable: [string, string][] = [];
    for (const [key, value] of Object.entries(record.metadata ?? {})) {
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

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}
