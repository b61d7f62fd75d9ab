import { AppError } from "../errors";
import type { VectorMetadata, VectorQueryOptions } from "../ports/vector-index";
import { utf8Length } from "./utf8";

/**
 * Vectorize's rules for records and queries, enforced by every `VectorIndex` we implement so that code tested on
 * Node or in memory also runs on Workers. Each check throws `bad_request` and changes nothing.
 */

export const MAX_VECTOR_ID_BYTES = 64;
export const MAX_VECTOR_METADATA_BYTES = 10 * 1024;
export const MAX_TOP_K = 100;

/**
 * Float32 copy of a vector (Vectorize stores float32), refusing other dimensions, non-finite values and the zero
 * vector (which has no direction, so no cosine). `what` names the vector in the error message.
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

/** Throws unless the id is 1-64 bytes of UTF-8. */
export function checkVectorId(id: unknown): asserts id is string {
  if (typeof id !== "string" || id.length === 0 || utf8Length(id) > MAX_VECTOR_ID_BYTES) {
    throw new AppError("bad_request", `vector ids are 1-${MAX_VECTOR_ID_BYTES} bytes of UTF-8`, { id });
  }
}

/** The metadata of vector `id` as JSON; throws when that is over 10 KiB or a top-level number is not finite. */
export function vectorMetadataJson(id: string, metadata: VectorMetadata): string {
  const json = JSON.stringify(metadata);
  if (utf8Length(json) > MAX_VECTOR_METADATA_BYTES) {
    throw new AppError("bad_request", `metadata of vector ${id} exceeds ${MAX_VECTOR_METADATA_BYTES} bytes`);
  }
  for (const value of Object.values(metadata)) {
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new AppError("bad_request", `metadata of vector ${id} holds a number that is not finite`);
    }
  }
  return json;
}

/** The number of matches to return: 5 when not given, else an integer from 1 to 100. */
export function checkTopK(topK: number | undefined): number {
  const k = topK ?? 5;
  if (!Number.isInteger(k) || k < 1 || k > MAX_TOP_K) {
    throw new AppError("bad_request", `topK must be an integer from 1 to ${MAX_TOP_K}, got ${topK}`);
  }
  return k;
}

/** Whether a query asks for metadata: both Vectorize's levels and `true` do. */
export function wantsMetadata(option: VectorQueryOptions["returnMetadata"]): boolean {
  return option === true || option === "all" || option === "indexed";
}
