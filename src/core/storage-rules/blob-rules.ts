import { AppError } from "../errors";
import { isWellFormed, utf8Length } from "./utf8";

/**
 * R2's rules for object keys, custom metadata and batch deletes, enforced by every `BlobStore` we implement so
 * that code tested on Node or in memory also runs on Workers. Each check throws `bad_request` and changes nothing.
 */

export const MAX_BLOB_KEY_BYTES = 1024;
export const MAX_DELETE_KEYS = 1000;
export const MAX_CUSTOM_METADATA_BYTES = 2048;

/** Throws `bad_request` unless the key is one R2 would store: non-empty, well-formed text, at most 1024 UTF-8 bytes. */
export function checkBlobKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || key.length === 0) throw new AppError("bad_request", "object key must be non-empty");
  if (!isWellFormed(key)) throw new AppError("bad_request", "object key is not well-formed text");
  if (utf8Length(key) > MAX_BLOB_KEY_BYTES) {
    throw new AppError("bad_request", `object key is longer than ${MAX_BLOB_KEY_BYTES} bytes`);
  }
}

/** The keys of a `delete` call as a list, checked before anything is deleted, at most 1000 of them. */
export function checkDeleteKeys(keys: string | string[]): string[] {
  const list = Array.isArray(keys) ? keys : [keys];
  if (list.length > MAX_DELETE_KEYS) {
    throw new AppError("bad_request", `at most ${MAX_DELETE_KEYS} keys can be deleted at once`);
  }
  list.forEach(checkBlobKey);
  return list;
}

/** A copy of the custom metadata (empty when none), whose names and values add up to at most 2048 UTF-8 bytes. */
export function checkCustomMetadata(input: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(input ?? {})) {
    if (typeof value !== "string") throw new AppError("bad_request", "custom metadata values must be strings");
    bytes += utf8Length(name) + utf8Length(value);
    out[name] = value;
  }
  if (bytes > MAX_CUSTOM_METADATA_BYTES) {
    throw new AppError("bad_request", `custom metadata is larger than ${MAX_CUSTOM_METADATA_BYTES} bytes`);
  }
  return out;
}
